# NUMPY-SEMANTICS row 3: a function that writes into its array argument changes the
# caller's array; defaults, keyword arguments and returned tuples.
import numpy as np

n = 8


def bc(x, value=0.0):
    x[0] = value
    x[-1] = value


def step(u, dt, scale=2.0):
    """One explicit step; returns the new field and its maximum."""
    un = u.copy()
    u[1:-1] = un[1:-1] + dt * scale * (un[2:] - 2 * un[1:-1] + un[:-2])
    bc(u, value=1.0)
    return u, np.max(u)


u = np.linspace(0.0, 1.0, n) ** 2
bc(u)
peak = 0.0
for k in range(3):
    u, peak = step(u, 0.1)
np.save("u.npy", u)
np.save("peak.npy", peak)
