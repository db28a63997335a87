/* life, C: neighbour counts with wrapped row and column indices, two buffers.
 * life N STEPS BOARD.f64 OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long n = arg_long(argc, argv, 1), steps = arg_long(argc, argv, 2);
    double *z = read_f64(argv[3], n * n), *next = alloc(n * n);
    const char *out = argv[4];
    double t0 = now_us();
    for (long s = 0; s < steps; s++) {
        for (long i = 0; i < n; i++) {
            const double *a = z + ((i + n - 1) % n) * n, *c = z + i * n, *d = z + ((i + 1) % n) * n;
            for (long j = 0; j < n; j++) {
                long jm = j > 0 ? j - 1 : n - 1, jp = j + 1 < n ? j + 1 : 0;
                double count = a[jm] + a[j] + a[jp] + c[jm] + c[jp] + d[jm] + d[j] + d[jp];
                next[i * n + j] = (count == 3 || (c[j] == 1 && count == 2)) ? 1.0 : 0.0;
            }
        }
        double *tmp = z; z = next; next = tmp;
    }
    double alive = 0;
    for (long k = 0; k < n * n; k++) alive += z[k];
    report(now_us() - t0);
    write_f64(out, "z", z, n * n);
    write_f64(out, "alive", &alive, 1);
    return 0;
}
