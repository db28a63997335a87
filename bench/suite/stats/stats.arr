# stats: descriptive statistics of a data set of n samples of k features, heavy in
# reductions: per-feature mean, variance, standard deviation, extremes, skewness and
# kurtosis, a histogram per feature, threshold counts, covariance and correlation matrices.
# The data are an input (correlated normal samples), written by the runner.
# Written in today's arrayc: NumPy's `&`/`|` are `&&`/`||`, counts are float64.
# NumPy original: stats_numpy.py (equal to rounding: NumPy sums pairwise).
param n = 100000      # samples
param k = 4           # features
param nb = 10         # histogram bins per feature

input data: [n, k]

out col_mean = mean(data, 0)
let centred = data - col_mean
out col_var = mean(centred^2, 0)
out col_std = sqrt(col_var)
out col_min = min(data, 0)
out col_max = max(data, 0)
out row_mean = mean(data, 1)

# min-max normalisation and a histogram of each feature (the last bin is closed, as in
# numpy.histogram)
let normalised = reshape((data - col_min) / (col_max - col_min), [n, k, 1])
let edges = linspace(0, 1, nb + 1)
let last = arange(nb) == nb - 1
out hist = sum((normalised >= edges[:-1]) && ((normalised < edges[1:]) || last), 0)

let z = centred / col_std
out skew = mean(z^3, 0)
out kurtosis = mean(z^4, 0) - 3
out outliers = sum(abs(z) > 2, 0)
out above_mean = sum(data > col_mean, 0)

out cov = matmul(transpose(centred), centred) / (n - 1)
let sd = sqrt(sum(centred^2, 0) / (n - 1))
out corr = cov / reshape(sd, [k, 1]) / sd
