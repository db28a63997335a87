# Corpus: Laplace's equation on a square by successive over-relaxation in red-black order,
# each colour updated with strided slices (::2), a hot top edge, until the largest change
# is below a tolerance.
# After: the red-black SOR of W. H. Press et al., "Numerical Recipes" (3rd ed., 2007),
#   section 20.5, in the strided-slice form of NumPy course notes (e.g. numerical-mooc
#   module 5 "Relax and hold steady", https://github.com/numerical-mooc/numerical-mooc,
#   BSD-3-Clause).
# Written for the corpus in that idiom, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy as np

n = 33
omega = 1.8
tol = 1e-8

u = np.zeros((n, n))
u[0, :] = 1.0

it = 0
diff = 1.0
while diff > tol:
    old = u.copy()
    # red points (i + j even), then black points (i + j odd)
    for start in (1, 2):
        r = u[start:-1:2, start:-1:2]
        u[start:-1:2, start:-1:2] = (1 - omega) * r + omega * 0.25 * (
            u[start - 1:-2:2, start:-1:2] + u[start + 1::2, start:-1:2] +
            u[start:-1:2, start - 1:-2:2] + u[start:-1:2, start + 1::2])
    for start in (1, 2):
        c = 3 - start
        u[start:-1:2, c:-1:2] = (1 - omega) * u[start:-1:2, c:-1:2] + omega * 0.25 * (
            u[start - 1:-2:2, c:-1:2] + u[start + 1::2, c:-1:2] +
            u[start:-1:2, c - 1:-2:2] + u[start:-1:2, c + 1::2])
    diff = np.max(np.abs(u - old))
    it += 1

print(it)
np.save("u.npy", u)
