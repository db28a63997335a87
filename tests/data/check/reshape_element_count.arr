let a = zeros([3, 4])
out b = reshape(a, [5, 2])
