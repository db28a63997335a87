# List comprehensions over iterables known at compile time, unrolled in Python's order:
# ranges, nested `for`s with filters, tuples, `zip`/`enumerate`, strings, and the shape
# of an array made with a literal shape.
import numpy as np

A = np.array([[4.0, -1.0, 0.5], [2.0, 3.0, -2.5]])
squares = np.array([k * k for k in range(5)])
odd = np.array([k for k in range(10) if k % 2 == 1])
pairs = np.array([[i, j] for i in range(3) for j in range(i)])
weights = (0.25, 0.5, 0.25)
scaled = np.array([w * 2.0 for w in weights])
numbered = np.array([k * w for k, w in enumerate(weights)])
zipped = np.array([a - b for a, b in zip((1.0, 2.0, 3.0), (0.5, 0.25, 0.125))])
bits = np.array([int(c) for c in np.binary_repr(110, 8)])
negative_bits = np.array([int(c) for c in np.binary_repr(-3, width=5)])
columns = np.array([A[:, j].sum() for j in range(A.shape[1])])
rows = [A[i, :] * (i + 1) for i in range(len(A))]
stacked = np.array(rows)
table = np.array([[i * 10 + j for j in range(A.shape[1])] for i in range(A.shape[0])])
print(squares, odd)
print(pairs)
print(bits, negative_bits)
np.save("squares.npy", squares)
np.save("odd.npy", odd)
np.save("pairs.npy", pairs)
np.save("scaled.npy", scaled)
np.save("numbered.npy", numbered)
np.save("zipped.npy", zipped)
np.save("bits.npy", bits)
np.save("negative_bits.npy", negative_bits)
np.save("columns.npy", columns)
np.save("stacked.npy", stacked)
np.save("table.npy", table)
