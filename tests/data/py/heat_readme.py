"""2-D heat equation, explicit finite differences (as a NumPy user writes it)."""
import numpy as np

nx, ny = 64, 64
nt = 500
alpha = 0.2

u = np.zeros((ny, nx))
u[ny // 4 : 3 * ny // 4, nx // 4 : 3 * nx // 4] = 1.0

for n in range(nt):
    un = u.copy()
    u[1:-1, 1:-1] = un[1:-1, 1:-1] + alpha * (
        un[2:, 1:-1] + un[:-2, 1:-1] + un[1:-1, 2:] + un[1:-1, :-2] - 4 * un[1:-1, 1:-1]
    )
    u[0, :] = 0
    u[-1, :] = 0
    u[:, 0] = 0
    u[:, -1] = 0

print(u.max())
np.save("u.npy", u)
