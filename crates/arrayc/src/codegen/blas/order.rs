//! NumPy's float64 `matmul` as NumPy computes it on an x86-64 CPU with AVX2 and FMA:
//! NumPy's own dispatch (`DOUBLE_matmul` in `umath/matmul.c.src`: `DOUBLE_dot`, `gemv`,
//! `gemm` or its own loop, decided by the operands' strides) and, where it calls BLAS, the
//! order in which OpenBLAS's Haswell kernels (`ddot.c`, `dgemv_t_4.c`, `dgemv_n_4.c`,
//! `dgemm_kernel_4x8_haswell.S` with the level-3 driver's blocking of `k`) add, with fused
//! multiply-adds where those kernels use them. Checked bit for bit against NumPy 2 with
//! scipy-openblas 0.3.31 on thousands of shapes (`tests/fixtures/make_matmul_fixtures.py`).
//! Precompiled Rust, called by generated code with one `MatmulCall`; knows nothing of
//! Cranelift or the IR.
//!
//! One deliberate limit: OpenBLAS splits a `gemm` with `m * n * k` above 64³ over its
//! threads, and rows at the boundaries of its row partition then take its one-row edge
//! kernel. This follows one-thread OpenBLAS (what NumPy does under
//! `OPENBLAS_NUM_THREADS=1` and below that size), so it gives the same bits for any
//! `threads=`; docs/language.md says what is promised.

/// One product `c = a @ b` of an `[m, k]` and a `[k, n]` array: element `[i, l]` of `a`
/// is `a[i * a_rows + l * a_cols]`, element `[l, j]` of `b` is `b[l * b_rows + j * b_cols]`
/// (strides in elements, as NumPy's in bytes divided by 8), and `c` is C-contiguous.
#[repr(C)]
pub struct MatmulCall {
    pub a: *const f64,
    pub a_rows: i64,
    pub a_cols: i64,
    pub b: *const f64,
    pub b_rows: i64,
    pub b_cols: i64,
    pub c: *mut f64,
    pub m: i64,
    pub n: i64,
    pub k: i64,
}

/// The fields' byte offsets, for generated code that fills a `MatmulCall`.
pub const MATMUL_CALL_BYTES: u32 = std::mem::size_of::<MatmulCall>() as u32;

/// Called by generated code; always returns 0.
///
/// # Safety
/// `call` describes readable operands and a writable `[m, n]` result that do not overlap.
pub unsafe extern "C" fn arrayc_matmul_f64(call: *mut MatmulCall) -> i64 {
    // SAFETY: the caller passes a filled `MatmulCall` for valid buffers.
    let call = unsafe { &*call };
    if fast() {
        // SAFETY: the CPU has AVX2 and FMA (checked above).
        unsafe { matmul_avx2(call) }
    } else {
        // SAFETY: as above.
        unsafe { matmul(call) }
    }
    0
}

