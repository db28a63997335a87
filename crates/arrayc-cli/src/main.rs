//! The `arrayc` command line: argument parsing, files, the terminal, plots. Every compiler
//! decision lives in the `arrayc` library; this crate only moves data in and out of it.
//!
//! Exit codes: 0 success, 1 an error in the program or its data, 2 a malformed command line.

#![allow(clippy::print_stdout, clippy::print_stderr)] // The CLI is where output meets the terminal.

mod interrupt;
mod plot;
mod repl;
mod report;
mod sweep;

use arrayc::{Array, DType, DataView, Options, Program, RunResult};
use clap::{Args, Parser, Subcommand};
use std::io::{Read, Write};
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
}

/// More threads than this cannot help on any machine arrayc runs on, and only cost time to
/// start; a larger `--threads` is refused as a malformed command line.
pub const MAX_THREADS: usize = 256;

#[derive(Args)]
pub struct ThreadArgs {
    /// Threads for large array operations (0: one per core; at most 256).
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u16).range(0..=MAX_THREADS as i64))]
    threads: u16,
    /// Threads that compile the program's functions to machine code (0: one per core; at
    /// most 256); the code is the same for any number.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u16).range(0..=MAX_THREADS as i64))]
    compile_threads: u16,
}

#[derive(Args)]
struct RunArgs {
    #[command(flatten)]
    compile: CompileArgs,
    #[command(flatten)]
    threads: ThreadArgs,
    /// Supply an input: `--input velocity=v.npy` or `--input dt=0.05` (repeatable). A float64
    /// C-order file is memory-mapped, not copied; if it is truncated while the program runs,
    /// the run fails with an error (the missing part read as zeros) rather than crashing.
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
    #[arg(long, conflicts_with = "asm")]
    clif: bool,
    /// Print the machine code of every generated function instead.
    #[arg(long)]
    asm: bool,
}

/// A user-facing failure: already rendered, printed to stderr, exit code 1. An empty
/// message means standard output was closed by its reader (`arrayc ... | head`): the
/// command ends quietly with exit code 0, as `cat` does.
pub struct Failure(pub String);

impl Failure {
    /// Standard output's reader went away.
    pub fn output_closed() -> Failure {
        Failure(String::new())
    }

    /// A failed write to standard output: quiet when the reader is gone, an error otherwise.
    pub fn from_stdout(error: &std::io::Error) -> Failure {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::output_closed()
        } else {
            Failure(format!("error: cannot write to standard output: {error}"))
        }
    }
}

/// Writes to standard output and flushes, so that a write error is seen here.
pub fn emit(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::from_stdout(&e))
}

/// Writes to standard error, ignoring failure: there is nowhere left to report it.
pub fn warn(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", text.trim_end());
}

/// A writer that remembers its first error, so that a failed `print` can be told apart
/// from an error of the program after the run.
pub struct Recording<W: Write> {
    inner: W,
    pub error: Option<std::io::Error>,
}

impl<W: Write> Recording<W> {
    pub fn new(inner: W) -> Recording<W> {
        Recording { inner, error: None }
    }

    fn record<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            if self.error.is_none() {
                self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        }
        result
    }
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(bytes);
        self.record(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.record(result)
    }
}

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
        Err(Failure(message)) if message.is_empty() => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            warn(&message);
            if interrupt::was_interrupted() {
                ExitCode::from(interrupt::EXIT_INTERRUPTED)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// The largest program text read, in bytes: far above any real program, far below what
/// reading `/dev/zero` would take before failing.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

pub fn read_source(path: &Path) -> Result<(String, String), Failure> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_SOURCE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("error: cannot read standard input: {e}")))?
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| Failure(format!("error: cannot read `{name}`: {e}")))?
    };
    if read as u64 > MAX_SOURCE_BYTES {
        return Err(Failure(format!(
            "error: `{name}` is larger than {} MiB; that is not a program",
            MAX_SOURCE_BYTES >> 20
        )));
    }
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

