# burgers: 1-D viscous Burgers equation on a periodic domain, du/dt + u du/dx = nu d2u/dx2:
# a sine wave steepens into a shock (examples/burgers.arr, larger). First-order upwinding
# chosen per point with `where` on the sign of u, central second difference, both by `roll`.
# Ported line by line from burgers_numpy.py (`pi`, `**`, the shifts as `let`s); the shifts
# written out in place instead of `let`s are measured as burgers_inline.arr.
# NumPy original: burgers_numpy.py (equal to the last bits of `sin`).
param n = 4096                      # grid points
param steps = 2000                  # time steps
param nu = 0.002                    # viscosity (nu dt / dx^2 <= 0.5)

let dx = 2 * pi / n
let dt = 0.2 * dx
let x = arange(n) * dx
var u = 1 + 0.5 * sin(x)
loop t in 0..steps {
    let up = roll(u, -1, 0)     # u[i+1]
    let um = roll(u, 1, 0)      # u[i-1]
    let du = where(u > 0, u - um, up - u)
    u = u - dt / dx * u * du + nu * dt / dx**2 * (up - 2 * u + um)
}
out u
out momentum = mean(u)
