# Corpus: 2-D Laplace equation by Jacobi iteration until the relative L1 change, computed
# with numpy.sum over the whole grid, is below a target; the solver is a function.
# After: Barba & Forsyth, CFD Python, step 9,
#   https://github.com/barbagroup/CFDPython lessons/12_Step_9.ipynb (code BSD-3-Clause).
# Written in that lesson's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line and the print of the iteration count.
# tolerance: exact
import numpy


def laplace2d(p, y, dx, dy, l1norm_target):
    l1norm = 1
    pn = numpy.empty_like(p)
    iterations = 0

    while l1norm > l1norm_target:
        pn = p.copy()
        p[1:-1, 1:-1] = ((dy**2 * (pn[1:-1, 2:] + pn[1:-1, 0:-2]) +
                          dx**2 * (pn[2:, 1:-1] + pn[0:-2, 1:-1])) /
                         (2 * (dx**2 + dy**2)))

        p[:, 0] = 0
        p[:, -1] = y
        p[0, :] = p[1, :]
        p[-1, :] = p[-2, :]
        l1norm = (numpy.sum(numpy.abs(p[:]) - numpy.abs(pn[:])) /
                  numpy.sum(numpy.abs(pn[:])))
        iterations += 1

    print(iterations)
    print(l1norm)
    return p


nx = 31
ny = 31
c = 1
dx = 2 / (nx - 1)
dy = 2 / (ny - 1)

p = numpy.zeros((ny, nx))
x = numpy.linspace(0, 2, nx)
y = numpy.linspace(0, 1, ny)

p[:, 0] = 0
p[:, -1] = y
p[0, :] = p[1, :]
p[-1, :] = p[-2, :]

p = laplace2d(p, y, dx, dy, 1e-4)
numpy.save("p.npy", p)
