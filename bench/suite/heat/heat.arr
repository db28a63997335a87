# heat: 2-D heat diffusion on a periodic square, the 5-point Laplacian built from `roll`,
# explicit Euler steps; a hot square in a cold plate (examples/heat.arr, larger).
# Ported line by line from heat_numpy.py: the hot square is NumPy's slice assignment.
# NumPy original: heat_numpy.py (bit-identical).
param n = 256         # grid points per side
param steps = 500     # time steps
param alpha = 0.2     # kappa * dt / h^2 (stable for alpha <= 0.25)

var u = zeros([n, n])
u[n // 4:3 * n // 4, n // 4:n // 2] = 100.0   # the hot square
loop step in 0..steps {
    u = u + alpha * (roll(u, 1, 0) + roll(u, -1, 0) + roll(u, 1, 1)
                     + roll(u, -1, 1) - 4 * u)
}
out u
out peak = max(u)
