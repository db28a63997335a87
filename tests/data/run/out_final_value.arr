# `out x` of a var reports its final value; `out y = x` the value at that point.
# tolerance: exact
var x = [1, 2, 3]
out x
out y = x * 1
x = x * 10
out z = x + 0
