let (p, q) = (1, 2, 3)
out z = p
