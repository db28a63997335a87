# A name carried around a loop rebound to a view of a new array.
import numpy as np

x = np.zeros(4)
for i in range(3):
    big = np.ones(8) * i
    x = big[::2]
np.save("x.npy", x)
