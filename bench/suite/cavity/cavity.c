/* cavity, C: "12 steps to Navier-Stokes" step 11 as loops, NumPy's operation order kept.
 * cavity NX NY NT NIT OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long nx = arg_long(argc, argv, 1), ny = arg_long(argc, argv, 2);
    long nt = arg_long(argc, argv, 3), nit = arg_long(argc, argv, 4);
    const char *out = argv[5];
    const double rho = 1, nu = 0.1, dt = 0.001;
    const double dx = 2.0 / (double)(nx - 1), dy = 2.0 / (double)(ny - 1);
    const double dx2 = dx * dx, dy2 = dy * dy;
    double t0 = now_us();
    long sz = nx * ny;
    double *u = alloc(sz), *v = alloc(sz), *p = alloc(sz), *b = alloc(sz);
    double *un = alloc(sz), *vn = alloc(sz), *pn = alloc(sz);
#define AT(a, i, j) a[(i) * nx + (j)]
    for (long n = 0; n < nt; n++) {
        memcpy(un, u, (size_t)sz * sizeof(double));
        memcpy(vn, v, (size_t)sz * sizeof(double));
        for (long i = 1; i < ny - 1; i++)
            for (long j = 1; j < nx - 1; j++) {
                double dudx = (AT(u, i, j + 1) - AT(u, i, j - 1)) / (2 * dx);
                double dvdy = (AT(v, i + 1, j) - AT(v, i - 1, j)) / (2 * dy);
                AT(b, i, j) = rho * (1 / dt * (dudx + dvdy) - dudx * dudx -
                                     2 * ((AT(u, i + 1, j) - AT(u, i - 1, j)) / (2 * dy) *
                                          (AT(v, i, j + 1) - AT(v, i, j - 1)) / (2 * dx)) -
                                     dvdy * dvdy);
            }
        for (long q = 0; q < nit; q++) {
            double *tmp = pn; pn = p; p = tmp;
            for (long i = 1; i < ny - 1; i++)
                for (long j = 1; j < nx - 1; j++)
                    AT(p, i, j) = ((AT(pn, i, j + 1) + AT(pn, i, j - 1)) * dy2 +
                                   (AT(pn, i + 1, j) + AT(pn, i - 1, j)) * dx2) / (2 * (dx2 + dy2)) -
                                  dx2 * dy2 / (2 * (dx2 + dy2)) * AT(b, i, j);
            /* the edges of p come from pn's edges, then NumPy's four assignments */
            for (long i = 0; i < ny; i++) { AT(p, i, 0) = AT(pn, i, 0); AT(p, i, nx - 1) = AT(pn, i, nx - 1); }
            for (long j = 0; j < nx; j++) { AT(p, 0, j) = AT(pn, 0, j); AT(p, ny - 1, j) = AT(pn, ny - 1, j); }
            for (long i = 0; i < ny; i++) AT(p, i, nx - 1) = AT(p, i, nx - 2);
            for (long j = 0; j < nx; j++) AT(p, 0, j) = AT(p, 1, j);
            for (long i = 0; i < ny; i++) AT(p, i, 0) = AT(p, i, 1);
            for (long j = 0; j < nx; j++) AT(p, ny - 1, j) = 0;
        }
        for (long i = 1; i < ny - 1; i++)
            for (long j = 1; j < nx - 1; j++) {
                double uc = AT(un, i, j), vc = AT(vn, i, j);
                AT(u, i, j) = uc - uc * dt / dx * (uc - AT(un, i, j - 1)) -
                              vc * dt / dy * (uc - AT(un, i - 1, j)) -
                              dt / (2 * rho * dx) * (AT(p, i, j + 1) - AT(p, i, j - 1)) +
                              nu * (dt / dx2 * (AT(un, i, j + 1) - 2 * uc + AT(un, i, j - 1)) +
                                    dt / dy2 * (AT(un, i + 1, j) - 2 * uc + AT(un, i - 1, j)));
                AT(v, i, j) = vc - uc * dt / dx * (vc - AT(vn, i, j - 1)) -
                              vc * dt / dy * (vc - AT(vn, i - 1, j)) -
                              dt / (2 * rho * dy) * (AT(p, i + 1, j) - AT(p, i - 1, j)) +
                              nu * (dt / dx2 * (AT(vn, i, j + 1) - 2 * vc + AT(vn, i, j - 1)) +
                                    dt / dy2 * (AT(vn, i + 1, j) - 2 * vc + AT(vn, i - 1, j)));
            }
        for (long j = 0; j < nx; j++) { AT(u, 0, j) = 0; AT(v, 0, j) = 0; AT(v, ny - 1, j) = 0; }
        for (long i = 0; i < ny; i++) { AT(u, i, 0) = 0; AT(u, i, nx - 1) = 0; AT(v, i, 0) = 0; AT(v, i, nx - 1) = 0; }
        for (long j = 0; j < nx; j++) AT(u, ny - 1, j) = 1;
    }
    report(now_us() - t0);
    write_f64(out, "u", u, sz);
    write_f64(out, "v", v, sz);
    write_f64(out, "p", p, sz);
    return 0;
}
