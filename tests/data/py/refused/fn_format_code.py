"""`{x:d}` of a float: Python raises a ValueError, so arrayc refuses the line."""
import numpy as np

u = np.linspace(0.0, 1.0, 5)
print(f"total {u.sum():d}")
