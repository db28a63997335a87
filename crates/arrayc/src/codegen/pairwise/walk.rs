//! NumPy's `pairwise_sum`, precompiled: the host routines that generated code calls for a
//! float sum in NumPy's order (`Reduction::pairwise`) of contiguous elements. Takes the
//! elements, produces the sum NumPy's scalar loop gives, bit for bit; knows nothing of
//! Cranelift or the IR.
//!
//! NumPy's recursion (`@TYPE@_pairwise_sum` in `loops_utils.h.src`): fewer than eight
//! elements are added one after the other from `-0.0`; up to `PW_BLOCKSIZE` (128) with
//! eight accumulators started from the first eight elements, combined
//! `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the rest one by one; longer
//! ones split in two at half rounded down to a multiple of eight. The eight accumulators
//! are independent, so the compiler runs them as vector lanes without changing a bit.
//!
//! A sum whose operand is already a contiguous array calls `arrayc_pairwise_f64` (or
//! `_f32`) on it. A fused operand (`sum(abs(p - pn))`) is summed by generated code, which
//! walks the same recursion itself (`pairwise::walked_sum`); `split` and `LEAF` are the
//! shape both follow.

use std::ops::Add;

/// NumPy's `PW_BLOCKSIZE`: pieces up to this length are summed with eight accumulators.
pub const LEAF: usize = 128;

/// Entries of a walk's stack: each level halves the length, so 64 levels cover any length.
pub const LEVELS: usize = 64;

/// A float type NumPy sums pairwise in its own precision.
trait Float: Copy + Add<Output = Self> {
    const NEGATIVE_ZERO: Self;
}

impl Float for f64 {
    const NEGATIVE_ZERO: Self = -0.0;
}

impl Float for f32 {
    const NEGATIVE_ZERO: Self = -0.0;
}

/// `pairwise_sum` of a piece of at most `LEAF` elements. NumPy starts its eight
/// accumulators from the first eight elements and sums fewer than eight from `-0.0`;
/// starting every accumulator from `-0.0` is the same thing (`-0.0 + x` is `x` for every
/// `x`, and with fewer than eight elements the accumulators combine to `-0.0`), so the
/// generated leaves (`pairwise::leaf_sum`) and this one have no branch on the length.
#[inline(always)]
fn leaf_sum<T: Float>(values: &[T]) -> T {
    let mut r = [T::NEGATIVE_ZERO; 8];
    let blocks = values.chunks_exact(8);
    let rest = blocks.remainder();
    for block in blocks {
        for (accumulator, &x) in r.iter_mut().zip(block) {
            *accumulator = *accumulator + x;
        }
    }
    let combined = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    rest.iter().fold(combined, |sum, &x| sum + x)
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
                for (accumulator, &x) in r.iter_mut().zip(&values[i..i + 8]) {
                    *accumulator += x;
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
            let expected = pairwise_sum(values);
            assert_eq!(direct.to_bits(), expected.to_bits());
        }
        // Fewer than eight from -0.0: the sum of nothing is -0.0, as NumPy's loop gives.
        // SAFETY: no element is read.
        let empty = unsafe { arrayc_pairwise_f32(std::ptr::NonNull::dangling().as_ptr(), 0) };
        assert_eq!(empty.to_bits(), (-0.0f32).to_bits());
    }
}
