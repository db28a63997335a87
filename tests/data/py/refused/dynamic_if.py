import numpy as np

a = np.zeros(3)
b = np.ones(3)
s = np.sum(a)
if s > 0:
    c = a
else:
    c = b
c[0] = 5
np.save("a.npy", a)
