# grad along axis 0, axis 1, a negative axis, with a spacing h, on an axis of length 2, rank 3.
# tolerance: exact
let f = [1, 4, 9, 16, 30, 31]
let m = [[1, 2, 4, 7], [2, 5, 11, 20], [0, 3, 3, 8]]
out g = grad(f, 0)
out g_neg = grad(f, -1)
out gm0 = grad(m, 0)
out gm1 = grad(m, 1)
out gm_neg = grad(m, -1)
out gh_half = grad(f, 0, 0.5)
out gh_tenth = grad(m, 1, 0.1)
out gh_axis0 = grad(m, 0, 3)
out g_two = grad([[1, 2, 3], [4, 6, 9]], 0)
out g_rank3 = grad(reshape(arange(24)^2, [2, 3, 4]), 1)
out g_rank3_first = grad(reshape(arange(24)^2, [2, 3, 4]), -3)
