let a = zeros([4], 1, 2)
out a
