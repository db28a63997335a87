"""A 2-D Jacobi time loop that makes a new array each step and rebinds the name to it
(`u = u_new`), as NumPy users write it; jacobi_rebind.arr is the same program with the
`.arr` buffer swap. Measured by bench/rebind/run.py."""
import numpy as np

n = 256
steps = 400

u = np.zeros((n, n))
u[n // 4 : 3 * n // 4, n // 4 : n // 2] = 1.0
for step in range(steps):
    u_new = np.empty_like(u)
    u_new[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
    u_new[0, :] = 0.0
    u_new[-1, :] = 0.0
    u_new[:, 0] = 0.0
    u_new[:, -1] = 0.0
    u = u_new
np.save("u.npy", u)
