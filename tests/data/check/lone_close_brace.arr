}
out a = 1
