"""wave, Numba: the leapfrog step as loops over the interior, three buffers rotated."""
import numpy as np
from numba import njit


@njit(cache=False)
def wave(n, steps, c2):
    x = np.linspace(-1, 1, n)
    y = np.linspace(-1, 1, n)
    u_prev = np.zeros((n, n))
    for i in range(1, n - 1):
        for j in range(1, n - 1):
            r2 = ((x[i] - 0.3) ** 2 + (y[j] + 0.2) ** 2) / 0.09
            u_prev[i, j] = max(1 - r2, 0.0) ** 2
    u = np.zeros((n, n))
    for i in range(1, n - 1):
        for j in range(1, n - 1):
            lap = u_prev[i + 1, j] + u_prev[i - 1, j] + u_prev[i, j + 1] + u_prev[i, j - 1] - 4 * u_prev[i, j]
            u[i, j] = u_prev[i, j] + 0.5 * c2 * lap
    u_next = np.zeros((n, n))
    for _ in range(steps):
        for i in range(1, n - 1):
            for j in range(1, n - 1):
                lap = u[i + 1, j] + u[i - 1, j] + u[i, j + 1] + u[i, j - 1] - 4 * u[i, j]
                u_next[i, j] = 2 * u[i, j] - u_prev[i, j] + c2 * lap
        u_prev, u, u_next = u, u_next, u_prev
    energy = 0.0
    for i in range(n):
        for j in range(n):
            energy += (u[i, j] - u_prev[i, j]) ** 2
    return u, energy


def run(n, steps, c2=0.25):
    u, energy = wave(n, steps, c2)
    return {"u": u, "energy": np.float64(energy)}
