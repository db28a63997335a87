# A maximum over a masked read: only sums and means of masked reads are compiled.
import numpy as np

a = np.linspace(-1.0, 1.0, 9)
top = np.max(a[a < 0.5])
np.save("top.npy", np.array([top]))
