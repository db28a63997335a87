out a = zeros([3, -2])
