# Corpus: Turing patterns of the FitzHugh-Nagumo reaction-diffusion system: a laplacian()
# of slices, explicit Euler, Neumann boundaries set for both fields in a `for Z in (U, V)`
# loop; random initial fields.
# After: C. Rossant, "IPython Interactive Computing and Visualization Cookbook" (2nd ed.,
#   2018), recipe 12.4 "Simulating a partial differential equation: reaction-diffusion
#   systems and Turing patterns", https://github.com/ipython-books/cookbook-2nd-code (MIT).
# Written in that recipe's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; a 50 x 50 grid for 2,000 steps.
# tolerance: exact
import numpy as np

a = 2.8e-4
b = 5e-3
tau = .1
k = -.005

size = 50
dx = 2. / size
T = 2.0
dt = .001
n = int(T / dt)

np.random.seed(0)
U = np.random.rand(size, size)
V = np.random.rand(size, size)


def laplacian(Z):
    Ztop = Z[0:-2, 1:-1]
    Zleft = Z[1:-1, 0:-2]
    Zbottom = Z[2:, 1:-1]
    Zright = Z[1:-1, 2:]
    Zcenter = Z[1:-1, 1:-1]
    return (Ztop + Zleft + Zbottom + Zright - 4 * Zcenter) / dx**2


for i in range(n):
    deltaU = laplacian(U)
    deltaV = laplacian(V)
    Uc = U[1:-1, 1:-1]
    Vc = V[1:-1, 1:-1]
    U[1:-1, 1:-1], V[1:-1, 1:-1] = \
        Uc + dt * (a * deltaU + Uc - Uc**3 - Vc + k), \
        Vc + dt * (b * deltaV + Uc - Vc) / tau
    for Z in (U, V):
        Z[0, :] = Z[1, :]
        Z[-1, :] = Z[-2, :]
        Z[:, 0] = Z[:, 1]
        Z[:, -1] = Z[:, -2]

np.save("U.npy", U)
np.save("V.npy", V)