fn base_options(limits: &LimitArgs, threads: Option<&ThreadArgs>, file_name: &str) -> Options {
    Options {
        file_name: file_name.to_string(),
        unroll_budget: limits.max_unroll,
        max_memory_bytes: limits.max_memory.saturating_mul(1 << 20),
        threads: threads.map_or(0, |t| usize::from(t.threads)),
        compile_threads: threads.map_or(0, |t| usize::from(t.compile_threads)),
        // `.py` files are NumPy scripts; anything else is `.arr`.
        language: arrayc::Language::of_file(file_name),
        ..Options::default()
    }
}

fn options(
    args: &CompileArgs,
    threads: Option<&ThreadArgs>,
    file_name: &str,
) -> Result<Options, Failure> {
    let mut options = base_options(&args.limits, threads, file_name);
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

fn compile(args: &CompileArgs, threads: &ThreadArgs) -> Result<(Program, String), Failure> {
    let (name, source) = read_source(&args.file)?;
    let options = options(args, Some(threads), &name)?;
    let program = arrayc::compile(&source, &options).map_err(|e| Failure(e.render()))?;
    Ok((program, name))
}

fn check(args: &CompileArgs) -> Result<(), Failure> {
    let (name, source) = read_source(&args.file)?;
    let options = options(args, None, &name)?;
    arrayc::check(&source, &options).map_err(|e| Failure(e.render()))?;
    emit(&format!("{name}: ok\n"))
}

fn ir(args: &IrArgs) -> Result<(), Failure> {
    let (name, source) = read_source(&args.compile.file)?;
    let mut options = options(&args.compile, None, &name)?;
    if !args.clif && !args.asm {
        let text = arrayc::ir_text(&source, &options).map_err(|e| Failure(e.render()))?;
        return emit(&text);
    }
    options.keep_clif = args.clif;
    options.keep_asm = args.asm;
    let program = arrayc::compile(&source, &options).map_err(|e| Failure(e.render()))?;
    // `--clif` and `--asm` conflict (clap refuses both), so exactly one is kept.
    emit(if args.clif {
        program.clif()
    } else {
        program.asm()
    })
}

/// Inputs given on the command line: numbers, or `.npy` files kept memory-mapped.
pub enum InputData {
    Number(Array),
    File(arrayc_npy::NpyArray),
}

impl InputData {
    pub fn view(&self) -> arrayc::ArrayView<'_> {
        match self {
            InputData::Number(array) => array.view(),
            InputData::File(array) => arrayc::ArrayView {
                shape: &array.shape,
                data: match array.data.as_slice() {
                    arrayc_npy::Slice::F64(values) => DataView::F64(values),
                    arrayc_npy::Slice::F32(values) => DataView::F32(values),
                    arrayc_npy::Slice::I64(values) => DataView::I64(values),
                    arrayc_npy::Slice::Bool(values) => DataView::Bool(values),
                },
            },
        }
    }
}

/// The `.npy` element type of a dtype.
pub fn npy_element(dtype: DType) -> arrayc_npy::Element {
    match dtype {
        DType::F64 => arrayc_npy::Element::F64,
        DType::F32 => arrayc_npy::Element::F32,
        DType::I64 => arrayc_npy::Element::I64,
        DType::Bool => arrayc_npy::Element::Bool,
    }
}

/// Elements as the `.npy` writer takes them.
pub fn npy_slice(data: &arrayc::ArrayData) -> arrayc_npy::Slice<'_> {
    match data.view() {
        DataView::F64(values) => arrayc_npy::Slice::F64(values),
        DataView::F32(values) => arrayc_npy::Slice::F32(values),
        DataView::I64(values) => arrayc_npy::Slice::I64(values),
        DataView::Bool(values) => arrayc_npy::Slice::Bool(values),
    }
}

