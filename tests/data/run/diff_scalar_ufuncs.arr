# Found by tools/difftest (issue 22): a NumPy function of Python scalars gives a NumPy
# scalar (`np.exp(1.0)` is `np.float64`), which then promotes as a strong value: a float32
# array times it is float64. A 0-d `full` is an array, strong too.
let x = astype([1.5, -2.25, 3.0], f32)
out by_exp = x * exp(1.0)
out by_abs = x * abs(-2.0)
out by_min = x * minimum(3, 3)
out by_max = x + maximum(2, 0.5)
out by_floor = x - floor(2.5)
out by_pow = x * pow(2, 3)
out by_clip = x * clip(0.5, -1.5, 2.5)
out by_sqrt = x / sqrt(4.0)
out by_full = (-full([], -1)) % x
out ints = [1, 2, 3] * abs(-2)
out weak_neg = x * -2.0
out weak_int = x * int(2.5)
