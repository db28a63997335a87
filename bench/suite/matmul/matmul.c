/* matmul, C: the triple loop in i, k, j order (rows of b streamed, gcc vectorises over j).
 * matmul N A.f64 B.f64 OUTDIR */
#include "../suite.h"

int main(int argc, char **argv) {
    long n = arg_long(argc, argv, 1);
    double *a = read_f64(argv[2], n * n), *b = read_f64(argv[3], n * n), *c = alloc(n * n);
    const char *out = argv[4];
    double t0 = now_us();
    for (long i = 0; i < n; i++)
        for (long k = 0; k < n; k++) {
            double aik = a[i * n + k];
            const double *bk = b + k * n;
            double *ci = c + i * n;
            for (long j = 0; j < n; j++) ci[j] += aik * bk[j];
        }
    double total = 0;
    for (long k = 0; k < n * n; k++) total += c[k];
    report(now_us() - t0);
    write_f64(out, "c", c, n * n);
    write_f64(out, "total", &total, 1);
    return 0;
}
