# 2-D wave equation on a square membrane clamped at its edges: d2u/dt2 = c^2 (d2u/dx2 + d2u/dy2).
#
# Leapfrog (central differences in time) keeps two time levels in `var`s, u_prev and u:
#     u_next = 2 u - u_prev + c2 * laplacian(u),    c2 = (c dt / h)^2 <= 0.5 for stability.
# The 5-point Laplacian uses `roll`; multiplying by the `inside` mask keeps the edges at
# zero (Dirichlet boundaries). The initial shape is a smooth polynomial bump released at
# rest. A probe point's history is recorded with `where` on the runtime `loop` index, and
# slices give an interior view, a cross-section and an energy-like diagnostic.
param n = 64          # grid points per side
param steps = 150     # time steps
param c2 = 0.25       # Courant number squared, (c dt / h)^2

let i = reshape(arange(n), [n, 1])
let j = arange(n)
let inside = (i > 0) * (i < n - 1) * (j > 0) * (j < n - 1)

let x = reshape(linspace(-1, 1, n), [n, 1])
let y = linspace(-1, 1, n)
let r2 = ((x - 0.3)^2 + (y + 0.2)^2) / 0.09
let bump = maximum(1 - r2, 0)^2      # 1 at the centre, 0 beyond radius 0.3, smooth

fn laplacian(f) = (roll(f, 1, 0) + roll(f, -1, 0) + roll(f, 1, 1) + roll(f, -1, 1) - 4 * f) * inside

var u_prev = bump * inside
var u = u_prev + 0.5 * c2 * laplacian(u_prev)    # first step from rest (zero velocity)
var probe = zeros([steps])                       # u at one point over time
let times = arange(steps)

loop t in 0..steps {
    let u_next = 2 * u - u_prev + c2 * laplacian(u)
    u_prev = u
    u = u_next
    probe = where(times == t, u[n / 2, n / 4], probe)
}

out u                                      # the displacement after `steps` steps
out probe
out section = u[n / 2, ::2]                # every second point of the middle row
out interior = u[1:-1, 1:-1]
out edge = max(abs(u[0, :])) + max(abs(u[:, -1]))   # the clamped edges stay exactly 0
out energy = sum((u - u_prev)^2) + c2 * sum((roll(u, -1, 0) - u)^2 + (roll(u, -1, 1) - u)^2)
