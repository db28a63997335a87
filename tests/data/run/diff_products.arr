# Found by tools/difftest (issue 22): `dot` and `matmul` of bools are NumPy's bool loop
# (`any(a & b)`), a bool with a number promotes, and `dot` of scalars is their product, a
# NumPy scalar (all were refused).
let m = [True, False, True]
let n = [False, False, True]
let z = [False, True, False]
out dot_mn = dot(m, n)
out dot_mz = dot(m, z)
out mat = matmul(reshape([True, False, False, True, True, False], [2, 3]), reshape([True, False, False, True, True, True], [3, 2]))
out vec = [[True, False], [False, False]] @ [True, True]
out mixed = dot(m, [1.5, 2.0, -0.5])
out scalars = dot(2.0, 3.0)
out strong = astype([1.5, 2.5], f32) * dot(2.0, 3.0)
# NumPy's float `dot` with a scalar operand and more than one element is BLAS's axpy into
# zeros: a zero scalar leaves zeros (`inf * 0` is 0 there) and `-0.0` products become 0.0.
let big = 1e300 * 1e300
out axpy_zero = dot([[1e-3, big], [0.0, -1.0]], 0.0)
out axpy_sign = dot(2.0, [1.0, -0.0])
out axpy_single = dot([big], 0.0)
out axpy_f32 = dot(astype([big, 1.0], f32), f32(0.0))
