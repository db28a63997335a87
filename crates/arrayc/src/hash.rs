//! A fast hash for maps keyed by the compiler's own small values: spans, and expression,
//! buffer and check ids. Takes nothing from any stage but `Span`; the checker's tables
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
