"""cavity, Numba: "12 steps to Navier-Stokes" step 11 with every array expression as a loop;
constant factors computed once, outside the loops (Numba calls `pow` for `dx ** 2` and does
not hoist it)."""
import numpy as np
from numba import njit


@njit(cache=False)
def cavity(nx, ny, nt, nit, rho, nu, dt):
    dx = 2 / (nx - 1)
    dy = 2 / (ny - 1)
    u = np.zeros((ny, nx))
    v = np.zeros((ny, nx))
    p = np.zeros((ny, nx))
    b = np.zeros((ny, nx))
    un = np.empty_like(u)
    vn = np.empty_like(v)
    pn = np.empty_like(p)
    dx2 = dx ** 2
    dy2 = dy ** 2
    denominator = 2 * (dx2 + dy2)
    source = dx2 * dy2 / denominator
    pressure_x = dt / (2 * rho * dx)
    pressure_y = dt / (2 * rho * dy)
    for _ in range(nt):
        un[:] = u
        vn[:] = v
        for i in range(1, ny - 1):
            for j in range(1, nx - 1):
                dudx = (u[i, j + 1] - u[i, j - 1]) / (2 * dx)
                dvdy = (v[i + 1, j] - v[i - 1, j]) / (2 * dy)
                b[i, j] = (rho * (1 / dt * (dudx + dvdy) - dudx * dudx -
                                  2 * ((u[i + 1, j] - u[i - 1, j]) / (2 * dy) *
                                       (v[i, j + 1] - v[i, j - 1]) / (2 * dx)) -
                                  dvdy * dvdy))
        for _q in range(nit):
            pn[:] = p
            for i in range(1, ny - 1):
                for j in range(1, nx - 1):
                    p[i, j] = (((pn[i, j + 1] + pn[i, j - 1]) * dy2 +
                                (pn[i + 1, j] + pn[i - 1, j]) * dx2) / denominator -
                               source * b[i, j])
            for i in range(ny):
                p[i, nx - 1] = p[i, nx - 2]
            for j in range(nx):
                p[0, j] = p[1, j]
            for i in range(ny):
                p[i, 0] = p[i, 1]
            for j in range(nx):
                p[ny - 1, j] = 0
        for i in range(1, ny - 1):
            for j in range(1, nx - 1):
                u[i, j] = (un[i, j] -
                           un[i, j] * dt / dx * (un[i, j] - un[i, j - 1]) -
                           vn[i, j] * dt / dy * (un[i, j] - un[i - 1, j]) -
                           pressure_x * (p[i, j + 1] - p[i, j - 1]) +
                           nu * (dt / dx2 * (un[i, j + 1] - 2 * un[i, j] + un[i, j - 1]) +
                                 dt / dy2 * (un[i + 1, j] - 2 * un[i, j] + un[i - 1, j])))
                v[i, j] = (vn[i, j] -
                           un[i, j] * dt / dx * (vn[i, j] - vn[i, j - 1]) -
                           vn[i, j] * dt / dy * (vn[i, j] - vn[i - 1, j]) -
                           pressure_y * (p[i + 1, j] - p[i - 1, j]) +
                           nu * (dt / dx2 * (vn[i, j + 1] - 2 * vn[i, j] + vn[i, j - 1]) +
                                 dt / dy2 * (vn[i + 1, j] - 2 * vn[i, j] + vn[i - 1, j])))
        for j in range(nx):
            u[0, j] = 0
            v[0, j] = 0
            v[ny - 1, j] = 0
        for i in range(ny):
            u[i, 0] = 0
            u[i, nx - 1] = 0
            v[i, 0] = 0
            v[i, nx - 1] = 0
        for j in range(nx):
            u[ny - 1, j] = 1
    return u, v, p


def run(nx, ny, nt, nit, rho=1.0, nu=0.1, dt=0.001):
    u, v, p = cavity(nx, ny, nt, nit, rho, nu, dt)
    return {"u": u, "v": v, "p": p}
