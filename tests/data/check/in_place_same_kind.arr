# An in-place operator keeps an array's dtype under NumPy's `same_kind` rule: a float
# result for an int64 array is refused (NumPy raises), not truncated or widened. A scalar
# `var` is rebound instead (`var s = 0; s += 0.5` is 0.5), as Python's scalars are.
var w = arange(3)
var s = 0
s += 0.5
w[1:] *= 2.5
out w
out s
