/*
 * advect_tb.c: the advect step of examples/advect_loop.arr on an nx x ny grid, stepped by
 * the plain loop (one pass over the grid per step, two ping-pong buffers) or temporally
 * blocked (K steps per pass over tiles of R rows x C columns). The stencil couples rows
 * only (grad along axis 0), so a tile needs a halo of K rows and none along the columns.
 *
 *   next = d + (-dt) * (v * ((f[i+1] - f[i-1]) * 0.5))      interior rows
 *   row 0 and row nx-1: one-sided differences times 1.0     (numpy.gradient's edges)
 *
 * written in arrayc's operation order (dt * ((-v) * g) with g = (f+ - f-) / 2 gives the
 * same bits: every rewrite is an exact sign flip or an exact halving).
 *
 * Usage: advect_tb NX NY STEPS REPS plain [OUT.f64]
 *        advect_tb NX NY STEPS REPS blocked R C K [OUT.f64]
 * Only the stepping is timed; every repetition starts again from the initial density.
 */
#include "common.h"

static const double MINUS_DT = -0.1;

/* One row of the step: out = f0 + (-dt) * (v * ((fp - fm) * h)). */
static inline void advect_row(double *restrict out, const double *restrict fm,
                              const double *restrict f0, const double *restrict fp,
                              const double *restrict v, long width, double h) {
    for (long j = 0; j < width; j++) out[j] = f0[j] + MINUS_DT * (v[j] * ((fp[j] - fm[j]) * h));
}

/* Rows [a, b) of the columns [c0, c0 + width) of the next step, read from `src`, into `dst`
 * (both views in grid coordinates). */
static void advect_rows(view dst, view src, const double *v, long a, long b, long c0,
                        long width, long nx) {
    for (long g = a; g < b; g++) {
        if (g == 0)
            advect_row(at(dst, g, c0), at(src, 0, c0), at(src, 0, c0), at(src, 1, c0), v + c0,
                       width, 1.0);
        else if (g == nx - 1)
            advect_row(at(dst, g, c0), at(src, nx - 2, c0), at(src, nx - 1, c0),
                       at(src, nx - 1, c0), v + c0, width, 1.0);
        else
            advect_row(at(dst, g, c0), at(src, g - 1, c0), at(src, g, c0), at(src, g + 1, c0),
                       v + c0, width, 0.5);
    }
}

/* K steps from `cur` into `nxt`, tile by tile: the tile's rows grown by the halo that the
 * remaining steps still need are computed into two scratch buffers in turn, the last step
 * straight into `nxt`. */
static void advect_block(double *nxt, double *cur, const double *v, long nx, long ny, long R,
                         long C, long K, double *scratch[2]) {
    for (long r0 = 0; r0 < nx; r0 += R) {
        long r1 = min_l(nx, r0 + R), lo = max_l(0, r0 - K);
        for (long c0 = 0; c0 < ny; c0 += C) {
            long width = min_l(ny, c0 + C) - c0;
            view src = {cur, ny, 0, 0};
            for (long j = 1; j <= K; j++) {
                long a = max_l(0, r0 - (K - j)), b = min_l(nx, r1 + (K - j));
                view dst = j == K ? (view){nxt, ny, 0, 0} : (view){scratch[j % 2], width, lo, c0};
                advect_rows(dst, src, v, a, b, c0, width, nx);
                src = dst;
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s NX NY STEPS REPS plain|blocked [R C K] [OUT.f64]\n", argv[0]);
        return 2;
    }
    long nx = atol(argv[1]), ny = atol(argv[2]), steps = atol(argv[3]), reps = atol(argv[4]);
    const char *mode = argv[5];
    int blocked = strcmp(mode, "blocked") == 0;
    if (!blocked && strcmp(mode, "plain") != 0) { fprintf(stderr, "bad mode %s\n", mode); return 2; }
    long R = 0, C = 0, K = 1;
    int next_arg = 6;
    if (blocked) {
        if (argc < 9) { fprintf(stderr, "blocked needs R C K\n"); return 2; }
        R = atol(argv[6]); C = atol(argv[7]); K = atol(argv[8]);
        next_arg = 9;
    }
    const char *out = argc > next_arg ? argv[next_arg] : NULL;
    if (nx < 2 || ny < 1 || steps < 0 || reps < 1 || (blocked && (R < 1 || C < 1 || K < 1))) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    size_t n = (size_t)(nx * ny);
    double *x = alloc((size_t)nx), *y = alloc((size_t)ny), *v = alloc((size_t)ny);
    double *init = alloc(n), *a = alloc(n), *b = alloc(n), *times = alloc((size_t)reps), *cpu = alloc((size_t)reps);
    double *scratch[2] = {NULL, NULL};
    if (blocked) {
        size_t tile = (size_t)((R + 2 * K) * min_l(C, ny));
        scratch[0] = alloc(tile);
        scratch[1] = alloc(tile);
    }
    linspace(x, -32.0, 32.0, nx);
    linspace(y, -16.0, 16.0, ny);
    for (long i = 0; i < nx; i++) {
        double xs = x[i] + 8.0, tx = -0.05 * (xs * xs);
        for (long j = 0; j < ny; j++) {
            double ys = y[j] - 2.0;
            init[i * ny + j] = exp(tx - 0.005 * (ys * ys));
        }
    }
    for (long j = 0; j < ny; j++) v[j] = exp(-0.05 * (y[j] * y[j]));

    double *result = a;
    for (long r = 0; r < reps; r++) {
        memcpy(a, init, n * sizeof(double));
        double *cur = a, *nxt = b;
        double t0 = now_s(), c0 = cpu_s();
        if (blocked) {
            for (long s = 0; s < steps; s += K) {
                advect_block(nxt, cur, v, nx, ny, R, C, min_l(K, steps - s), scratch);
                double *t = cur; cur = nxt; nxt = t;
            }
        } else {
            for (long s = 0; s < steps; s++) {
                advect_rows((view){nxt, ny, 0, 0}, (view){cur, ny, 0, 0}, v, 0, nx, 0, ny, nx);
                double *t = cur; cur = nxt; nxt = t;
            }
        }
        times[r] = now_s() - t0;
        cpu[r] = cpu_s() - c0;
        result = cur;
    }
    report(mode, nx, ny, steps, times, cpu, reps, result, out);
    return 0;
}
