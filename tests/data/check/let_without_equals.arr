let a 5
out a
