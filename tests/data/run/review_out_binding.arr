# `out y = expr` binds `y` to the value at that point; `out x` of a var reports its final value.
# tolerance: exact
var x = [1, 2, 3]
out y = x * 2
out w = x
x = x + 1
out z = y + 0
out v = w + 0
out x
