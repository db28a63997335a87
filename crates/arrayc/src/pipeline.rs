//! The compiler as its stage list: parse → check → lower → verify → codegen → finalize,
//! one line each in `stages`, with the guards around it rather than threaded through it:
//! `guarded` turns a panic (always a bug) into an internal error, `on_large_stack_if`
//! moves deep programs to a thread with a large stack, `timed` measures a stage.
//! Every entry point of the library (`compile`, `check`, `ir_text`, `compile_ir`, and
//! `Program::run*`) goes through `guarded`.
//!
//! # Front ends
//!
//! The parse stage is the seam for front ends: `Language` names the source language and
//! `Language::parse` is the one place that calls a parser (and `check` the one place that
//! calls the checker). A front end must produce a `Parsed`:
//! - `program`: an `ast::Program`, the tree the checker and lowering take — whatever the
//!   surface syntax, a front end says what it means in this tree, with spans that are
//!   byte ranges into the source it was given;
//! - `diagnostics`: every syntax error it found (none: the tree is complete); the stages
//!   after it run only on a tree without errors;
//! - `depth`: the tallest expression tree and the most constructs open at once, from
//!   which the pipeline decides whether the later stages (which recurse once per level)
//!   need the large stack. The front end itself must not recurse without a bound.
//!
//! Adding a front end is one `Language` variant (`options.rs`) and one arm of
//! `Language::parse`.

use crate::ast;
use crate::diagnostic::{Diagnostic, Error, ErrorKind};
use crate::front;
use crate::ir;
use crate::options::{Language, Options};
use crate::program::Program;
use std::cell::Cell;
use std::time::Instant;

/// Parses, checks and lowers without generating code: every diagnostic `compile` would
/// give, except Cranelift's own.
pub fn check(source: &str, options: &Options) -> Result<(), Error> {
    guarded(&options.file_name, source, || {
        run(options.language, Input { source, options }, Until::Verified).map(|_| ())
    })
}

/// The program after lowering and unrolling, in the IR's stable text form.
pub fn ir_text(source: &str, options: &Options) -> Result<String, Error> {
    guarded(&options.file_name, source, || {
        match run(options.language, Input { source, options }, Until::Verified)? {
            Output::Ir(ir) => Ok(ir.to_text()),
            Output::Program(program) => Ok(program.ir_text()),
        }
    })
}

/// Compiles source text to native code.
pub fn compile(source: &str, options: &Options) -> Result<Program, Error> {
    guarded(&options.file_name, source, || {
        let input = Input { source, options };
        match run(options.language, input, Until::Code)? {
            Output::Program(program) => Ok(*program),
            Output::Ir(_) => Err(input.internal("the pipeline stopped early")),
        }
    })
}

/// Compiles a program given as IR (such as `parse_ir` of its text form) instead of
/// source: enters the stage list at `verify`, then generates code and runs exactly as
/// `compile`'s would. `source` is the text the IR's spans point into (for an IR file, the
/// file itself). Only with the `ir-tests` feature: the IR is the compiler's internal
/// contract, not an API for programs; the IR file tests (`tests/data/ir`) drive codegen
/// and the runtime with IR that lowering does not produce (yet).
#[cfg(feature = "ir-tests")]
pub fn compile_ir(ir: ir::Program, source: &str, options: &Options) -> Result<Program, Error> {
    guarded(&options.file_name, source, || {
        let times = Times::start();
        let input = Input { source, options };
        match after_lowering(ir, times, input, Until::Code)? {
            Output::Program(program) => Ok(*program),
            Output::Ir(_) => Err(input.internal("the pipeline stopped early")),
        }
    })
}

/// What a front end produces (see the file's documentation).
pub(crate) struct Parsed {
    pub program: ast::Program,
    pub diagnostics: Vec<Diagnostic>,
    pub depth: front::arr::Depth,
}

impl Language {
    /// The parse stage: the one call into each front end.
    fn parse(self, source: &str, options: &Options) -> Parsed {
        match self {
            Language::Arr => {
                let (program, diagnostics, depth) = front::arr::parse_measured(source);
                Parsed {
                    program,
                    diagnostics,
                    depth,
                }
            }
            Language::Python => {
                let given = options.python_given();
                let (program, diagnostics) = front::python::parse(source, &given);
                // The translation does not measure the tree it builds (long operator
                // chains, inlined calls): the later stages take the large stack always.
                let depth = front::arr::Depth {
                    height: SHALLOW_LEVELS + 1,
                    nesting: 0,
                };
                Parsed {
                    program,
                    diagnostics,
                    depth,
                }
            }
        }
    }
}

