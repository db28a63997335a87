# `assert` of facts known at compile time (shapes, comprehension lengths, integers) is
# checked while compiling and leaves no code.
import numpy as np

A = np.zeros((3, 4))
assert A.shape[0] == 3, "three rows"
assert A.shape[1] * A.shape[0] == 12
weights = [k + 1 for k in range(4)]
assert len(weights) == 4
assert sum(w for w in (1, 2, 3)) == 6
A[1, :] = np.array(weights)
np.save("A.npy", A)
