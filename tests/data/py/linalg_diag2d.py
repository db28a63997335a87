# np.diag of a 2-D array: a copy of its k-th diagonal, above, on and below, past the edges
# (empty), of wide and tall matrices and of ints.
# tolerance: exact
import numpy as np
A = np.arange(20.0).reshape(4, 5) - 7.5
B = np.arange(12.0).reshape(4, 3)
np.save("d0.npy", np.diag(A))
np.save("d1.npy", np.diag(A, 1))
np.save("d3.npy", np.diag(A, 3))
np.save("dm1.npy", np.diag(A, -1))
np.save("dm3.npy", np.diag(A, -3))
np.save("e0.npy", np.diag(B))
np.save("e2.npy", np.diag(B, 2))
np.save("em2.npy", np.diag(B, -2))
np.save("far.npy", np.diag(A, 7))
np.save("farm.npy", np.diag(A, -6))
np.save("a.npy", A)
K = np.arange(12).reshape(3, 4)
np.save("k.npy", np.diag(K, 1) * 2)
