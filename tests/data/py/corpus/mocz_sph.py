# Corpus: smoothed-particle hydrodynamics of a toy star: Gaussian kernel and its gradient,
# pairwise separations, density, polytropic pressure, accelerations with gravity and
# damping, leapfrog; seed 42.
# After: P. Mocz, "Create Your Own Smoothed-Particle Hydrodynamics Simulation (With
#   Python)" (2020), https://github.com/pmocz/sph-python sph.py (GPL-3.0).
# Written in that program's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; N = 100 and tEnd = 1.0 instead of 400 and 12; no plotting.
# tolerance: transcendental
import numpy as np
from math import gamma


def W(x, y, z, h):
    """Gaussian smoothing kernel (3D)."""
    r = np.sqrt(x**2 + y**2 + z**2)
    w = (1.0 / (h * np.sqrt(np.pi)))**3 * np.exp(-r**2 / h**2)
    return w


def gradW(x, y, z, h):
    """Gradient of the Gaussian smoothing kernel (3D)."""
    r = np.sqrt(x**2 + y**2 + z**2)
    n = -2 * np.exp(-r**2 / h**2) / h**5 / (np.pi)**(3 / 2)
    wx = n * x
    wy = n * y
    wz = n * z
    return wx, wy, wz


def getPairwiseSeparations(ri, rj):
    """Separations between every point of ri and every point of rj."""
    M = ri.shape[0]
    N = rj.shape[0]

    rix = ri[:, 0].reshape((M, 1))
    riy = ri[:, 1].reshape((M, 1))
    riz = ri[:, 2].reshape((M, 1))
    rjx = rj[:, 0].reshape((N, 1))
    rjy = rj[:, 1].reshape((N, 1))
    rjz = rj[:, 2].reshape((N, 1))

    dx = rix - rjx.T
    dy = riy - rjy.T
    dz = riz - rjz.T
    return dx, dy, dz


def getDensity(r, pos, m, h):
    M = r.shape[0]
    dx, dy, dz = getPairwiseSeparations(r, pos)
    rho = np.sum(m * W(dx, dy, dz, h), 1).reshape((M, 1))
    return rho


def getPressure(rho, k, n):
    P = k * rho**(1 + 1 / n)
    return P


def getAcc(pos, vel, m, h, k, n, lmbda, nu):
    N = pos.shape[0]
    rho = getDensity(pos, pos, m, h)
    P = getPressure(rho, k, n)
    dx, dy, dz = getPairwiseSeparations(pos, pos)
    dWx, dWy, dWz = gradW(dx, dy, dz, h)

    ax = -np.sum(m * (P / rho**2 + P.T / rho.T**2) * dWx, 1).reshape((N, 1))
    ay = -np.sum(m * (P / rho**2 + P.T / rho.T**2) * dWy, 1).reshape((N, 1))
    az = -np.sum(m * (P / rho**2 + P.T / rho.T**2) * dWz, 1).reshape((N, 1))
    a = np.hstack((ax, ay, az))

    a -= lmbda * pos
    a -= nu * vel
    return a


N = 100
t = 0
tEnd = 1.0
dt = 0.04
M = 2
R = 0.75
h = 0.1
k = 0.1
n = 1
nu = 1

np.random.seed(42)

lmbda = 2 * k * (1 + n) * np.pi**(-3 / (2 * n)) * (M * gamma(5 / 2 + n) / R**3 / gamma(1 + n))**(1 / n) / R**2
m = M / N
pos = np.random.randn(N, 3)
vel = np.zeros(pos.shape)

acc = getAcc(pos, vel, m, h, k, n, lmbda, nu)
Nt = int(np.ceil(tEnd / dt))

for i in range(Nt):
    vel += acc * dt / 2
    pos += vel * dt
    acc = getAcc(pos, vel, m, h, k, n, lmbda, nu)
    vel += acc * dt / 2
    t += dt
    rho = getDensity(pos, pos, m, h)

np.save("pos.npy", pos)
np.save("rho.npy", rho)