impl Parsed {
    /// An upper bound of how deep the later stages recurse: about once per level of
    /// expression and nesting, again for each level of inlined calls.
    fn levels(&self) -> u32 {
        let functions = self
            .program
            .statements
            .iter()
            .filter(|s| matches!(s.kind, ast::StmtKind::Fn { .. }))
            .count() as u32;
        (self.depth.height + 4 * self.depth.nesting).saturating_mul(functions + 1)
    }
}

/// How far `run` goes: `check` and `ir_text` stop after verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    Verified,
    Code,
}

/// What `run` gives, by `Until`.
enum Output {
    Ir(ir::Program),
    Program(Box<Program>),
}

/// The front end's timings, carried to the report.
#[derive(Debug, Clone, Copy)]
struct Times {
    started: Instant,
    parse_us: f64,
    check_us: f64,
    lower_us: f64,
}

impl Times {
    fn start() -> Times {
        Times {
            started: Instant::now(),
            parse_us: 0.0,
            check_us: 0.0,
            lower_us: 0.0,
        }
    }
}

/// The compiler: a source text in, a program (or its verified IR) out. A source with
/// many brackets open at once is parsed on the large stack already.
fn run(language: Language, input: Input<'_>, until: Until) -> Result<Output, Error> {
    let deep = nesting_estimate(input.source) > SHALLOW_NESTING;
    on_large_stack_if(deep, input, move |input| stages(language, input, until))
}

/// The stages in order.
fn stages(language: Language, input: Input<'_>, until: Until) -> Result<Output, Error> {
    let mut times = Times::start();
    let parsed = timed(&mut times.parse_us, || stage::parse(language, input))?;
    on_large_stack_if(parsed.levels() > SHALLOW_LEVELS, input, move |input| {
        let checked = timed(&mut times.check_us, || stage::check(&parsed, input))?;
        let ir = timed(&mut times.lower_us, || {
            stage::lower(&parsed, &checked, input)
        })?;
        after_lowering(ir, times, input, until)
    })
}

/// The stages after lowering, where IR read from text (`compile_ir`) enters.
fn after_lowering(
    ir: ir::Program,
    times: Times,
    input: Input<'_>,
    until: Until,
) -> Result<Output, Error> {
    stage::verify(&ir, input)?;
    if until == Until::Verified {
        return Ok(Output::Ir(ir));
    }
    let compiled = stage::codegen(&ir, input)?;
    let program = stage::finalize(ir, compiled, times, input);
    Ok(Output::Program(Box::new(program)))
}

/// The stages, one function each: each takes what the ones before it made and refuses
/// the program with its diagnostics.
mod stage {
    use super::{micros, on_large_stack_if, Input, Language, Parsed, Times, SHALLOW_LEVELS};
    use crate::check::Checked;
    use crate::codegen;
    use crate::diagnostic::{line_of, Diagnostic, Error, ErrorKind};
    use crate::ir;
    use crate::lower;
    use crate::program::{Code, Pool, Program};
    use crate::report::{CompileReport, ScopeReport};
    use crate::runtime;

    pub(super) fn parse(language: Language, input: Input<'_>) -> Result<Parsed, Error> {
        let parsed = language.parse(input.source, input.options);
        if parsed.diagnostics.is_empty() {
            return Ok(parsed);
        }
        let Parsed {
            program,
            diagnostics,
            depth,
        } = parsed;
        // Dropping a tall tree recurses once per level: do it on the large stack too.
        let _ = on_large_stack_if(depth.height > SHALLOW_LEVELS, input, move |_| {
            drop(program);
            Ok(())
        });
        Err(input.error(diagnostics))
    }

    pub(super) fn check(parsed: &Parsed, input: Input<'_>) -> Result<Checked, Error> {
        let (mut checked, diagnostics) =
            crate::check::check(&parsed.program, &input.options.params);
        checked.language = input.options.language;
        input.refuse_if_any(diagnostics)?;
        Ok(checked)
    }

    pub(super) fn lower(
        parsed: &Parsed,
        checked: &Checked,
        input: Input<'_>,
    ) -> Result<ir::Program, Error> {
        let options = input.options;
        let limits = lower::Limits {
            unroll_budget: options.unroll_budget,
            max_memory_bytes: options.max_memory_bytes,
        };
        let (ir, diagnostics) = lower::lower(&parsed.program, checked, &limits);
        input.refuse_if_any(diagnostics)?;
        Ok(ir)
    }

    /// The IR verifier, on every program before code is generated for it: a refusal is a bug
    /// of lowering (or a wrong IR file), reported with every error it found.
    pub(super) fn verify(ir: &ir::Program, input: Input<'_>) -> Result<(), Error> {
        ir.verify().map_err(|errors| {
            let diagnostics = errors
                .iter()
                .map(|problem| {
                    Diagnostic::without_span(
                        ErrorKind::Internal,
                        format!("the IR failed verification: {problem}"),
                    )
                })
                .collect();
            input.error(diagnostics)
        })
    }

