# Corpus: the Drossel-Schwabl forest-fire model: empty, tree, fire cells; a burning cell
# empties, a tree catches fire from any of eight neighbours or by lightning f, an empty
# cell grows a tree with probability p; loops over cells and a neighbourhood tuple.
# After: C. Hill, "The Forest-fire model", scipython.com blog,
#   https://scipython.com/blog/the-forest-fire-model/ (code on the author's GitHub).
# Written in that post's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line; a 40 x 30 forest for 20 steps; np.random.seed(2); no animation.
# tolerance: exact
import numpy as np

neighbourhood = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))
EMPTY, TREE, FIRE = 0, 1, 2


def iterate(X):
    """Iterate the forest according to the forest-fire rules."""
    X1 = np.zeros((ny, nx))
    for ix in range(1, nx - 1):
        for iy in range(1, ny - 1):
            if X[iy, ix] == EMPTY and np.random.random() <= p:
                X1[iy, ix] = TREE
            if X[iy, ix] == TREE:
                X1[iy, ix] = TREE
                for dx, dy in neighbourhood:
                    if X[iy + dy, ix + dx] == FIRE:
                        X1[iy, ix] = FIRE
                        break
                else:
                    if np.random.random() <= f:
                        X1[iy, ix] = FIRE
    return X1


forest_fraction = 0.2
p, f = 0.05, 0.001
nx, ny = 40, 30
np.random.seed(2)
X = np.zeros((ny, nx))
X[1:ny - 1, 1:nx - 1] = np.random.random(size=(ny - 2, nx - 2)) < forest_fraction
X[ny // 2, nx // 2] = FIRE

for i in range(20):
    X = iterate(X)

np.save("X.npy", X)
