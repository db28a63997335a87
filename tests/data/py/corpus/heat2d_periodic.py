# Corpus: 2-D heat equation on a periodic square, the five-point Laplacian by np.roll,
# explicit Euler to a final time, a Gaussian initial temperature; the total heat printed.
# After: the np.roll form of the explicit heat solver found in many NumPy course notes
#   (e.g. Scientific Python Lectures, "Advanced NumPy"/exercises; J. Kitchin, "pycse",
#   https://kitchingroup.cheme.cmu.edu/pycse/, CC BY-SA).
# Written for the corpus in that common idiom, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: transcendental
import numpy as np

n = 64
L = 1.0
dx = L / n
alpha = 1.0
dt = 0.2 * dx**2 / alpha
t_end = 0.002

x = np.arange(n) * dx
X, Y = np.meshgrid(x, x, indexing="ij")
T = np.exp(-((X - 0.5)**2 + (Y - 0.5)**2) / 0.01)

t = 0.0
while t < t_end:
    lap = (np.roll(T, 1, axis=0) + np.roll(T, -1, axis=0) +
           np.roll(T, 1, axis=1) + np.roll(T, -1, axis=1) - 4 * T) / dx**2
    T = T + alpha * dt * lap
    t += dt

print(T.sum() * dx * dx)
np.save("T.npy", T)
