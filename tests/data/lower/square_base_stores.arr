# Boundary: the base of `x ^ 2` (computed as `x * x`, which reads it twice) is stored when
# it is more than 20 nodes high.
input a: [2]
out r = ((((((((((((((((((((((a + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) ^ 2
