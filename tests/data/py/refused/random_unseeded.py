import numpy as np

# NumPy seeds its global stream from the operating system: no run can repeat it.
x = np.random.rand(4)
np.save("x.npy", x)
