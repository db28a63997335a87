# Corpus: 1-D nonlinear convection (inviscid Burgers) of a square wave, the point loop.
# After: Barba & Forsyth, CFD Python, step 2,
#   https://github.com/barbagroup/CFDPython lessons/02_Step_2.ipynb (code BSD-3-Clause).
# Written in that lesson's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy

nx = 41
dx = 2 / (nx - 1)
nt = 20
dt = .025

u = numpy.ones(nx)
u[int(.5 / dx) : int(1 / dx + 1)] = 2

un = numpy.ones(nx)

for n in range(nt):
    un = u.copy()
    for i in range(1, nx):
        u[i] = un[i] - un[i] * dt / dx * (un[i] - un[i - 1])

numpy.save("u.npy", u)
