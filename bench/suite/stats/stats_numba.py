"""stats, Numba: every statistic as explicit loops over the samples."""
import numpy as np
from numba import njit


@njit(cache=False)
def stats(n, k, nb, data):
    col_mean = np.zeros(k)
    col_min = data[0].copy()
    col_max = data[0].copy()
    row_mean = np.empty(n)
    for i in range(n):
        s = 0.0
        for c in range(k):
            x = data[i, c]
            col_mean[c] += x
            col_min[c] = min(col_min[c], x)
            col_max[c] = max(col_max[c], x)
            s += x
        row_mean[i] = s / k
    col_mean /= n
    col_var = np.zeros(k)
    cov = np.zeros((k, k))
    above_mean = np.zeros(k)
    for i in range(n):
        for c in range(k):
            d = data[i, c] - col_mean[c]
            col_var[c] += d * d
            if data[i, c] > col_mean[c]:
                above_mean[c] += 1
            for e in range(k):
                cov[c, e] += d * (data[i, e] - col_mean[e])
    sd = np.sqrt(col_var / (n - 1))
    col_var /= n
    col_std = np.sqrt(col_var)
    cov /= n - 1
    corr = np.empty((k, k))
    for c in range(k):
        for e in range(k):
            corr[c, e] = cov[c, e] / sd[c] / sd[e]
    hist = np.zeros((k, nb))
    edges = np.linspace(0, 1, nb + 1)
    skew = np.zeros(k)
    kurtosis = np.zeros(k)
    outliers = np.zeros(k)
    for i in range(n):
        for c in range(k):
            t = (data[i, c] - col_min[c]) / (col_max[c] - col_min[c])
            for b in range(nb):
                if t >= edges[b] and (t < edges[b + 1] or b == nb - 1):
                    hist[c, b] += 1
            z = (data[i, c] - col_mean[c]) / col_std[c]
            skew[c] += z ** 3
            kurtosis[c] += z ** 4
            if abs(z) > 2:
                outliers[c] += 1
    skew /= n
    kurtosis = kurtosis / n - 3
    return col_mean, col_var, col_std, col_min, col_max, row_mean, hist, skew, kurtosis, \
        outliers, above_mean, cov, corr


def run(n, k, nb, data):
    names = ("col_mean", "col_var", "col_std", "col_min", "col_max", "row_mean", "hist", "skew",
             "kurtosis", "outliers", "above_mean", "cov", "corr")
    return dict(zip(names, stats(n, k, nb, data), strict=True))
