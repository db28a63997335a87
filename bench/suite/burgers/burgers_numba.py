"""burgers, Numba: the upwind step as one loop with periodic neighbours."""
import numpy as np
from numba import njit


@njit(cache=False)
def burgers(n, steps, nu):
    dx = 2 * np.pi / n
    dt = 0.2 * dx
    u = np.empty(n)
    for i in range(n):
        u[i] = 1 + 0.5 * np.sin(i * dx)
    new = np.empty(n)
    courant = dt / dx
    diffusion = nu * dt / dx ** 2
    for _ in range(steps):
        for i in range(n):
            up = u[i + 1] if i + 1 < n else u[0]
            um = u[i - 1]          # u[-1] wraps, as in Python
            du = u[i] - um if u[i] > 0 else up - u[i]
            new[i] = u[i] - courant * u[i] * du + diffusion * (up - 2 * u[i] + um)
        u, new = new, u
    return u


def run(n, steps, nu=0.002):
    u = burgers(n, steps, nu)
    return {"u": u, "momentum": u.mean()}
