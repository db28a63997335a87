let a = None
out a
