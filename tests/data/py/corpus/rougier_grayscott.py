# Corpus: Gray-Scott reaction-diffusion; u and v are views of the interiors of U and V,
# updated in place with +=, seeded with a perturbed square and uniform noise.
# After: N. P. Rougier, "From Python to NumPy" (2017), chapter "Code vectorization",
#   section "Reaction and diffusion",
#   https://github.com/rougier/from-python-to-numpy (book CC BY-NC-SA 4.0, code BSD).
# Written in that section's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; 2,000 steps on a 64 x 64 grid.
# tolerance: exact
import numpy as np

n = 64
Du, Dv, F, k = 0.16, 0.08, 0.035, 0.065

Z = np.zeros((n + 2, n + 2), [('U', np.double), ('V', np.double)])
U, V = Z['U'], Z['V']
u, v = U[1:-1, 1:-1], V[1:-1, 1:-1]

r = 10
u[...] = 1.0
U[n // 2 - r:n // 2 + r, n // 2 - r:n // 2 + r] = 0.50
V[n // 2 - r:n // 2 + r, n // 2 - r:n // 2 + r] = 0.25
np.random.seed(3)
u += 0.05 * np.random.random((n, n))
v += 0.05 * np.random.random((n, n))

for i in range(2000):
    Lu = (U[0:-2, 1:-1] +
          U[1:-1, 0:-2] - 4 * U[1:-1, 1:-1] + U[1:-1, 2:] +
          U[2:, 1:-1])
    Lv = (V[0:-2, 1:-1] +
          V[1:-1, 0:-2] - 4 * V[1:-1, 1:-1] + V[1:-1, 2:] +
          V[2:, 1:-1])
    uvv = u * v * v
    u += (Du * Lu - uvv + F * (1 - u))
    v += (Dv * Lv + uvv - (F + k) * v)

np.save("U.npy", U)
np.save("V.npy", V)
