# Chained assignment: the value once, to each target from the left (Python's order), for a
# number, a name or a constant; the names bound to one array are aliases of it.
import numpy as np

u = np.linspace(0.0, 1.0, 7)
u[0] = u[-1] = 0.0
u[1] = u[2] = -1.5
a = b = 2.5
v = np.zeros(4)
w = x = v
w[1] = 3.0
x[2] = a + b
k = m = -3
z = np.ones(3)
z[0] = z[1] = np.pi
print(k * m, a + b)
np.save("u.npy", u)
np.save("v.npy", v)
np.save("z.npy", z)
