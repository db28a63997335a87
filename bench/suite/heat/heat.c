/* heat, C: periodic 5-point stencil, interior rows without wrap-around tests, two buffers.
 * heat N STEPS OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long n = arg_long(argc, argv, 1), steps = arg_long(argc, argv, 2);
    const char *out = argv[3];
    const double alpha = 0.2;
    double t0 = now_us();
    double *u = alloc(n * n), *next = alloc(n * n);
    for (long i = n / 4; i < 3 * n / 4; i++)
        for (long j = n / 4; j < n / 2; j++) u[i * n + j] = 100.0;
    for (long s = 0; s < steps; s++) {
        for (long i = 0; i < n; i++) {
            const double *up = u + ((i + n - 1) % n) * n;   /* roll(u, 1, 0): u[i-1] */
            const double *dn = u + ((i + 1) % n) * n;       /* roll(u, -1, 0): u[i+1] */
            const double *ui = u + i * n;
            double *ni = next + i * n;
            /* roll(u, 1, 1) is u[j-1], roll(u, -1, 1) is u[j+1]; NumPy's order of the sum */
            ni[0] = ui[0] + alpha * (up[0] + dn[0] + ui[n - 1] + ui[1] - 4 * ui[0]);
            for (long j = 1; j < n - 1; j++)
                ni[j] = ui[j] + alpha * (up[j] + dn[j] + ui[j - 1] + ui[j + 1] - 4 * ui[j]);
            ni[n - 1] = ui[n - 1] + alpha * (up[n - 1] + dn[n - 1] + ui[n - 2] + ui[0] - 4 * ui[n - 1]);
        }
        double *tmp = u; u = next; next = tmp;
    }
    double peak = u[0];
    for (long k = 1; k < n * n; k++) peak = u[k] > peak ? u[k] : peak;
    report(now_us() - t0);
    write_f64(out, "u", u, n * n);
    write_f64(out, "peak", &peak, 1);
    return 0;
}
