"""matmul, JAX: a @ b under jax.jit (XLA's dot)."""
import jax
import jax.numpy as jnp


@jax.jit
def matmul(a, b):
    c = a @ b
    return c, c.sum()


def run(n, a, b):
    c, total = matmul(jnp.asarray(a), jnp.asarray(b))
    return {"c": c, "total": total}
