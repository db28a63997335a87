# `return` inside an `if` on a loop index: a run-time branch in the `loop` form,
# a constant one in the `for` form; both must give NumPy's result.
# tolerance: exact
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
let v = [1, -2, 3.5]
var acc = zeros([3])
loop i in 0..5 {
    acc = acc + pick(v, i % 2) + sq(i)
}
out acc
