# Results of calls stored straight into a whole `var` (not copied out of the function
# first): a result that reads the `var` at its own element (in place), at other elements
# (a `roll`: through the spare buffer), the function's own `var` that it assigned, a result
# read while a snapshot of the target is alive, a compound assignment, and calls in the
# arguments of the assigned call (whose results are still copied).
# tolerance: exact
input field: [6, 5]

fn grow(x) = x * 2 + 1
fn shift(x) = roll(x, 1, 1)
fn smooth(x) {
    var y = x
    loop k in 0..2 {
        y[1:-1, :] = (y[:-2, :] + y[2:, :]) * 0.5
    }
    y
}

var u = field
loop t in 0..3 {
    u = grow(u)
    u = shift(u)
    u = smooth(u)
}
out u
var v = field
let old = v
v = shift(grow(v))
out old_kept = old + 0
v += smooth(shift(v))
out v
