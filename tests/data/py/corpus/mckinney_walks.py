# Corpus: many random walks at once: coin flips by np.random.randint, steps by np.where,
# walks by cumsum, extremes, and the first crossing time of |30| by argmax over a mask.
# After: W. McKinney, "Python for Data Analysis" (3rd ed., 2022), section 4.7 "Example:
#   Random Walks" / "Simulating Many Random Walks at Once",
#   https://wesmckinney.com/book/numpy-basics (open access online edition).
# Written in that section's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; np.random.seed(12345) instead of a Generator.
# tolerance: exact
import numpy as np

np.random.seed(12345)
nwalks = 500
nsteps = 1000
draws = np.random.randint(0, 2, size=(nwalks, nsteps))
steps = np.where(draws > 0, 1, -1)
walks = steps.cumsum(axis=1)

print(walks.max())
print(walks.min())

hits30 = (np.abs(walks) >= 30).any(axis=1)
print(hits30.sum())

crossing_times = (np.abs(walks[hits30]) >= 30).argmax(axis=1)
print(crossing_times.mean())

np.save("walks_end.npy", walks[:, -1])
np.save("crossing_times.npy", crossing_times)
