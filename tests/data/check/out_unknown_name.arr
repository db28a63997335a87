let a = 1
out b
