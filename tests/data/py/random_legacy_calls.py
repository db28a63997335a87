"""Every legacy np.random draw, with and without a size: the cached normal of an odd
`randn` taken by the next scalar draw, draws in both arms of an `if` inside a loop, and a
second `seed` that starts the stream again."""
# tolerance: exact
import numpy as np

np.random.seed(7)
a = np.random.random_sample(5)
b = np.random.randn(3)
c = np.random.standard_normal()
d = np.random.uniform(-2.0, 3.0, 4)
e = np.random.normal(10.0, 2.0, size=(2, 3))
f = np.random.randint(100, size=6)
g = np.random.randint(5, 9)
h = np.random.random()
total = 0.0
for i in range(5):
    if i % 2 == 0:
        total += np.random.normal()
    else:
        total += np.random.uniform()
np.random.seed(7)
again = np.random.random_sample(5)
print(c)
print(g)
print(h)
print(total)
np.save("a.npy", a)
np.save("b.npy", b)
np.save("d.npy", d)
np.save("e.npy", e)
np.save("f.npy", f)
np.save("again.npy", again)
