# `break` in a loop over a tuple of arrays, which is unrolled.
import numpy as np

u = np.zeros(5)
v = np.ones(5)
for Z in (u, v):
    if Z[0] > 0.0:
        break
    Z[1] = 2.0
np.save("u.npy", u)
