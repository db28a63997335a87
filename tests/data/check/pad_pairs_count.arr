let a = zeros([3, 2])
out p = pad(a, [[1, 1], [1, 1], [1, 1]])
