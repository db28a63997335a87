# Functions are inlined: a module array declared `global` and assigned in place, a scalar
# returned, keyword arguments out of order, a function calling another.
import numpy as np
import math

n = 6
grid = np.zeros(n)
total = 0.0


def ramp(a, start=1.0, step=0.5):
    a[:] = start + step * np.arange(n)
    return np.sum(a)


def fill_grid(value):
    global grid
    grid[1:-1] = value * math.sqrt(4.0)


def scaled(a, factor):
    b = a * factor
    return b, np.max(b)


total = ramp(grid, step=2.0, start=0.5)
fill_grid(3)
doubled, peak = scaled(grid, factor=2)
print(total)
np.save("grid.npy", grid)
np.save("doubled.npy", doubled)
np.save("peak.npy", peak)
