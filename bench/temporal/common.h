/*
 * common.h: what the two C stencil programs of bench/temporal share: the timer, numpy's
 * linspace, a strided 2-D view of a grid or of a tile's scratch buffer, timing several
 * repetitions of the stepping, and writing the final grid raw for the bit-for-bit check.
 * Built with gcc -O3 -march=native -ffp-contract=off (no FMA: NumPy's and arrayc's
 * rounding is kept, so every variant must give the same bits).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of the calling thread: what the stepping costs when the machine's other work
 * takes the core away part of the time (wall time counts those pauses). */
static inline double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline long min_l(long a, long b) { return a < b ? a : b; }
static inline long max_l(long a, long b) { return a > b ? a : b; }

static inline double *alloc(size_t n) {
    double *p = aligned_alloc(64, ((n * sizeof(double) + 63) / 64) * 64);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
    memset(p, 0, n * sizeof(double));
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

/* Element (row g, column c), in grid coordinates, is p[(g - row0) * stride + (c - col0)]:
 * the whole grid is {grid, ny, 0, 0}; a tile's scratch holds a window of the grid. */
typedef struct {
    double *p;
    long stride, row0, col0;
} view;

static inline double *at(view v, long g, long c) {
    return v.p + (g - v.row0) * v.stride + (c - v.col0);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *times, long reps) {
    qsort(times, (size_t)reps, sizeof(double), cmp_double);
    return (reps % 2) ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
}

/* Prints the median and best wall time per step of `reps` timed runs, the median CPU time
 * per step and the checksum, and writes the grid raw (float64, C order) to `out` unless it
 * is NULL. */
static void report(const char *mode, long nx, long ny, long steps, double *times, double *cpu,
                   long reps, const double *grid, const char *out) {
    double med = median(times, reps), cpu_med = median(cpu, reps);
    double div = steps > 0 ? (double)steps : 1.0;
    double sum = 0.0;
    for (long k = 0; k < nx * ny; k++) sum += grid[k];
    printf("mode=%s nx=%ld ny=%ld steps=%ld reps=%ld us_per_step_median=%.2f "
           "us_per_step_best=%.2f cpu_us_per_step_median=%.2f sum=%.17g\n",
           mode, nx, ny, steps, reps, 1e6 * med / div, 1e6 * times[0] / div,
           1e6 * cpu_med / div, sum);
    if (out) {
        FILE *f = fopen(out, "wb");
        if (!f || fwrite(grid, sizeof(double), (size_t)(nx * ny), f) != (size_t)(nx * ny) ||
            fclose(f) != 0) {
            fprintf(stderr, "cannot write %s\n", out);
            exit(1);
        }
    }
}
