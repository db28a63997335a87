# `let` of a whole-size view of a `var` (a `roll`) reads the var's buffer in place, as
# `let pn = p` does: the next write of `u` goes to its spare buffer, which then swaps, so
# each step is two passes over `u` (the `where` and the update), not four.
# kernels: 3 A `let` view of a `var` reads its buffer in place: two passes per step plus the start copy.
input start: [16]
var u = start
loop t in 0..10 {
    let up = roll(u, -1, 0)
    let um = roll(u, 1, 0)
    let du = where(u > 0, u - um, up - u)
    u = u - 0.1 * u * du + 0.2 * (up - 2 * u + um)
}
out u
