//! Prints the median compile-cost report of a program over repeated compiles in one process:
//! `cargo run --release -p arrayc --example compile_cost -- examples/advect_loop.arr steps=100`.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A command-line measuring tool.

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

mod common;

fn main() {
    let (source, options) = common::source_and_options("compile_cost");
    let mut reports = Vec::new();
    let mut runs = Vec::new();
    for _ in 0..15 {
        let program = match arrayc::compile(&source, &options) {
            Ok(program) => program,
            Err(error) => {
                eprintln!("{error}");
                std::process::exit(1);
            }
        };
        if let Ok(result) = program.run(&[]) {
            runs.push(result.run_us);
        }
        reports.push(program.report().clone());
    }
    let pick = |f: fn(&arrayc::CompileReport) -> f64| median(reports.iter().map(f).collect());
    println!(
        "parse {:.1}  check {:.1}  lower {:.1}  codegen {:.1}  finalize {:.1}  total {:.1} µs; run {:.1} µs; ir_ops {}  code_bytes {}  functions {}",
        pick(|r| r.parse_us),
        pick(|r| r.check_us),
        pick(|r| r.lower_us),
        pick(|r| r.codegen_us),
        pick(|r| r.finalize_us),
        pick(|r| r.total_us),
        median(runs),
        reports[0].ir_ops,
        reports[0].code_bytes,
        reports[0].functions
    );
}
