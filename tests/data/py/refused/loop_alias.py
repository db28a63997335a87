import numpy as np

u = np.zeros(4)
v = np.ones(4)
for i in range(3):
    w = u
    u = v
    v = w * 2
np.save("u.npy", u)
