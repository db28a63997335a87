# laplace: the 2-D Laplace equation by Jacobi iteration ("12 steps to Navier-Stokes", step 9):
# p = 0 at x = 0, p = y at x = 2, dp/dy = 0 at y = 0 and y = 1.
# Ported line by line from laplace_numpy.py: `let pn = p` is NumPy's `pn = p.copy()`, the
# sweep and the four boundary conditions are region assignments. The old spellings are
# measured beside it: laplace_where.arr (two `where` statements over index masks per sweep,
# shifts by `roll`) and laplace_chain.arr (one `where` statement per NumPy assignment).
# Like the NumPy original, a fixed number of sweeps instead of the l1-norm target
# (examples/laplace.arr iterates to the target with `while`).
# NumPy original: laplace_numpy.py (bit-identical).
param nx = 256
param ny = 256
param iters = 500

let dx = 2 / (nx - 1)
let dy = 1 / (ny - 1)
let y = linspace(0, 1, ny)
var p = zeros([ny, nx])
p[:, -1] = y
loop it in 0..iters {
    let pn = p
    p[1:-1, 1:-1] = ((dy**2 * (pn[1:-1, 2:] + pn[1:-1, 0:-2]) +
                      dx**2 * (pn[2:, 1:-1] + pn[0:-2, 1:-1])) /
                     (2 * (dx**2 + dy**2)))
    p[:, 0] = 0          # p = 0 @ x = 0
    p[:, -1] = y         # p = y @ x = 2
    p[0, :] = p[1, :]    # dp/dy = 0 @ y = 0
    p[-1, :] = p[-2, :]  # dp/dy = 0 @ y = 1
}
out p
