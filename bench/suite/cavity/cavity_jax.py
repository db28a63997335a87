"""cavity, JAX: the NumPy functions with .at[].set, under jax.jit; both loops are lax.fori_loops."""
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


def build_up_b(rho, dt, u, v, dx, dy):
    return jnp.zeros_like(u).at[1:-1, 1:-1].set(
        rho * (1 / dt *
               ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx) + (v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy)) -
               ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx))**2 -
               2 * ((u[2:, 1:-1] - u[0:-2, 1:-1]) / (2 * dy) *
                    (v[1:-1, 2:] - v[1:-1, 0:-2]) / (2 * dx)) -
               ((v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy))**2))


def pressure_poisson(p, dx, dy, b, nit):
    def sweep(_, pn):
        p = pn.at[1:-1, 1:-1].set(((pn[1:-1, 2:] + pn[1:-1, 0:-2]) * dy**2 +
                                   (pn[2:, 1:-1] + pn[0:-2, 1:-1]) * dx**2) /
                                  (2 * (dx**2 + dy**2)) -
                                  dx**2 * dy**2 / (2 * (dx**2 + dy**2)) * b[1:-1, 1:-1])
        p = p.at[:, -1].set(p[:, -2])
        p = p.at[0, :].set(p[1, :])
        p = p.at[:, 0].set(p[:, 1])
        return p.at[-1, :].set(0)

    return lax.fori_loop(0, nit, sweep, p)


@partial(jax.jit, static_argnames=("nx", "ny", "nt", "nit"))
def cavity(nx, ny, nt, nit, rho, nu, dt):
    dx = 2 / (nx - 1)
    dy = 2 / (ny - 1)

    def step(_, state):
        un, vn, p = state
        b = build_up_b(rho, dt, un, vn, dx, dy)
        p = pressure_poisson(p, dx, dy, b, nit)
        u = un.at[1:-1, 1:-1].set(
            un[1:-1, 1:-1] -
            un[1:-1, 1:-1] * dt / dx * (un[1:-1, 1:-1] - un[1:-1, 0:-2]) -
            vn[1:-1, 1:-1] * dt / dy * (un[1:-1, 1:-1] - un[0:-2, 1:-1]) -
            dt / (2 * rho * dx) * (p[1:-1, 2:] - p[1:-1, 0:-2]) +
            nu * (dt / dx**2 * (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                  dt / dy**2 * (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1])))
        v = vn.at[1:-1, 1:-1].set(
            vn[1:-1, 1:-1] -
            un[1:-1, 1:-1] * dt / dx * (vn[1:-1, 1:-1] - vn[1:-1, 0:-2]) -
            vn[1:-1, 1:-1] * dt / dy * (vn[1:-1, 1:-1] - vn[0:-2, 1:-1]) -
            dt / (2 * rho * dy) * (p[2:, 1:-1] - p[0:-2, 1:-1]) +
            nu * (dt / dx**2 * (vn[1:-1, 2:] - 2 * vn[1:-1, 1:-1] + vn[1:-1, 0:-2]) +
                  dt / dy**2 * (vn[2:, 1:-1] - 2 * vn[1:-1, 1:-1] + vn[0:-2, 1:-1])))
        u = u.at[0, :].set(0).at[:, 0].set(0).at[:, -1].set(0).at[-1, :].set(1)
        v = v.at[0, :].set(0).at[-1, :].set(0).at[:, 0].set(0).at[:, -1].set(0)
        return u, v, p

    zeros = jnp.zeros((ny, nx))
    return lax.fori_loop(0, nt, step, (zeros, zeros, zeros))


def run(nx, ny, nt, nit, rho=1.0, nu=0.1, dt=0.001):
    u, v, p = cavity(nx, ny, nt, nit, rho, nu, dt)
    return {"u": u, "v": v, "p": p}
