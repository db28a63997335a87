# What `@` gives within rounding of NumPy, not its bits: `a @ a.T` (NumPy calls BLAS's
# `dsyrk`, whose blocking is not followed) and a product above 64³ multiply-adds, which
# OpenBLAS splits over its threads (rows at the split take its one-row edge kernel; arrayc
# follows one-thread OpenBLAS). Positive operands, so every element is a sum without
# cancellation and agrees to a few units in the last place.
# tolerance: arithmetic
import numpy as np

rng = np.random.default_rng(1208)
a = rng.random((61, 300))
np.save("gram.npy", a @ a.T)
np.save("gram_t.npy", a.T @ a)
b = rng.random((101, 100))
c = rng.random((100, 99))
np.save("threaded.npy", b @ c)
