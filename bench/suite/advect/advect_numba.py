"""advect, Numba: the step as explicit loops over the grid, two buffers swapped per step."""
import numpy as np
from numba import njit


@njit(cache=False)
def advect(nx, ny, steps, dt):
    x = np.linspace(-32, 32, nx)
    y = np.linspace(-16, 16, ny)
    density = np.empty((nx, ny))
    for i in range(nx):
        for j in range(ny):
            density[i, j] = np.exp(-0.05 * (x[i] + 8) ** 2 - 0.005 * (y[j] - 2) ** 2)
    velocity = np.exp(-0.05 * y ** 2)
    new = np.empty_like(density)
    for _ in range(steps):
        for j in range(ny):
            new[0, j] = density[0, j] + dt * (-velocity[j] * (density[1, j] - density[0, j]))
        for i in range(1, nx - 1):
            for j in range(ny):
                g = (density[i + 1, j] - density[i - 1, j]) / 2
                new[i, j] = density[i, j] + dt * (-velocity[j] * g)
        for j in range(ny):
            g = density[nx - 1, j] - density[nx - 2, j]
            new[nx - 1, j] = density[nx - 1, j] + dt * (-velocity[j] * g)
        density, new = new, density
    return density


def run(nx, ny, steps, dt=0.1):
    return {"density": advect(nx, ny, steps, dt)}
