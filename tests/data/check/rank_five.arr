out a = zeros([1, 1, 1, 1, 1])
