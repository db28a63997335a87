let a = 1
out a
out b = a + 1
