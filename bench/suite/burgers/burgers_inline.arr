# burgers: 1-D viscous Burgers equation on a periodic domain, du/dt + u du/dx = nu d2u/dx2:
# a sine wave steepens into a shock (examples/burgers.arr, larger). First-order upwinding
# chosen per point with `where` on the sign of u, central second difference, both by `roll`.
# Variant of burgers.arr, the spelling from before issue 10: pi is spelled out (no `pi` yet);
# one statement per step.
# NumPy original: burgers_numpy.py (equal to the last bits of `sin`).
param n = 4096                      # grid points
param steps = 2000                  # time steps
param nu = 0.002                    # viscosity (nu dt / dx^2 <= 0.5)
param dx = 2 * 3.141592653589793 / n
param dt = 0.2 * dx

let x = arange(n) * dx
var u = 1 + 0.5 * sin(x)

# roll(u, -1, 0) is u[i+1], roll(u, 1, 0) is u[i-1]; written out rather than bound to `let`s
# (a `let` of a `roll` of a `var` stores a copy, as burgers.arr does)
loop t in 0..steps {
    u = u - dt / dx * u * where(u > 0, u - roll(u, 1, 0), roll(u, -1, 0) - u) +
        nu * dt / dx^2 * (roll(u, -1, 0) - 2 * u + roll(u, 1, 0))
}
out u
out momentum = mean(u)
