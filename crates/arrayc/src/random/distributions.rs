//! The draws NumPy makes from a bit generator: the legacy polar Box–Muller normal with its
//! cached second value (`legacy_gauss`), the ziggurat normal (`random_standard_normal`), and
//! bounded integers by masked rejection (legacy `randint`) or Lemire's method
//! (`Generator.integers`), each through the 32-bit outputs when the range fits in 32 bits.

use super::ziggurat::{FI, KI, WI};

/// What the integer draws need of a bit generator.
pub(super) trait BitGenerator {
    fn next_u32(&mut self) -> u32;
    fn next_u64(&mut self) -> u64;
    fn next_double(&mut self) -> f64;
}

/// `legacy_gauss`: pairs by the polar method; the second of a pair is kept for the next call.
pub(super) fn legacy_gauss(generator: &mut impl BitGenerator, cached: &mut Option<f64>) -> f64 {
    if let Some(value) = cached.take() {
        return value;
    }
    loop {
        let x1 = 2.0 * generator.next_double() - 1.0;
        let x2 = 2.0 * generator.next_double() - 1.0;
        let r2 = x1 * x1 + x2 * x2;
        if r2 < 1.0 && r2 != 0.0 {
            let f = (-2.0 * r2.ln() / r2).sqrt();
            *cached = Some(f * x1);
            return f * x2;
        }
    }
}

const ZIGGURAT_R: f64 = 3.654_152_885_361_009;
const ZIGGURAT_INVERSE_R: f64 = 0.273_661_237_329_758_3;

/// `random_standard_normal`: 8 bits pick a layer, one a sign, 52 a magnitude.
pub(super) fn ziggurat_normal(generator: &mut impl BitGenerator) -> f64 {
    loop {
        let bits = generator.next_u64();
        let layer = (bits & 0xff) as usize;
        let bits = bits >> 8;
        let negative = bits & 1 == 1;
        let magnitude = (bits >> 1) & 0x000f_ffff_ffff_ffff;
        let mut x = magnitude as f64 * WI[layer];
        if negative {
            x = -x;
        }
        if magnitude < KI[layer] {
            return x;
        }
        if layer == 0 {
            // The tail beyond R, by Marsaglia's method (1 - U avoids log(0)).
            loop {
                let xx = -ZIGGURAT_INVERSE_R * (-generator.next_double()).ln_1p();
                let yy = -(-generator.next_double()).ln_1p();
                if yy + yy > xx * xx {
                    return if (magnitude >> 8) & 1 == 1 {
                        -(ZIGGURAT_R + xx)
                    } else {
                        ZIGGURAT_R + xx
                    };
                }
            }
        }
        let wedge = (FI[layer - 1] - FI[layer]) * generator.next_double() + FI[layer];
        if wedge < (-0.5 * x * x).exp() {
            return x;
        }
    }
}

/// How a bounded integer rejects the draws that would bias it.
#[derive(Clone, Copy)]
pub(super) enum Bounded {
    /// The smallest all-ones mask at least the range, draws above the range rejected
    /// (legacy `randint`).
    Masked,
    /// Lemire's multiply-and-reject (`Generator.integers`).
    Lemire,
}

/// `random_bounded_uint64_fill`: `out[k] = low + r` with `r` uniform in `0..=range`.
pub(super) fn bounded_fill(
    generator: &mut impl BitGenerator,
    method: Bounded,
    low: i64,
    range: u64,
    out: &mut [i64],
) {
    let offset = low as u64;
    let mask = u64::MAX >> (range | 1).leading_zeros();
    for value in out {
        let drawn = if range == 0 {
            0
        } else if range == u64::from(u32::MAX) {
            u64::from(generator.next_u32())
        } else if range < u64::from(u32::MAX) {
            u64::from(match method {
                Bounded::Masked => masked_u32(generator, range as u32, mask as u32),
                Bounded::Lemire => lemire_u32(generator, range as u32),
            })
        } else if range == u64::MAX {
            generator.next_u64()
        } else {
            match method {
                Bounded::Masked => masked_u64(generator, range, mask),
                Bounded::Lemire => lemire_u64(generator, range),
            }
        };
        *value = offset.wrapping_add(drawn) as i64;
    }
}

fn masked_u32(generator: &mut impl BitGenerator, range: u32, mask: u32) -> u32 {
    loop {
        let value = generator.next_u32() & mask;
        if value <= range {
            return value;
        }
    }
}

fn masked_u64(generator: &mut impl BitGenerator, range: u64, mask: u64) -> u64 {
    loop {
        let value = generator.next_u64() & mask;
        if value <= range {
            return value;
        }
    }
}

fn lemire_u32(generator: &mut impl BitGenerator, range: u32) -> u32 {
    let excluded = range + 1;
    let mut product = u64::from(generator.next_u32()) * u64::from(excluded);
    let mut leftover = product as u32;
    if leftover < excluded {
        let threshold = (u32::MAX - range) % excluded;
        while leftover < threshold {
            product = u64::from(generator.next_u32()) * u64::from(excluded);
            leftover = product as u32;
        }
    }
    (product >> 32) as u32
}

fn lemire_u64(generator: &mut impl BitGenerator, range: u64) -> u64 {
    let excluded = range + 1;
    let mut product = u128::from(generator.next_u64()) * u128::from(excluded);
    let mut leftover = product as u64;
    if leftover < excluded {
        let threshold = (u64::MAX - range) % excluded;
        while leftover < threshold {
            product = u128::from(generator.next_u64()) * u128::from(excluded);
            leftover = product as u64;
        }
    }
    (product >> 64) as u64
}
