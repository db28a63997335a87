"""heat, JAX: the NumPy step under jax.jit, the steps a lax.fori_loop."""
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


@partial(jax.jit, static_argnames=("n", "steps"))
def heat(n, steps, alpha):
    u = jnp.zeros((n, n)).at[n // 4:3 * n // 4, n // 4:n // 2].set(100.0)

    def step(_, u):
        return u + alpha * (jnp.roll(u, 1, 0) + jnp.roll(u, -1, 0) + jnp.roll(u, 1, 1)
                            + jnp.roll(u, -1, 1) - 4 * u)

    return lax.fori_loop(0, steps, step, u)


def run(n, steps, alpha=0.2):
    u = heat(n, steps, alpha)
    return {"u": u, "peak": u.max()}
