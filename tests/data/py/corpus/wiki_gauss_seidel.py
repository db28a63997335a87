# Corpus: the Gauss-Seidel method for the same kind of 4 x 4 system, updating x in place
# row by row, a fixed number of sweeps.
# After: Wikipedia, "Gauss-Seidel method", section "Examples / An example using Python
#   and NumPy", https://en.wikipedia.org/wiki/Gauss%E2%80%93Seidel_method (CC BY-SA 4.0).
# Written in that example's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy as np

ITERATION_LIMIT = 25

A = np.array([[10.0, -1.0, 2.0, 0.0],
              [-1.0, 11.0, -1.0, 3.0],
              [2.0, -1.0, 10.0, -1.0],
              [0.0, 3.0, -1.0, 8.0]])
b = np.array([6.0, 25.0, -11.0, 15.0])

x = np.zeros_like(b)
for it_count in range(1, ITERATION_LIMIT):
    x_new = np.zeros_like(x)
    for i in range(A.shape[0]):
        s1 = np.dot(A[i, :i], x_new[:i])
        s2 = np.dot(A[i, i + 1:], x[i + 1:])
        x_new[i] = (b[i] - s1 - s2) / A[i, i]
    if np.allclose(x, x_new, rtol=1e-8):
        break
    x = x_new

print(it_count)
np.save("x.npy", x)
