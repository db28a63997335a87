# Three names rotate arrays around a loop (`w = u; u = v; v = w * 2`): once refused, now
# each keeps NumPy's array (the old `v` is kept in a copy, which lowering turns into a swap).
import numpy as np

u = np.zeros(4)
v = np.ones(4)
for i in range(3):
    w = u
    u = v
    v = w * 2
np.save("u.npy", u)
np.save("v.npy", v)
