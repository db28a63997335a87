"""poisson, NumPy: Jacobi iteration for the 2-D Poisson equation, "12 steps to Navier-Stokes" step 10."""
import numpy as np


def run(nx, ny, iters):
    xmin, xmax, ymin, ymax = 0, 2, 0, 1
    dx = (xmax - xmin) / (nx - 1)
    dy = (ymax - ymin) / (ny - 1)
    p = np.zeros((ny, nx))
    b = np.zeros((ny, nx))
    b[int(ny / 4), int(nx / 4)] = 100
    b[int(3 * ny / 4), int(3 * nx / 4)] = -100
    for _ in range(iters):
        pd = p.copy()
        p[1:-1, 1:-1] = (((pd[1:-1, 2:] + pd[1:-1, :-2]) * dy**2 +
                          (pd[2:, 1:-1] + pd[:-2, 1:-1]) * dx**2 -
                          b[1:-1, 1:-1] * dx**2 * dy**2) /
                         (2 * (dx**2 + dy**2)))
        p[0, :] = 0
        p[ny - 1, :] = 0
        p[:, 0] = 0
        p[:, nx - 1] = 0
    return {"p": p}
