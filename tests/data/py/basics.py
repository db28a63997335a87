"""A docstring-bearing script: imports, constants, arrays, loops, slicing, print, save."""
import numpy as np
import arrayc

nx = 16
ny = 8
steps = 5
alpha = 0.1

u = np.zeros((ny, nx))
u[2:5, 3:9] = 1.0
x = np.linspace(0, 1, nx)
w = np.ones(nx) * x

for n in range(steps):
    un = u.copy()
    u[1:-1, 1:-1] = un[1:-1, 1:-1] + alpha * (
        un[2:, 1:-1] + un[:-2, 1:-1] + un[1:-1, 2:] + un[1:-1, :-2] - 4 * un[1:-1, 1:-1]
    )

for k in arrayc.unroll(range(3)):
    w = w * 0.5 + k

err = 1.0
it = 0
while err > 1e-3:
    old = w.copy()
    w[1:-1] = 0.5 * (w[:-2] + w[2:])
    err = np.max(np.abs(w - old))
    it += 1

if it > 10:
    w = w + 1
else:
    w = w - 1

print(it)
print(u[3, 4])
print(w)
np.save("u.npy", u)
np.save("w.npy", w)
