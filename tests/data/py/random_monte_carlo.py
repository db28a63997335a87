"""Seeded Monte Carlo with NumPy's legacy stream: pi from random points in the unit square,
then random walkers with normal steps and integer jumps drawn inside the time loop (7
walkers: each `randn(7)` leaves one cached normal for the next step's draw)."""
# tolerance: exact
import numpy as np

np.random.seed(2024)
n = 4000
x = np.random.rand(n)
y = np.random.rand(n)
inside = x * x + y * y <= 1.0
pi_estimate = 4.0 * np.sum(inside) / n
print(pi_estimate)

steps = 200
walkers = 7
position = np.zeros(walkers)
for step in range(steps):
    position += np.random.randn(walkers) * 0.1
    jumps = np.random.randint(-1, 2, size=walkers)
    position += jumps
print(np.mean(position**2))
np.save("position.npy", position)
np.save("pi.npy", np.array([pi_estimate]))