    pub(super) fn codegen(
        ir: &ir::Program,
        input: Input<'_>,
    ) -> Result<(codegen::Compiled, usize), Error> {
        let options = input.options;
        let runtime = codegen::Runtime {
            print: runtime::print_buffer,
            random: runtime::random_draw,
            parallel: runtime::parallel_rows,
        };
        // A program too small for threads does not ask how many cores there are.
        let (threads, compile_threads) =
            if codegen::could_use_threads(ir, options.parallel_min_elements) {
                (options.thread_count(), options.compile_thread_count())
            } else {
                (1, 1)
            };
        let codegen_options = codegen::CodegenOptions {
            clif: options.keep_clif,
            asm: options.keep_asm,
            verify: options.verify,
            parallel_min_elements: (threads > 1).then_some(options.parallel_min_elements),
            threads: compile_threads,
        };
        let compiled = codegen::compile(ir, &runtime, &codegen_options)
            .map_err(|message| input.internal(message))?;
        Ok((compiled, threads))
    }

    /// The finished program: its entry point, its report, and a thread pool when a kernel is
    /// large enough to use one.
    pub(super) fn finalize(
        ir: ir::Program,
        (compiled, threads): (codegen::Compiled, usize),
        times: Times,
        input: Input<'_>,
    ) -> Program {
        let Input { source, options } = input;
        let pointer = compiled.module.get_finalized_function(compiled.entry);
        // SAFETY: the entry was defined with the signature `fn(pointer) -> i32`.
        let entry: codegen::EntryFn =
            unsafe { std::mem::transmute::<*const u8, codegen::EntryFn>(pointer) };
        let scopes = ir
            .scopes
            .iter()
            .map(|scope| ScopeReport {
                kind: scope.kind.keyword(),
                line: line_of(source, scope.span.start as usize).0,
                trips: scope.trips,
                unroll: scope.unroll,
                ir_ops: scope.ir_ops,
            })
            .collect();
        let report = CompileReport {
            parse_us: times.parse_us,
            check_us: times.check_us,
            lower_us: times.lower_us,
            codegen_us: compiled.codegen_us,
            codegen_threads: compiled.codegen_threads,
            finalize_us: compiled.finalize_us,
            total_us: micros(times.started),
            ir_ops: ir.op_count(),
            code_bytes: compiled.code_bytes,
            functions: compiled.functions,
            scopes,
        };
        // Threads are started only for programs with a kernel large enough to use them.
        let pool = if threads > 1 && compiled.parallel_kernels > 0 {
            Pool::new(threads)
        } else {
            None
        };
        Program {
            pool,
            ir,
            code: Code {
                module: Some(compiled.module),
                entry,
            },
            report,
            source: source.to_string(),
            file_name: options.file_name.clone(),
            clif: compiled.clif,
            asm: compiled.asm,
        }
    }
}

/// What every stage is given: the source text (which spans point into) and the options.
#[derive(Clone, Copy)]
struct Input<'a> {
    source: &'a str,
    options: &'a Options,
}

impl Input<'_> {
    fn error(self, diagnostics: Vec<Diagnostic>) -> Error {
        Error {
            diagnostics,
            file_name: self.options.file_name.clone(),
            source: self.source.to_string(),
        }
    }

    fn internal(self, message: impl Into<String>) -> Error {
        self.error(vec![Diagnostic::without_span(ErrorKind::Internal, message)])
    }

    /// `Err` with the diagnostics a stage gave, if it gave any.
    fn refuse_if_any(self, diagnostics: Vec<Diagnostic>) -> Result<(), Error> {
        if diagnostics.is_empty() {
            Ok(())
        } else {
            Err(self.error(diagnostics))
        }
    }
}

/// Runs one stage, adding its wall time to `micros`.
fn timed<T>(micros: &mut f64, stage: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = stage();
    *micros += self::micros(started);
    result
}

pub(crate) fn micros(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e6
}

/// Runs one entry point of the library so that a panic (always a bug) comes back as an
/// internal-error `Err` instead of unwinding into the caller.
pub(crate) fn guarded<T>(
    file_name: &str,
    source: &str,
    body: impl FnOnce() -> Result<T, Error>,
) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error {
            diagnostics: vec![Diagnostic::without_span(
                ErrorKind::Internal,
                if detail.is_empty() {
                    "the compiler panicked".to_string()
                } else {
                    format!("the compiler panicked: {detail}")
                },
            )],
            file_name: file_name.to_string(),
            source: source.to_string(),
        })
    })
}

