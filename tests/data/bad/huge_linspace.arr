# kind: limit
# message: an array of shape [1000000000000] would be too large
var a = linspace(0, 1, 1e12)
a = a * 2
out a