/// A number given on the command line as a scalar of the type Python gives its text: `True`
/// and `False` (or `true`, `false`) are bools, `3` is an int64, `2.5`, `1e3`, `inf` and
/// `nan` are float64 (the library converts it to the input's dtype under NumPy's
/// `same_kind` rule, as NumPy converts a Python scalar); `None` if it is no number.
pub fn scalar_input(text: &str) -> Option<Array> {
    let text = text.trim();
    let data: arrayc::ArrayData = match text {
        "True" | "true" => vec![true].into(),
        "False" | "false" => vec![false].into(),
        _ => match text.parse::<i64>() {
            Ok(integer) => vec![integer].into(),
            Err(_) => vec![parse_number(text)?].into(),
        },
    };
    Array::from_data(Vec::new(), data)
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
        let data = if let Some(number) = scalar_input(value) {
            if !spec.shape.is_empty() {
                return Err(Failure(format!(
                    "error: input `{name}` is an array of shape {:?}; give a .npy file, not a number",
                    spec.shape
                )));
            }
            InputData::Number(number)
        } else {
            let array =
                arrayc_npy::read_as(Path::new(value), npy_element(spec.dtype)).map_err(|e| {
                    Failure(format!(
                        "error: input `{name}` (declared {}) from `{value}`: {e}",
                        spec.dtype.name()
                    ))
                })?;
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

/// An error when an input file was truncated while the program read it (its missing part
/// read as zeros, so the results are not the file's).
pub fn check_inputs_unchanged(inputs: &[(String, InputData)]) -> Result<(), Failure> {
    for (name, data) in inputs {
        if let InputData::File(array) = data {
            if array.changed() {
                return Err(Failure(format!(
                    "error: the file of input `{name}` was truncated while the program ran; \
                     its results are discarded"
                )));
            }
        }
    }
    Ok(())
}

fn run(args: &RunArgs) -> Result<(), Failure> {
    let (program, name) = compile(&args.compile, &args.threads)?;
    let inputs = load_inputs(&program, &args.inputs)?;
    let mut writer = Recording::new(std::io::stdout().lock());
    let during_run = interrupt::DuringRun::start();
    let result = program.run_with(&views(&inputs), &mut writer, during_run.handle());
    drop(during_run);
    let _ = writer.flush();
    if let Some(error) = writer.error.take() {
        return Err(Failure::from_stdout(&error));
    }
    drop(writer);
    let result = result.map_err(|e| Failure(e.render()))?;
    check_inputs_unchanged(&inputs)?;
    // Every file is written under a temporary name first; none appears unless all were
    // written (a failed plot leaves no `.npy` behind, and the reverse).
    let mut staged = Vec::new();
    if let Some(dir) = &args.out_dir {
        staged.extend(stage_outputs(dir, &result)?);
    }
    if let Some(dir) = &args.plot {
        staged.extend(plot::plot_outputs(dir, &result)?);
    }
    // A directory in an output's place would fail its rename after others were renamed.
    if let Some(file) = staged.iter().find(|file| file.target().is_dir()) {
        return Err(Failure(format!(
            "error: cannot write `{}`: a directory is in the way",
            file.target().display()
        )));
    }
    for file in staged {
        file.commit().map_err(|e| Failure(format!("error: {e}")))?;
    }
    if args.json {
        return emit(&format!("{}\n", report::json_document(&program, &result)));
    }
    let mut text = String::new();
    for (name, array) in &result.outputs {
        text.push_str(&report::output_line(name, array));
        text.push('\n');
    }
    if args.timings {
        text.push_str(&report::timings_text(
            &name,
            program.report(),
            result.run_us,
        ));
    }
    emit(&text)
}

fn stage_outputs(dir: &Path, result: &RunResult) -> Result<Vec<arrayc_npy::Staged>, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure(format!("error: cannot create `{}`: {e}", dir.display())))?;
    let mut staged = Vec::new();
    for (name, array) in &result.outputs {
        let path = dir.join(format!("{name}.npy"));
        staged.push(
            arrayc_npy::stage(&path, &array.shape, npy_slice(&array.data))
                .map_err(|e| Failure(format!("error: cannot write `{}`: {e}", path.display())))?,
        );
    }
    Ok(staged)
}
