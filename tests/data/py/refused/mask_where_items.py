# The index arrays of a one-argument `np.where` taken apart: their length depends on the data.
import numpy as np

x = np.linspace(0.0, 1.0, 11)
idx = np.where(x > 0.5)
first = idx[0]
np.save("first.npy", first)
