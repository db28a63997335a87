"""np.mgrid (with and without start and step), np.indices, np.eye (N, M, k, dtype),
np.identity and np.diag of a vector (k above and below)."""
# tolerance: exact
import numpy as np

yy, xx = np.mgrid[0:4, 0:6]
column = np.mgrid[2:7]
ys, xs = np.mgrid[-2:3, 1:10:3]
fy, fx = np.mgrid[0.5:3, 0:1:0.25]
I, J = np.indices((3, 5))
e = np.eye(4)
e_wide = np.eye(3, 5, 1)
e_low = np.eye(4, k=-2, dtype=int)
e_f32 = np.eye(3, dtype=np.float32)
ident = np.identity(3)
d_up = np.diag(np.ones(4), 1)
d_down = np.diag(np.arange(1, 4), -2)
d_main = np.diag(np.array([1.5, -2.0, 3.0]))
tridiagonal = 2 * np.eye(5) - np.diag(np.ones(4), 1) - np.diag(np.ones(4), -1)

np.save("yy.npy", yy)
np.save("xx.npy", xx)
np.save("column.npy", column)
np.save("ys.npy", ys)
np.save("xs.npy", xs)
np.save("fy.npy", fy)
np.save("fx.npy", fx)
np.save("I.npy", I)
np.save("J.npy", J)
np.save("e.npy", e)
np.save("e_wide.npy", e_wide)
np.save("e_low.npy", e_low)
np.save("e_f32.npy", e_f32)
np.save("ident.npy", ident)
np.save("d_up.npy", d_up)
np.save("d_down.npy", d_down)
np.save("d_main.npy", d_main)
np.save("tridiagonal.npy", tridiagonal)
