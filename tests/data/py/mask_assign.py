# Masked assignments of elementwise functions of reads through the same mask:
# `u[m] = f(u[m])` is `u = where(m, f(u), u)`, since elementwise operations do not look at
# neighbours. The unselected elements keep their values, whatever `f` gives there.
# tolerance: exact
import numpy as np

np.random.seed(5)
r = np.random.rand(30, 30) - 0.2
r[r > 0] = r[r > 0] ** (-1.5)
np.save("r.npy", r)

d = np.random.rand(50) - 0.5
d[d != 0] = 1.0 / d[d != 0]
np.save("d.npy", d)

u = np.random.rand(64)
v = np.random.rand(64)
m = u > v
u[m] = np.sqrt(v[m]) + 2.0 * u[m]
v[m] += 3.0 * u[m]
np.save("u.npy", u)
np.save("v.npy", v)

w = np.arange(20.0)
w[w > 10] = w[w > 10] // 3
np.save("w.npy", w)
