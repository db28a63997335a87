var a = zeros([100000, 100000, 1000])
out s = sum(a)
