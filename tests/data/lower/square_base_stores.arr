# Boundary: the base of `x ^ 2` (computed as `x * x`, which reads it twice) is stored when
# it is more than 20 nodes high.
# kernels: 2 The base of `x ^ 2` higher than 20 nodes is stored first, a kernel of its own.
input a: [2]
out r = ((((((((((((((((((((((a + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) ^ 2
