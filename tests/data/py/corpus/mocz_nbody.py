# Corpus: gravitational N-body, direct summation with Plummer softening, kick-drift-kick
# leapfrog, kinetic and potential energy every step; random initial conditions, seed 17.
# After: P. Mocz, "Create Your Own N-body Simulation (With Python)" (2020),
#   https://github.com/pmocz/nbody-python nbody.py (GPL-3.0).
# Written in that program's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; N = 40 and tEnd = 2.0 instead of 100 and 10.0; no plotting.
# tolerance: transcendental
import numpy as np


def getAcc(pos, mass, G, softening):
    """Acceleration of every particle from all the others (Newton's law)."""
    x = pos[:, 0:1]
    y = pos[:, 1:2]
    z = pos[:, 2:3]

    dx = x.T - x
    dy = y.T - y
    dz = z.T - z

    inv_r3 = (dx**2 + dy**2 + dz**2 + softening**2)
    inv_r3[inv_r3 > 0] = inv_r3[inv_r3 > 0]**(-1.5)

    ax = G * (dx * inv_r3) @ mass
    ay = G * (dy * inv_r3) @ mass
    az = G * (dz * inv_r3) @ mass

    a = np.hstack((ax, ay, az))
    return a


def getEnergy(pos, vel, mass, G):
    """Kinetic and potential energy of the system."""
    KE = 0.5 * np.sum(np.sum(mass * vel**2))

    x = pos[:, 0:1]
    y = pos[:, 1:2]
    z = pos[:, 2:3]
    dx = x.T - x
    dy = y.T - y
    dz = z.T - z

    inv_r = np.sqrt(dx**2 + dy**2 + dz**2)
    inv_r[inv_r > 0] = 1.0 / inv_r[inv_r > 0]

    PE = G * np.sum(np.sum(np.triu(-(mass * mass.T) * inv_r, 1)))
    return KE, PE


N = 40
t = 0
tEnd = 2.0
dt = 0.01
softening = 0.1
G = 1.0

np.random.seed(17)

mass = 20.0 * np.ones((N, 1)) / N
pos = np.random.randn(N, 3)
vel = np.random.randn(N, 3)

# centre-of-mass frame
vel -= np.mean(mass * vel, 0) / np.mean(mass)

acc = getAcc(pos, mass, G, softening)
KE, PE = getEnergy(pos, vel, mass, G)

Nt = int(np.ceil(tEnd / dt))
KE_save = np.zeros(Nt + 1)
KE_save[0] = KE
PE_save = np.zeros(Nt + 1)
PE_save[0] = PE

for i in range(Nt):
    vel += acc * dt / 2.0
    pos += vel * dt
    acc = getAcc(pos, mass, G, softening)
    vel += acc * dt / 2.0
    t += dt
    KE, PE = getEnergy(pos, vel, mass, G)
    KE_save[i + 1] = KE
    PE_save[i + 1] = PE

np.save("pos.npy", pos)
np.save("vel.npy", vel)
np.save("KE.npy", KE_save)
np.save("PE.npy", PE_save)
