# Corpus: power iteration for the dominant eigenvector of a 2 x 2 matrix: multiply,
# normalise with np.linalg.norm, repeat; a seeded random start.
# After: Wikipedia, "Power iteration", section "The method",
#   https://en.wikipedia.org/wiki/Power_iteration (CC BY-SA 4.0).
# Written in that example's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; np.random.seed(0) added.
# tolerance: arithmetic
import numpy as np


def power_iteration(A, num_iterations: int):
    # Ideally choose a random vector to decrease the chance that it is orthogonal to
    # the eigenvector.
    b_k = np.random.rand(A.shape[1])

    for _ in range(num_iterations):
        b_k1 = np.dot(A, b_k)
        b_k1_norm = np.linalg.norm(b_k1)
        b_k = b_k1 / b_k1_norm

    return b_k


np.random.seed(0)
A = np.array([[0.5, 0.5], [0.2, 0.8]])
v = power_iteration(A, 10)
eigenvalue = v @ A @ v / (v @ v)
np.save("v.npy", v)
np.save("eigenvalue.npy", eigenvalue)
