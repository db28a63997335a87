# `np.unique` of a float array: NumPy's order of -0.0 and 0.0 is its sort's, not compiled.
import numpy as np

x = np.linspace(-1.0, 1.0, 5)
print(np.unique(x))
