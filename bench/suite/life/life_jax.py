"""life, JAX: the NumPy roll one-liner under jax.jit, the generations a lax.fori_loop."""
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


def life_step(_, z):
    neighbours = sum(jnp.roll(jnp.roll(z, i, 0), j, 1)
                     for i in (-1, 0, 1) for j in (-1, 0, 1) if (i != 0 or j != 0))
    return ((neighbours == 3) | ((z == 1) & (neighbours == 2))).astype(jnp.float64)


@partial(jax.jit, static_argnames=("n", "steps"))
def life(n, steps, board):
    return lax.fori_loop(0, steps, life_step, board)


def run(n, steps, board):
    z = life(n, steps, jnp.asarray(board))
    return {"z": z, "alive": z.sum()}
