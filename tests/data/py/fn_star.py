"""`from numpy import *`: NumPy's names, which replace Python's `abs`, `max`, `sum`, ...,
while `print`, `len` and `range` stay Python's."""
from numpy import *

x = linspace(0.0, pi, 9)
y = sin(x) + abs(cos(x))
top = max(y)
total = sum(y)
n = len(x)
for i in range(n):
    y[i] = y[i] * 2.0
print(n, top, total)
save("y.npy", y)
save("top.npy", array(top))
