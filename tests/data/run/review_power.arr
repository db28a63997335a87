# `^` takes NumPy's fast paths (x * x, sqrt, 1 / x, x) for a scalar exponent whether it is
# known at compile time (a `for` index) or only at run time (a `loop` index).
# tolerance: exact
let x = [1923.0, 3846, 4221]
var s = zeros([3])
for i in -1..3 { s = s + x ^ i }
var t = zeros([2])
for i in 2921..2923 { t = t + i ^ 0.5 }
var u = zeros([3])
for i in 0..4 { u = u + x ^ (i / 2) }
out s
out t
out u
