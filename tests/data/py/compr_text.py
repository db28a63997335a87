# Comprehensions of strings for printing, joined with `str.join`, inside a run-time loop
# (the items format run-time values).
import numpy as np

A = np.array([[10.0, -1.0, 2.0], [-1.0, 11.0, -1.0], [2.0, -1.0, 10.0]])
b = np.array([6.0, 25.0, -11.0])
for i in range(A.shape[0]):
    row = [f"{A[i, j]}*x{j + 1}" for j in range(A.shape[1])]
    print(" + ".join(row), "=", b[i])
names = ", ".join(str(k) for k in range(4))
print("[" + names + "]")
letters = [c for c in "abc"]
print("-".join(letters))
x = np.zeros(3)
x[0] = 1.5
print(" ".join([f"{v:.2f}" for v in (x[0], x[1] + 2, 3)]))
