# NUMPY-SEMANTICS row 2: a basic slice is a view; `u += 1` grows the inside of `U`, and
# writes through a view of the view land in `U` too.
import numpy as np

U = np.zeros((5, 6))
u = U[1:-1, 1:-1]
u += 1
u[0, 0] = 7
inner = u[1:]
inner *= 3
row = U[2]
row[-1] = 9
np.save("U.npy", U)
np.save("u.npy", u)
