//! NumPy's random streams, bit for bit: the legacy `RandomState` (MT19937 seeded as
//! `np.random.seed(int)` seeds it) and `Generator(PCG64)` (`np.random.default_rng(int)`,
//! through `SeedSequence`). A `Stream` draws doubles in [0, 1), standard normals and bounded
//! integers with the generator's own algorithms; `low + (high - low) * u` (`uniform`) and
//! `loc + scale * z` (`normal`) are the caller's arithmetic, as in NumPy. Knows nothing of
//! the compiler: lowering records which draws a program makes, the runtime makes them.

mod distributions;
mod mt19937;
mod pcg64;
mod seed_sequence;
mod ziggurat;

use distributions::{BitGenerator, Bounded};
use mt19937::Mt19937;
use pcg64::Pcg64;

/// Which of NumPy's generators a stream is, and its seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Seed {
    /// `np.random.seed(seed)`: the legacy `RandomState`.
    Legacy(u32),
    /// `np.random.default_rng(seed)`: `Generator(PCG64(SeedSequence(seed)))`.
    Generator(u128),
}

/// A seeded stream of NumPy's random numbers.
#[derive(Clone)]
pub struct Stream {
    generator: Generator,
}

#[derive(Clone)]
enum Generator {
    /// The Mersenne Twister (2.5 kB of state, boxed) and the second value of the last
    /// polar normal pair.
    Legacy(Box<Mt19937>, Option<f64>),
    Pcg64(Pcg64),
}

impl BitGenerator for Mt19937 {
    fn next_u32(&mut self) -> u32 {
        Mt19937::next_u32(self)
    }
    fn next_u64(&mut self) -> u64 {
        Mt19937::next_u64(self)
    }
    fn next_double(&mut self) -> f64 {
        Mt19937::next_double(self)
    }
}

impl BitGenerator for Pcg64 {
    fn next_u32(&mut self) -> u32 {
        Pcg64::next_u32(self)
    }
    fn next_u64(&mut self) -> u64 {
        Pcg64::next_u64(self)
    }
    fn next_double(&mut self) -> f64 {
        Pcg64::next_double(self)
    }
}

/// `integers(low, high)` with `high <= low`: NumPy's `ValueError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyRange;

impl std::fmt::Display for EmptyRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("low >= high")
    }
}

impl Stream {
    pub fn new(seed: Seed) -> Stream {
        let generator = match seed {
            Seed::Legacy(seed) => Generator::Legacy(Box::new(Mt19937::new(seed)), None),
            Seed::Generator(seed) => {
                let words = seed_sequence::generate_u64(seed, 4);
                let join = |high: u64, low: u64| (u128::from(high) << 64) | u128::from(low);
                Generator::Pcg64(Pcg64::new(
                    join(words[0], words[1]),
                    join(words[2], words[3]),
                ))
            }
        };
        Stream { generator }
    }

    /// `random_sample(n)` / `Generator.random(n)`: doubles in [0, 1).
    pub fn doubles(&mut self, out: &mut [f64]) {
        for value in out {
            *value = match &mut self.generator {
                Generator::Legacy(generator, _) => generator.next_double(),
                Generator::Pcg64(generator) => generator.next_double(),
            };
        }
    }

    /// `standard_normal(n)`: the polar method for the legacy stream (its cached second
    /// value carried from call to call), the ziggurat for a `Generator`.
    pub fn normals(&mut self, out: &mut [f64]) {
        for value in out {
            *value = match &mut self.generator {
                Generator::Legacy(generator, cached) => {
                    distributions::legacy_gauss(&mut **generator, cached)
                }
                Generator::Pcg64(generator) => distributions::ziggurat_normal(generator),
            };
        }
    }

    /// `randint(low, high, n)` (int64) / `Generator.integers(low, high, n)`: `high`
    /// excluded.
    pub fn integers(&mut self, low: i64, high: i64, out: &mut [i64]) -> Result<(), EmptyRange> {
        if high <= low {
            return Err(EmptyRange);
        }
        let range = (high as u64).wrapping_sub(low as u64).wrapping_sub(1);
        match &mut self.generator {
            Generator::Legacy(generator, _) => {
                distributions::bounded_fill(&mut **generator, Bounded::Masked, low, range, out)
            }
            Generator::Pcg64(generator) => {
                distributions::bounded_fill(generator, Bounded::Lemire, low, range, out)
            }
        }
        Ok(())
    }
}
