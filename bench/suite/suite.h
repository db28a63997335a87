/*
 * suite.h: what every C version of a suite program shares: argument parsing, the timer,
 * numpy.linspace, reading raw float64 inputs and writing raw float64 outputs.
 * Usage of every program: PROG PARAM... [INPUT.f64...] OUTDIR; it prints `us=MICROSECONDS`
 * (the computation alone, inputs read before the clock starts) and writes OUTDIR/NAME.f64.
 * Built with gcc -O3 -march=native -ffp-contract=off (no FMA, so NumPy's rounding is kept).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + 1e-3 * (double)ts.tv_nsec;
}

static inline long arg_long(int argc, char **argv, int i) {
    if (i >= argc) { fprintf(stderr, "missing argument %d\n", i); exit(2); }
    return strtol(argv[i], NULL, 10);
}

static inline double *alloc(long n) {
    double *p = calloc((size_t)(n > 0 ? n : 1), sizeof(double));
    if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
    return p;
}

/* numpy.linspace(start, stop, n): k * step + start, the last element exactly stop. */
static inline void linspace(double *out, double start, double stop, long n) {
    if (n <= 0) return;
    if (n == 1) { out[0] = start; return; }
    double step = (stop - start) / (double)(n - 1);
    for (long k = 0; k < n; k++) out[k] = (double)k * step + start;
    out[n - 1] = stop;
}

static inline double *read_f64(const char *path, long n) {
    double *p = alloc(n);
    FILE *f = fopen(path, "rb");
    if (!f || fread(p, sizeof(double), (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %ld float64 from %s\n", n, path);
        exit(2);
    }
    fclose(f);
    return p;
}

static inline void write_f64(const char *dir, const char *name, const double *p, long n) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.f64", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, sizeof(double), (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
    fclose(f);
}

static inline void report(double us) { printf("us=%.3f\n", us); }
