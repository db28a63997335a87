let for = 3
out for
