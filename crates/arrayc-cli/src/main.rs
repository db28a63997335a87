//! The `arrayc` command line: argument parsing and dispatch to one function per command.
//! Every compiler decision lives in the `arrayc` library; this crate only moves data in and
//! out of it: `source` reads programs, `inputs` reads `--input` values, `output` writes to the
//! terminal and to files, `report` formats results, `plot` draws them, `repl` and `sweep` are
//! the two commands with more than a few lines.
//!
//! Exit codes: 0 success, 1 an error in the program or its data, 2 a malformed command line.

#![allow(clippy::print_stdout, clippy::print_stderr)] // The CLI is where output meets the terminal.

mod inputs;
mod interrupt;
mod output;
mod plot;
mod repl;
mod report;
mod source;
mod sweep;

use arrayc::{Options, Program};
use clap::{Args, Parser, Subcommand};
use inputs::{check_inputs_unchanged, load_inputs, parse_number, python_inputs, views};
use output::{emit, stage_files, stage_outputs, warn, Failure, Recording, Sink};
use source::read_source;
use std::io::Write;
use std::path::PathBuf;
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
    /// Write every output to DIR/NAME.npy (without it, a Python script writes the files its
    /// `np.save` lines name, as CPython would).
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Write a picture of every output to DIR/NAME.png (heat map for rank 2, line for rank 1).
    #[arg(long, value_name = "DIR")]
    plot: Option<PathBuf>,
    /// Print the compile-cost report.
    #[arg(long)]
    timings: bool,
    /// Print one JSON document (outputs, timings, code size) instead of text. What the
    /// program `print`s goes into it, as the list `"printed"` (one string per line), so that
    /// standard output is the document alone; if the run fails, those lines go to standard
    /// error before the error.
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

/// A compiled program, its file's name, the `--input` items that supply its inputs (with a
/// Python script's loaded files added) and the files a Python script saves its outputs to
/// (`np.save("FILE", a)`: output name, file).
struct Compiled {
    program: Program,
    name: String,
    inputs: Vec<String>,
    saves: Vec<(String, PathBuf)>,
}

fn compile(
    args: &CompileArgs,
    threads: &ThreadArgs,
    inputs: &[String],
) -> Result<Compiled, Failure> {
    let (name, source) = read_source(&args.file)?;
    let mut options = options(args, Some(threads), &name)?;
    let inputs = python_inputs(&mut options, &source, inputs)?;
    let saves = match options.language {
        arrayc::Language::Python => arrayc::python_saves(&source)
            .into_iter()
            .map(|save| (save.name, PathBuf::from(save.file)))
            .collect(),
        _ => Vec::new(),
    };
    // `ARRAYC_CACHE_DIR` keeps compiled programs for the next run of the same file.
    options.cache_dir = std::env::var_os("ARRAYC_CACHE_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from);
    let program = arrayc::compile(&source, &options).map_err(|e| Failure(e.render()))?;
    if let Some(note) = &program.report().cache_note {
        warn(&format!("warning: {note}"));
    }
    Ok(Compiled {
        program,
        name,
        inputs,
        saves,
    })
}

fn check(args: &CompileArgs) -> Result<(), Failure> {
    let (name, source) = read_source(&args.file)?;
    let mut options = options(args, None, &name)?;
    python_inputs(&mut options, &source, &[])?;
    arrayc::check(&source, &options).map_err(|e| Failure(e.render()))?;
    emit(&format!("{name}: ok\n"))
}

fn ir(args: &IrArgs) -> Result<(), Failure> {
    let (name, source) = read_source(&args.compile.file)?;
    let mut options = options(&args.compile, None, &name)?;
    python_inputs(&mut options, &source, &[])?;
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

fn run(args: &RunArgs) -> Result<(), Failure> {
    let Compiled {
        program,
        name,
        inputs,
        saves,
    } = compile(&args.compile, &args.threads, &args.inputs)?;
    let inputs = load_inputs(&program, &inputs)?;
    let sink = if args.json {
        Sink::Collect(Vec::new())
    } else {
        Sink::Stdout(std::io::stdout().lock())
    };
    let mut writer = Recording::new(sink);
    let during_run = interrupt::DuringRun::start();
    let result = program.run_with(&views(&inputs), &mut writer, during_run.handle());
    drop(during_run);
    let _ = writer.flush();
    if let Some(error) = writer.error.take() {
        return Err(Failure::from_stdout(&error));
    }
    let printed = match writer.into_inner() {
        Sink::Collect(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Sink::Stdout(_) => String::new(),
    };
    let result = result.map_err(|e| {
        if !printed.is_empty() {
            warn(&printed);
        }
        Failure(e.render())
    })?;
    check_inputs_unchanged(&inputs)?;
    // Every file is written under a temporary name first; none appears unless all were
    // written (a failed plot leaves no `.npy` behind, and the reverse).
    // A Python script's `np.save` files are written where the script says, as under
    // CPython, unless `--out-dir` collects every output in one directory.
    let arrays = match &args.out_dir {
        Some(dir) => stage_outputs(dir, &result)?,
        None => stage_files(saves, &result)?,
    };
    let mut plots = Vec::new();
    if let Some(dir) = &args.plot {
        plots = plot::plot_outputs(dir, &result)?;
    }
    // A directory in an output's place would fail its rename after others were renamed.
    let mut targets =
        (arrays.iter().map(|file| file.target())).chain(plots.iter().map(|file| file.target()));
    if let Some(target) = targets.find(|target| target.is_dir()) {
        return Err(Failure(format!(
            "error: cannot write `{}`: a directory is in the way",
            target.display()
        )));
    }
    for file in arrays {
        file.commit().map_err(|e| Failure(format!("error: {e}")))?;
    }
    for file in plots {
        file.commit()?;
    }
    if args.json {
        let document = report::json_document(&program, &result, &printed);
        return emit(&format!("{document}\n"));
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
