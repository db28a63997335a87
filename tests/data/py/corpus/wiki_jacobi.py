# Corpus: the Jacobi method for a diagonally dominant 4 x 4 system, row by row with
# np.dot of row slices, stopping when np.allclose says two iterates agree.
# After: Wikipedia, "Jacobi method", section "Python example",
#   https://en.wikipedia.org/wiki/Jacobi_method (text CC BY-SA 4.0).
# Written in that example's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy as np

ITERATION_LIMIT = 1000

A = np.array([[10., -1., 2., 0.],
              [-1., 11., -1., 3.],
              [2., -1., 10., -1.],
              [0.0, 3., -1., 8.]])
b = np.array([6., 25., -11., 15.])

print("System:")
for i in range(A.shape[0]):
    row = [f"{A[i, j]}*x{j + 1}" for j in range(A.shape[1])]
    print(" + ".join(row), "=", b[i])
print()

x = np.zeros_like(b)
for it_count in range(ITERATION_LIMIT):
    if it_count != 0:
        print("Iteration {0}: {1}".format(it_count, x))
    x_new = np.zeros_like(x)

    for i in range(A.shape[0]):
        s1 = np.dot(A[i, :i], x[:i])
        s2 = np.dot(A[i, i + 1:], x[i + 1:])
        x_new[i] = (b[i] - s1 - s2) / A[i, i]

    if np.allclose(x, x_new, atol=1e-10, rtol=0.):
        break

    x = x_new

print("Solution:")
print(x)
error = np.dot(A, x) - b
print("Error:")
print(error)
np.save("x.npy", x)
