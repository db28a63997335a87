/*
 * heat_tb.c: the heat step of bench/temporal/heat.arr (bench/suite/heat/heat.c's loop) on a
 * periodic nx x ny grid, stepped by the plain loop (one pass per step, two ping-pong
 * buffers, wrap-around only in the edge rows and columns) or temporally blocked (K steps
 * per pass over tiles of R x C points, each grown by a halo of K points on every side).
 *
 *   next = u + alpha * ((((u[i-1] + u[i+1]) + u[j-1]) + u[j+1]) - 4 * u)   (NumPy's order)
 *
 * Usage: heat_tb NX NY STEPS REPS plain [OUT.f64]
 *        heat_tb NX NY STEPS REPS blocked R C K [OUT.f64]
 * Only the stepping is timed; every repetition starts again from the initial state.
 */
#include "common.h"

static const double ALPHA = 0.2;

/* One row segment: `up`, `dn` the rows above and below; u[-1] and u[width] must exist. */
static inline void heat_row(double *restrict out, const double *restrict up,
                            const double *restrict u, const double *restrict dn, long width) {
    for (long j = 0; j < width; j++)
        out[j] = u[j] + ALPHA * (up[j] + dn[j] + u[j - 1] + u[j + 1] - 4.0 * u[j]);
}

/* The plain step, as bench/suite/heat/heat.c: the first and last column wrap. */
static void heat_plain(double *restrict next, const double *restrict cur, long nx, long ny) {
    for (long i = 0; i < nx; i++) {
        const double *up = cur + ((i + nx - 1) % nx) * ny, *dn = cur + ((i + 1) % nx) * ny;
        const double *ui = cur + i * ny;
        double *ni = next + i * ny;
        ni[0] = ui[0] + ALPHA * (up[0] + dn[0] + ui[ny - 1] + ui[1] - 4.0 * ui[0]);
        heat_row(ni + 1, up + 1, ui + 1, dn + 1, ny - 2);
        ni[ny - 1] = ui[ny - 1] +
                     ALPHA * (up[ny - 1] + dn[ny - 1] + ui[ny - 2] + ui[0] - 4.0 * ui[ny - 1]);
    }
}

/* K steps from `cur` into `nxt`. A tile's window (the tile and K points around it) is read
 * straight from the grid when it lies inside, else first copied in with wrap-around; each
 * step computes the window shrunk by the steps still to come. */
static void heat_block(double *nxt, const double *cur, long nx, long ny, long R, long C, long K,
                       double *scratch[2]) {
    for (long r0 = 0; r0 < nx; r0 += R) {
        long r1 = min_l(nx, r0 + R);
        for (long c0 = 0; c0 < ny; c0 += C) {
            long c1 = min_l(ny, c0 + C), stride = C + 2 * K;
            view src = {(double *)cur, ny, 0, 0};
            if (r0 - K < 0 || r1 + K > nx || c0 - K < 0 || c1 + K > ny) {
                view copy = {scratch[0], stride, r0 - K, c0 - K};
                for (long g = r0 - K; g < r1 + K; g++) {
                    const double *row = cur + ((g % nx + nx) % nx) * ny;
                    for (long c = c0 - K; c < c1 + K;) { /* contiguous pieces of the row */
                        long wrapped = (c % ny + ny) % ny, piece = min_l(c1 + K - c, ny - wrapped);
                        memcpy(at(copy, g, c), row + wrapped, (size_t)piece * sizeof(double));
                        c += piece;
                    }
                }
                src = copy;
            }
            for (long j = 1; j <= K; j++) {
                long grow = K - j;
                view dst = j == K ? (view){nxt, ny, 0, 0}
                                  : (view){scratch[j % 2], stride, r0 - K, c0 - K};
                for (long g = r0 - grow; g < r1 + grow; g++)
                    heat_row(at(dst, g, c0 - grow), at(src, g - 1, c0 - grow),
                             at(src, g, c0 - grow), at(src, g + 1, c0 - grow),
                             c1 - c0 + 2 * grow);
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
    if (nx < 3 || ny < 3 || steps < 0 || reps < 1 || (blocked && (R < 1 || C < 1 || K < 1))) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    size_t n = (size_t)(nx * ny);
    double *init = alloc(n), *a = alloc(n), *b = alloc(n), *times = alloc((size_t)reps), *cpu = alloc((size_t)reps);
    double *scratch[2] = {NULL, NULL};
    if (blocked) {
        scratch[0] = alloc((size_t)((R + 2 * K) * (C + 2 * K)));
        scratch[1] = alloc((size_t)((R + 2 * K) * (C + 2 * K)));
    }
    for (long i = nx / 4; i < 3 * nx / 4; i++)
        for (long j = ny / 4; j < ny / 2; j++) init[i * ny + j] = 100.0;

    double *result = a;
    for (long r = 0; r < reps; r++) {
        memcpy(a, init, n * sizeof(double));
        double *cur = a, *nxt = b;
        double t0 = now_s(), c0 = cpu_s();
        for (long s = 0; s < steps; s += blocked ? K : 1) {
            if (blocked)
                heat_block(nxt, cur, nx, ny, R, C, min_l(K, steps - s), scratch);
            else
                heat_plain(nxt, cur, nx, ny);
            double *t = cur; cur = nxt; nxt = t;
        }
        times[r] = now_s() - t0;
        cpu[r] = cpu_s() - c0;
        result = cur;
    }
    report(mode, nx, ny, steps, times, cpu, reps, result, out);
    return 0;
}
