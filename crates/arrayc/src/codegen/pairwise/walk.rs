//! NumPy's `pairwise_sum`, precompiled: the host routines that generated code calls for a
//! float sum in NumPy's order (`Reduction::pairwise`). Takes contiguous elements (or the
//! leaves of a sum, one at a time), produces the sum NumPy's scalar loop gives, bit for
//! bit; knows nothing of Cranelift or the IR.
//!
//! NumPy's recursion (`@TYPE@_pairwise_sum` in `loops_utils.h.src`): fewer than eight
//! elements are added one after the other from `-0.0`; up to `PW_BLOCKSIZE` (128) with
//! eight accumulators started from the first eight elements, combined
//! `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the rest one by one; longer
//! ones split in two at half rounded down to a multiple of eight. The eight accumulators
//! are independent, so the compiler runs them as vector lanes without changing a bit.
//!
//! Two ways in. A sum whose operand is already a contiguous array calls
//! `arrayc_pairwise_f64` (or `_f32`) on it. A fused operand (`sum(abs(p - pn))`) is
//! computed by generated code one leaf at a time into a small buffer: `arrayc_pairwise_begin`
//! starts a `Walk` over `n` elements and says where its first leaf is, and each
//! `arrayc_pairwise_leaf_*` call adds the leaf just computed and moves to the next one,
//! so the generated code is one small loop whatever the length.

use std::ops::Add;

/// NumPy's `PW_BLOCKSIZE`: pieces up to this length are summed with eight accumulators.
pub const LEAF: usize = 128;

/// Entries of a walk's stack: each level halves the length, so 64 levels cover any length.
const LEVELS: usize = 64;

/// A float type NumPy sums pairwise in its own precision.
trait Float: Copy + Add<Output = Self> {
    const NEGATIVE_ZERO: Self;
    fn widen(self) -> f64;
    fn narrow(value: f64) -> Self;
}

impl Float for f64 {
    const NEGATIVE_ZERO: Self = -0.0;
    fn widen(self) -> f64 {
        self
    }
    fn narrow(value: f64) -> Self {
        value
    }
}

impl Float for f32 {
    const NEGATIVE_ZERO: Self = -0.0;
    fn widen(self) -> f64 {
        f64::from(self)
    }
    // Only ever given a widened `f32`, so the conversion is exact.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "the value is an f32 widened"
    )]
    fn narrow(value: f64) -> Self {
        value as f32
    }
}

/// `pairwise_sum` of a piece of at most `LEAF` elements.
#[inline(always)]
fn leaf_sum<T: Float>(values: &[T]) -> T {
    let n = values.len();
    if n < 8 {
        return values.iter().fold(T::NEGATIVE_ZERO, |sum, &x| sum + x);
    }
    let mut r: [T; 8] = values[..8].try_into().expect("eight elements");
    let blocks = n - n % 8;
    for block in values[8..blocks].chunks_exact(8) {
        for (accumulator, &x) in r.iter_mut().zip(block) {
            *accumulator = *accumulator + x;
        }
    }
    let combined = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    values[blocks..].iter().fold(combined, |sum, &x| sum + x)
}

/// NumPy's split: half, rounded down to a multiple of eight.
fn split(n: usize) -> usize {
    let half = n / 2;
    half - half % 8
}

/// `pairwise_sum` of a whole contiguous piece.
fn pairwise_sum<T: Float>(values: &[T]) -> T {
    if values.len() <= LEAF {
        return leaf_sum(values);
    }
    let (left, right) = values.split_at(split(values.len()));
    pairwise_sum(left) + pairwise_sum(right)
}

/// NumPy's pairwise sum of the `n` float64 elements at `values`.
///
/// # Safety
/// `values` must point to `n` readable, initialised `f64`s (`n >= 0`).
pub unsafe extern "C" fn arrayc_pairwise_f64(values: *mut f64, n: i64) -> f64 {
    // SAFETY: the caller's contract.
    pairwise_sum(unsafe { std::slice::from_raw_parts(values, n as usize) })
}

