"""heat, Numba: the periodic 5-point stencil as loops; index -1 wraps as in Python, n wraps by hand."""
import numpy as np
from numba import njit


@njit(cache=False)
def heat(n, steps, alpha):
    u = np.zeros((n, n))
    u[n // 4:3 * n // 4, n // 4:n // 2] = 100.0
    new = np.empty_like(u)
    for _ in range(steps):
        for i in range(n):
            im = i - 1
            ip = i + 1 if i + 1 < n else 0
            for j in range(n):
                jm = j - 1
                jp = j + 1 if j + 1 < n else 0
                new[i, j] = u[i, j] + alpha * (u[im, j] + u[ip, j] + u[i, jm] + u[i, jp] - 4 * u[i, j])
        u, new = new, u
    return u


def run(n, steps, alpha=0.2):
    u = heat(n, steps, alpha)
    return {"u": u, "peak": u.max()}
