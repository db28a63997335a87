/* advect, C: one fused pass per step (numpy.gradient along axis 0), two buffers swapped.
 * advect NX NY STEPS OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long nx = arg_long(argc, argv, 1), ny = arg_long(argc, argv, 2), steps = arg_long(argc, argv, 3);
    const char *out = argv[4];
    const double dt = 0.1;
    double t0 = now_us();
    double *x = alloc(nx), *y = alloc(ny), *v = alloc(ny);
    double *d = alloc(nx * ny), *next = alloc(nx * ny);
    linspace(x, -32, 32, nx);
    linspace(y, -16, 16, ny);
    for (long i = 0; i < nx; i++)
        for (long j = 0; j < ny; j++)
            d[i * ny + j] = exp(-0.05 * ((x[i] + 8) * (x[i] + 8)) - 0.005 * ((y[j] - 2) * (y[j] - 2)));
    for (long j = 0; j < ny; j++) v[j] = exp(-0.05 * (y[j] * y[j]));
    for (long s = 0; s < steps; s++) {
        for (long j = 0; j < ny; j++) next[j] = d[j] + dt * ((-v[j]) * (d[ny + j] - d[j]));
        for (long i = 1; i < nx - 1; i++) {
            const double *dm = d + (i - 1) * ny, *di = d + i * ny, *dp = d + (i + 1) * ny;
            double *ni = next + i * ny;
            for (long j = 0; j < ny; j++) ni[j] = di[j] + dt * ((-v[j]) * ((dp[j] - dm[j]) / 2.0));
        }
        const double *dl = d + (nx - 1) * ny, *dm = d + (nx - 2) * ny;
        double *nl = next + (nx - 1) * ny;
        for (long j = 0; j < ny; j++) nl[j] = dl[j] + dt * ((-v[j]) * (dl[j] - dm[j]));
        double *tmp = d; d = next; next = tmp;
    }
    report(now_us() - t0);
    write_f64(out, "density", d, nx * ny);
    return 0;
}