/// NumPy's pairwise sum of the `n` float32 elements at `values`, in float32.
///
/// # Safety
/// `values` must point to `n` readable, initialised `f32`s (`n >= 0`).
pub unsafe extern "C" fn arrayc_pairwise_f32(values: *mut f32, n: i64) -> f32 {
    // SAFETY: the caller's contract.
    pairwise_sum(unsafe { std::slice::from_raw_parts(values, n as usize) })
}

/// A right half still to sum: where it starts and how long it is, and, once the left half
/// beside it is summed, that sum.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct Pending {
    start: i64,
    count: i64,
    left: f64,
    left_done: i64,
}

/// The recursion of one `pairwise_sum` as an explicit stack, walked a leaf at a time.
/// Generated code reads `start` and `count` (where the next leaf is, relative to the
/// piece) and, when the walk is over, `sum` (an `f32` sum widened, which is exact).
#[repr(C)]
pub struct Walk {
    start: i64,
    count: i64,
    sum: f64,
    depth: i64,
    pending: [Pending; LEVELS],
}

/// Byte offsets of the fields generated code reads, and the size of a walk.
pub const WALK_START: i32 = std::mem::offset_of!(Walk, start) as i32;
pub const WALK_SUM: i32 = std::mem::offset_of!(Walk, sum) as i32;
pub const WALK_BYTES: u32 = std::mem::size_of::<Walk>() as u32;

impl Walk {
    /// Splits the current range while it is longer than a leaf, pushing right halves.
    fn descend(&mut self) {
        while self.count as usize > LEAF {
            let half = split(self.count as usize) as i64;
            self.pending[self.depth as usize] = Pending {
                start: self.start + half,
                count: self.count - half,
                left: 0.0,
                left_done: 0,
            };
            self.depth += 1;
            self.count = half;
        }
    }

    /// Adds the sum of the leaf just done; returns the next leaf's length, or -1 when the
    /// whole sum is in `sum`.
    fn ascend<T: Float>(&mut self, leaf: T) -> i64 {
        let mut sum = leaf;
        while self.depth > 0 {
            let top = &mut self.pending[self.depth as usize - 1];
            if top.left_done != 0 {
                sum = T::narrow(top.left) + sum;
                self.depth -= 1;
                continue;
            }
            top.left = sum.widen();
            top.left_done = 1;
            self.start = top.start;
            self.count = top.count;
            self.descend();
            return self.count;
        }
        self.sum = sum.widen();
        -1
    }
}

/// Starts a walk over `n` elements; returns the first leaf's length (its start is in the
/// walk).
///
/// # Safety
/// `walk` must point to writable memory of `WALK_BYTES` bytes aligned to 8.
pub unsafe extern "C" fn arrayc_pairwise_begin(walk: *mut Walk, n: i64) -> i64 {
    // SAFETY: the caller's contract; every field is plain data, written before it is read.
    let walk = unsafe { &mut *walk };
    walk.start = 0;
    walk.count = n.max(0);
    walk.depth = 0;
    walk.descend();
    walk.count
}

/// Adds the current leaf, whose `count` float64 elements are at `values`; returns the
/// next leaf's length, or -1 when the walk is over.
///
/// # Safety
/// `walk` must be a walk `arrayc_pairwise_begin` started, whose last answer was not -1,
/// and `values` must point to its current leaf's `count` elements.
pub unsafe extern "C" fn arrayc_pairwise_leaf_f64(walk: *mut Walk, values: *mut f64) -> i64 {
    // SAFETY: the caller's contract.
    let walk = unsafe { &mut *walk };
    let leaf = leaf_sum(unsafe { std::slice::from_raw_parts(values, walk.count as usize) });
    walk.ascend(leaf)
}

