let a = zeros([1, 4])
out g = grad(a, 0)
