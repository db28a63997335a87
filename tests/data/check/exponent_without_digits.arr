let a = 1e
out a
