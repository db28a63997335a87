"""An in-place operator on an int64 array with a float value: NumPy raises a casting
error (`same_kind`), so arrayc refuses it at the line instead of truncating or widening."""
import numpy as np

v = np.arange(4)
v += 0.5
np.save("v.npy", v)
