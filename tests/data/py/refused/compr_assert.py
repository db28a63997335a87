# An `assert` that fails at compile time is refused with its message; one decided at run
# time is refused (the program cannot stop with an error yet).
import numpy as np

A = np.zeros((3, 4))
assert A.shape[0] == 4, "four rows expected"
x = np.linspace(0, 1, 5)
assert x[1] > 0
np.save("A.npy", A)
