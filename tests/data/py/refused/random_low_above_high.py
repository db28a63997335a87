import numpy as np

rng = np.random.default_rng(3)
k = rng.integers(5, 5, size=4)
np.save("k.npy", k)
