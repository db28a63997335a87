"""NumPy names written with others: ufunc names, isnan/isfinite, outer, hstack/vstack,
meshgrid (xy and ij), triu/tril."""
import numpy as np

nx = 5
ny = 4
x = np.linspace(0.0, 1.0, nx)
y = np.linspace(-1.0, 1.0, ny)
a = np.add(x, 1.0)
s = np.subtract(np.multiply(x, 3.0), np.divide(x, 2.0))
mask = np.logical_and(np.greater(x, 0.2), np.less_equal(x, 0.8))
mask_count = np.sum(np.logical_not(mask))
z = np.zeros(nx)
z[1] = np.nan
z[3] = np.inf
nan_at = np.isnan(z)
finite = np.isfinite(z)
o = np.outer(x, y)
h = np.hstack((x, y))
h2 = np.hstack((o, o))
v = np.vstack((x, x * 2))
v2 = np.vstack([o, o])
X, Y = np.meshgrid(x, y)
I, J = np.meshgrid(x, y, indexing="ij")
r = X ** 2 + Y ** 2
m = np.arange(16).reshape(4, 4)
up = np.triu(m)
up1 = np.triu(m, 1)
low = np.tril(m, k=-1)
np.save("a.npy", a)
np.save("s.npy", s)
np.save("mask.npy", mask)
np.save("mask_count.npy", mask_count)
np.save("nan_at.npy", nan_at)
np.save("finite.npy", finite)
np.save("o.npy", o)
np.save("h.npy", h)
np.save("h2.npy", h2)
np.save("v.npy", v)
np.save("v2.npy", v2)
np.save("X.npy", X)
np.save("Y.npy", Y)
np.save("I.npy", I)
np.save("J.npy", J)
np.save("r.npy", r)
np.save("up.npy", up)
np.save("up1.npy", up1)
np.save("low.npy", low)