/// Sources with at most this many brackets open at once, or prefix operators in a row, are
/// parsed on the caller's stack (the parser's own recursion is bounded by
/// `front::arr::MAX_NESTING`).
const SHALLOW_NESTING: usize = 24;

/// Programs whose recursion estimate (`Parsed::levels`) is at most this are checked and
/// lowered on the caller's stack.
const SHALLOW_LEVELS: u32 = 400;

/// The stack of the threads deep programs are compiled on.
const LARGE_STACK_BYTES: usize = 256 << 20;

/// The most brackets open at once, or prefix operators in a row: a cheap upper bound of the
/// parser's recursion, computed without recursion.
fn nesting_estimate(source: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut prefix_run = 0usize;
    for byte in source.bytes() {
        match byte {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        match byte {
            b'-' | b'!' => prefix_run += 1,
            b' ' | b'\t' | b'\r' | b'\n' | b'(' => {}
            _ => prefix_run = 0,
        }
        deepest = deepest.max(depth).max(prefix_run);
    }
    deepest
}

thread_local! {
    /// Whether this thread is one of the large-stack workers.
    static ON_LARGE_STACK: Cell<bool> = const { Cell::new(false) };
}

type Task = Box<dyn FnOnce() + Send>;

/// Runs `job` on a thread with a large stack when `deep` (and this thread is not one
/// already), else here, so that no input can overflow the caller's stack. The threads are
/// kept and reused; a panic in `job` unwinds into the caller as if it had run here.
/// `job` gets the input as its argument so that only a job that moves copies it.
fn on_large_stack_if<T: Send + 'static>(
    deep: bool,
    input: Input<'_>,
    job: impl FnOnce(Input<'_>) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    use std::sync::mpsc;
    use std::sync::Mutex;
    // Each idle thread with the process that started it: a child made by `fork` has none
    // of its parent's threads, and a task sent to one would wait forever.
    static IDLE: Mutex<Vec<(u32, mpsc::Sender<Task>)>> = Mutex::new(Vec::new());

    if !deep || ON_LARGE_STACK.with(Cell::get) {
        return job(input);
    }
    let process = std::process::id();
    let idle = IDLE.lock().ok().and_then(|mut idle| {
        // A parent's senders are forgotten, not dropped: their channels are the parent's.
        for stale in idle.extract_if(.., |(owner, _)| *owner != process) {
            std::mem::forget(stale);
        }
        idle.pop().map(|(_, sender)| sender)
    });
    let worker = idle.or_else(|| {
        let (sender, receiver) = mpsc::channel::<Task>();
        std::thread::Builder::new()
            .name("arrayc-front".to_string())
            .stack_size(LARGE_STACK_BYTES)
            .spawn(move || {
                ON_LARGE_STACK.with(|on| on.set(true));
                while let Ok(task) = receiver.recv() {
                    task();
                }
            })
            .ok()
            .map(|_| sender)
    });
    let Some(worker) = worker else {
        // No thread could be started: carry on here, on the caller's stack.
        return job(input);
    };
    let (reply, answer) = mpsc::channel();
    let (source, options) = (input.source.to_string(), input.options.clone());
    let task: Task = Box::new(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            job(Input {
                source: &source,
                options: &options,
            })
        }));
        let _ = reply.send(result);
    });
    if let Err(mpsc::SendError(task)) = worker.send(task) {
        task();
    }
    let result = answer.recv();
    if let Ok(mut idle) = IDLE.lock() {
        idle.push((process, worker));
    }
    match result {
        Ok(Ok(result)) => result,
        Ok(Err(payload)) => std::panic::resume_unwind(payload),
        Err(_) => Err(input.internal("the compiler thread stopped")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_an_entry_point_becomes_an_internal_error() {
        let result: Result<(), Error> = guarded("p.arr", "out y = 1", || panic!("boom"));
        let error = result.expect_err("the panic is caught");
        assert_eq!(error.kind(), ErrorKind::Internal);
        assert_eq!(error.file_name, "p.arr");
        assert!(
            error.to_string().contains("the compiler panicked: boom"),
            "{error}"
        );
    }

    #[test]
    fn a_panic_on_the_large_stack_reaches_the_guard_with_its_message() {
        let result: Result<(), Error> = guarded("p.arr", "out y = 1", || {
            let options = Options::default();
            let input = Input {
                source: "out y = 1",
                options: &options,
            };
            on_large_stack_if(true, input, |_| panic!("deep"))
        });
        let error = result.expect_err("the panic is caught");
        assert!(
            error.to_string().contains("the compiler panicked: deep"),
            "{error}"
        );
    }
}
