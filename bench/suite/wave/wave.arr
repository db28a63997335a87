# wave: 2-D wave equation on a square membrane clamped at its edges, leapfrog in time:
#     u_next = 2 u - u_prev + c2 * laplacian(u)    (c2 = (c dt / h)^2 <= 0.5)
# Ported line by line from wave_numpy.py: edge and interior assignments, shifted slices,
# `u_prev, u = u, u_next`. The old spelling (`where` over an `inside` mask, shifts by
# `roll`) is measured as wave_where.arr.
# NumPy original: wave_numpy.py (bit-identical for u; energy is a sum, NumPy sums pairwise).
param n = 256         # grid points per side
param steps = 500     # time steps
param c2 = 0.25       # Courant number squared

let x = reshape(linspace(-1, 1, n), [n, 1])
let y = linspace(-1, 1, n)
let r2 = ((x - 0.3) ** 2 + (y + 0.2) ** 2) / 0.09
var u_prev = maximum(1 - r2, 0) ** 2
u_prev[0, :] = 0
u_prev[-1, :] = 0
u_prev[:, 0] = 0
u_prev[:, -1] = 0
var u = zeros_like(u_prev)
u[1:-1, 1:-1] = u_prev[1:-1, 1:-1] + 0.5 * c2 * (
    u_prev[2:, 1:-1] + u_prev[:-2, 1:-1] + u_prev[1:-1, 2:] + u_prev[1:-1, :-2]
    - 4 * u_prev[1:-1, 1:-1])
loop t in 0..steps {
    var u_next = zeros_like(u)
    u_next[1:-1, 1:-1] = 2 * u[1:-1, 1:-1] - u_prev[1:-1, 1:-1] + c2 * (
        u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1])
    u_prev, u = u, u_next
}
out u
out energy = sum((u - u_prev) ** 2)
