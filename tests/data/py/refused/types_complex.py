import numpy as np

z = np.zeros(4, np.complex64)
d = np.zeros(4, np.complex128)
a = z / (1 + 2j)
b = d * d
c = abs(d)
e = z ** 3
f = z < 1
np.save("z.npy", z)
for i in range(3):
    g = z + 1j
