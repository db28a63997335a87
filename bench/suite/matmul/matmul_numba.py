"""matmul, Numba: the triple loop in i, k, j order (rows of b streamed, c accumulated)."""
import numpy as np
from numba import njit


@njit(cache=False)
def matmul(n, a, b):
    c = np.zeros((n, n))
    for i in range(n):
        for k in range(n):
            aik = a[i, k]
            for j in range(n):
                c[i, j] += aik * b[k, j]
    return c


def run(n, a, b):
    c = matmul(n, a, b)
    return {"c": c, "total": c.sum()}
