# Names rebound in a loop to new arrays: `x = x_new` (Jacobi), a function that returns a
# new array each step (`b = build(...)`), a rebinding in an `if` branch, and a rebinding
# before `break` and `continue`. Each name alone refers to its arrays, so the new array is
# copied back into the one the loop carries, giving NumPy's values.
import numpy as np


def build(u, k):
    b = np.empty_like(u)
    b[:] = 0.5 * u + k
    b[0] = -k
    return b


x = np.zeros(6)
for it in range(8):
    x_new = np.zeros_like(x)
    x_new[1:-1] = 0.5 * (x[:-2] + x[2:]) + 1.0
    x = x_new
    x[0] = it

b = np.ones(5)
for step in range(4):
    b = build(b, step)

y = np.arange(5.0)
z = np.arange(5.0)
for k in range(6):
    if k % 2 == 0:
        y = y * 2.0 - 1.0
    else:
        y = y[::-1].copy()
    if k == 3:
        z = y + z
        continue
    z = z * 0.5

w = np.linspace(0.0, 1.0, 7)
n = 0
while n < 100:
    n += 1
    w_next = np.sqrt(w + n)
    if w_next[3] > 3.0:
        w = w_next
        break
    w = w_next - 1.0

np.save("x.npy", x)
np.save("b.npy", b)
np.save("y.npy", y)
np.save("z.npy", z)
np.save("w.npy", w)
np.save("n.npy", n)
