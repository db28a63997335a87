# The same sweep written without assignment, as Version 1 programs had to: the interior
# update and every boundary condition as `where` over index masks, and the row copies as
# shifts (`roll`), each a pass over the whole array.
param n = 512
param sweeps = 200

let rows = reshape(arange(n), [n, 1])
let cols = reshape(arange(n), [1, n])
let y = linspace(0, 1, n)
let interior = (rows > 0) && (rows < n - 1) && (cols > 0) && (cols < n - 1)
var p = where(cols == n - 1, reshape(y, [n, 1]) + 0 * cols, zeros([n, n]))
loop s in 0..sweeps {
    let pn = p
    let stencil = 0.25 * (roll(pn, -1, 1) + roll(pn, 1, 1) + roll(pn, -1, 0) + roll(pn, 1, 0))
    p = where(interior, stencil, pn)
    p = where(cols == 0, 0, p)
    p = where(cols == n - 1, reshape(y, [n, 1]) + 0 * cols, p)
    p = where(rows == 0, roll(p, -1, 0), p)
    p = where(rows == n - 1, roll(p, 1, 0), p)
}
out p
