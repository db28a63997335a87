# cavity: lid-driven cavity flow ("12 steps to Navier-Stokes", step 11): the momentum
# equations stepped explicitly, the pressure from a Poisson equation solved by `nit` Jacobi
# sweeps per time step; the lid (y = 2) moves at u = 1, the other walls are at rest.
# Ported line by line from cavity_numpy.py (as examples/cavity.arr): the three functions,
# region assignments for the interiors and the boundaries, `let un = u` for `un = u.copy()`,
# `return u, v, p` taken apart by `let (u, v, p) = ...`. The old spelling (every assignment
# a `where` over an index mask, shifts by `roll`, three `var`s) is measured as cavity_where.arr.
# NumPy original: cavity_numpy.py (bit-identical).
param nx = 41
param ny = 41
param nt = 100        # time steps
param nit = 50        # pressure sweeps per time step
param rho = 1.0
param nu = 0.1
param dt = 0.001
param dx = 2 / (nx - 1)
param dy = 2 / (ny - 1)

fn build_up_b(b, rho, dt, u, v, dx, dy) {
    b[1:-1, 1:-1] = (rho * (1 / dt *
                    ((u[1:-1, 2:] - u[1:-1, 0:-2]) /
                     (2 * dx) + (v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy)) -
                    ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx))**2 -
                    2 * ((u[2:, 1:-1] - u[0:-2, 1:-1]) / (2 * dy) *
                         (v[1:-1, 2:] - v[1:-1, 0:-2]) / (2 * dx)) -
                    ((v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy))**2))
    b
}

fn pressure_poisson(p, dx, dy, b, nit) {
    loop q in 0..nit {
        let pn = p
        p[1:-1, 1:-1] = (((pn[1:-1, 2:] + pn[1:-1, 0:-2]) * dy**2 +
                          (pn[2:, 1:-1] + pn[0:-2, 1:-1]) * dx**2) /
                         (2 * (dx**2 + dy**2)) -
                         dx**2 * dy**2 / (2 * (dx**2 + dy**2)) *
                         b[1:-1, 1:-1])
        p[:, -1] = p[:, -2]     # dp/dx = 0 at x = 2
        p[0, :] = p[1, :]       # dp/dy = 0 at y = 0
        p[:, 0] = p[:, 1]       # dp/dx = 0 at x = 0
        p[-1, :] = 0            # p = 0 at y = 2
    }
    p
}

fn cavity_flow(nt, u, v, dt, dx, dy, p, rho, nu, nit) {
    var b = zeros_like(u)
    loop n in 0..nt {
        let un = u
        let vn = v
        b = build_up_b(b, rho, dt, u, v, dx, dy)
        p = pressure_poisson(p, dx, dy, b, nit)
        u[1:-1, 1:-1] = (un[1:-1, 1:-1] -
                         un[1:-1, 1:-1] * dt / dx *
                         (un[1:-1, 1:-1] - un[1:-1, 0:-2]) -
                         vn[1:-1, 1:-1] * dt / dy *
                         (un[1:-1, 1:-1] - un[0:-2, 1:-1]) -
                         dt / (2 * rho * dx) * (p[1:-1, 2:] - p[1:-1, 0:-2]) +
                         nu * (dt / dx**2 *
                               (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                               dt / dy**2 *
                               (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1])))
        v[1:-1, 1:-1] = (vn[1:-1, 1:-1] -
                         un[1:-1, 1:-1] * dt / dx *
                         (vn[1:-1, 1:-1] - vn[1:-1, 0:-2]) -
                         vn[1:-1, 1:-1] * dt / dy *
                         (vn[1:-1, 1:-1] - vn[0:-2, 1:-1]) -
                         dt / (2 * rho * dy) * (p[2:, 1:-1] - p[0:-2, 1:-1]) +
                         nu * (dt / dx**2 *
                               (vn[1:-1, 2:] - 2 * vn[1:-1, 1:-1] + vn[1:-1, 0:-2]) +
                               dt / dy**2 *
                               (vn[2:, 1:-1] - 2 * vn[1:-1, 1:-1] + vn[0:-2, 1:-1])))
        u[0, :] = 0
        u[:, 0] = 0
        u[:, -1] = 0
        u[-1, :] = 1            # the lid moves
        v[0, :] = 0
        v[-1, :] = 0
        v[:, 0] = 0
        v[:, -1] = 0
    }
    return u, v, p
}

let (u, v, p) = cavity_flow(nt, zeros([ny, nx]), zeros([ny, nx]), dt, dx, dy,
                            zeros([ny, nx]), rho, nu, nit)
out u
out v
out p
