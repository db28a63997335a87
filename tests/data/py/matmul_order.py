# `@`, `np.matmul` and `np.dot` in float64 give NumPy's bits on this machine: NumPy's
# dispatch (ddot, gemv, gemm or its own loop, by the operands' strides) and OpenBLAS's
# Haswell kernels' order, over shapes around every block edge: ddot's 16-element blocks
# and its two-thread split above 10,000 elements, gemv's 2,048-row blocks and its output
# groups of four, gemm's k blocks of 256 and its one-row edge kernel (odd m), views with
# a stride, transposes and reversed axes.
# tolerance: exact
import numpy as np

rng = np.random.default_rng(20261208)

# Each group's results, flattened one after another into one array.
dots = np.zeros(56)
o = 0
for n in [1, 2, 15, 16, 17, 31, 32, 33, 100, 257, 10000, 10001, 10017, 20001]:
    x = rng.standard_normal(n)
    y = rng.standard_normal(n)
    dots[o] = x @ y
    dots[o + 1] = np.dot(x, y)
    dots[o + 2] = x[::2] @ y[::2]
    dots[o + 3] = x[::-1] @ y
    o += 4
np.save("dots.npy", dots)

gemv = np.zeros(66152)
o = 0
for m, k in [(2, 2), (3, 5), (4, 4), (5, 3), (7, 9), (9, 17), (13, 50), (50, 50), (2, 2047),
             (3, 2048), (5, 2049), (6, 2051), (3, 4099), (129, 64), (300, 7), (64, 301)]:
    a = rng.standard_normal((m, k))
    v = rng.standard_normal(k)
    w = rng.standard_normal(m)
    h = (m + 1) // 2
    gemv[o : o + m] = a @ v
    gemv[o + m : o + 2 * m] = np.dot(a, v)
    gemv[o + 2 * m : o + 2 * m + k] = w @ a
    gemv[o + 2 * m + k : o + 2 * m + 2 * k] = np.dot(w, a)
    gemv[o + 2 * m + 2 * k : o + 2 * m + 3 * k] = a.T @ w
    gemv[o + 2 * m + 3 * k : o + 3 * m + 3 * k] = a[:, ::2] @ v[::2]
    gemv[o + 3 * m + 3 * k : o + 3 * m + 3 * k + h] = a[::2] @ v
    gemv[o + 3 * m + 3 * k + h : o + 3 * m + 4 * k + h] = w[::-1] @ a
    gemv[o + 3 * m + 4 * k + h : o + 3 * m + 5 * k + h] = a.T[:, ::-1] @ w
    o += 3 * m + 5 * k + h
np.save("gemv.npy", gemv)

gemm = np.zeros(99087)
o = 0
for m, k, n in [(2, 2, 2), (2, 3, 4), (3, 2, 5), (5, 7, 9), (7, 8, 40), (9, 9, 9), (4, 255, 4),
                (5, 256, 6), (3, 257, 8), (6, 511, 2), (7, 512, 3), (5, 513, 5), (3, 767, 4),
                (4, 768, 3), (3, 769, 7), (2, 1025, 9), (13, 300, 11), (31, 64, 64),
                (64, 64, 64), (17, 33, 65), (63, 65, 61), (33, 40, 17)]:
    a = rng.standard_normal((m, k))
    b = rng.standard_normal((k, n))
    s = m * n
    hm = (m + 1) // 2
    hn = (n + 1) // 2
    gemm[o : o + s] = (a @ b).reshape(-1)
    gemm[o + s : o + 2 * s] = np.matmul(a, b).reshape(-1)
    gemm[o + 2 * s : o + 3 * s] = np.dot(a, b).reshape(-1)
    gemm[o + 3 * s : o + 4 * s] = (b.T @ a.T).reshape(-1)
    gemm[o + 4 * s : o + 5 * s] = (a[::-1] @ b).reshape(-1)
    gemm[o + 5 * s : o + 6 * s] = (a[:, ::2] @ b[::2]).reshape(-1)
    gemm[o + 6 * s : o + 7 * s] = np.dot(a[:, ::2], b[::2]).reshape(-1)
    gemm[o + 7 * s : o + 7 * s + hm * n] = (a[::2] @ b).reshape(-1)
    gemm[o + 7 * s + hm * n : o + 7 * s + hm * n + m * hn] = (a @ b[:, ::2]).reshape(-1)
    o += 7 * s + hm * n + m * hn
np.save("gemm.npy", gemm)

ints = np.arange(12).reshape(3, 4)
np.save("int_mixed.npy", ints @ rng.standard_normal(4))
np.save("int_int.npy", ints @ ints.T)
