//! Compile and run cost of the reference program (examples/advect*.arr): the `loop` form,
//! the `for` form at several trip counts, and one step of each at run time.
//!
//! `cargo bench -p arrayc --bench advect`; the comparison with C and NumPy is
//! `bench/compare.py`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;

const ADVECT_FOR: &str = include_str!("../../../examples/advect.arr");
const ADVECT_LOOP: &str = include_str!("../../../examples/advect_loop.arr");

fn options(steps: usize) -> arrayc::Options {
    // Every iteration compiles: the in-memory compile cache would hand back the first.
    arrayc::Options {
        reuse: false,
        ..arrayc::Options::default()
    }
    .param("steps", steps as f64)
}

fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    group.sample_size(20);
    for steps in [10usize, 100, 1000] {
        group.bench_with_input(BenchmarkId::new("loop", steps), &steps, |b, &steps| {
            b.iter(|| black_box(arrayc::compile(ADVECT_LOOP, &options(steps)).ok()))
        });
        group.bench_with_input(BenchmarkId::new("for", steps), &steps, |b, &steps| {
            b.iter(|| black_box(arrayc::compile(ADVECT_FOR, &options(steps)).ok()))
        });
    }
    group.finish();
}

fn run(c: &mut Criterion) {
    let mut group = c.benchmark_group("run_100_steps");
    group.sample_size(20);
    for (name, source) in [("loop", ADVECT_LOOP), ("for", ADVECT_FOR)] {
        let Ok(program) = arrayc::compile(source, &options(100)) else {
            continue;
        };
        group.bench_function(name, |b| b.iter(|| black_box(program.run(&[]).ok())));
    }
    group.finish();
}

criterion_group!(benches, compile, run);
criterion_main!(benches);
