# heat: 2-D heat diffusion on a periodic square, the 5-point Laplacian built from `roll`,
# explicit Euler steps; a hot square in a cold plate (examples/heat.arr, larger).
# Written in today's arrayc: the hot square is a `where` over index masks instead of the
# slice assignment `u[n//4:3*n//4, n//4:n//2] = 100` (no slice assignment yet).
# NumPy original: heat_numpy.py (bit-identical).
param n = 256         # grid points per side (a multiple of 4)
param steps = 500     # time steps
param alpha = 0.2     # kappa * dt / h^2 (stable for alpha <= 0.25)

let x = reshape(arange(n), [n, 1])
let y = arange(n)
let hot = (x >= n / 4) && (x < 3 * n / 4) && (y >= n / 4) && (y < n / 2)
var u = where(hot, 100, 0)

loop step in 0..steps {
    u = u + alpha * (roll(u, 1, 0) + roll(u, -1, 0) + roll(u, 1, 1) + roll(u, -1, 1) - 4 * u)
}
out u
out peak = max(u)
