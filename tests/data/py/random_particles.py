"""Brownian particles in a box (np.random.default_rng): uniform start, normal velocities,
normal noise drawn on every step of the time loop, reflecting walls, then integer kicks
and one more scalar draw."""
# tolerance: exact
import numpy as np

rng = np.random.default_rng(12345)
n = 50
dt = 0.01
D = 0.5
pos = rng.uniform(0.0, 1.0, size=(n, 2))
vel = rng.standard_normal((n, 2))
noise_scale = np.sqrt(2 * D * dt)
for step in range(100):
    vel = 0.9 * vel + rng.normal(0.0, noise_scale, size=(n, 2))
    pos = pos + dt * vel
    pos = np.where(pos < 0.0, -pos, pos)
    pos = np.where(pos > 1.0, 2.0 - pos, pos)
kicks = rng.integers(0, 4, size=n)
first = rng.random()
print(np.sum(kicks))
print(first)
np.save("pos.npy", pos)
np.save("kicks.npy", kicks)
np.save("vel.npy", vel)
