# A masked read combined with a whole array: NumPy broadcasts the compacted read (its
# length known only at run time) against `w`, which fails unless every element is selected.
import numpy as np

u = np.linspace(0.0, 1.0, 8)
w = np.ones(8)
u[u > 0.5] = u[u > 0.5] + w
np.save("u.npy", u)
