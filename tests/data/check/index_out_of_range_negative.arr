let a = zeros([3, 4])
out b = a[0, -5]
