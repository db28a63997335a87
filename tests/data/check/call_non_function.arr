let a = zeros([4])
out b = a(1)
