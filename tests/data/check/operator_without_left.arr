let a = * 3
out a
