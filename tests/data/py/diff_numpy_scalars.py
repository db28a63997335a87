"""Found by tools/difftest (issue 22): NumPy's bool scalars, and NumPy's `abs`, `minimum`
and `maximum` of Python scalars, which are NumPy scalars (strong), where Python's own
`abs`, `min` and `max` keep Python types (weak)."""
import numpy as np

y = np.array([1.5, -2.25, 3.0], dtype=np.float32)
flag = np.True_
np.save("flag.npy", flag)
np.save("masked.npy", y * np.False_ + flag)
np.save("by_numpy_abs.npy", y * np.abs(-2.0))
np.save("by_numpy_minimum.npy", y * np.minimum(2.0, 3.0))
np.save("by_numpy_maximum.npy", y - np.maximum(2, 1))
np.save("by_python_abs.npy", y * abs(-2.0))
np.save("by_python_min.npy", y * min(2.0, 3.0))
np.save("arrays.npy", np.abs(y) + np.minimum(y, 0.5))
