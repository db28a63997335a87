# A comprehension whose length is decided at run time is refused at its line.
import numpy as np

np.random.seed(0)
n = int(np.random.rand() * 10)
values = np.array([k * 0.5 for k in range(n)])
x = np.linspace(0, 1, 5)
positive = [v for v in x]
mask = np.array([k for k in range(5) if x[k] > 0.5])
np.save("values.npy", values)
