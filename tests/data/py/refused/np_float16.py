"""`np.arctan2` of two bool arrays is float16 in NumPy, a dtype arrayc does not have."""
import numpy as np

flags = np.array([True, False])
angle = np.arctan2(flags, flags)
np.save("angle.npy", angle)
