# A `range` step that is not an integer written out.
import numpy as np

step = 2
u = np.zeros(5)
for i in range(0, 5, step):
    u[i] = 1.0
np.save("u.npy", u)
