# NUMPY-SEMANTICS rows 6 and 7: `y = y + 1` makes a new array (`z` keeps the old one);
# `x += 1` writes into the array (`hist` sees it).
import numpy as np

y = np.arange(4.0)
z = y
y = y + 1
x = np.ones(3)
hist = x
x += 1
hist[0] = 10
np.save("y.npy", y)
np.save("z.npy", z)
np.save("x.npy", x)
np.save("hist.npy", hist)
