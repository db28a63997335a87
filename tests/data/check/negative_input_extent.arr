input a: [-1]
out b = a
