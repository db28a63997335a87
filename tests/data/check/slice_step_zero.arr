let a = zeros([6])
out b = a[::0]
