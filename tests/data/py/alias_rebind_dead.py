# `blurred = image`, then `blurred = f(blurred)` in a loop: NumPy keeps `image`'s array
# apart from the new ones. `image` is not read again, so nothing observes that array: the
# loop may update it in place (no copy for `image`).
import numpy as np


def smooth(a):
    out = np.zeros_like(a)
    out[1:-1] = 0.5 * (a[:-2] + a[2:])
    return out + 0.125


image = np.linspace(0.0, 1.0, 9) ** 2
blurred = image
for _ in range(3):
    blurred = smooth(blurred)

np.save("blurred.npy", blurred)
