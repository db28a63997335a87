let a = zeros([3, 4])
out b = a[1.5, 0]
