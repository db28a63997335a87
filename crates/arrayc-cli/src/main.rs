//! The `arrayc` command line: argument parsing, files, the terminal, plots. Every compiler
//! decision lives in the `arrayc` library; this crate only moves data in and out of it.
//!
//! Exit codes: 0 success, 1 an error in the program or its data, 2 a malformed command line.

#![allow(clippy::print_stdout, clippy::print_stderr)] // The CLI is where output meets the terminal.

mod plot;
mod repl;
mod report;
mod sweep;

use arrayc::{Array, Options, Program, RunResult};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "arrayc",
    version,
    about = "Compile and run arrayc programs with Cranelift: `for` unrolled, `loop` a machine loop",
    after_help = "With no command, arrayc starts the interactive session (`arrayc repl`)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Compile and run a program; print each output's shape and statistics.
    Run(RunArgs),
    /// Parse and check a program (names, scopes, shapes) without generating code.
    Check(CompileArgs),
    /// Print the program after lowering and unrolling.
    Ir(IrArgs),
    /// Compile and run once per combination of param values and per scope kind; print a table.
    Sweep(sweep::SweepArgs),
    /// An interactive session: each statement is compiled and run, bindings persist.
    Repl,
}

#[derive(Args)]
struct CompileArgs {
    /// The program file (`-` reads standard input).
    file: PathBuf,
    /// Override a param: `--set steps=100` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Args)]
struct LimitArgs {
    /// The unroll budget in IR operations.
    #[arg(long, value_name = "OPS", default_value_t = 1_000_000)]
    max_unroll: usize,
    /// The most memory the program's arrays may take, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    max_memory: usize,
    /// Threads for large array operations (0: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
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
    /// Write a picture of every output to DIR/NAME.png (heat map for rank 2, line for rank 1).
    #[arg(long, value_name = "DIR")]
    plot: Option<PathBuf>,
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
pub struct Failure(pub String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Run(args)) => run(&args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Ir(args)) => ir(&args),
        Some(Command::Sweep(args)) => sweep::sweep(&args),
        Some(Command::Repl) | None => repl::repl(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("{}", message.trim_end());
            ExitCode::from(1)
        }
    }
}

pub fn read_source(path: &Path) -> Result<(String, String), Failure> {
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

pub fn parse_number(text: &str) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    Some(value)
}

fn base_options(limits: &LimitArgs, file_name: &str) -> Options {
    Options {
        file_name: file_name.to_string(),
        unroll_budget: limits.max_unroll,
        max_memory_bytes: limits.max_memory.saturating_mul(1 << 20),
        threads: limits.threads,
        ..Options::default()
    }
}

fn options(args: &CompileArgs, file_name: &str) -> Result<Options, Failure> {
    let mut options = base_options(&args.limits, file_name);
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
pub enum InputData {
    Number(Array),
    File(arrayc::npy::NpyArray),
}

impl InputData {
    pub fn view(&self) -> arrayc::ArrayView<'_> {
        match self {
            InputData::Number(array) => array.view(),
            InputData::File(array) => arrayc::ArrayView {
                shape: &array.shape,
                data: array.data.as_slice(),
            },
        }
    }
}

pub fn load_inputs(
    program: &Program,
    items: &[String],
) -> Result<Vec<(String, InputData)>, Failure> {
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

pub fn views(inputs: &[(String, InputData)]) -> Vec<(&str, arrayc::ArrayView<'_>)> {
    inputs
        .iter()
        .map(|(name, data)| (name.as_str(), data.view()))
        .collect()
}

fn run(args: &RunArgs) -> Result<(), Failure> {
    let (program, name) = compile(&args.compile)?;
    let inputs = load_inputs(&program, &args.inputs)?;
    let stdout = std::io::stdout();
    let mut writer = stdout.lock();
    let result = program
        .run_with_output(&views(&inputs), &mut writer)
        .map_err(|e| Failure(e.render()))?;
    drop(writer);
    if let Some(dir) = &args.out_dir {
        write_outputs(dir, &result)?;
    }
    if let Some(dir) = &args.plot {
        plot::plot_outputs(dir, &result)?;
    }
    if args.json {
        println!("{}", report::json_document(&program, &result));
        return Ok(());
    }
    for (name, array) in &result.outputs {
        println!("{}", report::output_line(name, array));
    }
    if args.timings {
        print!(
            "{}",
            report::timings_text(&name, program.report(), result.run_us)
        );
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
