import numpy as np

a = np.zeros((3, 4))
k = 0
row = a[k]
for step in range(2):
    k += 1
    row[0] = 5
np.save("a.npy", a)
