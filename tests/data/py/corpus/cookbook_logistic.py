# Corpus: the logistic map's bifurcation diagram and Lyapunov exponent, iterated for
# 10,000 values of r at once, the exponent accumulated with np.log.
# After: C. Rossant, "IPython Interactive Computing and Visualization Cookbook" (2nd ed.,
#   2018), recipe 12.1 "Plotting the bifurcation diagram of a chaotic dynamical system",
#   https://github.com/ipython-books/cookbook-2nd-code chapter12_deterministic/01_bifurcation (MIT).
# Written in that recipe's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; 2,000 values of r instead of 10,000.
# tolerance: transcendental
import numpy as np


def logistic(r, x):
    return r * x * (1 - x)


n = 2000
r = np.linspace(2.5, 4.0, n)
iterations = 1000
last = 100

x = 1e-5 * np.ones(n)
lyapunov = np.zeros(n)

for i in range(iterations):
    x = logistic(r, x)
    # partial sum of the Lyapunov exponent
    lyapunov += np.log(abs(r - 2 * r * x))

np.save("x.npy", x)
np.save("lyapunov.npy", lyapunov / iterations)
