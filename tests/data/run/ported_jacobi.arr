# Ported line by line from tests/fixtures/originals/ported_jacobi.py: Jacobi iteration to a tolerance (Wikipedia's), slices bounded by an unrolled index, `break`, `dot(A, x)`.
# forms: single (the slice `A[i, :i]` needs a compile-time `i`: the inner scope stays a `for`).
param ITERATION_LIMIT = 1000

let A = [[10., -1., 2., 0.],
         [-1., 11., -1., 3.],
         [2., -1., 10., -1.],
         [0.0, 3., -1., 8.]]
let b = [6., 25., -11., 15.]

var x = zeros_like(b)
var its = 0
loop it_count in 0..ITERATION_LIMIT {
    var x_new = zeros_like(x)
    for i in 0..4 {
        let s1 = dot(A[i, :i], x[:i])
        let s2 = dot(A[i, i + 1:], x[i + 1:])
        x_new[i] = (b[i] - s1 - s2) / A[i, i]
    }
    if all(abs(x - x_new) <= 1e-10) {
        break
    }
    x = x_new
    its += 1
}
let Ax = dot(A, x)
out x
out its
out Ax
