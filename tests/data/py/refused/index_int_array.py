# An index that is an integer array is a gather or a scatter in NumPy (`a[[0, 0, 2]] = 5`
# sets two elements): not built yet, so refused, never taken as a mask of its nonzero elements.
import numpy as np

a = np.zeros(3)
idx = np.array([0, 0, 2])
a[idx] = 5.0
b = a[idx]
np.save("a.npy", a)
