# One-argument `np.where(c)` (and `np.nonzero(c)`) as an index: NumPy documents
# `a[np.nonzero(c)]` as `a[c]`. The indices are those of when `np.where` ran.
# tolerance: exact
import numpy as np

x = np.linspace(0.0, 4.0, 81)
rho = 10.0 * np.ones_like(x)
mask = np.where(x < 3.0)
rho[mask] = 5.0
np.save("rho.npy", rho)

g = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
neg = np.nonzero(g < 0)
g = g * 2.0
g[neg] = 0.0
np.save("g.npy", g)

t = np.arange(10.0)
big = np.where(t > 6)
t[2] = 100.0
t[big] = -1.0
total = np.sum(t[np.where(t > 0)])
np.save("t.npy", t)
np.save("total.npy", np.array([total]))
