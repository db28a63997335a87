import numpy as np

a = np.zeros((2, 3))
a.T[0] = 1
np.save("a.npy", a)
