"""life, Numba: neighbour counts as loops with wrapped indices."""
import numpy as np
from numba import njit


@njit(cache=False)
def life(n, steps, board):
    z = board.copy()
    new = np.empty_like(z)
    for _ in range(steps):
        for i in range(n):
            for j in range(n):
                count = 0.0
                for di in (-1, 0, 1):
                    for dj in (-1, 0, 1):
                        if di != 0 or dj != 0:
                            count += z[(i + di) % n, (j + dj) % n]
                if count == 3 or (z[i, j] == 1 and count == 2):
                    new[i, j] = 1.0
                else:
                    new[i, j] = 0.0
        z, new = new, z
    return z


def run(n, steps, board):
    z = life(n, steps, board)
    return {"z": z, "alive": z.sum()}
