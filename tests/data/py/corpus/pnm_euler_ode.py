# Corpus: the explicit Euler method for ds/dt = exp(-t), s(0) = -1, on a grid of step h,
# compared with the exact solution -exp(-t); the right-hand side is a lambda.
# After: Q. Kong, T. Siauw & A. Bayen, "Python Programming and Numerical Methods"
#   (Academic Press, 2020), section 22.3 "The Euler Method",
#   https://pythonnumericalmethods.berkeley.edu (online edition).
# Written in that section's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines.
# tolerance: transcendental
import numpy as np

f = lambda t, s: np.exp(-t)
h = 0.01
t = np.arange(0, 1 + h, h)
s0 = -1

s = np.zeros(len(t))
s[0] = s0

for i in range(0, len(t) - 1):
    s[i + 1] = s[i] + h * f(t[i], s[i])

np.save("s.npy", s)
np.save("exact.npy", -np.exp(-t))
