//! A compiled program is shared by threads, and compiling many programs does not leak.
//!
//! - one `Program` run from 4 threads at once, 50 times each: every result has the bits of a
//!   single-threaded run (runs share only immutable code and constants); the same for a
//!   float32 program whose kernels are split over 3 threads;
//! - 2,000 compile + run + drop cycles: resident memory grows by less than 64 MB between
//!   cycle 200 and cycle 2,000, so the JIT's code pages are freed on drop.

#![allow(clippy::print_stdout)] // The leak test reports the memory it measured.

use arrayc::{ArrayView, Options, RunResult};

const SOURCE: &str = "\
input v: [64, 32]
input steps
param dt = 0.05
var d = v
loop i in 0..steps {
    d = d + dt * (-grad(d, 0) + 0.1 * roll(d, 1, 1))
    if i % 3 == 0 {
        d = d * 0.999
    }
}
let k = [1, 2, 3, 4]
var acc = 0
loop j in 0..4 {
    acc = acc + k[j] * sum(d[j, :])
}
out d
out acc
out m = mean(d, 1)
";

/// Each output's name, dtype and the bits of its elements (exact for every dtype).
fn bits(result: &RunResult) -> Vec<(String, arrayc::DType, Vec<u64>)> {
    result
        .outputs
        .iter()
        .map(|(name, a)| {
            let bits = a.data.iter().map(|x| x.to_bits()).collect();
            (name.clone(), a.dtype(), bits)
        })
        .collect()
}

#[test]
fn one_float32_program_many_threads() {
    let source = "input v: f32[64, 32]\nvar d = v\nloop i in 0..20 {\n    d = d + 0.05 * (roll(d, 1, 1) - d) * d\n}\nout d\nout s = sum(d, 1)";
    let options = Options {
        threads: 3,
        parallel_min_elements: 1,
        ..Options::default()
    };
    let program = arrayc::compile(source, &options).unwrap_or_else(|e| panic!("{e}"));
    let v: Vec<f32> = (0..64 * 32)
        .map(|k| ((k * 37 % 101) as f32 / 101.0).sin())
        .collect();
    let inputs = [("v", ArrayView::new(&[64, 32], &v))];
    let expected = bits(&program.run(&inputs).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(expected[0].1, arrayc::DType::F32);
    let (program, expected, inputs) = (&program, &expected, &inputs);
    let mismatches: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(move || {
                    (0..25)
                        .filter(|_| match program.run(inputs) {
                            Ok(result) => bits(&result) != *expected,
                            Err(_) => true,
                        })
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(
        mismatches, 0,
        "{mismatches} of 100 concurrent runs differed"
    );
}

#[test]
fn one_program_many_threads() {
    let program = arrayc::compile(SOURCE, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let v: Vec<f64> = (0..64 * 32)
        .map(|k| ((k * 37 % 101) as f64 / 101.0).sin())
        .collect();
    let steps = [25.0];
    let inputs = [
        ("v", ArrayView::new(&[64, 32], &v)),
        ("steps", ArrayView::new(&[], &steps)),
    ];
    let expected = bits(&program.run(&inputs).unwrap_or_else(|e| panic!("{e}")));
    let program = &program;
    let inputs = &inputs;
    let expected = &expected;
    let mismatches: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(move || {
                    (0..50)
                        .filter(|_| match program.run(inputs) {
                            Ok(result) => bits(&result) != *expected,
                            Err(_) => true,
                        })
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(
        mismatches, 0,
        "{mismatches} of 200 concurrent runs differed"
    );
}

/// Resident set size in bytes, from /proc/self/status; the test fails when it cannot read it.
#[cfg(target_os = "linux")]
fn resident_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_else(|e| panic!("cannot read /proc/self/status: {e}"));
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .unwrap_or_else(|| panic!("/proc/self/status has no VmRSS line:\n{status}"));
    let kb: usize = line
        .split_whitespace()
        .nth(1)
        .and_then(|kb| kb.parse().ok())
        .unwrap_or_else(|| panic!("cannot parse {line:?}"));
    kb * 1024
}

/// Measured on Linux only, where /proc gives the resident set size. The resident set is the
/// whole process's, so the measurement runs alone in a child process (this test binary run
/// again with this one test selected): the other tests of the binary, running beside it in
/// threads, would move it.
#[cfg(target_os = "linux")]
#[test]
fn many_compiles_do_not_leak() {
    const ALONE: &str = "ARRAYC_TEST_LEAK_ALONE";
    if std::env::var_os(ALONE).is_none() {
        let exe = std::env::current_exe().expect("the test binary's path");
        let output = std::process::Command::new(exe)
            .args([
                "concurrency::many_compiles_do_not_leak",
                "--exact",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(ALONE, "1")
            .output()
            .expect("run the test binary again");
        let stdout = String::from_utf8_lossy(&output.stdout);
        println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "the measurement failed");
        assert!(
            stdout.contains("1 passed"),
            "the child process did not run the measurement"
        );
        return;
    }
    let options = Options::default();
    let mut at_200 = 0;
    for k in 0..2_000 {
        // A different constant each time, so nothing can be shared between compiles.
        let source = format!(
            "var x = linspace(0, 1, 64)\nloop i in 0..3 {{\n    x = x * {k} + grad(x, 0)\n}}\nout s = sum(x)"
        );
        let program = arrayc::compile(&source, &options).unwrap_or_else(|e| panic!("{e}"));
        let result = program.run(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert!(result.output("s").is_some());
        drop(program);
        if k == 200 {
            at_200 = resident_bytes();
        }
    }
    let at_2000 = resident_bytes();
    let growth = at_2000.saturating_sub(at_200);
    println!(
        "resident memory: {} KB after 200 compiles, {} KB after 2000 (growth {} KB)",
        at_200 / 1024,
        at_2000 / 1024,
        growth / 1024
    );
    assert!(
        growth < 64 << 20,
        "resident memory grew by {} MB between compile 200 and compile 2000",
        growth >> 20
    );
}
