# stats: descriptive statistics of a data set of n samples of k features, heavy in
# reductions: per-feature mean, variance, standard deviation, extremes, skewness and
# kurtosis, a histogram per feature, threshold counts, covariance and correlation matrices.
# The data are an input (correlated normal samples), written by the runner.
# Ported line by line from stats_numpy.py: `var`/`std` with `axis=`, `[:, :, None]`, `&`/`|`,
# `transpose(c) @ c` for `c.T @ c` (no methods). Counts are float64 (the only dtype yet).
# NumPy original: stats_numpy.py (equal to rounding: NumPy sums pairwise).
param n = 100000      # samples
param k = 4           # features
param nb = 10         # histogram bins per feature

input data: [n, k]

out col_mean = mean(data, axis=0)
let centred = data - col_mean
out col_var = var(data, axis=0)
out col_std = std(data, axis=0)
out col_min = min(data, axis=0)
out col_max = max(data, axis=0)
out row_mean = mean(data, axis=1)

let normalised = ((data - col_min) / (col_max - col_min))[:, :, None]
let edges = linspace(0, 1, nb + 1)
let last = arange(nb) == nb - 1
out hist = sum((normalised >= edges[:-1]) & ((normalised < edges[1:]) | last), axis=0)

let z = centred / col_std
out skew = mean(z**3, axis=0)
out kurtosis = mean(z**4, axis=0) - 3
out outliers = sum(abs(z) > 2, axis=0)
out above_mean = sum(data > col_mean, axis=0)

out cov = transpose(centred) @ centred / (n - 1)
let sd = sqrt(sum(centred**2, axis=0) / (n - 1))
out corr = cov / sd[:, None] / sd
