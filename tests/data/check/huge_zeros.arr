var a = zeros([100000, 100000])
a = a + 1
out a
