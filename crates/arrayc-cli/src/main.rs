//! The `arrayc` command line: argument parsing, files, and printing. Every compiler
//! decision lives in the `arrayc` library; this file only moves data in and out of it.
//!
//! Exit codes: 0 success, 1 an error in the program or its data, 2 a malformed command line.

use arrayc::{Array, CompileReport, Options, Program, RunResult};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "arrayc",
    version,
    about = "Compile and run arrayc programs with Cranelift: `for` unrolled, `loop` a machine loop"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile and run a program; print each output's shape and statistics.
    Run(RunArgs),
    /// Parse and check a program (names, scopes, shapes) without generating code.
    Check(CompileArgs),
    /// Print the program after lowering and unrolling.
    Ir(IrArgs),
}

#[derive(Args)]
struct CompileArgs {
    /// The program file (`-` reads standard input).
    file: PathBuf,
    /// Override a param: `--set steps=100` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// The unroll budget in IR operations.
    #[arg(long, value_name = "OPS", default_value_t = 1_000_000)]
    max_unroll: usize,
    /// The most memory the program's arrays may take, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    max_memory: usize,
}

#[derive(Args)]
struct RunArgs {
    #[command(flatten)]
    compile: CompileArgs,
    /// Supply an input: `--input velocity=v.npy` or `--input dt=0.05` (repeatable).
    #[arg(long = "input", value_name = "NAME=FILE|NUMBER")]
    inputs: Vec<String>,
    /// Write every output to DIR/NAME.npy.
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Print the compile-cost report.
    #[arg(long)]
    timings: bool,
    /// Print one JSON document (outputs, timings, code size) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct IrArgs {
    #[command(flatten)]
    compile: CompileArgs,
    /// Print the Cranelift IR of every generated function instead.
    #[arg(long)]
    clif: bool,
    /// Print the machine code of every generated function instead.
    #[arg(long)]
    asm: bool,
}

/// A user-facing failure: already rendered, printed to stderr, exit code 1.
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Check(args) => check(&args),
        Command::Ir(args) => ir(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("{}", message.trim_end());
            ExitCode::from(1)
        }
    }
}

fn read_source(path: &Path) -> Result<(String, String), Failure> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut buffer = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buffer)
            .map_err(|e| Failure(format!("error: cannot read standard input: {e}")))?;
        buffer
    } else {
        std::fs::read(path).map_err(|e| Failure(format!("error: cannot read `{name}`: {e}")))?
    };
    let source = String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "error: `{name}` is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok((name, source))
}

fn parse_number(text: &str) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    Some(value)
}

fn options(args: &CompileArgs, file_name: &str) -> Result<Options, Failure> {
    let mut options = Options {
        file_name: file_name.to_string(),
        unroll_budget: args.max_unroll,
        max_memory_bytes: args.max_memory.saturating_mul(1 << 20),
        ..Options::default()
    };
    for item in &args.set {
        let Some((name, value)) = item.split_once('=') else {
            return Err(Failure(format!(
                "error: --set takes NAME=VALUE, not `{item}`"
            )));
        };
        let Some(number) = parse_number(value) else {
            return Err(Failure(format!(
                "error: --set {name}: `{value}` is not a number"
            )));
        };
        options.params.push((name.trim().to_string(), number));
    }
    Ok(options)
}

fn compile(args: &CompileArgs) -> Result<(Program, String), Failure> {
    let (name, source) = read_source(&args.file)?;
    let options = options(args, &name)?;
    let program = arrayc::compile(&source, &options).map_err(|e| Failure(e.render()))?;
    Ok((program, name))
}

fn check(args: &CompileArgs) -> Result<(), Failure> {
    let (name, source) = read_source(&args.file)?;
    let options = options(args, &name)?;
    arrayc::check(&source, &options).map_err(|e| Failure(e.render()))?;
    println!("{name}: ok");
    Ok(())
}

