let ü = 1
out b = ü
