//! PCG64 (the 128-bit LCG with the XSL-RR output) as NumPy's `PCG64` runs it: seeded with
//! two 128-bit words from a `SeedSequence`, each step then one output; a 32-bit output is
//! the low half of a 64-bit one, the high half kept for the next 32-bit request.

const MULTIPLIER: u128 = 0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645;

#[derive(Clone)]
pub(super) struct Pcg64 {
    state: u128,
    increment: u128,
    /// The high half of the last 64-bit output when a 32-bit request took only its low half.
    buffered: Option<u32>,
}

impl Pcg64 {
    /// `pcg64_set_seed`: the increment from `sequence`, two steps around adding `state`.
    pub(super) fn new(state: u128, sequence: u128) -> Pcg64 {
        let mut generator = Pcg64 {
            state: 0,
            increment: (sequence << 1) | 1,
            buffered: None,
        };
        generator.step();
        generator.state = generator.state.wrapping_add(state);
        generator.step();
        generator
    }

    fn step(&mut self) {
        self.state = self
            .state
            .wrapping_mul(MULTIPLIER)
            .wrapping_add(self.increment);
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.step();
        let folded = ((self.state >> 64) as u64) ^ (self.state as u64);
        folded.rotate_right((self.state >> 122) as u32)
    }

    pub(super) fn next_u32(&mut self) -> u32 {
        if let Some(high) = self.buffered.take() {
            return high;
        }
        let next = self.next_u64();
        self.buffered = Some((next >> 32) as u32);
        next as u32
    }

    /// The top 53 bits of one output, a double in [0, 1).
    pub(super) fn next_double(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
}
