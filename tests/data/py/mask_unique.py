# `print(np.unique(a))` of int and bool arrays: the sorted distinct values, whose number
# depends on the data; printed by the runtime as NumPy prints them.
# tolerance: exact
import numpy as np

np.random.seed(7)
steps = 2 * np.random.randint(0, 2, (50, 20)) - 1
print(np.unique(steps))
counts = np.random.randint(-3, 40, size=300)
print(np.unique(counts))
print(np.unique(counts > 100))
print(np.unique(steps > 0))
print("levels:", np.unique(counts // 10))
np.save("steps.npy", steps)
