# Corpus: the Ornstein-Uhlenbeck process by the Euler-Maruyama method, one path, a loop
# over time steps with seeded normal increments.
# After: C. Rossant, "IPython Interactive Computing and Visualization Cookbook" (2nd ed.,
#   2018), recipe 13.4 "Simulating a stochastic differential equation",
#   https://github.com/ipython-books/cookbook-2nd-code (MIT).
# Written in that recipe's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line; np.random.seed(0) added (the recipe draws unseeded).
# tolerance: transcendental
import numpy as np

sigma = 1.
mu = 10.
tau = .05

dt = .001
T = 1.
n = int(T / dt)
t = np.linspace(0., T, n)

sigma_bis = sigma * np.sqrt(2. / tau)
sqrtdt = np.sqrt(dt)

np.random.seed(0)
x = np.zeros(n)
for i in range(n - 1):
    x[i + 1] = x[i] + dt * (-(x[i] - mu) / tau) + \
        sigma_bis * sqrtdt * np.random.randn()

np.save("x.npy", x)
