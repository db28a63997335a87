# 2-D heat diffusion on a periodic square: du/dt = kappa * (d2u/dx2 + d2u/dy2).
#
# The 5-point Laplacian is built from `roll` (periodic boundaries) and the equation is
# stepped with explicit (forward) Euler. `alpha = kappa * dt / h^2` must stay at or
# below 0.25 for the scheme to be stable. The initial condition is a hot square in a
# cold plate, so everything is plain arithmetic and the result matches NumPy bit for bit.
# `for` unrolls the time steps at compile time (try `arrayc run --timings`, then change
# `for` to `loop` and compare the compile cost).
#
# tolerance: exact
param n = 64          # grid points per side
param steps = 100     # time steps
param alpha = 0.2     # kappa * dt / h^2 (stable for alpha <= 0.25)

let x = reshape(arange(n), [n, 1])
let y = arange(n)
let hot = (x >= n / 4) && (x < 3 * n / 4) && (y >= n / 4) && (y < n / 2)
var u = where(hot, 100, 0)          # temperature: 100 inside the square, 0 elsewhere

fn laplacian(f) = roll(f, 1, 0) + roll(f, -1, 0) + roll(f, 1, 1) + roll(f, -1, 1) - 4 * f

for step in 0..steps {
    u = u + alpha * laplacian(u)
}

out u                                  # the temperature field after `steps` steps
out peak = max(u)                      # the hottest point
out coldest = min(u)                   # the coldest point
out centre = u[n / 2, n / 2]           # temperature at the middle of the plate
out profile = u[n / 2, :]              # a cut along y through the middle
