# `x = y = np.zeros(3)` makes one array with two names: evaluating the call once per
# name would make two, so it is refused with what to write.
import numpy as np

x = y = np.zeros(3)
x[0] = 1.0
np.save("y.npy", y)
