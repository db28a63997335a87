# A Jacobi sweep that makes a new array each step and rebinds the name to it
# (`x = x_new`), and a function that returns a new array each step (`b = step(b)`):
# nothing else refers to the old arrays, so the loop carries them by swapping buffers,
# with NumPy's values and no copy.
import numpy as np

nx = 32
nt = 20


def smooth(a):
    res = np.empty_like(a)
    res[1:-1] = 0.25 * a[:-2] + 0.5 * a[1:-1] + 0.25 * a[2:]
    res[0] = a[0]
    res[-1] = a[-1]
    return res


x = np.zeros(nx)
x[10:20] = 1.0
b = np.zeros(nx)
b[5:9] = 2.0
for it in range(nt):
    x_new = np.empty_like(x)
    x_new[1:-1] = 0.5 * (x[:-2] + x[2:])
    x_new[0] = x[0]
    x_new[-1] = it
    x = x_new
    b = smooth(b)
np.save("x.npy", x)
np.save("b.npy", b)
