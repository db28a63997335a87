"""poisson, Numba: Jacobi sweeps as loops, the edges kept at zero; constant factors computed
once, outside the loops (Numba calls `pow` for `dx ** 2` and does not hoist it)."""
import numpy as np
from numba import njit


@njit(cache=False)
def poisson(nx, ny, iters):
    dx = 2 / (nx - 1)
    dy = 1 / (ny - 1)
    p = np.zeros((ny, nx))
    b = np.zeros((ny, nx))
    b[ny // 4, nx // 4] = 100
    b[3 * ny // 4, 3 * nx // 4] = -100
    pd = np.zeros((ny, nx))
    dx2 = dx ** 2
    dy2 = dy ** 2
    denominator = 2 * (dx2 + dy2)
    for _ in range(iters):
        pd[:] = p
        for i in range(1, ny - 1):
            for j in range(1, nx - 1):
                p[i, j] = (((pd[i, j + 1] + pd[i, j - 1]) * dy2 +
                            (pd[i + 1, j] + pd[i - 1, j]) * dx2 -
                            b[i, j] * dx2 * dy2) / denominator)
    return p


def run(nx, ny, iters):
    return {"p": poisson(nx, ny, iters)}
