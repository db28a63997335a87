"""laplace, NumPy: Jacobi iteration for the 2-D Laplace equation, "12 steps to Navier-Stokes"
step 9, with a fixed number of sweeps instead of the l1-norm target."""
import numpy as np


def run(nx, ny, iters):
    dx = 2 / (nx - 1)
    dy = 1 / (ny - 1)
    y = np.linspace(0, 1, ny)
    p = np.zeros((ny, nx))
    p[:, -1] = y
    for _ in range(iters):
        pn = p.copy()
        p[1:-1, 1:-1] = ((dy**2 * (pn[1:-1, 2:] + pn[1:-1, 0:-2]) +
                          dx**2 * (pn[2:, 1:-1] + pn[0:-2, 1:-1])) /
                         (2 * (dx**2 + dy**2)))
        p[:, 0] = 0        # p = 0 @ x = 0
        p[:, -1] = y       # p = y @ x = 2
        p[0, :] = p[1, :]  # dp/dy = 0 @ y = 0
        p[-1, :] = p[-2, :]  # dp/dy = 0 @ y = 1
    return {"p": p}
