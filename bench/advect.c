/*
 * C reference of the advect step (examples/advect.arr), as the project's reference
 * measurements describe it: one fused pass over the grid per step, two ping-pong buffers,
 * gradient along axis 0 with NumPy's edge rules (numpy.gradient, edge_order=1):
 *
 *     g[0]    = f[1] - f[0]
 *     g[i]    = (f[i+1] - f[i-1]) / 2          0 < i < nx-1
 *     g[nx-1] = f[nx-1] - f[nx-2]
 *     next    = d + dt * ((-v) * g)            (NumPy's operation order)
 *
 * Build:  gcc -O3 -march=native -ffp-contract=off -o advect advect.c -lm
 *         (-ffp-contract=off forbids FMA so the result is bit-identical to NumPy)
 *         Add -DREAL=float for the float32 loop (the grid is set up in double and rounded
 *         once, as `astype(float32)` would; dt is the float nearest 0.1, as NumPy rounds a
 *         weak Python scalar): the reference for float32 arrayc (issue 11). OUT is then
 *         float32 data.
 * Usage:  advect [nx [ny [steps [reps [OUT.f64]]]]]   defaults 512 128 10 5
 *
 * Only the stepping is timed (clock_gettime(CLOCK_MONOTONIC)); each repetition starts
 * again from the initial density. Prints one line of key=value pairs:
 *   us_per_step_best, us_per_step_median, sum, max, ...
 * If OUT.f64 is given, the final density (nx*ny float64, C order, native endianness)
 * is written there raw so it can be compared bit for bit with arrayc's `-o` output.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The element type of the grid: double (NumPy's float64) unless built with -DREAL=float. */
#ifndef REAL
#define REAL double
#endif

/* numpy.linspace(start, stop, n): k*step + start, last element = stop. */
static void linspace(double *out, double start, double stop, long n) {
    if (n <= 0) return;
    if (n == 1) { out[0] = start; return; }
    double step = (stop - start) / (double)(n - 1);
    for (long k = 0; k < n; k++) out[k] = (double)k * step + start;
    out[n - 1] = stop;
}

/* One fused step: next = d + dt * ((-v) * grad(d, axis 0)). Rows are axis 0. */
static void step(REAL *restrict next, const REAL *restrict d,
                 const REAL *restrict v, long nx, long ny, REAL dt) {
    if (nx < 2) { /* numpy.gradient needs >= 2 points; keep the value unchanged */
        memcpy(next, d, (size_t)(nx * ny) * sizeof(REAL));
        return;
    }
    /* first row: one-sided forward difference (divided by h = 1) */
    {
        const REAL *f0 = d, *f1 = d + ny;
        for (long j = 0; j < ny; j++) {
            REAL g = f1[j] - f0[j];
            next[j] = d[j] + dt * ((-v[j]) * g);
        }
    }
    /* interior rows: central difference / 2 */
    for (long i = 1; i < nx - 1; i++) {
        const REAL *fm = d + (i - 1) * ny, *fp = d + (i + 1) * ny;
        const REAL *di = d + i * ny, *vi = v + i * ny;
        REAL *ni = next + i * ny;
        for (long j = 0; j < ny; j++) {
            REAL g = (fp[j] - fm[j]) / (REAL)2.0;
            ni[j] = di[j] + dt * ((-vi[j]) * g);
        }
    }
    /* last row: one-sided backward difference */
    {
        long i = nx - 1;
        const REAL *fl = d + i * ny, *fm = d + (i - 1) * ny, *vi = v + i * ny;
        REAL *ni = next + i * ny;
        for (long j = 0; j < ny; j++) {
            REAL g = fl[j] - fm[j];
            ni[j] = fl[j] + dt * ((-vi[j]) * g);
        }
    }
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    long nx = argc > 1 ? atol(argv[1]) : 512;
    long ny = argc > 2 ? atol(argv[2]) : 128;
    long steps = argc > 3 ? atol(argv[3]) : 10;
    long reps = argc > 4 ? atol(argv[4]) : 5;
    const char *out_path = argc > 5 ? argv[5] : NULL;
    const REAL dt = (REAL)0.1;
    if (nx < 1 || ny < 1 || steps < 0 || reps < 1) {
        fprintf(stderr, "usage: %s [nx [ny [steps [reps [OUT.f64]]]]]\n", argv[0]);
        return 2;
    }
    size_t n = (size_t)nx * (size_t)ny;
    double *x = malloc((size_t)nx * sizeof(double));
    double *y = malloc((size_t)ny * sizeof(double));
    REAL *init = malloc(n * sizeof(REAL));
    REAL *vel = malloc(n * sizeof(REAL));
    REAL *a = malloc(n * sizeof(REAL));
    REAL *b = malloc(n * sizeof(REAL));
    double *times = malloc((size_t)reps * sizeof(double));
    if (!x || !y || !init || !vel || !a || !b || !times) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    linspace(x, -32.0, 32.0, nx); /* reshaped to a column [nx, 1] */
    linspace(y, -16.0, 16.0, ny);
    /* density = exp(-0.05 * (x + 8)^2 - 0.005 * (y - 2)^2), ^2 as a*a (NumPy's square) */
    for (long i = 0; i < nx; i++) {
        double xs = x[i] + 8.0;
        double tx = -0.05 * (xs * xs);
        for (long j = 0; j < ny; j++) {
            double ys = y[j] - 2.0;
            init[i * ny + j] = exp(tx - 0.005 * (ys * ys));
        }
    }
    /* velocity = broadcast(exp(-0.05 * y^2), [nx, ny]) : materialised like the anchor */
    for (long j = 0; j < ny; j++) {
        double vj = exp(-0.05 * (y[j] * y[j]));
        for (long i = 0; i < nx; i++) vel[i * ny + j] = vj;
    }

    REAL *result = NULL;
    for (long r = 0; r < reps; r++) {
        memcpy(a, init, n * sizeof(REAL));
        REAL *cur = a, *nxt = b;
        double t0 = now_s();
        for (long s = 0; s < steps; s++) {
            step(nxt, cur, vel, nx, ny, dt);
            REAL *t = cur; cur = nxt; nxt = t;
        }
        double t1 = now_s();
        times[r] = t1 - t0;
        result = cur;
    }

    double sum = 0.0, mx = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        sum += result[k];
        if (result[k] > mx) mx = result[k];
    }
    qsort(times, (size_t)reps, sizeof(double), cmp_double);
    double best = times[0];
    double med = (reps % 2) ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
    double div = steps > 0 ? (double)steps : 1.0;
    printf("nx=%ld ny=%ld steps=%ld reps=%ld us_per_step_best=%.3f us_per_step_median=%.3f "
           "sum=%.17g max=%.17g\n",
           nx, ny, steps, reps, 1e6 * best / div, 1e6 * med / div, sum, mx);

    if (out_path) {
        FILE *f = fopen(out_path, "wb");
        if (!f || fwrite(result, sizeof(REAL), n, f) != n || fclose(f) != 0) {
            fprintf(stderr, "cannot write %s\n", out_path);
            return 1;
        }
    }
    free(x); free(y); free(init); free(vel); free(a); free(b); free(times);
    return 0;
}
