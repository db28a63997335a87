let a = 1
out a
