# Comparisons are bools (one byte each), sums of bools int64, int64 // and % stay int64,
# true division is float64; a var widened by a later assignment is float64 from the start.
# kernels: 9 The bool `m` and the int64 `k` are stored once, each computed output is one kernel, and the var takes three (start, sum, update).
input u: [6]
let m = u > 0.0
out count = sum(m)
let k = i64(u * 4.0)
out q = k // i64(3)
out r = k % i64(3)
out d = k / i64(3)
var s = i64(0)
s = s + sum(u)
out s
