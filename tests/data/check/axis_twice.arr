let a = zeros([3, 2])
out s = sum(a, [0, -2])
