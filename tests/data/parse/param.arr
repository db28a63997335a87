param n = 64
param dx = 1.0 / (n - 1)
param k = min(n, 8)
