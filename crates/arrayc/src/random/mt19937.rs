//! The Mersenne Twister MT19937 as NumPy's legacy `RandomState` runs it: seeded from one
//! 32-bit integer (`init_genrand`, what `np.random.seed(int)` does), 32-bit outputs, 64-bit
//! outputs as two of them (high word first) and doubles from 53 bits of two outputs.

const STATE_WORDS: usize = 624;
const SHIFT: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

#[derive(Clone)]
pub(super) struct Mt19937 {
    key: [u32; STATE_WORDS],
    position: usize,
}

impl Mt19937 {
    /// `init_genrand`: Knuth's linear recurrence from one word.
    pub(super) fn new(seed: u32) -> Mt19937 {
        let mut key = [0u32; STATE_WORDS];
        let mut value = seed;
        for (k, word) in key.iter_mut().enumerate() {
            *word = value;
            value = 1_812_433_253u32
                .wrapping_mul(value ^ (value >> 30))
                .wrapping_add(k as u32 + 1);
        }
        Mt19937 {
            key,
            position: STATE_WORDS,
        }
    }

    /// Regenerates all 624 words at once, as the reference implementation does.
    fn regenerate(&mut self) {
        let key = &mut self.key;
        let mix = |upper: u32, lower: u32| {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 }
        };
        for k in 0..STATE_WORDS - SHIFT {
            key[k] = key[k + SHIFT] ^ mix(key[k], key[k + 1]);
        }
        for k in STATE_WORDS - SHIFT..STATE_WORDS - 1 {
            key[k] = key[k + SHIFT - STATE_WORDS] ^ mix(key[k], key[k + 1]);
        }
        key[STATE_WORDS - 1] = key[SHIFT - 1] ^ mix(key[STATE_WORDS - 1], key[0]);
        self.position = 0;
    }

    pub(super) fn next_u32(&mut self) -> u32 {
        if self.position == STATE_WORDS {
            self.regenerate();
        }
        let mut y = self.key[self.position];
        self.position += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        let high = u64::from(self.next_u32());
        (high << 32) | u64::from(self.next_u32())
    }

    /// `(a >> 5, b >> 6)` of two outputs: 27 + 26 bits, a double in [0, 1).
    pub(super) fn next_double(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}
