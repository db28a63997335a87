# Early `return`s the front end cannot express as a value chosen per call are refused:
# inside a loop, after other statements on a path chosen at run time, an int on one path
# and a float on another, different arrays chosen at run time.
import numpy as np


def first_negative(a):
    for k in range(5):
        if a[k] < 0:
            return k
    return -1


def busy(v):
    if v > 0:
        w = v * 2
        return w
    return v


def mixed(v):
    if v > 0:
        return 0
    return v * 0.5


def pick(a, b, c):
    if c > 0:
        return a
    return b


a = np.linspace(-1, 1, 5)
b = np.zeros(5)
k = first_negative(a)
w = busy(a[1])
m = mixed(a[2])
p = pick(a, b, a[3])
np.save("b.npy", b)
