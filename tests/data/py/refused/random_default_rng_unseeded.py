import numpy as np

rng = np.random.default_rng()
x = rng.random(3)
np.save("x.npy", x)
