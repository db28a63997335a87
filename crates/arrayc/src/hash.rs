//! A fast hash for maps keyed by the compiler's own small values: spans, and expression,
//! buffer and check ids; `digest`, a strong 128-bit hash of bytes (the compile cache's
//! keys); and `checksum`, a fast 64-bit one (the compile cache's files). Takes nothing from any stage but `Span`; the checker's tables
//! and codegen's memos both use it, so neither imports the other.

use crate::diagnostic::Span;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by spans (spans are small, trusted integers: the default SipHash would
/// make resolving every name a visible part of compile time).
pub type SpanMap<V> = FastMap<Span, V>;

/// A map keyed by small, trusted values, with `FastHasher`.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A multiply-rotate hash: no defence against chosen keys, which our keys cannot be.
#[derive(Default)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// SipHash-2-4 with 128-bit output (Aumasson and Bernstein's reference algorithm, under a
/// fixed key) of the bytes of `parts` in order, each preceded by its length so that no two
/// different lists of parts give the same input. Strong against accidental collisions and
/// against any change to the bytes (a flipped bit, a truncation); its hex form names the
/// compile cache's files.
pub fn digest(parts: &[&[u8]]) -> u128 {
    let mut state = Sip::new();
    for part in parts {
        state.write(&(part.len() as u64).to_le_bytes());
        state.write(part);
    }
    state.finish()
}

/// XXH64 (Yann Collet's xxHash, 64-bit, seed 0) of `bytes`: a checksum of the compile
/// cache's files, about ten times faster than `digest` over the tens of kilobytes of a
/// file, and changed by any flipped bit or truncation but for a 2^-64 chance.
pub fn checksum(bytes: &[u8]) -> u64 {
    const P1: u64 = 0x9E37_79B1_85EB_CA87;
    const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    const P3: u64 = 0x1656_67B1_9E37_79F9;
    const P4: u64 = 0x85EB_CA77_C2B2_CA63;
    const P5: u64 = 0x27D4_EB2F_1656_67C5;
    let word = |chunk: &[u8]| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&chunk[..8]);
        u64::from_le_bytes(word)
    };
    let round = |acc: u64, input: u64| {
        acc.wrapping_add(input.wrapping_mul(P2))
            .rotate_left(31)
            .wrapping_mul(P1)
    };
    let merge = |acc: u64, value: u64| (acc ^ round(0, value)).wrapping_mul(P1).wrapping_add(P4);
    let mut rest = bytes;
    let mut hash = if bytes.len() >= 32 {
        let mut lanes = [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)];
        let mut stripes = bytes.chunks_exact(32);
        for stripe in &mut stripes {
            for (k, lane) in lanes.iter_mut().enumerate() {
                *lane = round(*lane, word(&stripe[8 * k..]));
            }
        }
        rest = stripes.remainder();
        let [v1, v2, v3, v4] = lanes;
        let mut hash = v1
            .rotate_left(1)
            .wrapping_add(v2.rotate_left(7))
            .wrapping_add(v3.rotate_left(12))
            .wrapping_add(v4.rotate_left(18));
        for lane in lanes {
            hash = merge(hash, lane);
        }
        hash
    } else {
        P5
    };
    hash = hash.wrapping_add(bytes.len() as u64);
    let mut words = rest.chunks_exact(8);
    for chunk in &mut words {
        hash = (hash ^ round(0, word(chunk)))
            .rotate_left(27)
            .wrapping_mul(P1)
            .wrapping_add(P4);
    }
    let mut rest = words.remainder();
    if rest.len() >= 4 {
        let half = u64::from(u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]));
        hash = (hash ^ half.wrapping_mul(P1))
            .rotate_left(23)
            .wrapping_mul(P2)
            .wrapping_add(P3);
        rest = &rest[4..];
    }
    for &byte in rest {
        hash = (hash ^ u64::from(byte).wrapping_mul(P5))
            .rotate_left(11)
            .wrapping_mul(P1);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(P2);
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(P3);
    hash ^ (hash >> 32)
}

