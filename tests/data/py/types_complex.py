"""Complex numbers as NumPy computes them: complex64 products and `abs` with its fused
multiply-adds, NEP 50 promotion of Python complex scalars, `.real`/`.imag` views, masks."""
import numpy as np

x = np.linspace(-1.5, 1.0, 7, dtype=np.float32)
y = np.linspace(-1.0, 1.25, 5, dtype=np.float32)
c = x + y[:, None] * 1j
z = np.zeros(c.shape, np.complex64)
w = np.zeros((5, 7), dtype=np.complex64)
w.real[...] = 0.3
w.imag[:, 1:] = -0.7
for n in range(6):
    m = np.abs(z) < 2.0
    z[m] = z[m] ** 2 + c[m]
p = z * w - z
q = (p + 0.5) * (0.25 - 1.5j)
s = 2 * z + z * 3.0
r = abs(q)
re = q.real
im = s.imag
a = np.abs(z)
sq = (w ** 2).real
print(len(c), z.real.ndim)
np.save("a.npy", a)
np.save("r.npy", r)
np.save("re.npy", re)
np.save("im.npy", im)
np.save("sq.npy", sq)
np.save("wi.npy", w.imag)
