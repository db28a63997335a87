let (a, b) = sum(arange(3))
out a
