let a = zeros([3, 4])
out s = sum(a, 2)
