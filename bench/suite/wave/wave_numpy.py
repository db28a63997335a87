"""wave, NumPy: leapfrog 2-D wave equation with slice assignment, as a NumPy user writes it."""
import numpy as np


def run(n, steps, c2=0.25):
    x = np.linspace(-1, 1, n).reshape(n, 1)
    y = np.linspace(-1, 1, n)
    r2 = ((x - 0.3) ** 2 + (y + 0.2) ** 2) / 0.09
    u_prev = np.maximum(1 - r2, 0) ** 2
    u_prev[0, :] = 0
    u_prev[-1, :] = 0
    u_prev[:, 0] = 0
    u_prev[:, -1] = 0
    u = np.zeros_like(u_prev)
    u[1:-1, 1:-1] = u_prev[1:-1, 1:-1] + 0.5 * c2 * (
        u_prev[2:, 1:-1] + u_prev[:-2, 1:-1] + u_prev[1:-1, 2:] + u_prev[1:-1, :-2]
        - 4 * u_prev[1:-1, 1:-1])
    for _ in range(steps):
        u_next = np.zeros_like(u)
        u_next[1:-1, 1:-1] = 2 * u[1:-1, 1:-1] - u_prev[1:-1, 1:-1] + c2 * (
            u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1])
        u_prev, u = u, u_next
    return {"u": u, "energy": np.sum((u - u_prev) ** 2)}
