//! Compiles one program many times in one process and prints the mean time per compile
//! (no runs in between, so caches stay warm): `cargo run --release -p arrayc --example
//! compile_loop -- examples/advect_loop.arr 1000`.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A command-line measuring tool.

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let source = std::fs::read_to_string(path).unwrap();
    // Every compile is measured: the in-memory compile cache would hand back the first.
    let options = arrayc::Options {
        reuse: false,
        ..arrayc::Options::default()
    };
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(arrayc::compile(&source, &options).ok());
    }
    println!(
        "{:.1} us per compile",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
