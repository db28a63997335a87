"""advect, NumPy: the seed study's code, as a NumPy user writes it."""
import numpy as np


def run(nx, ny, steps, dt=0.1):
    x = np.linspace(-32, 32, nx).reshape(nx, 1)
    y = np.linspace(-16, 16, ny)
    density = np.exp(-0.05 * (x + 8) ** 2 - 0.005 * (y - 2) ** 2)
    velocity = np.broadcast_to(np.exp(-0.05 * y ** 2), (nx, ny))
    for _ in range(steps):
        density = density + dt * (-velocity * np.gradient(density, axis=0))
    return {"density": density}
