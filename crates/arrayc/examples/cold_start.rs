//! Measures what a fresh process pays for its first compile: compiles a program three
//! times in this process and prints, for each, the report's phases and the minor page
//! faults taken during the compile (from `/proc/self/stat`). Run it many times:
//! `for i in $(seq 30); do target/release/examples/cold_start examples/advect_loop.arr; done`.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A command-line measuring tool.

/// Minor page faults of this process so far (0 where `/proc` is missing).
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses): minflt is the 10th field
    // of the line, the 8th after the name.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(7))
        .and_then(|field| field.parse().ok())
        .unwrap_or(0)
}

mod common;

fn main() {
    let (source, options) = common::source_and_options("cold_start");
    for compile in ["first", "second", "third"] {
        let faults = minor_faults();
        let program = match arrayc::compile(&source, &options) {
            Ok(program) => program,
            Err(error) => {
                eprintln!("{error}");
                std::process::exit(1);
            }
        };
        let faults = minor_faults() - faults;
        let r = program.report();
        let other =
            r.total_us - r.parse_us - r.check_us - r.lower_us - r.codegen_us - r.finalize_us;
        println!(
            "{compile:<6} parse {:.0} check {:.0} lower {:.0} codegen {:.0} finalize {:.0} other {:.0} total {:.0} µs; {faults} page faults",
            r.parse_us, r.check_us, r.lower_us, r.codegen_us, r.finalize_us, other, r.total_us
        );
    }
}
