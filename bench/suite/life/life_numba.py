"""life, Numba: the eight neighbours summed in a loop; index -1 wraps as in Python, n wraps by hand."""
import numpy as np
from numba import njit


@njit(cache=False)
def life(n, steps, board):
    z = board.copy()
    new = np.empty_like(z)
    for _ in range(steps):
        for i in range(n):
            im = i - 1
            ip = i + 1 if i + 1 < n else 0
            for j in range(n):
                jm = j - 1
                jp = j + 1 if j + 1 < n else 0
                count = (z[im, jm] + z[im, j] + z[im, jp] + z[i, jm] + z[i, jp] +
                         z[ip, jm] + z[ip, j] + z[ip, jp])
                if count == 3 or (z[i, j] == 1 and count == 2):
                    new[i, j] = 1.0
                else:
                    new[i, j] = 0.0
        z, new = new, z
    return z


def run(n, steps, board):
    z = life(n, steps, board)
    return {"z": z, "alive": z.sum()}