fn ir(args: &IrArgs) -> Result<(), Failure> {
    let (name, source) = read_source(&args.compile.file)?;
    let mut options = options(&args.compile, &name)?;
    if !args.clif && !args.asm {
        let text = arrayc::ir_text(&source, &options).map_err(|e| Failure(e.render()))?;
        print!("{text}");
        return Ok(());
    }
    options.keep_clif = args.clif;
    options.keep_asm = args.asm;
    let program = arrayc::compile(&source, &options).map_err(|e| Failure(e.render()))?;
    if args.clif {
        print!("{}", program.clif());
    }
    if args.asm {
        print!("{}", program.asm());
    }
    Ok(())
}

/// Inputs given on the command line: numbers, or `.npy` files kept memory-mapped.
enum InputData {
    Number(Array),
    File(arrayc::npy::NpyArray),
}

fn load_inputs(program: &Program, items: &[String]) -> Result<Vec<(String, InputData)>, Failure> {
    let specs = program.inputs();
    let mut inputs = Vec::new();
    for item in items {
        let Some((name, value)) = item.split_once('=') else {
            return Err(Failure(format!(
                "error: --input takes NAME=FILE.npy or NAME=NUMBER, not `{item}`"
            )));
        };
        let name = name.trim().to_string();
        let Some(spec) = specs.iter().find(|spec| spec.name == name) else {
            let known: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
            return Err(Failure(format!(
                "error: --input names `{name}`, which is not an input of the program ({})",
                if known.is_empty() {
                    "it declares none".to_string()
                } else {
                    format!("its inputs are: {}", known.join(", "))
                }
            )));
        };
        let data = if let Some(number) = parse_number(value) {
            if !spec.shape.is_empty() {
                return Err(Failure(format!(
                    "error: input `{name}` is an array of shape {:?}; give a .npy file, not a number",
                    spec.shape
                )));
            }
            InputData::Number(Array::scalar(number))
        } else {
            let array = arrayc::npy::read(Path::new(value))
                .map_err(|e| Failure(format!("error: input `{name}` from `{value}`: {e}")))?;
            if array.shape != spec.shape {
                return Err(Failure(format!(
                    "error: input `{name}` must have shape {:?}, but `{value}` holds shape {:?}",
                    spec.shape, array.shape
                )));
            }
            InputData::File(array)
        };
        inputs.push((name, data));
    }
    Ok(inputs)
}

fn run(args: &RunArgs) -> Result<(), Failure> {
    let (program, name) = compile(&args.compile)?;
    let inputs = load_inputs(&program, &args.inputs)?;
    let views: Vec<(&str, arrayc::ArrayView<'_>)> = inputs
        .iter()
        .map(|(name, data)| {
            let view = match data {
                InputData::Number(array) => array.view(),
                InputData::File(array) => arrayc::ArrayView {
                    shape: &array.shape,
                    data: array.data.as_slice(),
                },
            };
            (name.as_str(), view)
        })
        .collect();
    let stdout = std::io::stdout();
    let mut writer = stdout.lock();
    let result = program
        .run_with_output(&views, &mut writer)
        .map_err(|e| Failure(e.render()))?;
    drop(writer);
    if let Some(dir) = &args.out_dir {
        write_outputs(dir, &result)?;
    }
    if args.json {
        println!("{}", json_document(&program, &result));
        return Ok(());
    }
    for (name, array) in &result.outputs {
        let stats = Stats::of(array);
        println!(
            "{name}: shape {:?}  min {}  max {}  mean {}  sum {}",
            array.shape,
            arrayc::format_scalar(stats.min),
            arrayc::format_scalar(stats.max),
            arrayc::format_scalar(stats.mean),
            arrayc::format_scalar(stats.sum)
        );
    }
    if args.timings {
        print!("{}", timings_text(&name, program.report(), result.run_us));
    }
    Ok(())
}

fn write_outputs(dir: &Path, result: &RunResult) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure(format!("error: cannot create `{}`: {e}", dir.display())))?;
    for (name, array) in &result.outputs {
        let path = dir.join(format!("{name}.npy"));
        arrayc::npy::write(&path, &array.shape, &array.data)
            .map_err(|e| Failure(format!("error: cannot write `{}`: {e}", path.display())))?;
    }
    Ok(())
}

struct Stats {
    min: f64,
    max: f64,
    mean: f64,
    sum: f64,
}