/// Whether the CPU runs the AVX2/FMA build (the same bits either way: `mul_add` is a
/// fused multiply-add in both, only slower without the instruction).
fn fast() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        static FAST: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *FAST.get_or_init(|| {
            std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn matmul_avx2(call: &MatmulCall) {
    // SAFETY: forwarded from the caller.
    unsafe { matmul(call) }
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn matmul_avx2(call: &MatmulCall) {
    // SAFETY: forwarded from the caller.
    unsafe { matmul(call) }
}

/// A strided view of an operand.
#[derive(Clone, Copy)]
struct View {
    data: *const f64,
    rows: isize,
    cols: isize,
}

impl View {
    #[inline(always)]
    unsafe fn at(self, row: usize, col: usize) -> f64 {
        // SAFETY: the caller stays inside the operand.
        unsafe {
            *self
                .data
                .offset(row as isize * self.rows + col as isize * self.cols)
        }
    }
}

/// NumPy's `is_blasable2d` in element strides: unit stride along the second axis and a
/// first-axis stride of at least `d2` (and at most `INT_MAX`).
fn blasable(stride1: i64, stride2: i64, d2: i64) -> bool {
    stride2 == 1 && stride1 >= d2 && stride1 <= i64::from(i32::MAX)
}

/// NumPy's `blas_stride`: a positive stride BLAS takes as an increment.
fn blas_stride(stride: i64) -> bool {
    stride > 0 && stride <= i64::from(i32::MAX)
}

/// `DOUBLE_matmul` for one product (NumPy 2's `matmul.c.src`).
#[inline(always)]
unsafe fn matmul(call: &MatmulCall) {
    let (m, n, p) = (call.m, call.k, call.n);
    let a = View {
        data: call.a,
        rows: call.a_rows as isize,
        cols: call.a_cols as isize,
    };
    let b = View {
        data: call.b,
        rows: call.b_rows as isize,
        cols: call.b_cols as isize,
    };
    let (mu, nu, pu) = (m as usize, n as usize, p as usize);
    // SAFETY: the caller's `c` holds m * p elements.
    let c = unsafe { std::slice::from_raw_parts_mut(call.c, mu * pu) };
    if m == 0 || p == 0 {
        return;
    }
    if n == 0 {
        c.fill(0.0);
        return;
    }
    let (is1_m, is1_n, is2_n, is2_p) = (call.a_rows, call.a_cols, call.b_rows, call.b_cols);
    let i1_c = blasable(is1_m, is1_n, n);
    let i1_f = blasable(is1_n, is1_m, m);
    let i2_c = blasable(is2_n, is2_p, p);
    let i2_f = blasable(is2_p, is2_n, n);
    let (i1, i2) = (i1_c || i1_f, i2_c || i2_f);
    // The vector cases take BLAS only as the operands lie; a matrix product always does.
    // SAFETY (every call below): the views stay inside the operands for these extents.
    if m == 1 || n == 1 || p == 1 {
        if m == 1 && p == 1 {
            c[0] = unsafe { dot(nu, a.data, is1_n, b.data, is2_n) };
        } else if n == 1 && (p == 1 || m == 1) {
            unsafe { own_loop(a, b, c, mu, nu, pu) };
        } else if m == 1 && i2 && blasable(is1_n, 1, 1) {
            // vector @ matrix: `gemv` on b's transpose.
            let bt = View {
                data: b.data,
                rows: b.cols,
                cols: b.rows,
            };
            unsafe { gemv(bt, pu, nu, a.data, is1_n as isize, c) };
        } else if p == 1 && i1 && blasable(is2_n, 1, 1) {
            unsafe { gemv(a, mu, nu, b.data, is2_n as isize, c) };
        } else {
            unsafe { own_loop(a, b, c, mu, nu, pu) };
        }
    } else {
        // NumPy copies an operand BLAS cannot take as it lies into a contiguous one;
        // `gemm` packs its operands from any strides, to the same effect.
        unsafe { gemm(a, b, c, mu, pu, nu) };
    }
}

/// `matmul_inner_noblas`: each output a running sum from 0 in order.
#[inline(always)]
unsafe fn own_loop(a: View, b: View, c: &mut [f64], m: usize, n: usize, p: usize) {
    for i in 0..m {
        for j in 0..p {
            let mut sum = 0.0;
            for l in 0..n {
                // SAFETY: inside the operands.
                sum += unsafe { a.at(i, l) * b.at(l, j) };
            }
            c[i * p + j] = sum;
        }
    }
}

/// `DOUBLE_dot`: `ddot` when both strides are BLAS increments (NumPy adds its result to
/// 0.0), else NumPy's own running sum.
#[inline(always)]
unsafe fn dot(n: usize, x: *const f64, incx: i64, y: *const f64, incy: i64) -> f64 {
    if blas_stride(incx) && blas_stride(incy) {
        // SAFETY: n elements at these increments.
        0.0 + unsafe { ddot(n, x, incx as isize, y, incy as isize) }
    } else {
        let mut sum = 0.0;
        for i in 0..n as isize {
            // SAFETY: as above.
            sum += unsafe { *x.offset(i * incx as isize) * *y.offset(i * incy as isize) };
        }
        sum
    }
}

/// OpenBLAS's `ddot` on Haswell. Above 10,000 elements OpenBLAS splits the vectors over
/// its threads (`ceil` shares, their dots summed in order); this follows it for two
/// threads, the machine NumPy's results were checked on.
#[inline(always)]
unsafe fn ddot(n: usize, x: *const f64, incx: isize, y: *const f64, incy: isize) -> f64 {
    if n <= DOT_THREAD_MIN {
        // SAFETY: forwarded.
        return unsafe { ddot_part(n, x, incx, y, incy) };
    }
    let share = n.div_ceil(DOT_THREADS);
    let mut sum = 0.0;
    let mut start = 0;
    while start < n {
        let length = share.min(n - start);
        let at = start as isize;
        // SAFETY: a part of the same vectors.
        sum += unsafe { ddot_part(length, x.offset(at * incx), incx, y.offset(at * incy), incy) };
        start += length;
    }
    sum
}

/// One thread's `ddot`: with unit strides, sixteen accumulators (four AVX registers) over
/// the first `n & -16` elements by fused multiply-add, combined as the kernel does, then
/// the rest added one product at a time; with other strides, two running sums over
/// groups of four.
#[inline(always)]
unsafe fn ddot_part(n: usize, x: *const f64, incx: isize, y: *const f64, incy: isize) -> f64 {
    if incx == 1 && incy == 1 {
        // SAFETY: n contiguous elements each.
        let (x, y) = unsafe {
            (
                std::slice::from_raw_parts(x, n),
                std::slice::from_raw_parts(y, n),
            )
        };
        return ddot_unit(x, y);
    }
    let (mut t1, mut t2) = (0.0, 0.0);
    let groups = n & !3;
    // SAFETY: every index is below n times its increment.
    let at = |p: *const f64, inc: isize, i: usize| unsafe { *p.offset(i as isize * inc) };
    let mut i = 0;
    while i < groups {
        let m1 = at(y, incy, i) * at(x, incx, i);
        let m2 = at(y, incy, i + 1) * at(x, incx, i + 1);
        let m3 = at(y, incy, i + 2) * at(x, incx, i + 2);
        let m4 = at(y, incy, i + 3) * at(x, incx, i + 3);
        t1 += m1 + m3;
        t2 += m2 + m4;
        i += 4;
    }
    while i < n {
        t1 += at(y, incy, i) * at(x, incx, i);
        i += 1;
    }
    t1 + t2
}

/// Vectors longer than this are split over OpenBLAS's threads in `ddot`.
const DOT_THREAD_MIN: usize = 10_000;
/// The thread count those splits follow.
const DOT_THREADS: usize = 2;

#[inline(always)]
fn ddot_unit(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len();
    let blocks = n & !15;
    let mut dot = 0.0;
    if blocks > 0 {
        let mut acc = [0.0f64; 16];
        for (xs, ys) in x[..blocks]
            .chunks_exact(16)
            .zip(y[..blocks].chunks_exact(16))
        {
            for lane in 0..16 {
                acc[lane] = xs[lane].mul_add(ys[lane], acc[lane]);
            }
        }
        // Each register's halves, then the registers in pairs, then the two lanes.
        let h = |r: usize, lane: usize| acc[4 * r + lane] + acc[4 * r + lane + 2];
        let (low01, high01) = (h(0, 0) + h(1, 0), h(0, 1) + h(1, 1));
        let (low23, high23) = (h(2, 0) + h(3, 0), h(2, 1) + h(3, 1));
        dot = (low01 + low23) + (high01 + high23);
    }
    for i in blocks..n {
        dot += y[i] * x[i];
    }
    dot
}

/// NumPy's `gemv` for `y = a @ x` (`a` is `[m, n]`): a C-like `a` is BLAS's column-major
/// transpose (`dgemv_t`), an F-like one its column-major matrix (`dgemv_n`).
#[inline(always)]
unsafe fn gemv(a: View, m: usize, n: usize, x: *const f64, incx: isize, y: &mut [f64]) {
    y.fill(0.0);
    // SAFETY (both): the views cover [m, n] and x n elements at incx.
    if blasable(a.rows as i64, a.cols as i64, n as i64) {
        unsafe { gemv_t(a, n, m, x, incx, y) };
    } else {
        unsafe { gemv_n(a, m, n, x, incx, y) };
    }
}

/// Rows of the reduction per block in OpenBLAS's `dgemv_t_4.c` and `dgemv_n_4.c`.
const GEMV_BLOCK: usize = 2048;

/// OpenBLAS's `dgemv_t` (Haswell): `y[j] = sum_i a[j, i] x[i]` over `m` reduction
/// elements for `n` outputs, in blocks of up to 2,048 whole groups of four elements (each
/// block's sum added to `y`); outputs in fours with one four-lane FMA accumulator each,
/// then a pair with two-lane multiply-add accumulators, then a single one with two such;
/// the last `m % 4` elements added at the end.
#[inline(always)]
unsafe fn gemv_t(a: View, m: usize, n: usize, x: *const f64, incx: isize, y: &mut [f64]) {
    let tail = m & 3;
    let whole = m - tail;
    // SAFETY: m elements of x.
    let x_at = |i: usize| unsafe { *x.offset(i as isize * incx) };
    let xs: Vec<f64> = (0..m).map(x_at).collect();
    // SAFETY: inside [n, m] of the transposed view.
    let at = |j: usize, i: usize| unsafe { a.at(j, i) };
    let contiguous = a.cols == 1;
    let mut start = 0;
    while start < whole {
        let block = (whole - start).min(GEMV_BLOCK);
        let fours = n & !3;
        for j in 0..n {
            let sum = if contiguous {
                // SAFETY: row j holds m contiguous elements.
                let row = unsafe {
                    std::slice::from_raw_parts(a.data.offset(j as isize * a.rows).add(start), block)
                };
                gemv_t_column(row, &xs[start..start + block], j, fours, n)
            } else {
                let row: Vec<f64> = (start..start + block).map(|i| at(j, i)).collect();
                gemv_t_column(&row, &xs[start..start + block], j, fours, n)
            };
            y[j] += sum;
        }
        start += block;
    }
    if tail == 0 {
        return;
    }
    let x0 = xs[whole];
    for (j, out) in y.iter_mut().enumerate().take(n) {
        let a0 = at(j, whole);
        *out = match tail {
            1 => a0.mul_add(x0, *out),
            2 => *out + a0.mul_add(x0, at(j, whole + 1) * xs[whole + 1]),
            _ => {
                let first = a0.mul_add(x0, at(j, whole + 1) * xs[whole + 1]);
                *out + at(j, whole + 2).mul_add(xs[whole + 2], first)
            }
        };
    }
}

/// One output's block sum in `dgemv_t`: which kernel computes output `j` decides the order.
#[inline(always)]
fn gemv_t_column(row: &[f64], x: &[f64], j: usize, fours: usize, n: usize) -> f64 {
    if j < fours {
        let mut acc = [0.0f64; 4];
        for (rs, xs) in row.chunks_exact(4).zip(x.chunks_exact(4)) {
            for lane in 0..4 {
                acc[lane] = rs[lane].mul_add(xs[lane], acc[lane]);
            }
        }
        (acc[0] + acc[2]) + (acc[1] + acc[3])
    } else if n - fours >= 2 && j < fours + 2 {
        let mut acc = [0.0f64; 2];
        for (rs, xs) in row.chunks_exact(2).zip(x.chunks_exact(2)) {
            acc[0] += rs[0] * xs[0];
            acc[1] += rs[1] * xs[1];
        }
        acc[0] + acc[1]
    } else {
        let (mut low, mut high) = ([0.0f64; 2], [0.0f64; 2]);
        for (rs, xs) in row.chunks_exact(4).zip(x.chunks_exact(4)) {
            low[0] += rs[0] * xs[0];
            low[1] += rs[1] * xs[1];
            high[0] += rs[2] * xs[2];
            high[1] += rs[3] * xs[3];
        }
        (low[0] + high[0]) + (low[1] + high[1])
    }
}

/// OpenBLAS's `dgemv_n` (Haswell): `y[i] += sum_j a[i, j] x[j]` for `m` outputs, in
/// blocks of up to 2,048 whole groups of four outputs; per output the columns in fours
/// (two products, two FMAs, their sum added to `y`), then a pair (two products, their
/// sum added) and a single column — with a strided `x`, every column left over after the
/// fours is added alone. The last `m % 4` outputs sum over all columns in order and are
/// added to `y` at the end (three outputs in a three-row matrix pair the columns up).
#[inline(always)]
unsafe fn gemv_n(a: View, m: usize, n: usize, x: *const f64, incx: isize, y: &mut [f64]) {
    let tail = m & 3;
    let whole = m - tail;
    // SAFETY: n elements of x.
    let xs: Vec<f64> = (0..n)
        .map(|j| unsafe { *x.offset(j as isize * incx) })
        .collect();
    // SAFETY: inside [m, n].
    let at = |i: usize, j: usize| unsafe { a.at(i, j) };
    let fours = n & !3;
    let left = n - fours;
    for i in 0..whole {
        let mut out = y[i];
        let mut j = 0;
        while j < fours {
            let t4 = a_mul(at(i, j), xs[j]);
            let t5 = a_mul(at(i, j + 1), xs[j + 1]);
            let t4 = at(i, j + 2).mul_add(xs[j + 2], t4);
            let t5 = at(i, j + 3).mul_add(xs[j + 3], t5);
            out += t4 + t5;
            j += 4;
        }
        if incx == 1 {
            if left & 2 != 0 {
                out += at(i, j) * xs[j] + at(i, j + 1) * xs[j + 1];
                j += 2;
            }
            if left & 1 != 0 {
                out += at(i, j) * xs[j];
            }
        } else {
            for column in j..n {
                out += at(i, column) * xs[column];
            }
        }
        y[i] = out;
    }
    if tail == 0 {
        return;
    }
    // The tail rows: the three-row (or two-row) matrix with a unit-stride x pairs the
    // columns in its unrolled loop; anything else is one running sum per row.
    let paired = incx == 1 && whole == 0 && a.cols == tail as isize && a.rows == 1;
    for r in 0..tail {
        let i = whole + r;
        let mut sum = 0.0;
        let mut j = 0;
        if paired {
            while j < fours {
                sum += at(i, j) * xs[j] + at(i, j + 1) * xs[j + 1];
                sum += at(i, j + 2) * xs[j + 2] + at(i, j + 3) * xs[j + 3];
                j += 4;
            }
        }
        while j < n {
            sum += at(i, j) * xs[j];
            j += 1;
        }
        y[i] += sum;
    }
}

/// A product that is not fused (kept a function so the kernels above read as OpenBLAS's).
#[inline(always)]
fn a_mul(a: f64, b: f64) -> f64 {
    a * b
}

/// `k` per block in OpenBLAS's Haswell `dgemm` (`DGEMM_DEFAULT_Q`), and the unroll its
/// level-3 driver rounds a split block to (`DGEMM_DEFAULT_UNROLL_M`).
const GEMM_Q: usize = 256;
const GEMM_UNROLL_M: usize = 4;

/// The `k` blocks of OpenBLAS's level-3 driver: `Q` while at least `2Q` are left, half of
/// what is left (rounded up to the unroll) when between `Q` and `2Q`, else the rest.
fn k_blocks(k: usize) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut start = 0;
    while start < k {
        let mut length = k - start;
        if length >= 2 * GEMM_Q {
            length = GEMM_Q;
        } else if length > GEMM_Q {
            length = (length / 2).div_ceil(GEMM_UNROLL_M) * GEMM_UNROLL_M;
        }
        blocks.push((start, length));
        start += length;
    }
    blocks
}

/// Rows and columns of the register tile, and rows per packed block of `a`.
const TILE_ROWS: usize = 4;
const TILE_COLS: usize = 8;
const BLOCK_ROWS: usize = 64;

/// OpenBLAS's `dgemm` (Haswell kernel, one thread): each element of `c` is, per `k`
/// block, a chain of fused multiply-adds from 0 in order, added to `c`; except, when `m`
/// is odd, the last row's columns in whole fours (the `4x1` edge kernel), whose block
/// sums run in four accumulators over the first `len & -8` elements (element `l` into
/// accumulator `l % 4`), the rest into the first, combined `(0 + 1) + (2 + 3)`. Computed
/// here by 4 × 8 register tiles over packed copies, whose lanes are those chains.
#[inline(always)]
unsafe fn gemm(a: View, b: View, c: &mut [f64], m: usize, n: usize, k: usize) {
    c.fill(0.0);
    let row_tiles = m.div_ceil(TILE_ROWS);
    let col_tiles = n.div_ceil(TILE_COLS);
    let mut packed_b = vec![0.0f64; col_tiles * TILE_COLS * GEMM_Q];
    let mut packed_a = vec![0.0f64; BLOCK_ROWS * GEMM_Q];
    // With odd m, the last row's whole fours of columns take the edge kernel's order.
    let edge_row = if m % 2 == 1 { m - 1 } else { usize::MAX };
    let edge_columns = n & !3;
    for (start, length) in k_blocks(k) {
        // b's block as column tiles: for each l, eight consecutive columns.
        for tile in 0..col_tiles {
            let panel = &mut packed_b[tile * TILE_COLS * length..(tile + 1) * TILE_COLS * length];
            for l in 0..length {
                for col in 0..TILE_COLS {
                    let j = tile * TILE_COLS + col;
                    panel[l * TILE_COLS + col] = if j < n {
                        // SAFETY: inside b.
                        unsafe { b.at(start + l, j) }
                    } else {
                        0.0
                    };
                }
            }
        }
        for block in (0..row_tiles).step_by(BLOCK_ROWS / TILE_ROWS) {
            let tiles = (row_tiles - block).min(BLOCK_ROWS / TILE_ROWS);
            for tile in 0..tiles {
                let panel =
                    &mut packed_a[tile * TILE_ROWS * length..(tile + 1) * TILE_ROWS * length];
                for l in 0..length {
                    for row in 0..TILE_ROWS {
                        let i = (block + tile) * TILE_ROWS + row;
                        panel[l * TILE_ROWS + row] = if i < m {
                            // SAFETY: inside a.
                            unsafe { a.at(i, start + l) }
                        } else {
                            0.0
                        };
                    }
                }
            }
            for col_tile in 0..col_tiles {
                let b_panel =
                    &packed_b[col_tile * TILE_COLS * length..(col_tile + 1) * TILE_COLS * length];
                for tile in 0..tiles {
                    let a_panel =
                        &packed_a[tile * TILE_ROWS * length..(tile + 1) * TILE_ROWS * length];
                    let acc = tile_product(a_panel, b_panel, length);
                    for (row, sums) in acc.iter().enumerate() {
                        let i = (block + tile) * TILE_ROWS + row;
                        if i >= m {
                            break;
                        }
                        for (col, &sum) in sums.iter().enumerate() {
                            let j = col_tile * TILE_COLS + col;
                            if j < n && !(i == edge_row && j < edge_columns) {
                                c[i * n + j] += sum;
                            }
                        }
                    }
                }
            }
        }
        if m % 2 == 1 {
            // The last row's whole fours of columns, which the tiles skipped: the `4x1`
            // kernel's order.
            let i = m - 1;
            let main = length & !7;
            for j in 0..edge_columns {
                let mut acc = [0.0f64; 4];
                for l in 0..length {
                    // SAFETY: inside a and b.
                    let (x, y) = unsafe { (a.at(i, start + l), b.at(start + l, j)) };
                    let slot = if l < main { l & 3 } else { 0 };
                    acc[slot] = x.mul_add(y, acc[slot]);
                }
                c[i * n + j] += (acc[0] + acc[1]) + (acc[2] + acc[3]);
            }
        }
    }
}

/// A 4 × 8 tile of one `k` block: for each element, the chain of fused multiply-adds from
/// 0 over the block (each accumulator lane is one element's chain).
#[inline(always)]
fn tile_product(a: &[f64], b: &[f64], length: usize) -> [[f64; TILE_COLS]; TILE_ROWS] {
    let mut acc = [[0.0f64; TILE_COLS]; TILE_ROWS];
    for l in 0..length {
        let bs: &[f64; TILE_COLS] = b[l * TILE_COLS..(l + 1) * TILE_COLS]
            .try_into()
            .expect("a tile row");
        let xs: &[f64; TILE_ROWS] = a[l * TILE_ROWS..(l + 1) * TILE_ROWS]
            .try_into()
            .expect("a tile column");
        for row in 0..TILE_ROWS {
            for col in 0..TILE_COLS {
                acc[row][col] = xs[row].mul_add(bs[col], acc[row][col]);
            }
        }
    }
    acc
}
