# Corpus: lattice Boltzmann (D2Q9, BGK) flow past a cylinder: streaming by np.roll per
# lattice direction, bounce-back on the cylinder mask, collision towards equilibrium.
# After: P. Mocz, "Create Your Own Lattice Boltzmann Simulation (With Python)" (2020),
#   https://github.com/pmocz/latticeboltzmann-python latticeboltzmann.py (GPL-3.0).
# Written in that program's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; a 100 x 25 lattice for 300 steps instead of 400 x 100 for
# 4,000; no plotting.
# tolerance: arithmetic
import numpy as np

Nx = 100
Ny = 25
rho0 = 100
tau = 0.6
Nt = 300

NL = 9
idxs = np.arange(NL)
cxs = np.array([0, 0, 1, 1, 1, 0, -1, -1, -1])
cys = np.array([0, 1, 1, 0, -1, -1, -1, 0, 1])
weights = np.array([4 / 9, 1 / 9, 1 / 36, 1 / 9, 1 / 36, 1 / 9, 1 / 36, 1 / 9, 1 / 36])

np.random.seed(42)
F = np.ones((Ny, Nx, NL))
F += 0.01 * np.random.randn(Ny, Nx, NL)
X, Y = np.meshgrid(range(Nx), range(Ny))
F[:, :, 3] += 2 * (1 + 0.2 * np.cos(2 * np.pi * X / Nx * 4))
rho = np.sum(F, 2)
for i in idxs:
    F[:, :, i] *= rho0 / rho

cylinder = (X - Nx / 4)**2 + (Y - Ny / 2)**2 < (Ny / 4)**2

for it in range(Nt):
    # drift
    for i, cx, cy in zip(idxs, cxs, cys):
        F[:, :, i] = np.roll(F[:, :, i], cx, axis=1)
        F[:, :, i] = np.roll(F[:, :, i], cy, axis=0)

    # reflective boundaries
    bndryF = F[cylinder, :]
    bndryF = bndryF[:, [0, 5, 6, 7, 8, 1, 2, 3, 4]]

    # fluid variables
    rho = np.sum(F, 2)
    ux = np.sum(F * cxs, 2) / rho
    uy = np.sum(F * cys, 2) / rho

    # collision
    Feq = np.zeros(F.shape)
    for i, cx, cy, w in zip(idxs, cxs, cys, weights):
        Feq[:, :, i] = rho * w * (1 + 3 * (cx * ux + cy * uy) + 9 * (cx * ux + cy * uy)**2 / 2 - 3 * (ux**2 + uy**2) / 2)

    F += -(1.0 / tau) * (F - Feq)

    F[cylinder, :] = bndryF

ux[cylinder] = 0
uy[cylinder] = 0
vorticity = (np.roll(ux, -1, axis=0) - np.roll(ux, 1, axis=0)) - (np.roll(uy, -1, axis=1) - np.roll(uy, 1, axis=1))
np.save("vorticity.npy", vorticity)
np.save("rho.npy", rho)
