# `np.unique` used as an array: its length depends on the values; only printing it compiles.
import numpy as np

k = np.arange(12) % 5
s = np.sum(np.unique(k))
np.save("s.npy", np.array([s]))
