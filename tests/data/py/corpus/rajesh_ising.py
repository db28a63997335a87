# Corpus: the 2-D Ising model by Metropolis Monte Carlo: random spins, N*N single-spin
# trial flips per sweep at random sites, periodic neighbours by modulo, energy and
# magnetisation of the final state, a few temperatures.
# After: R. Singh, "Monte Carlo simulation of the 2D Ising model" (compPhy notebooks),
#   https://github.com/rajeshrinet/compPhy notebooks/2018/ising (licence not stated there).
# Written in that notebook's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; N = 10, 3 temperatures, 100 sweeps; np.random.seed(1).
# tolerance: transcendental
import numpy as np
from numpy.random import rand


def initialstate(N):
    """Random spin configuration."""
    state = 2 * np.random.randint(2, size=(N, N)) - 1
    return state


def mcmove(config, beta):
    """One Monte Carlo sweep with the Metropolis algorithm."""
    for i in range(N):
        for j in range(N):
            a = np.random.randint(0, N)
            b = np.random.randint(0, N)
            s = config[a, b]
            nb = config[(a + 1) % N, b] + config[a, (b + 1) % N] + config[(a - 1) % N, b] + config[a, (b - 1) % N]
            cost = 2 * s * nb
            if cost < 0:
                s *= -1
            elif rand() < np.exp(-cost * beta):
                s *= -1
            config[a, b] = s
    return config


def calcEnergy(config):
    energy = 0
    for i in range(len(config)):
        for j in range(len(config)):
            S = config[i, j]
            nb = config[(i + 1) % N, j] + config[i, (j + 1) % N] + config[(i - 1) % N, j] + config[i, (j - 1) % N]
            energy += -nb * S
    return energy / 4.


def calcMag(config):
    mag = np.sum(config)
    return mag


nt = 3
N = 10
mcSteps = 100

np.random.seed(1)
T = np.linspace(1.5, 3.3, nt)
E = np.zeros(nt)
M = np.zeros(nt)

for tt in range(nt):
    config = initialstate(N)
    iT = 1.0 / T[tt]
    for i in range(mcSteps):
        mcmove(config, iT)
    E[tt] = calcEnergy(config)
    M[tt] = calcMag(config)

np.save("E.npy", E)
np.save("M.npy", M)
