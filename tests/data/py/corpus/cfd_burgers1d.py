# Corpus: 1-D viscous Burgers' equation with periodic boundaries, started from the
# saw-tooth analytical solution (written with NumPy here; the lesson derives it with SymPy).
# After: Barba & Forsyth, CFD Python, step 4,
#   https://github.com/barbagroup/CFDPython lessons/05_Step_4.ipynb (code BSD-3-Clause).
# Written in that lesson's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines.
# tolerance: transcendental
import numpy as np


def ufunc(t, x, nu):
    phi = np.exp(-(x - 4 * t)**2 / (4 * nu * (t + 1))) + \
        np.exp(-(x - 4 * t - 2 * np.pi)**2 / (4 * nu * (t + 1)))
    dphi = -(-8 * t + 2 * x) * np.exp(-(-4 * t + x)**2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1)) \
        - (-8 * t + 2 * x - 4 * np.pi) * np.exp(-(-4 * t + x - 2 * np.pi)**2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1))
    return -2 * nu * dphi / phi + 4


nx = 101
nt = 100
dx = 2 * np.pi / (nx - 1)
nu = .07
dt = dx * nu

x = np.linspace(0, 2 * np.pi, nx)
un = np.empty(nx)
t = 0

u = ufunc(t, x, nu)

for n in range(nt):
    un = u.copy()
    for i in range(1, nx - 1):
        u[i] = un[i] - un[i] * dt / dx * (un[i] - un[i - 1]) + nu * dt / dx**2 * \
            (un[i + 1] - 2 * un[i] + un[i - 1])
    u[0] = un[0] - un[0] * dt / dx * (un[0] - un[-2]) + nu * dt / dx**2 * \
        (un[1] - 2 * un[0] + un[-2])
    u[-1] = u[0]

u_analytical = ufunc(nt * dt, x, nu)
np.save("u.npy", u)
np.save("u_analytical.npy", u_analytical)
