"""Text chosen at run time (`a if c else b` of strings) is refused, with what to write."""
import numpy as np

u = np.linspace(0.0, 1.0, 5)
print("big" if u.sum() > 1.0 else "small")
