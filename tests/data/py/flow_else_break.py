# `break` with `for ... else` and `while ... else` (the `else` runs when no `break` did),
# a loop over a tuple of number pairs with `break` (a real loop over a table of them),
# `continue`, and an `if` whose `and`/`or` draws random numbers only when Python reaches
# the draw (the stream stays NumPy's).
import numpy as np

np.random.seed(5)
grid = np.zeros((6, 6))
grid[2, 3] = 2.0
grid[4, 1] = 2.0
marks = np.zeros((6, 6))
neighbours = ((-1, 0), (1, 0), (0, -1), (0, 1))
lonely = 0
for y in range(1, 5):
    for x in range(1, 5):
        for dy, dx in neighbours:
            if grid[y + dy, x + dx] == 2.0:
                marks[y, x] = 1.0
                break
        else:
            lonely += 1
            if grid[y, x] == 0.0 and np.random.random() < 0.5:
                marks[y, x] = -1.0
            if grid[y, x] > 0.0 or np.random.random() < 0.25:
                marks[y, x] -= 0.5

found = -1
for i in range(10):
    if i * i > 30:
        found = i
        break
else:
    found = 100

n = 0
total = 0
while n < 8:
    n += 1
    if n % 3 == 0:
        continue
    total += n
else:
    total += 1000

print(lonely)
print(found)
print(total)
print(np.random.random())
np.save("marks.npy", marks)
