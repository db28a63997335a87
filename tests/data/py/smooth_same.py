# NUMPY-SEMANTICS row 9: `smooth(a, a)`: the right side is read before any store.
import numpy as np


def smooth(dst, src):
    dst[1:-1] = (src[:-2] + src[1:-1] + src[2:]) / 3


a = np.arange(10.0) ** 2
smooth(a, a)
b = np.arange(10.0) ** 2
c = np.zeros(10)
smooth(c, b)
np.save("a.npy", a)
np.save("c.npy", c)
