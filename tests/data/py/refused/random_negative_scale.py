import numpy as np

np.random.seed(0)
x = np.random.normal(0.0, -1.0, size=3)
np.save("x.npy", x)
