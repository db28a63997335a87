/* stats, C: the statistics in three passes over the samples (moments and extremes;
 * centred sums and covariance; histogram, skewness, kurtosis and counts).
 * stats N K NB DATA.f64 OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long n = arg_long(argc, argv, 1), k = arg_long(argc, argv, 2), nb = arg_long(argc, argv, 3);
    double *data = read_f64(argv[4], n * k);
    const char *out = argv[5];
    double t0 = now_us();
    double *mean = alloc(k), *mn = alloc(k), *mx = alloc(k), *row = alloc(n), *var = alloc(k);
    double *sd = alloc(k), *std = alloc(k), *cov = alloc(k * k), *corr = alloc(k * k);
    double *above = alloc(k), *hist = alloc(k * nb), *skew = alloc(k), *kurt = alloc(k);
    double *outl = alloc(k), *edges = alloc(nb + 1);
    for (long c = 0; c < k; c++) { mn[c] = data[c]; mx[c] = data[c]; }
    for (long i = 0; i < n; i++) {
        double s = 0;
        for (long c = 0; c < k; c++) {
            double x = data[i * k + c];
            mean[c] += x;
            mn[c] = x < mn[c] ? x : mn[c];
            mx[c] = x > mx[c] ? x : mx[c];
            s += x;
        }
        row[i] = s / (double)k;
    }
    for (long c = 0; c < k; c++) mean[c] /= (double)n;
    for (long i = 0; i < n; i++)
        for (long c = 0; c < k; c++) {
            double d = data[i * k + c] - mean[c];
            var[c] += d * d;
            above[c] += data[i * k + c] > mean[c];
            for (long e = 0; e < k; e++) cov[c * k + e] += d * (data[i * k + e] - mean[e]);
        }
    for (long c = 0; c < k; c++) {
        sd[c] = sqrt(var[c] / (double)(n - 1));
        var[c] /= (double)n;
        std[c] = sqrt(var[c]);
    }
    for (long c = 0; c < k * k; c++) cov[c] /= (double)(n - 1);
    for (long c = 0; c < k; c++)
        for (long e = 0; e < k; e++) corr[c * k + e] = cov[c * k + e] / sd[c] / sd[e];
    linspace(edges, 0, 1, nb + 1);
    for (long i = 0; i < n; i++)
        for (long c = 0; c < k; c++) {
            double x = data[i * k + c];
            double t = (x - mn[c]) / (mx[c] - mn[c]);
            for (long b = 0; b < nb; b++)
                hist[c * nb + b] += t >= edges[b] && (t < edges[b + 1] || b == nb - 1);
            double z = (x - mean[c]) / std[c];
            skew[c] += pow(z, 3);
            kurt[c] += pow(z, 4);
            outl[c] += fabs(z) > 2;
        }
    for (long c = 0; c < k; c++) { skew[c] /= (double)n; kurt[c] = kurt[c] / (double)n - 3; }
    report(now_us() - t0);
    write_f64(out, "col_mean", mean, k);
    write_f64(out, "col_var", var, k);
    write_f64(out, "col_std", std, k);
    write_f64(out, "col_min", mn, k);
    write_f64(out, "col_max", mx, k);
    write_f64(out, "row_mean", row, n);
    write_f64(out, "hist", hist, k * nb);
    write_f64(out, "skew", skew, k);
    write_f64(out, "kurtosis", kurt, k);
    write_f64(out, "outliers", outl, k);
    write_f64(out, "above_mean", above, k);
    write_f64(out, "cov", cov, k * k);
    write_f64(out, "corr", corr, k * k);
    return 0;
}
