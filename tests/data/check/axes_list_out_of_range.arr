let a = arange(4)
out c = sum(a, axis=[0, 1])