/// The running state of `digest`.
struct Sip {
    v: [u64; 4],
    /// Bytes not yet hashed (fewer than 8).
    tail: u64,
    tail_len: usize,
    length: u64,
}

impl Sip {
    fn new() -> Sip {
        let (k0, k1) = (0x6172_7261_7963_2d31_u64, 0x6361_6368_652d_6b65_u64);
        Sip {
            v: [
                k0 ^ 0x736f_6d65_7073_6575,
                k1 ^ 0x646f_7261_6e64_6f6d ^ 0xee,
                k0 ^ 0x6c79_6765_6e65_7261,
                k1 ^ 0x7465_6462_7974_6573,
            ],
            tail: 0,
            tail_len: 0,
            length: 0,
        }
    }

    fn round(&mut self) {
        let v = &mut self.v;
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }

    fn word(&mut self, word: u64) {
        self.v[3] ^= word;
        self.round();
        self.round();
        self.v[0] ^= word;
    }

    fn write(&mut self, mut bytes: &[u8]) {
        self.length = self.length.wrapping_add(bytes.len() as u64);
        while self.tail_len > 0 && !bytes.is_empty() {
            self.tail |= u64::from(bytes[0]) << (8 * self.tail_len);
            self.tail_len += 1;
            bytes = &bytes[1..];
            if self.tail_len == 8 {
                let word = self.tail;
                self.word(word);
                self.tail = 0;
                self.tail_len = 0;
            }
        }
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        for &byte in words.remainder() {
            self.tail |= u64::from(byte) << (8 * self.tail_len);
            self.tail_len += 1;
        }
    }

    fn finish(mut self) -> u128 {
        let last = (self.length << 56) | self.tail;
        self.word(last);
        self.v[2] ^= 0xee;
        for _ in 0..4 {
            self.round();
        }
        let low = self.v[0] ^ self.v[1] ^ self.v[2] ^ self.v[3];
        self.v[1] ^= 0xdd;
        for _ in 0..4 {
            self.round();
        }
        let high = self.v[0] ^ self.v[1] ^ self.v[2] ^ self.v[3];
        (u128::from(high) << 64) | u128::from(low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference implementation's first 128-bit test vector (key 00..0f, empty input).
    #[test]
    fn siphash_matches_the_reference_vector() {
        let mut state = Sip::new();
        let (k0, k1) = (0x0706_0504_0302_0100_u64, 0x0f0e_0d0c_0b0a_0908_u64);
        state.v = [
            k0 ^ 0x736f_6d65_7073_6575,
            k1 ^ 0x646f_7261_6e64_6f6d ^ 0xee,
            k0 ^ 0x6c79_6765_6e65_7261,
            k1 ^ 0x7465_6462_7974_6573,
        ];
        let expected: [u8; 16] = [
            0xa3, 0x81, 0x7f, 0x04, 0xba, 0x25, 0xa8, 0xe6, 0x6d, 0xf6, 0x72, 0x14, 0xc7, 0x55,
            0x02, 0x93,
        ];
        assert_eq!(state.finish().to_le_bytes(), expected);
    }

    /// xxHash's published values for the empty input and "abc".
    #[test]
    fn checksum_matches_the_reference_values() {
        assert_eq!(checksum(b""), 0xEF46_DB37_51D8_E999);
        assert_eq!(checksum(b"abc"), 0x44BC_2CF5_AD77_0999);
        let long: Vec<u8> = (0..100u8).collect();
        let mut flipped = long.clone();
        flipped[77] ^= 4;
        assert_ne!(checksum(&long), checksum(&flipped));
        assert_ne!(checksum(&long), checksum(&long[..99]));
    }

    #[test]
    fn a_digest_changes_with_any_byte_and_with_the_split_into_parts() {
        let base = digest(&[b"abcdefghijklmnopq", b"r"]);
        assert_ne!(base, digest(&[b"abcdefghijklmnopq", b"s"]));
        assert_ne!(base, digest(&[b"abcdefghijklmnop", b"qr"]));
        assert_ne!(base, digest(&[b"abcdefghijklmnopq"]));
        assert_eq!(base, digest(&[b"abcdefghijklmnopq", b"r"]));
    }
}
