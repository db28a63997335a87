# `sum`, `min`, `max`, `any` and `all` of generator expressions over compile-time ranges,
# folded in Python's order (`sum` adds left to right from 0, not pairwise).
import numpy as np

x = np.array([0.1, 0.2, 0.3, 1e16, -1e16, 0.7, np.nan, 2.0])
total = sum(x[k] for k in range(6))
total_from = sum((x[k] * x[k] for k in range(3)), 10.0)
count = sum(1 for k in range(10) if k % 3 == 0)
largest = max(x[k] for k in range(6))
smallest = min(x[k] for k in range(1, 6))
nan_later = max(x[k] for k in (5, 6, 7))
nan_first = max(x[k] for k in (6, 5, 7))
positive = all(x[k] > 0 for k in range(3))
negative = any(x[k] < 0 for k in range(6))
none = any(x[k] > 1e20 for k in range(6))
listed = sum([0.1, 0.2, 0.3])
print(total, total_from, count)
print(largest, smallest, nan_later, nan_first)
print(positive, negative, none, listed)
out = np.array([total, total_from, largest, smallest, nan_later, nan_first, listed])
np.save("out.npy", out)
