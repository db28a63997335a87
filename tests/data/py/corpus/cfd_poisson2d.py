# Corpus: 2-D Poisson equation with two point sources, a fixed number of Jacobi sweeps.
# After: Barba & Forsyth, CFD Python, step 10,
#   https://github.com/barbagroup/CFDPython lessons/13_Step_10.ipynb (code BSD-3-Clause).
# Written in that lesson's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy

nx = 50
ny = 50
nt = 100
xmin = 0
xmax = 2
ymin = 0
ymax = 1

dx = (xmax - xmin) / (nx - 1)
dy = (ymax - ymin) / (ny - 1)

p = numpy.zeros((ny, nx))
pd = numpy.zeros((ny, nx))
b = numpy.zeros((ny, nx))
x = numpy.linspace(xmin, xmax, nx)
y = numpy.linspace(xmin, xmax, ny)

b[int(ny / 4), int(nx / 4)] = 100
b[int(3 * ny / 4), int(3 * nx / 4)] = -100

for it in range(nt):
    pd = p.copy()
    p[1:-1, 1:-1] = (((pd[1:-1, 2:] + pd[1:-1, :-2]) * dy**2 +
                      (pd[2:, 1:-1] + pd[:-2, 1:-1]) * dx**2 -
                      b[1:-1, 1:-1] * dx**2 * dy**2) /
                     (2 * (dx**2 + dy**2)))
    p[0, :] = 0
    p[ny - 1, :] = 0
    p[:, 0] = 0
    p[:, nx - 1] = 0

numpy.save("p.npy", p)
