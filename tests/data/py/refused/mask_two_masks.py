# A sum of reads through two different masks: the compacted arrays may differ in length.
import numpy as np

a = np.linspace(-1.0, 1.0, 9)
b = np.linspace(0.0, 2.0, 9)
s = np.sum(a[a > 0] * b[b > 1])
np.save("s.npy", np.array([s]))
