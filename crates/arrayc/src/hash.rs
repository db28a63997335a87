//! A fast hash for maps keyed by the compiler's own small values: spans, and expression,
//! buffer and check ids; and `digest`, a strong 128-bit hash of bytes (the compile cache's
//! keys and checksums). Takes nothing from any stage but `Span`; the checker's tables
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

    #[test]
    fn a_digest_changes_with_any_byte_and_with_the_split_into_parts() {
        let base = digest(&[b"abcdefghijklmnopq", b"r"]);
        assert_ne!(base, digest(&[b"abcdefghijklmnopq", b"s"]));
        assert_ne!(base, digest(&[b"abcdefghijklmnop", b"qr"]));
        assert_ne!(base, digest(&[b"abcdefghijklmnopq"]));
        assert_eq!(base, digest(&[b"abcdefghijklmnopq", b"r"]));
    }
}
