# NUMPY-SEMANTICS row 1: `m = theta` names the same array; a write through `m` is seen
# through `theta`.
import numpy as np

theta = np.linspace(0.0, 1.0, 5)
m = theta
m[0] = 5
m[1:3] += 10
np.save("theta.npy", theta)
np.save("m.npy", m)
