let t = (1, 2)
out z = t
