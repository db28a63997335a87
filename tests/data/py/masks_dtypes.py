# Masked assignment into an int64 array converts as NumPy's item assignment does (0.5
# stored into int64 is 0); dtypes spelled as NumPy spells them.
import numpy as np

v = np.array([1, 2, 3])
v[v > 1] = 0.5
f = np.zeros((2, 3), dtype=np.float32)
f += 1.5
i = np.ones(4, dtype=int)
i[1:3] = 7
b = np.zeros(3, dtype=bool)
np.save("v.npy", v)
np.save("f.npy", f)
np.save("i.npy", i)
np.save("b.npy", b)
