# Corpus: 1-D linear advection u_t + v u_x = 0 with periodic boundaries, upwind and
# Lax-Wendroff schemes side by side on a Gaussian pulse.
# After: H. P. Langtangen & S. Linge, "Finite Difference Computing with PDEs" (Springer,
#   2017, CC BY 4.0), chapter 4, https://github.com/hplgit/fdm-book src/advec/advec.py.
# Written in that program's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines.
# tolerance: transcendental
import numpy as np


def solver(I, L, Nx, v, C, T, scheme):
    x = np.linspace(0, L, Nx + 1)
    dx = x[1] - x[0]
    dt = C * dx / v
    Nt = int(round(T / dt))
    u = np.zeros(Nx + 1)
    u_n = np.zeros(Nx + 1)
    u_n[:] = I(x)
    for n in range(0, Nt):
        if scheme == 'UP':
            u[1:] = u_n[1:] - C * (u_n[1:] - u_n[:-1])
            u[0] = u_n[0] - C * (u_n[0] - u_n[Nx - 1])
        elif scheme == 'LW':
            u[1:-1] = u_n[1:-1] - 0.5 * C * (u_n[2:] - u_n[:-2]) + \
                0.5 * C**2 * (u_n[2:] - 2 * u_n[1:-1] + u_n[:-2])
            u[0] = u_n[0] - 0.5 * C * (u_n[1] - u_n[Nx - 1]) + \
                0.5 * C**2 * (u_n[1] - 2 * u_n[0] + u_n[Nx - 1])
        u[Nx] = u[0]
        u_n, u = u, u_n
    return u_n


L = 1.0
sigma = 0.02


def gaussian(x):
    return np.exp(-0.5 * ((x - L / 10) / sigma)**2)


u_up = solver(gaussian, L, 100, 1.0, 0.8, 0.5, 'UP')
u_lw = solver(gaussian, L, 100, 1.0, 0.8, 0.5, 'LW')
np.save("u_up.npy", u_up)
np.save("u_lw.npy", u_lw)
