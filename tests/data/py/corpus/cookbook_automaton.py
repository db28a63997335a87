# Corpus: an elementary cellular automaton (rule 110) from a random row: the three-cell
# neighbourhood as a number by np.roll and a weighted sum, the rule as a bit table.
# After: C. Rossant, "IPython Interactive Computing and Visualization Cookbook" (2nd ed.,
#   2018), recipe 12.2 "Simulating an elementary cellular automaton",
#   https://github.com/ipython-books/cookbook-2nd-code (MIT).
# Written in that recipe's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy as np

u = np.array([[4], [2], [1]])


def step(x, rule_b):
    """Compute a single step of an elementary cellular automaton."""
    # The columns contain the L, C, R values of all cells.
    y = np.vstack((np.roll(x, 1), x, np.roll(x, -1))).astype(np.int8)
    # We get the LCR pattern numbers between 0 and 7.
    z = np.sum(y * u, axis=0).astype(np.int8)
    # We get the patterns given by the rule.
    return rule_b[7 - z]


def generate(rule, size=100, steps=100):
    """Simulate an elementary cellular automaton given its rule (number between 0 and 255)."""
    # Compute the binary representation of the rule.
    rule_b = np.array([int(_) for _ in np.binary_repr(rule, 8)], dtype=np.int8)
    x = np.zeros((steps, size), dtype=np.int8)
    # Random initial state.
    np.random.seed(1)
    x[0, :] = np.random.rand(size) < .5
    # Apply the step function iteratively.
    for i in range(steps - 1):
        x[i + 1, :] = step(x[i, :], rule_b)
    return x


x = generate(110)
np.save("x.npy", x)
