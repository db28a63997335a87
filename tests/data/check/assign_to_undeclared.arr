total = 1
out a = 0
