/* laplace, C: Jacobi sweep over the interior, then the four boundary assignments, two buffers.
 * laplace NX NY ITERS OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long nx = arg_long(argc, argv, 1), ny = arg_long(argc, argv, 2), iters = arg_long(argc, argv, 3);
    const char *out = argv[4];
    const double dx = 2.0 / (double)(nx - 1), dy = 1.0 / (double)(ny - 1);
    const double dx2 = dx * dx, dy2 = dy * dy, den = 2 * (dx2 + dy2);
    double t0 = now_us();
    double *y = alloc(ny), *p = alloc(nx * ny), *pn = alloc(nx * ny);
    linspace(y, 0, 1, ny);
    for (long i = 0; i < ny; i++) p[i * nx + nx - 1] = y[i];
    for (long it = 0; it < iters; it++) {
        double *tmp = pn; pn = p; p = tmp;          /* pn holds the last sweep */
        for (long i = 1; i < ny - 1; i++)
            for (long j = 1; j < nx - 1; j++) {
                long k = i * nx + j;
                p[k] = (dy2 * (pn[k + 1] + pn[k - 1]) + dx2 * (pn[k + nx] + pn[k - nx])) / den;
            }
        for (long i = 0; i < ny; i++) {
            p[i * nx] = 0;
            p[i * nx + nx - 1] = y[i];
        }
        memcpy(p, p + nx, (size_t)nx * sizeof(double));
        memcpy(p + (ny - 1) * nx, p + (ny - 2) * nx, (size_t)nx * sizeof(double));
    }
    report(now_us() - t0);
    write_f64(out, "p", p, nx * ny);
    return 0;
}
