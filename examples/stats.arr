# Descriptive statistics of a small synthetic data set: 256 samples of 3 correlated features.
#
# Reductions along axes give per-feature means, variances, extremes and z-scores;
# comparisons summed over the sample axis give a histogram and threshold counts; `matmul`
# of the centred data gives the covariance matrix and `dot` one of its entries. The data
# come from `rand` (splitmix64, so the NumPy reference re-implements that generator).
param n = 256         # samples
param nb = 8          # histogram bins per feature

let raw = rand([n, 3], 42)                                       # uniform in [0, 1)
let data = (raw + raw[:, 0:1] * [0, 0.8, -0.5]) * [10, 2, 0.5] + [100, -5, 3]

out col_mean = mean(data, 0)
let centred = data - col_mean
out col_var = mean(centred^2, 0)                 # population variance (NumPy's var)
out col_std = sqrt(col_var)
out col_min = min(data, 0)
out col_max = max(data, 0)
out row_mean = mean(data, 1)
out grand = [sum(data), mean(data), min(data), max(data)]

# min-max normalisation to [0, 1] and a histogram of each feature (the last bin is closed,
# as in numpy.histogram)
out normalised = (data - col_min) / (col_max - col_min)
let edges = linspace(0, 1, nb + 1)
let lo = edges[:-1]
let hi = edges[1:]
let last = arange(nb) == nb - 1
let v = reshape(normalised, [n, 3, 1])
out hist = sum((v >= lo) * ((v < hi) || last), 0)     # [3, nb] counts

# z-scores and counts beyond thresholds
let z = centred / col_std
out z_sq = sum(z^2, 0)                                # n for every feature
out above_mean = sum(data > col_mean, 0)
out outliers = sum(abs(z) > 1.5, 0)
out argmax0 = sum(where(data[:, 0] == max(data[:, 0]), arange(n), 0))

# covariance and correlation
out cov = matmul(transpose(centred), centred) / (n - 1)
out cov01 = dot(centred[:, 0], centred[:, 1]) / (n - 1)
let sd = sqrt(sum(centred^2, 0) / (n - 1))
out corr = cov / reshape(sd, [3, 1]) / sd
