"""laplace, JAX: the NumPy sweep with .at[].set boundary assignments, under jax.jit with lax.fori_loop."""
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


@partial(jax.jit, static_argnames=("nx", "ny", "iters"))
def laplace(nx, ny, iters):
    dx = 2 / (nx - 1)
    dy = 1 / (ny - 1)
    y = jnp.linspace(0, 1, ny)
    p = jnp.zeros((ny, nx)).at[:, -1].set(y)

    def sweep(_, pn):
        p = pn.at[1:-1, 1:-1].set((dy**2 * (pn[1:-1, 2:] + pn[1:-1, 0:-2]) +
                                   dx**2 * (pn[2:, 1:-1] + pn[0:-2, 1:-1])) /
                                  (2 * (dx**2 + dy**2)))
        p = p.at[:, 0].set(0)
        p = p.at[:, -1].set(y)
        p = p.at[0, :].set(p[1, :])
        p = p.at[-1, :].set(p[-2, :])
        return p

    return lax.fori_loop(0, iters, sweep, p)


def run(nx, ny, iters):
    return {"p": laplace(nx, ny, iters)}
