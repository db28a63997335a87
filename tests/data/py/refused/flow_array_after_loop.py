# An array bound only inside a loop and read after it.
import numpy as np

u = np.zeros(4)
for i in range(3):
    v = u + i
np.save("v.npy", v)
