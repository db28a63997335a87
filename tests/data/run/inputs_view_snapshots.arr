# `let` of a view of a `var` keeps the values the view had when it was bound, whatever is
# written to the `var` afterwards: a whole assignment, a region, an element, a masked
# assignment, reads after the write (from the spare buffer), a view taken again after the
# write, a nested loop and a run-time `if` that come while a view is alive.
# tolerance: exact
input field: [5, 6]
input line: [12]

var u = line
loop t in 0..3 {
    let up = roll(u, -1, 0)
    let um = roll(u, 1, 0)
    let du = where(u > 1, u - um, up - u)
    u = u - 0.1 * u * du + 0.2 * (up - 2 * u + um)
}
out u

var p = field
let left = p[:, 0:3]
let rows = roll(p, 2, 0)
p[1:3, :] = 7
out left_after_region = left + 0
p[0, 1] = -1
let flipped = transpose(p)
p = p * 2
out rows_after = rows * 1
out flipped_after = flipped + 0
p[p > 5] = 0
out p

var q = field
let back = roll(q, 1, 1)
loop k in 0..2 {
    q = q + back
}
if q[0, 0] > 1 {
    q = q * 0.5
}
let back2 = back[1:, :]
q = q - 1
out q
out back2
