# Tuple assignment of whole `var`s by buffer swaps: a leapfrog loop whose new level dies at
# the end of the body (and whose zero fill is narrowed to the edges its region leaves), a
# three-way rotation with an element write after it, a rotation inside a run-time `if`, a
# value that is a `var` used again after the statement (stored, not given away), a value
# computed from a target (every value stored first), a computed value beside a dying `var`,
# and `var`s of two shapes exchanged through reshapes (stored: a swap needs one shape).
# tolerance: exact
input field: [6, 7]

var prev = field
var cur = field * 0.5
loop t in 0..5 {
    var next = zeros_like(cur)
    next[1:-1, 1:-1] = 2 * cur[1:-1, 1:-1] - prev[1:-1, 1:-1] + 0.1 * (
        cur[2:, 1:-1] + cur[:-2, 1:-1] - 2 * cur[1:-1, 1:-1])
    prev, cur = cur, next
}
out prev
out cur

var a = field
var b = field + 1
var c = field * 3
loop t in 0..4 {
    a, b, c = b, c, a
    a[0, 0] = a[0, 0] + t
    if t > 1 {
        b, c = c, b
    }
}
out a
out b
out c

var x = field
var y = field - 2
loop t in 0..3 {
    var w = x * 2 + t
    x, y = y, w
    w[1, :] = x[2, :]
    y = y + w
}
out x
out y

var s = field
var r = field * 2
loop t in 0..3 {
    s, r = r + 1, s
    var keep = s - r
    r, s = field + t, keep
}
out s
out r

var g = field[0:2, 0:6] * 1
var h = reshape(field[1:3, 0:6], [6, 2]) * 2
loop t in 0..2 {
    g, h = reshape(h, [2, 6]), reshape(g, [6, 2])
}
out g
out h
