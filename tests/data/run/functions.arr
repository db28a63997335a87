# fn in both forms, `return`, shape polymorphism, nesting calls, params inside fns.
# tolerance: exact
param scale = 2
fn axpy(a, x, y) = a * x + y
fn twice_plus(a) {
    let t = a + 1
    t * 2
}
fn first(a) {
    return a + 1
}
fn pick(a, c) {
    var r = a - 1
    if c > 0 {
        return a * 2
    } else {
        r = r * 3
    }
    r
}
fn sq(a) = a * a
fn quad(a) = sq(sq(a))
fn scaled(a) = a * scale
let v = [1, -2, 3.5]
out ax = axpy(2, v, 1)
out ax_bc = axpy(reshape([1, 2], [2, 1]), v, -v)
out tp_scalar = twice_plus(4)
out tp_array = twice_plus(v)
out fi = first(v)
out pick_pos = pick(v, 1)
out pick_neg = pick(v, -1)
out sq_scalar = sq(3)
out sq_array = sq(v)
out quad_matrix = quad([[1, 2], [0.5, -1]])
out sc = scaled(v)
var acc = zeros([3])
loop i in 0..5 {
    acc = acc + twice_plus(v * i) + sq(i)
}
out acc
