# Slices bounded by a loop index (`L[i, :i]`, `x[i + 1:]`): each trip's slice has another
# length, so such a `range` loop is unrolled (the same numbers as a loop would give).
# tolerance: exact
import numpy as np

n = 6
L = np.tril(np.arange(1.0, n * n + 1.0).reshape(n, n) / 7.0) + np.eye(n) * 3.0
b = np.linspace(1.0, 2.0, n)

y = np.zeros(n)
for i in range(n):
    y[i] = (b[i] - np.dot(L[i, :i], y[:i])) / L[i, i]
np.save("y.npy", y)

U = L.T.copy()
x = np.zeros(n)
for i in range(n - 1, -1, -1):
    x[i] = (y[i] - np.dot(U[i, i + 1:], x[i + 1:])) / U[i, i]
np.save("x.npy", x)

tails = np.zeros(n)
for k in range(n):
    tails[k] = np.sum(b[k:] * 2.0) + np.max(b[: k + 1])
np.save("tails.npy", tails)
