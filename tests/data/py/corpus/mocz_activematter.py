# Corpus: the Vicsek model of active matter (flocking): each bird moves at constant speed
# and turns to the mean direction of its neighbours within R, plus noise; periodic box.
# After: P. Mocz, "Create Your Own Active Matter Simulation (With Python)" (2021),
#   https://github.com/pmocz/activematter-python activematter.py (GPL-3.0).
# Written in that program's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save lines; N = 100 birds and Nt = 50 steps instead of 500 and 200.
# tolerance: transcendental
import numpy as np

v0 = 1.0
eta = 0.5
L = 10
R = 1
dt = 0.2
Nt = 50
N = 100

np.random.seed(17)

x = np.random.rand(N, 1) * L
y = np.random.rand(N, 1) * L

theta = 2 * np.pi * np.random.rand(N, 1)
vx = v0 * np.cos(theta)
vy = v0 * np.sin(theta)

for i in range(Nt):
    x += vx * dt
    y += vy * dt

    x = x % L
    y = y % L

    mean_theta = theta
    for b in range(N):
        neighbors = (x - x[b])**2 + (y - y[b])**2 < R**2
        sx = np.sum(np.cos(theta[neighbors]))
        sy = np.sum(np.sin(theta[neighbors]))
        mean_theta[b] = np.arctan2(sy, sx)

    theta = mean_theta + eta * (np.random.rand(N, 1) - 0.5)

    vx = v0 * np.cos(theta)
    vy = v0 * np.sin(theta)

np.save("x.npy", x)
np.save("y.npy", y)
np.save("theta.npy", theta)
