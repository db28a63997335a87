"""NumPy functions whose result arrayc cannot match: each refused at its line with what
to write instead."""
import math

import numpy as np

steps = np.array([-1, 1, 1, -1])
values = np.unique(steps)
x = 2.675
r = round(x, 2)
h = math.hypot(3.0, 4.0)
m = np.ones((3, 3))
n1 = np.linalg.norm(m, 1)
d = np.diag(m)
grid = np.mgrid[0:1:5j]
np.save("values.npy", values)
