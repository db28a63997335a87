# laplace: the 2-D Laplace equation by Jacobi iteration ("12 steps to Navier-Stokes", step 9):
# p = 0 at x = 0, p = y at x = 2, dp/dy = 0 at y = 0 and y = 1.
# Variant of laplace.arr, the spelling from before issue 10 (kept to measure what the new
# forms buy): no slice assignment, so each of NumPy's four boundary
# assignments (`p[:, 0] = 0`, `p[:, -1] = y`, `p[0, :] = p[1, :]`, `p[-1, :] = p[-2, :]`)
# is a `where` over an index mask, applied in NumPy's order; the shifted slices are `roll`s;
# no `while`, so a fixed number of sweeps replaces the l1-norm tolerance.
# NumPy original: laplace_numpy.py (bit-identical).
# One statement per NumPy assignment (six passes per sweep instead of
# two), to measure what the extra passes cost.
param nx = 256
param ny = 256
param iters = 500
param dx = 2 / (nx - 1)
param dy = 1 / (ny - 1)

let row = reshape(arange(ny), [ny, 1])
let col = arange(nx)
let inside = (row > 0) && (row < ny - 1) && (col > 0) && (col < nx - 1)
let y = reshape(linspace(0, 1, ny), [ny, 1])

var p = where(col == nx - 1, y, zeros([ny, nx]))

loop it in 0..iters {
    let interior = (dy^2 * (roll(p, -1, 1) + roll(p, 1, 1)) +
                    dx^2 * (roll(p, -1, 0) + roll(p, 1, 0))) / (2 * (dx^2 + dy^2))
    let p1 = where(inside, interior, p)
    let p2 = where(col == 0, 0, p1)                      # p[:, 0] = 0
    let p3 = where(col == nx - 1, y, p2)                 # p[:, -1] = y
    let p4 = where(row == 0, roll(p3, -1, 0), p3)        # p[0, :] = p[1, :]
    p = where(row == ny - 1, roll(p4, 1, 0), p4)         # p[-1, :] = p[-2, :]
}
out p
