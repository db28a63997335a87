# 1-D viscous Burgers equation on a periodic domain: du/dt + u du/dx = nu d2u/dx2.
#
# A smooth sine wave steepens into a shock front that viscosity keeps a few cells wide.
# The advection term uses first-order upwinding (chosen per point with `where` on the
# sign of u), the diffusion term a central second difference, both built from `roll`.
# `loop ... unroll 4` compiles four copies of the step per machine iteration.
# The initial condition uses `sin`, so the results match NumPy to the transcendental bound.
#
# tolerance: transcendental
param n = 128                       # grid points
param steps = 200                   # time steps
param nu = 0.01                     # viscosity
param dx = 2 * 3.141592653589793 / n
param dt = 0.2 * dx                 # CFL number 0.3 for max |u| = 1.5

let x = arange(n) * dx
var u = 1 + 0.5 * sin(x)

loop t in 0..steps unroll 4 {
    let up = roll(u, -1, 0)         # u[i+1]
    let um = roll(u, 1, 0)          # u[i-1]
    let du = where(u > 0, u - um, up - u)
    u = u - dt / dx * u * du + nu * dt / dx^2 * (up - 2 * u + um)
}

out u                                   # the profile at t = steps * dt
out steepest = min(grad(u, 0, dx))      # the shock's (negative) slope
out momentum = mean(u)
out bounds = [min(u), max(u)]
