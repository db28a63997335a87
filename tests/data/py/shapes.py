"""Array attributes: `.shape` (unpacked, indexed, sliced, as a shape), `.ndim`, `.size`, `len`."""
import numpy as np

u = np.zeros((6, 10))
ny, nx = u.shape
v = np.ones(u.shape)
w = np.zeros((u.shape[0], 2 * u.shape[-1]))
inner = u[1:-1, 2:]
rows = inner.shape[0]
for i in range(len(u)):
    u[i, :] = i * nx + np.arange(u.shape[1])
for j in range(w.shape[1] // 2):
    w[:, 2 * j] = j
line = np.zeros(u.size)
line[: u.ndim] = 7.0
cells = np.zeros(v.shape[1:])
counts = np.array([ny, nx, rows, inner.shape[1], len(inner), u.ndim, line.size, cells.shape[0]])
print(ny)
print(nx)
np.save("u.npy", u)
np.save("w.npy", w)
np.save("line.npy", line)
np.save("counts.npy", counts)
