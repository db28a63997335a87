# NUMPY-SEMANTICS row 5: `pn = p.copy(); p[1:-1] = f(pn)`: `pn` is the old `p`.
import numpy as np

nx = 32
nt = 20

p = np.zeros(nx)
p[10:20] = 1.0
for n in range(nt):
    pn = p.copy()
    p[1:-1] = 0.25 * pn[:-2] + 0.5 * pn[1:-1] + 0.25 * pn[2:]
np.save("p.npy", p)
