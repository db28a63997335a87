# Corpus: the 1-D diffusion equation by Forward Euler, vectorised, Dirichlet ends, the two
# time levels swapped each step; a plug initial condition and mesh Fourier number F.
# After: H. P. Langtangen & S. Linge, "Finite Difference Computing with PDEs" (Springer,
#   2017, CC BY 4.0), section 3.2, https://github.com/hplgit/fdm-book src/diffu/diffu1D_u0.py.
# Written in that program's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy as np

L = 1.0
a = 1.0
Nx = 50
F = 0.5
T = 0.1


def I(x):
    """Plug profile as initial condition."""
    if abs(x - L / 2.0) > 0.1:
        return 0
    else:
        return 1


x = np.linspace(0, L, Nx + 1)
dx = x[1] - x[0]
dt = F * dx**2 / a
Nt = int(round(T / float(dt)))
t = np.linspace(0, Nt * dt, Nt + 1)

u = np.zeros(Nx + 1)
u_n = np.zeros(Nx + 1)

for i in range(0, Nx + 1):
    u_n[i] = I(x[i])

for n in range(0, Nt):
    u[1:Nx] = u_n[1:Nx] + F * (u_n[0:Nx - 1] - 2 * u_n[1:Nx] + u_n[2:Nx + 1])
    u[0] = 0
    u[Nx] = 0
    u_n, u = u, u_n

np.save("u.npy", u_n)
