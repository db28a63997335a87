# Loops over what is not `range(n)`: a tuple of numbers (the red-black sweep, whose slices
# have a shape per item), a tuple of arrays updated in place, `enumerate` and `zip` of
# tuples, a tuple bound to one name and taken apart in the loop, `for ... else` without
# `break`, `range` with a step (forwards, backwards, empty), a tuple assignment to
# subscripts, and `range` as an array.
import numpy as np

u = np.arange(12.0)
for start in (1, 2):
    u[start::3] = u[start::3] * 2.0 + start

A = np.zeros((4, 4))
B = np.ones((4, 4))
for Z in (A, B):
    Z[0, :] = Z[1, :] + 3.0
    Z[:, -1] = Z[:, -2] * 2.0

offsets = ((1, 2), (3, 4), (5, -1))
acc = np.zeros(8)
for i, (a, b) in enumerate(offsets):
    acc[a] += b * (i + 1)
for a, b in offsets:
    acc[a + 1] -= b
else:
    acc[0] = 100.0
for p, q in zip((1.5, 2.5, 3.5), (10, 20)):
    acc[7] += p * q

s = 0
for k in range(1, 20, 3):
    s += k
t = 0
for k in range(10, -1, -2):
    t = t * 3 + k
e = 0
for k in range(5, 1, 2):
    e += 1

v = np.arange(6.0)
w = np.zeros(6)
v[0:3], w[1:4] = v[3:6] * 2.0, v[0:3] + 1.0
v[4], v[5] = v[5], v[4]

X, Y = np.meshgrid(range(4), range(3))

print(s)
print(t)
print(k)
print(e)
np.save("u.npy", u)
np.save("A.npy", A)
np.save("B.npy", B)
np.save("acc.npy", acc)
np.save("v.npy", v)
np.save("w.npy", w)
np.save("X.npy", X)
np.save("Y.npy", Y)
