let a = zeros([3, 2])
out s = sum(a=a, 1)