impl Stats {
    /// NumPy's `min`, `max` (NaN if any element is NaN), `mean` and `sum`.
    fn of(array: &Array) -> Stats {
        let mut min = f64::INFINITY;
        let mut max = f64::NEG_INFINITY;
        let mut sum = 0.0;
        for &value in &array.data {
            min = arrayc::numeric::minimum(min, value);
            max = arrayc::numeric::maximum(max, value);
            sum += value;
        }
        if array.data.is_empty() {
            min = f64::NAN;
            max = f64::NAN;
        }
        Stats {
            min,
            max,
            mean: sum / array.data.len() as f64,
            sum,
        }
    }
}

fn timings_text(name: &str, report: &CompileReport, run_us: f64) -> String {
    let mut out = format!("\ncompile-cost report for {name}\n");
    let rows = [
        ("parse", report.parse_us),
        ("check", report.check_us),
        ("lower + unroll", report.lower_us),
        ("codegen (Cranelift)", report.codegen_us),
        ("finalize", report.finalize_us),
        ("compile total", report.total_us),
        ("run", run_us),
    ];
    for (label, micros) in rows {
        out.push_str(&format!("  {label:<20} {micros:>12.1} µs\n"));
    }
    out.push_str(&format!("  {:<20} {:>12}\n", "IR ops", report.ir_ops));
    out.push_str(&format!(
        "  {:<20} {:>12} in {} function{}\n",
        "code bytes",
        report.code_bytes,
        report.functions,
        if report.functions == 1 { "" } else { "s" }
    ));
    if !report.scopes.is_empty() {
        out.push_str(&format!(
            "  {:<6} {:>6} {:>10} {:>7} {:>10}\n",
            "scope", "line", "trips", "unroll", "IR ops"
        ));
        for scope in &report.scopes {
            let trips = scope.trips.map_or("runtime".to_string(), |t| t.to_string());
            out.push_str(&format!(
                "  {:<6} {:>6} {:>10} {:>7} {:>10}\n",
                scope.kind, scope.line, trips, scope.unroll, scope.ir_ops
            ));
        }
    }
    out
}

fn json_number(value: f64) -> String {
    if value.is_finite() {
        format!("{value:?}")
    } else {
        "null".to_string()
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_document(program: &Program, result: &RunResult) -> String {
    let report = program.report();
    let outputs: Vec<String> = result
        .outputs
        .iter()
        .map(|(name, array)| {
            let stats = Stats::of(array);
            let shape: Vec<String> = array.shape.iter().map(|e| e.to_string()).collect();
            format!(
                "{}: {{\"shape\": [{}], \"min\": {}, \"max\": {}, \"mean\": {}, \"sum\": {}}}",
                json_string(name),
                shape.join(", "),
                json_number(stats.min),
                json_number(stats.max),
                json_number(stats.mean),
                json_number(stats.sum)
            )
        })
        .collect();
    let round = |v: f64| (v.round() as u64).to_string();
    let scopes: Vec<String> = report
        .scopes
        .iter()
        .map(|scope| {
            format!(
                "{{\"kind\": \"{}\", \"line\": {}, \"trips\": {}, \"unroll\": {}, \"ir_ops\": {}}}",
                scope.kind,
                scope.line,
                scope.trips.map_or("null".to_string(), |t| t.to_string()),
                scope.unroll,
                scope.ir_ops
            )
        })
        .collect();
    format!(
        "{{\"outputs\": {{{}}}, \"timings_us\": {{\"parse\": {}, \"check\": {}, \"lower\": {}, \"codegen\": {}, \"finalize\": {}, \"compile_total\": {}, \"run\": {}}}, \"ir_ops\": {}, \"code_bytes\": {}, \"functions\": {}, \"scopes\": [{}]}}",
        outputs.join(", "),
        round(report.parse_us),
        round(report.check_us),
        round(report.lower_us),
        round(report.codegen_us),
        round(report.finalize_us),
        round(report.total_us),
        round(result.run_us),
        report.ir_ops,
        report.code_bytes,
        report.functions,
        scopes.join(", ")
    )
}
