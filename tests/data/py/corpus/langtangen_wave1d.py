# Corpus: the 1-D wave equation u_tt = c^2 u_xx with u = 0 at both ends, the centred
# scheme in vectorised form, a special first step, three time levels rotated by a tuple
# assignment; a plucked-string initial condition from a Python function.
# After: H. P. Langtangen & S. Linge, "Finite Difference Computing with PDEs" (Springer,
#   2017, CC BY 4.0), section 2.4, https://github.com/hplgit/fdm-book src/wave/wave1D/wave1D_u0v.py.
# Written in that program's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines.
# tolerance: exact
import numpy as np

L = 0.75
x0 = 0.8 * L
a = 0.005
freq = 440
wavelength = 2 * L
c = freq * wavelength
omega = 2 * np.pi * freq
num_periods = 1
T = 2 * np.pi / omega * num_periods
C = 0.85
Nx = 50


def I(x):
    return a * x / x0 if x < x0 else a / (L - x0) * (L - x)


dx = L / Nx
dt = C * dx / c
Nt = int(round(T / dt))
t = np.linspace(0, Nt * dt, Nt + 1)
x = np.linspace(0, L, Nx + 1)
C2 = C**2

u = np.zeros(Nx + 1)
u_n = np.zeros(Nx + 1)
u_nm1 = np.zeros(Nx + 1)

for i in range(0, Nx + 1):
    u_n[i] = I(x[i])

# first step: u_t = 0
u[1:-1] = u_n[1:-1] + 0.5 * C2 * (u_n[:-2] - 2 * u_n[1:-1] + u_n[2:])
u[0] = 0
u[Nx] = 0
u_nm1[:] = u_n
u_n[:] = u

for n in range(1, Nt):
    u[1:-1] = -u_nm1[1:-1] + 2 * u_n[1:-1] + C2 * (u_n[:-2] - 2 * u_n[1:-1] + u_n[2:])
    u[0] = 0
    u[Nx] = 0
    u_nm1, u_n, u = u_n, u, u_nm1

np.save("u.npy", u_n)
