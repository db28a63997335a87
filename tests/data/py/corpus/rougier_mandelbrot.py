# Corpus: the Mandelbrot set, vectorised over a complex grid: only the points that have
# not escaped are iterated, tracked by an index mask; escape counts and final |Z|.
# After: N. P. Rougier, "From Python to NumPy" (2017), chapter "Problem vectorization",
#   section "Temporal vectorization / NumPy implementation",
#   https://github.com/rougier/from-python-to-numpy (book CC BY-NC-SA 4.0, code BSD).
# Written in that section's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; a 120 x 80 grid.
# tolerance: transcendental
import numpy as np


def mandelbrot_numpy(xmin, xmax, ymin, ymax, xn, yn, maxiter, horizon=2.0):
    X = np.linspace(xmin, xmax, xn, dtype=np.float32)
    Y = np.linspace(ymin, ymax, yn, dtype=np.float32)
    C = X + Y[:, None] * 1j
    N = np.zeros(C.shape, dtype=int)
    Z = np.zeros(C.shape, np.complex64)
    for n in range(maxiter):
        I = np.less(abs(Z), horizon)
        N[I] = n
        Z[I] = Z[I]**2 + C[I]
    N[N == maxiter - 1] = 0
    return Z, N


Z, N = mandelbrot_numpy(-2.25, +0.75, -1.25, +1.25, 120, 80, 50)
np.save("N.npy", N)
np.save("absZ.npy", np.abs(Z))
