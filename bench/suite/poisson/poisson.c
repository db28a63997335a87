/* poisson, C: Jacobi sweep over the interior with the source term, edges kept at zero.
 * poisson NX NY ITERS OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long nx = arg_long(argc, argv, 1), ny = arg_long(argc, argv, 2), iters = arg_long(argc, argv, 3);
    const char *out = argv[4];
    const double dx = 2.0 / (double)(nx - 1), dy = 1.0 / (double)(ny - 1);
    const double dx2 = dx * dx, dy2 = dy * dy, den = 2 * (dx2 + dy2);
    double t0 = now_us();
    double *b = alloc(nx * ny), *p = alloc(nx * ny), *pd = alloc(nx * ny);
    b[(ny / 4) * nx + nx / 4] = 100;
    b[(3 * ny / 4) * nx + 3 * nx / 4] = -100;
    for (long it = 0; it < iters; it++) {
        double *tmp = pd; pd = p; p = tmp;
        for (long i = 1; i < ny - 1; i++)
            for (long j = 1; j < nx - 1; j++) {
                long k = i * nx + j;
                p[k] = ((pd[k + 1] + pd[k - 1]) * dy2 + (pd[k + nx] + pd[k - nx]) * dx2 - b[k] * dx2 * dy2) / den;
            }
    }
    report(now_us() - t0);
    write_f64(out, "p", p, nx * ny);
    return 0;
}
