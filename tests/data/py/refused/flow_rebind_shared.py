# `first` keeps the first array while `x` is rebound to a new one each iteration: copying
# the new array back into the first would change `first`, so this is refused.
import numpy as np

x = np.zeros(4)
first = x
for i in range(3):
    x_new = x + 1.0
    x = x_new
np.save("first.npy", first)
np.save("x.npy", x)
