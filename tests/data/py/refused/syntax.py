import numpy as np

u = np.zeros(4)
for i in range(3)
    u += 1
