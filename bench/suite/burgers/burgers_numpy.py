"""burgers, NumPy: periodic 1-D viscous Burgers with np.roll and upwinding, as a NumPy user writes it."""
import numpy as np


def run(n, steps, nu=0.002):
    dx = 2 * np.pi / n
    dt = 0.2 * dx
    x = np.arange(n) * dx
    u = 1 + 0.5 * np.sin(x)
    for _ in range(steps):
        up = np.roll(u, -1)     # u[i+1]
        um = np.roll(u, 1)      # u[i-1]
        du = np.where(u > 0, u - um, up - u)
        u = u - dt / dx * u * du + nu * dt / dx**2 * (up - 2 * u + um)
    return {"u": u, "momentum": u.mean()}
