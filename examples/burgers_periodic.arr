# The 1-D Burgers equation with periodic boundaries ("12 steps to Navier-Stokes" step 4),
# ported line by line from NumPy, its loop over the interior points included: `u[i] = ...`
# stores one element with a run-time index. The initial condition is the textbook's
# saw-tooth (there built with SymPy), written out; the analytical solution at the end is the
# same function at t = nt * dt.
#
# tolerance: transcendental
param nx = 101
param nt = 100
param dx = 2 * pi / (nx - 1)
param nu = .07
param dt = dx * nu

fn ufunc(t, x, nu) {
    let a = x - 4 * t
    let b = x - 4 * t - 2 * pi
    let phi = exp(-a**2 / (4 * nu * (t + 1))) + exp(-b**2 / (4 * nu * (t + 1)))
    let dphi = (-a / (2 * nu * (t + 1)) * exp(-a**2 / (4 * nu * (t + 1))) -
                b / (2 * nu * (t + 1)) * exp(-b**2 / (4 * nu * (t + 1))))
    -2 * nu * dphi / phi + 4
}

let x = linspace(0, 2 * pi, nx)
var u = ufunc(0, x, nu)

loop n in 0..nt {
    let un = u
    loop i in 1..nx - 1 {
        u[i] = un[i] - un[i] * dt / dx * (un[i] - un[i - 1]) + nu * dt / dx**2 *
            (un[i + 1] - 2 * un[i] + un[i - 1])
    }
    u[0] = un[0] - un[0] * dt / dx * (un[0] - un[-2]) + nu * dt / dx**2 *
        (un[1] - 2 * un[0] + un[-2])
    u[-1] = u[0]
}

out u
out u_analytical = ufunc(nt * dt, x, nu)
