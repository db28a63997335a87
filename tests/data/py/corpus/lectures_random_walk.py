# Corpus: diffusion by a random walk: 1,000 walkers of 200 steps of +-1 drawn with
# np.random.randint, positions by np.cumsum along time, the mean squared distance.
# After: Scientific Python Lectures, "NumPy: creating and manipulating numerical data",
#   worked example "Diffusion using a random walk algorithm",
#   https://lectures.scientific-python.org (CC BY 4.0).
# Written in that example's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; np.random.seed(0) added.
# tolerance: exact
import numpy as np

np.random.seed(0)
n_stories = 1000
t_max = 200

t = np.arange(t_max)
steps = 2 * np.random.randint(0, 1 + 1, (n_stories, t_max)) - 1
print(np.unique(steps))

positions = np.cumsum(steps, axis=1)
sq_distance = positions**2
mean_sq_distance = np.mean(sq_distance, axis=0)

np.save("final_positions.npy", positions[:, -1])
np.save("mean_sq_distance.npy", mean_sq_distance)
