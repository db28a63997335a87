//! NumPy's `SeedSequence`: a non-negative integer seed, as 32-bit words (least significant
//! first), mixed into a pool of four words, from which the bit generator's state words are
//! drawn (`generate_state`). Only what `default_rng(int)` uses: no spawn keys.

const POOL_WORDS: usize = 4;
const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const XSHIFT: u32 = 16;

/// The entropy words of an integer seed: `[0]` for zero, else its 32-bit digits.
fn entropy_words(mut seed: u128) -> Vec<u32> {
    let mut words = vec![seed as u32];
    seed >>= 32;
    while seed > 0 {
        words.push(seed as u32);
        seed >>= 32;
    }
    words
}

struct Hasher {
    constant: u32,
}

impl Hasher {
    fn hashmix(&mut self, value: u32) -> u32 {
        let mut value = value ^ self.constant;
        self.constant = self.constant.wrapping_mul(MULT_A);
        value = value.wrapping_mul(self.constant);
        value ^ (value >> XSHIFT)
    }
}

fn mix(x: u32, y: u32) -> u32 {
    let result = MIX_MULT_L
        .wrapping_mul(x)
        .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
    result ^ (result >> XSHIFT)
}

fn pool(entropy: &[u32]) -> [u32; POOL_WORDS] {
    let mut hasher = Hasher { constant: INIT_A };
    let mut pool = [0u32; POOL_WORDS];
    for (k, word) in pool.iter_mut().enumerate() {
        *word = hasher.hashmix(entropy.get(k).copied().unwrap_or(0));
    }
    for source in 0..POOL_WORDS {
        for destination in 0..POOL_WORDS {
            if source != destination {
                let hashed = hasher.hashmix(pool[source]);
                pool[destination] = mix(pool[destination], hashed);
            }
        }
    }
    for &word in entropy.iter().skip(POOL_WORDS) {
        for slot in pool.iter_mut() {
            let hashed = hasher.hashmix(word);
            *slot = mix(*slot, hashed);
        }
    }
    pool
}

/// `SeedSequence(seed).generate_state(count, np.uint64)`.
pub(super) fn generate_u64(seed: u128, count: usize) -> Vec<u64> {
    let pool = pool(&entropy_words(seed));
    let mut constant = INIT_B;
    let words: Vec<u32> = (0..2 * count)
        .map(|k| {
            let mut value = pool[k % POOL_WORDS] ^ constant;
            constant = constant.wrapping_mul(MULT_B);
            value = value.wrapping_mul(constant);
            value ^ (value >> XSHIFT)
        })
        .collect();
    words
        .chunks(2)
        .map(|pair| u64::from(pair[0]) | (u64::from(pair[1]) << 32))
        .collect()
}
