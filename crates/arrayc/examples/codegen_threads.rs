//! Compile time of one program with code generation on 1 to N threads, compiled in turn
//! (so every thread count sees the same load): `cargo run --release -p arrayc --example
//! codegen_threads -- examples/advect.arr 1000 2 7` compiles advect with `steps = 1000`
//! on 1 and 2 threads, 7 times each, and prints the medians of the wall time and of the CPU
//! time the process spent during the compile (all threads). On a machine with no idle core
//! the wall time cannot show the split; CPU time divided by the threads is what the compile
//! would take on as many free cores (when the threads share the work evenly).

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A command-line measuring tool.

/// CPU time of this process so far, all threads, in microseconds.
fn process_cpu_us() -> f64 {
    #[repr(C)]
    struct Timespec {
        seconds: i64,
        nanoseconds: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut time = Timespec {
        seconds: 0,
        nanoseconds: 0,
    };
    // SAFETY: `time` is a valid, writable timespec; the call only writes it.
    unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut time) };
    time.seconds as f64 * 1e6 + time.nanoseconds as f64 / 1e3
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, steps, threads, repeat] = args.as_slice() else {
        eprintln!("usage: codegen_threads FILE STEPS MAX_THREADS REPEAT");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("error: {path}: {e}");
        std::process::exit(1);
    });
    let steps: f64 = steps.parse().unwrap_or(100.0);
    let threads: usize = threads.parse().unwrap_or(2);
    let repeat: usize = repeat.parse().unwrap_or(5);
    let mut totals = vec![Vec::new(); threads];
    let mut codegen = vec![Vec::new(); threads];
    let mut cpu = vec![Vec::new(); threads];
    for _ in 0..repeat {
        for (k, compile_threads) in (1..=threads).enumerate() {
            let options = arrayc::Options {
                compile_threads,
                // Every compile is measured, not taken from the in-memory compile cache.
                reuse: false,
                ..arrayc::Options::default().param("steps", steps)
            };
            let cpu_before = process_cpu_us();
            let program = arrayc::compile(&source, &options).unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(1);
            });
            cpu[k].push(process_cpu_us() - cpu_before);
            totals[k].push(program.report().total_us);
            codegen[k].push(program.report().codegen_us);
        }
    }
    for (k, ((totals, codegen), cpu)) in totals.into_iter().zip(codegen).zip(cpu).enumerate() {
        let total = median(totals);
        let cpu = median(cpu);
        println!(
            "compile_threads {}: total {:.1} ms ({:.4} ms per step), codegen {:.1} ms; CPU {:.1} ms ({:.4} ms per step, {:.4} per step and thread)",
            k + 1,
            total / 1000.0,
            total / 1000.0 / steps,
            median(codegen) / 1000.0,
            cpu / 1000.0,
            cpu / 1000.0 / steps,
            cpu / 1000.0 / steps / (k + 1) as f64
        );
    }
}
