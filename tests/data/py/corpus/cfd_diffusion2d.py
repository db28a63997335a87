# Corpus: 2-D diffusion of a hat function, the time loop inside a function of nt.
# After: Barba & Forsyth, CFD Python, step 7,
#   https://github.com/barbagroup/CFDPython lessons/09_Step_7.ipynb (code BSD-3-Clause).
# Written in that lesson's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy

nx = 31
ny = 31
nu = .05
dx = 2 / (nx - 1)
dy = 2 / (ny - 1)
sigma = .25
dt = sigma * dx * dy / nu

x = numpy.linspace(0, 2, nx)
y = numpy.linspace(0, 2, ny)

u = numpy.ones((ny, nx))
un = numpy.ones((ny, nx))


def diffuse(nt):
    u[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2

    for n in range(nt + 1):
        un = u.copy()
        u[1:-1, 1:-1] = (un[1:-1, 1:-1] +
                         nu * dt / dx**2 *
                         (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                         nu * dt / dy**2 *
                         (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]))
        u[0, :] = 1
        u[-1, :] = 1
        u[:, 0] = 1
        u[:, -1] = 1


diffuse(50)
numpy.save("u.npy", u)
