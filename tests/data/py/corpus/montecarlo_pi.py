# Corpus: Monte Carlo estimate of pi: uniform points in the unit square, the fraction
# inside the quarter circle, in batches, with a seeded generator.
# After: the textbook example of the Monte Carlo method (e.g. Wikipedia "Monte Carlo
#   method", "Overview"; https://en.wikipedia.org/wiki/Monte_Carlo_method, CC BY-SA 4.0),
#   in the batch form common in NumPy tutorials.
# Written for the corpus in that common idiom, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy as np

np.random.seed(42)
n_batches = 20
batch = 10000
inside = 0
for k in range(n_batches):
    x = np.random.uniform(0, 1, batch)
    y = np.random.uniform(0, 1, batch)
    inside += np.sum(x**2 + y**2 <= 1.0)

pi_estimate = 4 * inside / (n_batches * batch)
print(pi_estimate)
np.save("pi.npy", np.array(pi_estimate))
