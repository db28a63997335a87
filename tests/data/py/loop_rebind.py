# Rebinding inside loops: `u = u + ...` carries `u` around the loop; `un = u` then
# `u = f(un)` keeps `un` the old array; a scalar carried by a `while`.
import numpy as np

nx = 16
u = np.linspace(0.0, 1.0, nx)
for n in range(5):
    un = u
    u = un - 0.1 * (un - np.roll(un, 1))
t = 0.0
count = 0
while t < 1.0:
    t += 0.3
    count += 1
np.save("u.npy", u)
np.save("t.npy", t)
np.save("count.npy", count)
