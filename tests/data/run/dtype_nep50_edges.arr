# NumPy 2's dtypes (NEP 50) where the dtype analysis decides them before lowering: `grad`
# of an int64 array computes in float64 (no int64 wrapping), a Python scalar stays one
# (weak) through `w += 1`, a `let` and a function's value, and `stack` makes each item an
# array before promoting them; `param flag = True` is a bool; `pow` of ints is int64.
# tolerance: exact
input u: f32[3]
let a = [-9000000000000000000, 0, 9000000000000000000]
out g = grad(a, 0)
var w = 0
loop i in 0..3 { w += 1 }
out by_compound = u * w
var v = 0
loop i in 0..3 { v = v + 1 }
let l = v + 1
out by_let = u * l
fn twice(x) = x * 2
out by_call = u * twice(v)
out stacked = stack([f32(1.5), 2.5])
param flag = True
out by_flag = [1, 2] * flag
out int_pow = pow([2, 3], 3)
