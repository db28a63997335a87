"""burgers, JAX: the NumPy step under jax.jit, the steps a lax.fori_loop."""
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax


@partial(jax.jit, static_argnames=("n", "steps"))
def burgers(n, steps, nu):
    dx = 2 * np.pi / n
    dt = 0.2 * dx
    x = jnp.arange(n) * dx
    u = 1 + 0.5 * jnp.sin(x)

    def step(_, u):
        up = jnp.roll(u, -1)
        um = jnp.roll(u, 1)
        du = jnp.where(u > 0, u - um, up - u)
        return u - dt / dx * u * du + nu * dt / dx**2 * (up - 2 * u + um)

    return lax.fori_loop(0, steps, step, u)


def run(n, steps, nu=0.002):
    u = burgers(n, steps, nu)
    return {"u": u, "momentum": u.mean()}
