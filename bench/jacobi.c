/* The Jacobi sweep of bench/jacobi.arr in C: two buffers swapped each sweep, the interior
 * update then the four boundary conditions, in the same order and arithmetic.
 * gcc -O3 -march=native -ffp-contract=off jacobi.c -o jacobi && ./jacobi N SWEEPS
 * prints the seconds per sweep and the checksum of p. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 512;
    int sweeps = argc > 2 ? atoi(argv[2]) : 200;
    double *p = calloc((size_t)n * n, sizeof(double));
    double *pn = calloc((size_t)n * n, sizeof(double));
    double *y = malloc((size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) y[i] = (double)i / (n - 1);
    for (int i = 0; i < n; i++) p[i * n + n - 1] = y[i];
    double start = now();
    for (int s = 0; s < sweeps; s++) {
        double *t = pn; pn = p; p = t;    /* pn = the previous p */
        for (int i = 1; i < n - 1; i++)
            for (int j = 1; j < n - 1; j++)
                p[i * n + j] = 0.25 * (pn[i * n + j + 1] + pn[i * n + j - 1] +
                                       pn[(i + 1) * n + j] + pn[(i - 1) * n + j]);
        for (int i = 0; i < n; i++) p[i * n] = 0;
        for (int i = 0; i < n; i++) p[i * n + n - 1] = y[i];
        for (int j = 0; j < n; j++) p[j] = p[n + j];
        for (int j = 0; j < n; j++) p[(n - 1) * n + j] = p[(n - 2) * n + j];
    }
    double elapsed = now() - start;
    double sum = 0;
    for (long k = 0; k < (long)n * n; k++) sum += p[k];
    printf("%.9f %.17g\n", elapsed / sweeps, sum);
    return 0;
}
