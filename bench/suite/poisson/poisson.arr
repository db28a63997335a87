# poisson: the 2-D Poisson equation with two point sources, by Jacobi iteration ("12 steps to
# Navier-Stokes", step 10); p = 0 on all four edges.
# Ported line by line from poisson_numpy.py: element assignments with `int()` for the
# sources, `let pd = p` for `pd = p.copy()`, region assignments for the sweep and the edges.
# The old spelling (sources and edges by `where` over index masks, shifts by `roll`) is
# measured as poisson_where.arr.
# NumPy original: poisson_numpy.py (bit-identical).
param nx = 128
param ny = 128
param iters = 1000

let xmin = 0
let xmax = 2
let ymin = 0
let ymax = 1
let dx = (xmax - xmin) / (nx - 1)
let dy = (ymax - ymin) / (ny - 1)
var p = zeros([ny, nx])
var b = zeros([ny, nx])
b[int(ny / 4), int(nx / 4)] = 100
b[int(3 * ny / 4), int(3 * nx / 4)] = -100
loop it in 0..iters {
    let pd = p
    p[1:-1, 1:-1] = (((pd[1:-1, 2:] + pd[1:-1, :-2]) * dy**2 +
                      (pd[2:, 1:-1] + pd[:-2, 1:-1]) * dx**2 -
                      b[1:-1, 1:-1] * dx**2 * dy**2) /
                     (2 * (dx**2 + dy**2)))
    p[0, :] = 0
    p[ny - 1, :] = 0
    p[:, 0] = 0
    p[:, nx - 1] = 0
}
out p
