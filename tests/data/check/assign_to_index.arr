var a = zeros([3, 3])
a[1][0] = 2
out a
