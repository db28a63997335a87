/* burgers, C: the upwind step as one loop with periodic neighbours, two buffers.
 * burgers N STEPS OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long n = arg_long(argc, argv, 1), steps = arg_long(argc, argv, 2);
    const char *out = argv[3];
    const double nu = 0.002, dx = 2 * 3.141592653589793 / (double)n, dt = 0.2 * dx;
    const double a = dt / dx, b = nu * dt / (dx * dx);
    double t0 = now_us();
    double *u = alloc(n), *next = alloc(n);
    for (long i = 0; i < n; i++) u[i] = 1 + 0.5 * sin((double)i * dx);
    for (long s = 0; s < steps; s++) {
        for (long i = 0; i < n; i++) {
            double up = u[i + 1 < n ? i + 1 : 0], um = u[i > 0 ? i - 1 : n - 1], ui = u[i];
            double du = ui > 0 ? ui - um : up - ui;
            next[i] = ui - a * ui * du + b * (up - 2 * ui + um);
        }
        double *tmp = u; u = next; next = tmp;
    }
    double mean = 0;
    for (long i = 0; i < n; i++) mean += u[i];
    mean /= (double)n;
    report(now_us() - t0);
    write_f64(out, "u", u, n);
    write_f64(out, "momentum", &mean, 1);
    return 0;
}
