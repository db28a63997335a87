# laplace: the 2-D Laplace equation by Jacobi iteration ("12 steps to Navier-Stokes", step 9):
# p = 0 at x = 0, p = y at x = 2, dp/dy = 0 at y = 0 and y = 1.
# Variant of laplace.arr, the spelling from before issue 10 (kept to measure what the new
# forms buy): no slice assignment, so NumPy's four boundary assignments
# (`p[:, 0] = 0`, `p[:, -1] = y`, `p[0, :] = p[1, :]`, `p[-1, :] = p[-2, :]`) are `where`s
# over index masks, in NumPy's order, grouped into two statements (two passes per sweep
# instead of five: the rows must read the columns' result shifted, which stores it once);
# the shifted slices are `roll`s; no `while`, so a fixed number of sweeps replaces the
# l1-norm tolerance.
# NumPy original: laplace_numpy.py (bit-identical).
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
    # the sweep, then p[:, 0] = 0 and p[:, -1] = y (one statement: the columns are disjoint)
    let q = where(col == 0, 0, where(col == nx - 1, y, where(inside,
                  (dy^2 * (roll(p, -1, 1) + roll(p, 1, 1)) +
                   dx^2 * (roll(p, -1, 0) + roll(p, 1, 0))) / (2 * (dx^2 + dy^2)), p)))
    # p[0, :] = p[1, :] and p[-1, :] = p[-2, :]
    p = where(row == 0, roll(q, -1, 0), where(row == ny - 1, roll(q, 1, 0), q))
}
out p
