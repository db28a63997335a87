# Names bound inside a loop and read after it: the loop index (Python keeps its last
# value, also after `break`), scalars of each dtype, a scalar bound only on the iteration
# that breaks, and nested loops.
import numpy as np

u = np.linspace(0.0, 1.0, 9)
for i in range(1, 7):
    s = u[i] * 2.0
    big = s > 1.0
    count = i * 3
print(i)
print(s)
print(big)
print(count)

for j in range(20):
    u = u * 1.5
    if u[-1] > 10.0:
        found = j
        break
print(j)
print(found)

total = 0.0
for a in range(3):
    for c in range(4):
        last = a * 10 + c
    total += last
print(c)
print(total)

k = 0
while True:
    k += 1
    r = k * k
    if r > 40:
        break
print(r)
np.save("u.npy", u)
