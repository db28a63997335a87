//! Compiles IR files (the `arrayc ir` text form, or IR written by hand or by a script such
//! as `bench/temporal/gen_ir.py`) with `compile_ir` on one thread and runs them in turn,
//! alternating between the files for each repetition; prints one JSON line per file with
//! the compile report and every run's wall time (`run_us`, the library's) and the calling
//! thread's CPU time (`cpu_us`: the runs use that thread only), and can write each file's first output raw
//! (float64, C order) for a bit-for-bit comparison. Knows nothing of what the IR computes.
//!
//! `cargo run --release -p arrayc --features ir-tests --example run_ir -- [--reps N] [--out-dir DIR] A.ir B.ir ...`

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A command-line measuring tool.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `struct timespec` of the C library (64-bit Linux).
#[repr(C)]
struct Timespec {
    seconds: i64,
    nanoseconds: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
}

/// Linux's `CLOCK_THREAD_CPUTIME_ID`.
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

/// The calling thread's CPU time in microseconds: unlike wall time, it leaves out the
/// pauses when the machine's other work has the core.
fn thread_cpu_us() -> f64 {
    let mut time = Timespec {
        seconds: 0,
        nanoseconds: 0,
    };
    // SAFETY: `time` is a valid, writable `struct timespec`; the clock id is a constant.
    let status = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) };
    if status != 0 {
        fail("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed".to_string());
    }
    time.seconds as f64 * 1e6 + time.nanoseconds as f64 * 1e-3
}

fn fail(message: String) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn main() {
    let mut reps = 3usize;
    let mut out_dir: Option<PathBuf> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reps" => {
                reps = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| fail("--reps needs a number".to_string()));
            }
            "--out-dir" => {
                out_dir =
                    Some(PathBuf::from(args.next().unwrap_or_else(|| {
                        fail("--out-dir needs a folder".to_string())
                    })));
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() || reps == 0 {
        eprintln!("usage: run_ir [--reps N] [--out-dir DIR] FILE.ir...");
        std::process::exit(2);
    }
    let options = arrayc::Options {
        threads: 1,
        ..arrayc::Options::default()
    };
    let programs: Vec<arrayc::Program> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
            let ir = arrayc::parse_ir(&text)
                .unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
            arrayc::compile_ir(ir, &text, &options)
                .unwrap_or_else(|e| fail(format!("{}: {}", path.display(), e.render())))
        })
        .collect();
    let mut times = vec![Vec::new(); programs.len()];
    let mut cpu_times = vec![Vec::new(); programs.len()];
    for rep in 0..reps {
        for (index, program) in programs.iter().enumerate() {
            let cpu_start = thread_cpu_us();
            let result = program
                .run(&[])
                .unwrap_or_else(|e| fail(format!("{}: {}", files[index].display(), e.render())));
            cpu_times[index].push(thread_cpu_us() - cpu_start);
            times[index].push(result.run_us);
            if rep == 0 {
                if let (Some(dir), Some((_, array))) = (&out_dir, result.outputs.first()) {
                    write_raw(&dir.join(raw_name(&files[index])), &array.data.to_f64());
                }
            }
        }
    }
    for (index, program) in programs.iter().enumerate() {
        let report = program.report();
        let runs: Vec<String> = times[index].iter().map(|t| format!("{t:.1}")).collect();
        let cpu: Vec<String> = cpu_times[index].iter().map(|t| format!("{t:.1}")).collect();
        println!(
            "{{\"file\": \"{}\", \"compile_us\": {:.1}, \"codegen_us\": {:.1}, \"codegen_threads\": {}, \"functions\": {}, \"code_bytes\": {}, \"ir_ops\": {}, \"run_us\": [{}], \"cpu_us\": [{}]}}",
            files[index].display(),
            report.total_us,
            report.codegen_us,
            report.codegen_threads,
            report.functions,
            report.code_bytes,
            report.ir_ops,
            runs.join(", "),
            cpu.join(", ")
        );
    }
}

/// `NAME.ir` becomes `NAME.f64`.
fn raw_name(path: &Path) -> String {
    let stem = path.file_stem().map_or_else(
        || "output".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    format!("{stem}.f64")
}

fn write_raw(path: &Path, data: &[f64]) {
    let mut bytes = Vec::with_capacity(data.len() * 8);
    for value in data {
        bytes.extend_from_slice(&value.to_ne_bytes());
    }
    std::fs::File::create(path)
        .and_then(|mut file| file.write_all(&bytes))
        .unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
}
