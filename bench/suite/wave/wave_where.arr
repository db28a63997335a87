# wave: 2-D wave equation on a square membrane clamped at its edges, leapfrog in time:
#     u_next = 2 u - u_prev + c2 * laplacian(u)    (c2 = (c dt / h)^2 <= 0.5)
# Variant of wave.arr, the spelling from before issue 10 (kept to measure what the new forms
# buy): NumPy's interior assignment `u_next[1:-1, 1:-1] = ...` is a
# `where` over the `inside` mask, and the shifted slices `u[2:, 1:-1]` are `roll`s (equal
# on the interior, and the edges are masked out).
# NumPy original: wave_numpy.py (bit-identical for u; energy is a sum, NumPy sums pairwise).
param n = 256         # grid points per side
param steps = 500     # time steps
param c2 = 0.25       # Courant number squared

let i = reshape(arange(n), [n, 1])
let j = arange(n)
let inside = (i > 0) && (i < n - 1) && (j > 0) && (j < n - 1)

let x = reshape(linspace(-1, 1, n), [n, 1])
let y = linspace(-1, 1, n)
let r2 = ((x - 0.3)^2 + (y + 0.2)^2) / 0.09

# u[i+1] + u[i-1] + u[j+1] + u[j-1] - 4u, in NumPy's order; the step writes it out (a call
# of this function is stored in a scratch buffer)
fn laplacian(f) = roll(f, -1, 0) + roll(f, 1, 0) + roll(f, -1, 1) + roll(f, 1, 1) - 4 * f

var u_prev = where(inside, maximum(1 - r2, 0)^2, 0)                # released at rest
var u = where(inside, u_prev + 0.5 * c2 * laplacian(u_prev), 0)     # the first step

loop t in 0..steps {
    let u_next = where(inside, 2 * u - u_prev +
                       c2 * (roll(u, -1, 0) + roll(u, 1, 0) + roll(u, -1, 1) + roll(u, 1, 1) - 4 * u), 0)
    u_prev = u
    u = u_next
}
out u
out energy = sum((u - u_prev)^2)
