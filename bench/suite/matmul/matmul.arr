# matmul: the product of two dense n x n matrices (inputs written by the runner), and its sum.
# Ported line by line from matmul_numpy.py: `a @ b`.
# NumPy original: matmul_numpy.py (equal to rounding: BLAS sums in its own order).
param n = 384

input a: [n, n]
input b: [n, n]

out c = a @ b
out total = sum(c)
