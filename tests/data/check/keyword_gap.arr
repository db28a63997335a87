let a = zeros([3, 2])
out g = grad(a, h=0.5)
