import numpy as np

a = np.zeros(3)
b = np.ones(3)
c = a if np.sum(a) > 0 else b
c[0] = 5
np.save("a.npy", a)
