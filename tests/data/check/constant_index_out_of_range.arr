let a = zeros([3])
out b = a[3]
