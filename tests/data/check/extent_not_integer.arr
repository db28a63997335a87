out a = zeros([2.5])
