let a = zeros([3])
a[0] = 1
out a
