# A real NumPy program, run unchanged: 1-D diffusion ("12 steps to Navier-Stokes", step 3),
# with its loop over the interior points and its matplotlib lines (skipped by arrayc).
# Source: https://github.com/AadithiyaD/CFD/blob/main/CFDPython/step3.py
# Only this header and the `np.save` line at the end were added (to compare with NumPy).
import numpy as np
from matplotlib import pyplot as plt

nx = 41
dx = 2 / (nx - 1)
nt = 20 # No. of timesteps
nu = 0.3 # Viscosity value
sigma = 0.2 # A parameter
dt = sigma * dx**2 / nu # Defined using sigma

u = np.ones(nx)
u[int(0.5 / dx):int(1 / dx + 1)] = 2

un = np.ones(nx)

for n in range(nt):
    un = u.copy()
    for i in range(1, nx - 1):
        u[i] = un[i] + nu * dt / dx**2 * (un[i+1] - 2*un[i] + un[i-1])

plt.plot(np.linspace(0, 2 ,nx), u)
plt.show()
np.save("u.npy", u)
