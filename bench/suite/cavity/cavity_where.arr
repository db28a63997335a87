# cavity: lid-driven cavity flow ("12 steps to Navier-Stokes", step 11): the momentum
# equations stepped explicitly, the pressure from a Poisson equation solved by `nit` Jacobi
# sweeps per time step; the lid (y = 2) moves at u = 1, the other walls are at rest.
# Variant of cavity.arr, the spelling from before issue 10 (kept to measure what the new forms
# buy): no slice assignment, so every boundary assignment is a `where`
# over an index mask (applied in NumPy's order), every interior assignment
# `f[1:-1, 1:-1] = ...` is a `where` over `inside`, and the shifted slices are `roll`s; the
# three results are three `out`s (no tuples yet).
# NumPy original: cavity_numpy.py (bit-identical).
param nx = 41
param ny = 41
param nt = 100        # time steps
param nit = 50        # pressure sweeps per time step
param rho = 1
param nu = 0.1
param dt = 0.001
param dx = 2 / (nx - 1)
param dy = 2 / (ny - 1)

let row = reshape(arange(ny), [ny, 1])
let col = arange(nx)
let inside = (row > 0) && (row < ny - 1) && (col > 0) && (col < nx - 1)

# On the interior, NumPy's shifted slices are rolls:
#   f[1:-1, 2:] = roll(f, -1, 1)    f[1:-1, 0:-2] = roll(f, 1, 1)
#   f[2:, 1:-1] = roll(f, -1, 0)    f[0:-2, 1:-1] = roll(f, 1, 0)
# written out in place (helper functions would each store a copy).

var u = zeros([ny, nx])
var v = zeros([ny, nx])
var p = zeros([ny, nx])

loop n in 0..nt {
    # build_up_b: the source term, zero on the boundary
    let b = where(inside, rho * (1 / dt *
                  ((roll(u, -1, 1) - roll(u, 1, 1)) / (2 * dx) +
                   (roll(v, -1, 0) - roll(v, 1, 0)) / (2 * dy)) -
                  ((roll(u, -1, 1) - roll(u, 1, 1)) / (2 * dx))^2 -
                  2 * ((roll(u, -1, 0) - roll(u, 1, 0)) / (2 * dy) *
                       (roll(v, -1, 1) - roll(v, 1, 1)) / (2 * dx)) -
                  ((roll(v, -1, 0) - roll(v, 1, 0)) / (2 * dy))^2), 0)

    # pressure_poisson
    loop q in 0..nit {
        let p1 = where(inside, ((roll(p, -1, 1) + roll(p, 1, 1)) * dy^2 +
                                (roll(p, -1, 0) + roll(p, 1, 0)) * dx^2) / (2 * (dx^2 + dy^2)) -
                               dx^2 * dy^2 / (2 * (dx^2 + dy^2)) * b, p)
        let p2 = where(col == nx - 1, roll(p1, 1, 1), p1)   # p[:, -1] = p[:, -2]
        let p3 = where(row == 0, roll(p2, -1, 0), p2)       # p[0, :] = p[1, :]
        let p4 = where(col == 0, roll(p3, -1, 1), p3)       # p[:, 0] = p[:, 1]
        p = where(row == ny - 1, 0, p4)                     # p[-1, :] = 0
    }

    let u_next = where(inside, u -
                       u * dt / dx * (u - roll(u, 1, 1)) -
                       v * dt / dy * (u - roll(u, 1, 0)) -
                       dt / (2 * rho * dx) * (roll(p, -1, 1) - roll(p, 1, 1)) +
                       nu * (dt / dx^2 * (roll(u, -1, 1) - 2 * u + roll(u, 1, 1)) +
                             dt / dy^2 * (roll(u, -1, 0) - 2 * u + roll(u, 1, 0))), u)
    let v_next = where(inside, v -
                       u * dt / dx * (v - roll(v, 1, 1)) -
                       v * dt / dy * (v - roll(v, 1, 0)) -
                       dt / (2 * rho * dy) * (roll(p, -1, 0) - roll(p, 1, 0)) +
                       nu * (dt / dx^2 * (roll(v, -1, 1) - 2 * v + roll(v, 1, 1)) +
                             dt / dy^2 * (roll(v, -1, 0) - 2 * v + roll(v, 1, 0))), v)
    # u[0, :] = 0; u[:, 0] = 0; u[:, -1] = 0; u[-1, :] = 1; v = 0 on all four edges
    u = where(row == ny - 1, 1, where((row == 0) || (col == 0) || (col == nx - 1), 0, u_next))
    v = where(inside, v_next, 0)
}
out u
out v
out p
