"""advect, JAX: the NumPy step under jax.jit, the steps a lax.fori_loop."""
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


@partial(jax.jit, static_argnames=("nx", "ny", "steps"))
def advect(nx, ny, steps, dt):
    x = jnp.linspace(-32, 32, nx).reshape(nx, 1)
    y = jnp.linspace(-16, 16, ny)
    density = jnp.exp(-0.05 * (x + 8) ** 2 - 0.005 * (y - 2) ** 2)
    velocity = jnp.broadcast_to(jnp.exp(-0.05 * y ** 2), (nx, ny))

    def step(_, density):
        return density + dt * (-velocity * jnp.gradient(density, axis=0))

    return lax.fori_loop(0, steps, step, density)


def run(nx, ny, steps, dt=0.1):
    return {"density": advect(nx, ny, steps, dt)}
