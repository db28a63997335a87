# Corpus: 1-D linear convection of a square wave, forward in time, backward in space,
# with the explicit inner loop over points that step 1 of the course starts with.
# After: L. A. Barba & G. F. Forsyth, "12 steps to Navier-Stokes" (CFD Python), step 1,
#   https://github.com/barbagroup/CFDPython lessons/01_Step_1.ipynb (code BSD-3-Clause).
# Written in that lesson's idiom for the corpus, not copied (tests/data/py/corpus/SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy as np
import matplotlib.pyplot as plt

nx = 41
dx = 2 / (nx - 1)
nt = 25
dt = 0.025
c = 1

u = np.ones(nx)
u[int(0.5 / dx):int(1 / dx + 1)] = 2
plt.plot(np.linspace(0, 2, nx), u)

un = np.ones(nx)
for n in range(nt):
    un = u.copy()
    for i in range(1, nx):
        u[i] = un[i] - c * dt / dx * (un[i] - un[i - 1])

plt.plot(np.linspace(0, 2, nx), u)
np.save("u.npy", u)
