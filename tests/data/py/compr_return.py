# Early `return`: in `if`/`elif`/`else` branches decided at run time (a value chosen per
# call), an `if` without `else` followed by the rest of the body, and a condition known
# at compile time whose branch does work before returning.
import numpy as np

L = 1.0


def plug(x):
    """Plug profile."""
    if abs(x - L / 2.0) > 0.1:
        return 0
    else:
        return 1


def clipped(v, low, high):
    if v < low:
        return low
    elif v > high:
        return high
    return v


def sign(v):
    if v > 0:
        return 1.0
    if v < 0:
        return -1.0
    return 0.0


def scaled(u, scheme):
    w = u * 2.0
    if scheme == "up":
        w[1:] = w[:-1]
        return w
    return w + 1.0


def nothing_early(u):
    if False:
        return
    u[0] = 7.0


x = np.linspace(0, L, 11)
profile = np.zeros(11)
limited = np.zeros(11)
signs = np.zeros(11)
for i in range(0, 11):
    profile[i] = plug(x[i])
    limited[i] = clipped(x[i] * 3.0 - 1.0, -0.5, 1.25)
    signs[i] = sign(x[i] - 0.45)
up = scaled(x, "up")
down = scaled(x, "down")
nothing_early(down)
print(plug(0.5), plug(0.1), clipped(3, 0, 2), sign(-2.0))
np.save("profile.npy", profile)
np.save("limited.npy", limited)
np.save("signs.npy", signs)
np.save("up.npy", up)
np.save("down.npy", down)
