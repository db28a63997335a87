# poisson: the 2-D Poisson equation with two point sources, by Jacobi iteration ("12 steps to
# Navier-Stokes", step 10); p = 0 on all four edges.
# Variant of poisson.arr, the spelling from before issue 10 (kept to measure what the new
# forms buy): the sources `b[ny // 4, nx // 4] = 100` are a `where` over index
# masks (nx and ny multiples of 4, as there is no `int()` yet), the four edge assignments are
# one `where` over the `inside` mask, the shifted slices are `roll`s.
# NumPy original: poisson_numpy.py (bit-identical).
param nx = 128
param ny = 128
param iters = 1000
param dx = 2 / (nx - 1)
param dy = 1 / (ny - 1)

let row = reshape(arange(ny), [ny, 1])
let col = arange(nx)
let inside = (row > 0) && (row < ny - 1) && (col > 0) && (col < nx - 1)
let b = where((row == ny / 4) && (col == nx / 4), 100,
              where((row == 3 * ny / 4) && (col == 3 * nx / 4), -100, 0))

var p = zeros([ny, nx])
loop it in 0..iters {
    p = where(inside, ((roll(p, -1, 1) + roll(p, 1, 1)) * dy^2 +
                       (roll(p, -1, 0) + roll(p, 1, 0)) * dx^2 -
                       b * dx^2 * dy^2) / (2 * (dx^2 + dy^2)), 0)
}
out p
