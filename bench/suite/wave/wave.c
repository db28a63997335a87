/* wave, C: leapfrog over the interior, three buffers rotated, edges stay zero.
 * wave N STEPS OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long n = arg_long(argc, argv, 1), steps = arg_long(argc, argv, 2);
    const char *out = argv[3];
    const double c2 = 0.25;
    double t0 = now_us();
    double *x = alloc(n), *prev = alloc(n * n), *u = alloc(n * n), *next = alloc(n * n);
    linspace(x, -1, 1, n);
    for (long i = 1; i < n - 1; i++)
        for (long j = 1; j < n - 1; j++) {
            double r2 = ((x[i] - 0.3) * (x[i] - 0.3) + (x[j] + 0.2) * (x[j] + 0.2)) / 0.09;
            double m = 1 - r2 > 0 ? 1 - r2 : 0;
            prev[i * n + j] = m * m;
        }
    for (long i = 1; i < n - 1; i++)
        for (long j = 1; j < n - 1; j++) {
            long k = i * n + j;
            u[k] = prev[k] + 0.5 * c2 * (prev[k + n] + prev[k - n] + prev[k + 1] + prev[k - 1] - 4 * prev[k]);
        }
    for (long s = 0; s < steps; s++) {
        for (long i = 1; i < n - 1; i++)
            for (long j = 1; j < n - 1; j++) {
                long k = i * n + j;
                next[k] = 2 * u[k] - prev[k] + c2 * (u[k + n] + u[k - n] + u[k + 1] + u[k - 1] - 4 * u[k]);
            }
        double *tmp = prev; prev = u; u = next; next = tmp;
    }
    double energy = 0;
    for (long k = 0; k < n * n; k++) energy += (u[k] - prev[k]) * (u[k] - prev[k]);
    report(now_us() - t0);
    write_f64(out, "u", u, n * n);
    write_f64(out, "energy", &energy, 1);
    return 0;
}
