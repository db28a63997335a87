"""wave, JAX: the NumPy leapfrog under jax.jit with .at[].set, the steps a lax.fori_loop."""
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


def laplacian(u):
    return u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1]


@partial(jax.jit, static_argnames=("n", "steps"))
def wave(n, steps, c2):
    x = jnp.linspace(-1, 1, n).reshape(n, 1)
    y = jnp.linspace(-1, 1, n)
    r2 = ((x - 0.3) ** 2 + (y + 0.2) ** 2) / 0.09
    u_prev = jnp.maximum(1 - r2, 0) ** 2
    u_prev = u_prev.at[0, :].set(0).at[-1, :].set(0).at[:, 0].set(0).at[:, -1].set(0)
    u = jnp.zeros_like(u_prev).at[1:-1, 1:-1].set(u_prev[1:-1, 1:-1] + 0.5 * c2 * laplacian(u_prev))

    def step(_, state):
        u_prev, u = state
        u_next = jnp.zeros_like(u).at[1:-1, 1:-1].set(
            2 * u[1:-1, 1:-1] - u_prev[1:-1, 1:-1] + c2 * laplacian(u))
        return u, u_next

    u_prev, u = lax.fori_loop(0, steps, step, (u_prev, u))
    return u, jnp.sum((u - u_prev) ** 2)


def run(n, steps, c2=0.25):
    u, energy = wave(n, steps, c2)
    return {"u": u, "energy": energy}
