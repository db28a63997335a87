let a = arange(3)
out c = concatenate(a, 0)
