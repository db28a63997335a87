let r = range(5)
out r