/// `arrayc_pairwise_leaf_f64` for float32 elements, summed in float32.
///
/// # Safety
/// As `arrayc_pairwise_leaf_f64`'s, with `f32` elements.
pub unsafe extern "C" fn arrayc_pairwise_leaf_f32(walk: *mut Walk, values: *mut f32) -> i64 {
    // SAFETY: the caller's contract.
    let walk = unsafe { &mut *walk };
    let leaf = leaf_sum(unsafe { std::slice::from_raw_parts(values, walk.count as usize) });
    walk.ascend(leaf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NumPy's recursion written as NumPy writes it, for the routines to agree with.
    fn numpy_order(values: &[f64]) -> f64 {
        let n = values.len();
        if n < 8 {
            let mut res = -0.0;
            for &x in values {
                res += x;
            }
            res
        } else if n <= 128 {
            let mut r = [0.0; 8];
            r.copy_from_slice(&values[..8]);
            let mut i = 8;
            while i < n - n % 8 {
                for j in 0..8 {
                    r[j] += values[i + j];
                }
                i += 8;
            }
            let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            while i < n {
                res += values[i];
                i += 1;
            }
            res
        } else {
            let mut n2 = n / 2;
            n2 -= n2 % 8;
            numpy_order(&values[..n2]) + numpy_order(&values[n2..])
        }
    }

    /// Values whose sum depends on the order: magnitudes over thirty binary orders.
    fn values(n: usize) -> Vec<f64> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                mantissa * f64::powi(2.0, (state % 31) as i32 - 15)
            })
            .collect()
    }

    fn walked<T: Float>(values: &[T], leaf: unsafe extern "C" fn(*mut Walk, *mut T) -> i64) -> f64 {
        let mut walk = Walk {
            start: 7,
            count: 7,
            sum: 7.0,
            depth: 7,
            pending: [Pending::default(); LEVELS],
        };
        let mut buffer = [T::NEGATIVE_ZERO; LEAF];
        // SAFETY: `walk` is a live `Walk`; each leaf is copied into `buffer`, which holds
        // `LEAF` elements, the longest a leaf is.
        unsafe {
            let mut count = arrayc_pairwise_begin(&mut walk, values.len() as i64);
            while count >= 0 {
                let start = walk.start as usize;
                assert!(count as usize <= LEAF);
                buffer[..count as usize].copy_from_slice(&values[start..start + count as usize]);
                count = leaf(&mut walk, buffer.as_mut_ptr());
            }
        }
        walk.sum
    }

    #[test]
    fn every_length_sums_in_numpy_order() {
        let all = values(5000);
        for n in (0..300).chain([511, 512, 1000, 1023, 1024, 1025, 4099, 5000]) {
            let values = &all[..n];
            let expected = numpy_order(values);
            let mut copy = values.to_vec();
            // SAFETY: `copy` holds `n` elements.
            let direct = unsafe { arrayc_pairwise_f64(copy.as_mut_ptr(), n as i64) };
            assert_eq!(direct.to_bits(), expected.to_bits(), "direct, n = {n}");
            let leaves = walked(values, arrayc_pairwise_leaf_f64);
            assert_eq!(leaves.to_bits(), expected.to_bits(), "by leaves, n = {n}");
            // And not the sequential sum, which these values make differ for long sums.
            if n == 5000 {
                let sequential: f64 = values.iter().sum();
                assert_ne!(sequential.to_bits(), expected.to_bits());
            }
        }
    }

    #[test]
    fn float32_sums_in_float32() {
        let values: Vec<f32> = values(3000).iter().map(|&x| x as f32).collect();
        for n in [0, 5, 8, 100, 128, 129, 1000, 3000] {
            let values = &values[..n];
            let mut copy = values.to_vec();
            // SAFETY: `copy` holds `n` elements.
            let direct = unsafe { arrayc_pairwise_f32(copy.as_mut_ptr(), n as i64) };
            let leaves = walked(values, arrayc_pairwise_leaf_f32);
            assert_eq!(f64::from(direct).to_bits(), leaves.to_bits(), "n = {n}");
            let expected = pairwise_sum(values);
            assert_eq!(direct.to_bits(), expected.to_bits());
        }
        // Fewer than eight from -0.0: the sum of nothing is -0.0, as NumPy's loop gives.
        // SAFETY: no element is read.
        let empty = unsafe { arrayc_pairwise_f32(std::ptr::NonNull::dangling().as_ptr(), 0) };
        assert_eq!(empty.to_bits(), (-0.0f32).to_bits());
    }
}
