let a = zeros([3, 4])
out b = reshape(a, [-1, -1])
