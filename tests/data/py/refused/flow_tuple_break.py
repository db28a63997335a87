# `break` in a loop over a tuple, which is unrolled.
import numpy as np

u = np.zeros(5)
for i in (1, 3, 4):
    if u[i] > 0.0:
        break
    u[i] = 1.0
np.save("u.npy", u)
