# An in-place operator that would widen a NumPy scalar `var` (Python rebinds the name to a
# float64) is refused with the way out: the dtype analysis knows no shapes, so it cannot
# tell this rebinding from an array's in-place update, which keeps the dtype.
var n = i64(1)
n += 0.5
out n
