import numpy as np

a = np.zeros(6)
b = a.reshape(2, 3)
b[1] = 1
np.save("a.npy", a)
