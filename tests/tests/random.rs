//! NumPy's random streams (`arrayc::random`) against NumPy: every case of
//! `tests/data/random/cases.txt` seeds a stream, makes its draws in order and must give the
//! bits of `NAME.npy` (made by `tests/fixtures/make_random_fixtures.py`), or NumPy's error.

use arrayc::random::{Seed, Stream};
use arrayc::ArrayData;

/// One case's draws, as int64 words (a double's bits), and the error that ended it.
fn run_case(line: &str) -> Result<(String, Vec<i64>, Option<String>), String> {
    let fields: Vec<&str> = line.split(" | ").collect();
    let [name, generator, seed, draws @ ..] = fields.as_slice() else {
        return Err(format!("malformed case: {line}"));
    };
    let seed: u128 = seed.parse().map_err(|e| format!("{name}: seed: {e}"))?;
    let seed = match *generator {
        "legacy" => Seed::Legacy(u32::try_from(seed).map_err(|e| format!("{name}: {e}"))?),
        "generator" => Seed::Generator(seed),
        other => return Err(format!("{name}: unknown generator {other}")),
    };
    let mut stream = Stream::new(seed);
    let mut words = Vec::new();
    let mut expected_error = None;
    for draw in draws {
        let parts: Vec<&str> = draw.split(' ').collect();
        if parts[0] == "error" {
            expected_error = Some(parts[1..].join(" "));
            continue;
        }
        let number = |k: usize| -> Result<f64, String> {
            parts
                .get(k)
                .and_then(|p| p.parse().ok())
                .ok_or_else(|| format!("{name}: bad draw {draw}"))
        };
        let integer = |k: usize| -> Result<i64, String> {
            parts
                .get(k)
                .and_then(|p| p.parse().ok())
                .ok_or_else(|| format!("{name}: bad draw {draw}"))
        };
        let count = integer(parts.len() - 1)? as usize;
        let mut values = vec![0.0; count];
        match parts[0] {
            "double" => stream.doubles(&mut values),
            "normal" => stream.normals(&mut values),
            "uniform" => {
                let (low, high) = (number(1)?, number(2)?);
                stream.doubles(&mut values);
                values.iter_mut().for_each(|u| *u = low + (high - low) * *u);
            }
            "gaussian" => {
                let (loc, scale) = (number(1)?, number(2)?);
                stream.normals(&mut values);
                values.iter_mut().for_each(|z| *z = loc + scale * *z);
            }
            "integers" => {
                let mut integers = vec![0i64; count];
                match stream.integers(integer(1)?, integer(2)?, &mut integers) {
                    Ok(()) => words.extend(integers),
                    Err(error) => return Ok((name.to_string(), words, Some(error.to_string()))),
                }
                continue;
            }
            other => return Err(format!("{name}: unknown draw {other}")),
        }
        words.extend(values.iter().map(|v| v.to_bits() as i64));
    }
    if let Some(error) = expected_error {
        return Err(format!("{name}: NumPy raised `{error}`, arrayc did not"));
    }
    Ok((name.to_string(), words, None))
}

#[test]
fn streams_match_numpy() {
    let dir = arrayc_tests::data_dir("random");
    let cases = arrayc_tests::read(&dir.join("cases.txt"));
    let mut failures = Vec::new();
    let mut count = 0;
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        count += 1;
        let (name, words, error) = match run_case(line) {
            Ok(result) => result,
            Err(message) => {
                failures.push(message);
                continue;
            }
        };
        let expected_error = line
            .rsplit(" | ")
            .next()
            .and_then(|w| w.strip_prefix("error "));
        if error.as_deref() != expected_error {
            failures.push(format!(
                "{name}: error {error:?}, NumPy's {expected_error:?}"
            ));
        }
        let bytes = std::fs::read(dir.join(format!("{name}.npy"))).unwrap_or_default();
        let expected = match arrayc_npy::parse(&bytes) {
            Ok((_, ArrayData::I64(values))) => values,
            other => {
                failures.push(format!("{name}.npy: not an int64 array: {other:?}"));
                continue;
            }
        };
        if let Some(k) =
            (0..words.len().max(expected.len())).find(|&k| words.get(k) != expected.get(k))
        {
            failures.push(format!(
                "{name}: {} values, NumPy {}; first difference at {k}: {:?} against NumPy's {:?}",
                words.len(),
                expected.len(),
                words.get(k),
                expected.get(k)
            ));
        }
    }
    assert!(count >= 20, "only {count} cases read");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
