"""Structured dtypes whose fields share one dtype: each field is a view of the array."""
import numpy as np

Z = np.zeros((4, 5), [('U', np.double), ('V', np.double)])
U, V = Z['U'], Z['V']
u = U[1:-1, 1:-1]
u[...] = 1.0
u += 0.25
V[0, :] = 2.0
Z['V'][1:3, 2] += 0.5
W = np.ones((3,), dtype=[('a', 'f4'), ('b', 'f4')])
a = W['a']
a *= 3
np.save("U.npy", U)
np.save("V.npy", Z['V'])
np.save("b.npy", W['b'])
np.save("a.npy", a)
print(U.sum() + V.sum(), len(U))
