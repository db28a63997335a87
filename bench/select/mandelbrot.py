"""NumPy version of bench/select/mandelbrot.arr (same operations, same order)."""
import numpy as np


def run(nx=600, ny=400, maxiter=40):
    x = np.linspace(-2.25, 0.75, nx).reshape(1, nx)
    y = np.linspace(-1.25, 1.25, ny).reshape(ny, 1)
    cr = x + 0 * y
    ci = y + 0 * x
    zr = np.zeros((ny, nx))
    zi = np.zeros((ny, nx))
    count = np.zeros((ny, nx))
    smooth = np.zeros((ny, nx))
    with np.errstate(all="ignore"):
        for k in range(maxiter):
            r2 = zr * zr + zi * zi
            active = r2 < 4.0
            count[active] = k
            escaped = (r2 >= 4.0) & (smooth == 0.0)
            smooth[escaped] = (k + 1 - np.log(np.log(np.sqrt(r2))) / np.log(2.0))[escaped]
            zr_next = zr * zr - zi * zi + cr
            zi[active] = (2.0 * zr * zi + ci)[active]
            zr[active] = zr_next[active]
    return count, smooth
