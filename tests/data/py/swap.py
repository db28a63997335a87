# NUMPY-SEMANTICS row 4: `u, un = un, u` in a time loop swaps the two arrays' roles.
import numpy as np

nx = 32
nt = 20
c = 0.4

u = np.zeros(nx)
u[8:16] = 1.0
un = np.zeros(nx)
for n in range(nt):
    un[1:-1] = u[1:-1] - c * (u[1:-1] - u[:-2])
    un[0] = u[0]
    un[-1] = u[-1]
    u, un = un, u
np.save("u.npy", u)
np.save("un.npy", un)
