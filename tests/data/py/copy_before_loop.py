# `pn = p.copy()` in a loop with `pn` bound before it (Barba's Laplace solver does this):
# nothing reads the old `pn`, so each iteration's copy is a snapshot, a buffer swap as in
# `.arr`'s `let pn = p`, not a copy into the old array.
import numpy as np

nx = 32
nt = 20

p = np.zeros(nx)
p[10:20] = 1.0
pn = np.empty_like(p)
for n in range(nt):
    pn = p.copy()
    p[1:-1] = 0.25 * pn[:-2] + 0.5 * pn[1:-1] + 0.25 * pn[2:]
np.save("p.npy", p)
