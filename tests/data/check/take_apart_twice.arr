let (p, p) = (1, 2)
out z = p
