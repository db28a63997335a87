# Found by tools/difftest (issue 22): `**` of two scalars is Python's or NumPy's scalar
# power, C's `pow` (`(-0.0) ** 0.5` is 0.0 and `(-inf) ** 0.5` is inf); arrays and `pow`
# (`np.power`, a ufunc) take NumPy's fast path, `sqrt` (-0.0 and NaN).
let negative_infinity = -1e300 * 1e300
out python_float = (-0.0) ^ 0.5
out numpy_scalar = f64(-0.0) ^ 0.5
out float32_scalar = f32(-0.0) ^ 0.5
out infinite = negative_infinity ^ 0.5
out ufunc = pow(-0.0, 0.5)
out array = [-0.0, 4.0, -1e300 * 1e300] ^ 0.5
var half = [0.5]
var y = f64(-0.0)
loop i in 0..2 {
    y = y ^ half[0]
}
out y
