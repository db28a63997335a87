# A random draw after `and` outside an `if`'s test: Python draws only when the first
# operand is true, which arrayc supports only in an `if`.
import numpy as np

np.random.seed(0)
u = np.zeros(4)
for i in range(4):
    hit = u[i] > 0.0 and np.random.random() < 0.5
    u[i] = hit
np.save("u.npy", u)
