out a = zeros([0 / 0])
