"""np.load keeps each file's dtype: float32, int64 and bool arrays, and a loaded array
written in place (the file is not changed)."""
import numpy as np

w = np.load("load_inputs/weights.npy")
counts = np.load("load_inputs/counts.npy")
mask = np.load("load_inputs/mask.npy")
again = np.load("load_inputs/weights.npy")

w[0] = 1
colsum = w.sum(axis=0)
total = np.where(mask, counts, 0).sum()
counts += 3
np.save("colsum.npy", colsum)
np.save("scaled.npy", again * 0.5)
np.save("total.npy", total)
np.save("counts.npy", counts)
