"""`print` of text and several values, with Python's formatting: f-strings with format
specs, `%`-formatting, `str.format`, `sep=`/`end=`, `str(x)`, arrays and NumPy scalars of
each dtype, inside a loop with values known only at run time."""
import numpy as np

u = np.linspace(0.0, 1.0, 5)
n = 3
err = 0.000123456
big = 12345678.9
count = np.arange(50)[42]
flag = u[2] > 0.4
f32 = u.astype(np.float32)[1]

print("System:")
print()
print("n =", n, "err =", err)
print("u", u, sep=": ", end="!\n")
print(f"err = {err:.3e}, big = {big:,.2f}, n = {n:5d}|{n:<4}|{n:^7}|")
print(f"{err:g} {big:g} {err} {big} {u[1]} {u[1]:.2%} {-u[1]:+.3f} {u[1]:10.4f}|")
print(f"{count} {count:x} {count:#b} {flag} {flag:d} {f32} {f32:.10f} {u.sum()}")
print("%d items, %.4f, %8.3e, %-6s|, %5s, %%" % (n, err, big, "ab", u[1]))
print("{} and {:.2f}, {name}".format(n, err, name="x") + "; {1:>9.3g} {0:03d}".format(n, err))
print("array:", u * 2, "ints:", np.arange(4), "f32:", u.astype(np.float32)[1:3])
print(str(err) + " as text")
g = (u + 0.1).astype(np.float32)[0]
print(f"{g} {g:.10f}", "%s|%.3f" % (g, g), g, str(g))
label = "step"
for i in range(3):
    v = u.sum() * (i + 1)
    print(f"{label} {i}: total {v:.3f}", "..." + label)
np.save("u.npy", u)
