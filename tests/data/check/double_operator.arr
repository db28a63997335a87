let a = 1 + * 2
out a
