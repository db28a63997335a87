# cavity: lid-driven cavity flow ("12 steps to Navier-Stokes", step 11): the momentum
# equations stepped explicitly, the pressure from a Poisson equation solved by `nit` Jacobi
# sweeps per time step; the lid (y = 2) moves at u = 1, the other walls are at rest.
# Written in today's arrayc: no slice assignment, so every boundary assignment is a `where`
# over an index mask (applied in NumPy's order), every interior assignment
# `f[1:-1, 1:-1] = ...` is a `where` over `inside`, and the shifted slices are `roll`s; the
# three results are three `out`s (no tuples yet).
# NumPy original: cavity_numpy.py (bit-identical).
# Variant of cavity.arr: the shifts as helper functions `east(u)`, `north(p)`, ... (each call
# is stored in a scratch buffer today), to measure what that costs.
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

# f[i, j+1], f[i, j-1], f[i+1, j], f[i-1, j]: NumPy's f[1:-1, 2:], f[1:-1, 0:-2], f[2:, 1:-1], f[0:-2, 1:-1]
fn east(f) = roll(f, -1, 1)
fn west(f) = roll(f, 1, 1)
fn north(f) = roll(f, -1, 0)
fn south(f) = roll(f, 1, 0)

var u = zeros([ny, nx])
var v = zeros([ny, nx])
var p = zeros([ny, nx])

loop n in 0..nt {
    # build_up_b: the source term, zero on the boundary
    let b = where(inside, rho * (1 / dt *
                  ((east(u) - west(u)) / (2 * dx) + (north(v) - south(v)) / (2 * dy)) -
                  ((east(u) - west(u)) / (2 * dx))^2 -
                  2 * ((north(u) - south(u)) / (2 * dy) *
                       (east(v) - west(v)) / (2 * dx)) -
                  ((north(v) - south(v)) / (2 * dy))^2), 0)

    # pressure_poisson
    loop q in 0..nit {
        let p1 = where(inside, ((east(p) + west(p)) * dy^2 + (north(p) + south(p)) * dx^2) /
                               (2 * (dx^2 + dy^2)) -
                               dx^2 * dy^2 / (2 * (dx^2 + dy^2)) * b, p)
        let p2 = where(col == nx - 1, west(p1), p1)     # p[:, -1] = p[:, -2]
        let p3 = where(row == 0, north(p2), p2)         # p[0, :] = p[1, :]
        let p4 = where(col == 0, east(p3), p3)          # p[:, 0] = p[:, 1]
        p = where(row == ny - 1, 0, p4)                 # p[-1, :] = 0
    }

    let u_next = where(inside, u -
                       u * dt / dx * (u - west(u)) -
                       v * dt / dy * (u - south(u)) -
                       dt / (2 * rho * dx) * (east(p) - west(p)) +
                       nu * (dt / dx^2 * (east(u) - 2 * u + west(u)) +
                             dt / dy^2 * (north(u) - 2 * u + south(u))), u)
    let v_next = where(inside, v -
                       u * dt / dx * (v - west(v)) -
                       v * dt / dy * (v - south(v)) -
                       dt / (2 * rho * dy) * (north(p) - south(p)) +
                       nu * (dt / dx^2 * (east(v) - 2 * v + west(v)) +
                             dt / dy^2 * (north(v) - 2 * v + south(v))), v)
    # u[0, :] = 0; u[:, 0] = 0; u[:, -1] = 0; u[-1, :] = 1; v = 0 on all four edges
    u = where(row == ny - 1, 1, where((row == 0) || (col == 0) || (col == nx - 1), 0, u_next))
    v = where(inside, v_next, 0)
}
out u
out v
out p
