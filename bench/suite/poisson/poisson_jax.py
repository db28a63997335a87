"""poisson, JAX: the NumPy sweep with .at[].set, under jax.jit with lax.fori_loop."""
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


@partial(jax.jit, static_argnames=("nx", "ny", "iters"))
def poisson(nx, ny, iters):
    dx = 2 / (nx - 1)
    dy = 1 / (ny - 1)
    p = jnp.zeros((ny, nx))
    b = jnp.zeros((ny, nx))
    b = b.at[int(ny / 4), int(nx / 4)].set(100)
    b = b.at[int(3 * ny / 4), int(3 * nx / 4)].set(-100)

    def sweep(_, pd):
        p = pd.at[1:-1, 1:-1].set(((pd[1:-1, 2:] + pd[1:-1, :-2]) * dy**2 +
                                   (pd[2:, 1:-1] + pd[:-2, 1:-1]) * dx**2 -
                                   b[1:-1, 1:-1] * dx**2 * dy**2) /
                                  (2 * (dx**2 + dy**2)))
        return p.at[0, :].set(0).at[ny - 1, :].set(0).at[:, 0].set(0).at[:, nx - 1].set(0)

    return lax.fori_loop(0, iters, sweep, p)


def run(nx, ny, iters):
    return {"p": poisson(nx, ny, iters)}
