"""2-D heat equation from an initial field read with np.load (its shape comes from the file)."""
import numpy as np

alpha = 0.2
nt = 40

u = np.load("load_inputs/u0.npy")
for n in range(nt):
    un = u.copy()
    u[1:-1, 1:-1] = un[1:-1, 1:-1] + alpha * (
        un[2:, 1:-1] + un[:-2, 1:-1] + un[1:-1, 2:] + un[1:-1, :-2] - 4 * un[1:-1, 1:-1]
    )
print(u.max())
np.save("u.npy", u)
