let a = arange(5)
out b = cumsun(a)
