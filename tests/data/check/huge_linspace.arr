var a = linspace(0, 1, 1e12)
a = a * 2
out a
