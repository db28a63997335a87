//! Compiles, runs and drops a small program many times and prints the resident set size
//! (VmRSS) as it goes: `cargo run --release -p arrayc --example many_compiles -- 10000`.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A command-line measuring tool.

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let source = "param n = 64\nvar u = linspace(0, 1, n)\nloop i in 0..10 { u = u + 0.1 * (roll(u, 1, 0) - u) }\nout u";
    // Every compile is measured: the in-memory compile cache would hand back the first.
    let options = arrayc::Options {
        reuse: false,
        ..arrayc::Options::default()
    };
    for k in 1..=count {
        let program = match arrayc::compile(source, &options) {
            Ok(program) => program,
            Err(error) => {
                eprintln!("{error}");
                std::process::exit(1);
            }
        };
        if program.run(&[]).is_err() {
            std::process::exit(1);
        }
        if k == 100 || k % (count / 10).max(1) == 0 {
            println!("{k:>6} compiles: VmRSS {} KiB", rss_kib());
        }
    }
}
