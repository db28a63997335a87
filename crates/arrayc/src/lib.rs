//! arrayc: a compiler for a tiny array language, JIT-compiled to native code with Cranelift.
//!
//! A `for` scope is unrolled at compile time; a `loop` scope becomes a machine loop; the
//! compile report says what each phase and each scope cost. This crate is the whole
//! compiler and runtime; the `arrayc` command line is a thin layer over it.
//!
//! ```
//! let source = "param n = 4\nvar x = linspace(0, 1, n)\nloop i in 0..3 { x = x * 2 }\nout x";
//! let program = arrayc::compile(source, &arrayc::Options::default()).map_err(|e| e.to_string())?;
//! let result = program.run(&[]).map_err(|e| e.to_string())?;
//! let x = result.output("x").unwrap();
//! assert_eq!(x.shape, vec![4]);
//! assert_eq!(x.dtype(), arrayc::DType::F64);
//! assert_eq!(x.as_f64(), Some(&[0.0, 8.0 / 3.0, 16.0 / 3.0, 8.0][..]));
//! println!("compiled in {:.0} µs", program.report().total_us);
//! # Ok::<(), String>(())
//! ```
//!
//! Stages, each using only the ones before it: `diagnostic → lexer → ast → parser →
//! builtins → check → ir → lower → codegen → runtime`, with `numeric` (the scalar meaning
//! of every operation) shared by folding and generated code. `.npy` files are the
//! `arrayc-npy` crate's job. The stages are private: the API is `compile`, `check`,
//! `ir_text`, `Options`, `Program`, `Array`, `ArrayView`, `Error` and the reports, plus
//! `tools` for the REPL and `sweep`. An `Array` holds float64, float32, int64 or bool
//! elements (`ArrayData`); inputs of another dtype than declared are converted under
//! NumPy's `same_kind` rule.
//! (and, hidden, `parse_ir` and `compile_ir` for the IR file tests).

mod array;
mod ast;
mod builtins;
mod check;
mod codegen;
mod diagnostic;
mod format;
mod ir;
mod lexer;
mod lower;
mod numeric;
mod parser;
#[path = "front/python/mod.rs"]
mod python;
mod runtime;
mod tools;

pub use ast::ScopeKind;
pub use diagnostic::{line_of, Diagnostic, Error, ErrorKind, Span};
pub use tools::{
    needs_more_input, outline, rewrite_scopes, syntax_tree, Declaration, DeclarationKind, Outline,
};

/// Reads the IR's text form (the `arrayc ir` output) back into a program for `compile_ir`;
/// the program's `to_text` prints it again and `verify` checks it. Hidden for the same
/// reason as `compile_ir`: it serves the IR tests, not programs.
#[doc(hidden)]
pub use ir::parse as parse_ir;
pub use ir::DType;

/// The README's Rust examples, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
#[cfg(feature = "ndarray")]
pub use array::Element;
pub use array::{can_cast_same_kind, Array, ArrayData, ArrayView, DataView};
pub use format::{format_array, format_scalar};
pub use runtime::Interrupt;

use std::io::Write;
use std::time::Instant;

/// `Options::threads` is capped at this many threads per available core.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// How to compile a program.
#[derive(Debug, Clone)]
pub struct Options {
    /// `param` overrides, as the CLI's `--set name=value`.
    pub params: Vec<(String, f64)>,
    /// The most IR operations unrolling may grow a program to (default 1,000,000).
    pub unroll_budget: usize,
    /// The most bytes of arrays a program may allocate (default 4 GiB).
    pub max_memory_bytes: usize,
    /// The name diagnostics give the source (default `<input>`).
    pub file_name: String,
    /// Keep the Cranelift IR text (`Program::clif`).
    pub keep_clif: bool,
    /// Keep the disassembly (`Program::asm`).
    pub keep_asm: bool,
    /// Run Cranelift's IR verifier on every function (slower).
    pub verify: bool,
    /// Threads for large kernels (0: one per available core; 1: none besides the caller).
    pub threads: usize,
    /// Kernels with at least this many elements are split over the threads (default 2^18).
    pub parallel_min_elements: usize,
    /// Threads that compile functions to machine code (0: one per available core;
    /// 1: only the caller's). Independent of `threads`, which is about running; the code
    /// is the same for any number.
    pub compile_threads: usize,
    /// The source's language (default `.arr`).
    pub language: Language,
}

/// The two surfaces of the compiler: the `.arr` language and NumPy as written in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Arr,
    Python,
}

impl Language {
    /// The language a file's name says (`.py` is Python; anything else `.arr`).
    pub fn of_file(file_name: &str) -> Language {
        if file_name.ends_with(".py") {
            Language::Python
        } else {
            Language::Arr
        }
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            params: Vec::new(),
            unroll_budget: 1_000_000,
            max_memory_bytes: 4 << 30,
            file_name: "<input>".to_string(),
            keep_clif: false,
            keep_asm: false,
            verify: false,
            threads: 0,
            parallel_min_elements: 1 << 18,
            compile_threads: 0,
            language: Language::Arr,
        }
    }
}

impl Options {
    /// The number of threads a program will use: `threads`, or one per core when 0, and
    /// never more than `MAX_THREADS_PER_CORE` per core (more only cost time to start and
    /// to schedule: 100,000 threads turned a 0.13 s run into minutes).
    pub fn thread_count(&self) -> usize {
        capped_threads(self.threads)
    }

    /// The number of threads code generation may use: `compile_threads`, or one per core
    /// when 0, under the same cap as `thread_count`.
    pub fn compile_thread_count(&self) -> usize {
        capped_threads(self.compile_threads)
    }

    /// Sets a `param` override.
    pub fn param(mut self, name: &str, value: f64) -> Options {
        self.params.push((name.to_string(), value));
        self
    }
}

/// `threads`, or one per core when 0, at most `MAX_THREADS_PER_CORE` per core.
fn capped_threads(threads: usize) -> usize {
    if threads == 1 {
        return 1;
    }
    // Asking the system reads cgroup files: do it once per process, and only if needed.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    match threads {
        0 => cores,
        n => n.min(cores.saturating_mul(MAX_THREADS_PER_CORE)),
    }
}

/// What one scope contributed to the program.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeReport {
    /// `"for"` or `"loop"`.
    pub kind: &'static str,
    pub line: usize,
    /// The trip count, when it is known at compile time.
    pub trips: Option<u64>,
    pub unroll: u32,
    pub ir_ops: usize,
}

/// The compile-cost report: microseconds per phase, IR size and code size.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompileReport {
    pub parse_us: f64,
    pub check_us: f64,
    pub lower_us: f64,
    /// Wall time of code generation (building, compiling and placing every function).
    pub codegen_us: f64,
    /// Threads that compiled functions to machine code (1 unless there were several
    /// functions and enough work to share).
    pub codegen_threads: usize,
    pub finalize_us: f64,
    pub total_us: f64,
    pub ir_ops: usize,
    pub code_bytes: usize,
    /// Cranelift functions generated (large unrolled code is split into several).
    pub functions: usize,
    pub scopes: Vec<ScopeReport>,
}

/// A declared `input` of a program.
#[derive(Debug, Clone, PartialEq)]
pub struct InputSpec {
    pub name: String,
    pub shape: Vec<usize>,
    /// The element type the program reads it in.
    pub dtype: DType,
}

/// The result of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    pub outputs: Vec<(String, Array)>,
    pub run_us: f64,
}

impl RunResult {
    pub fn output(&self, name: &str) -> Option<&Array> {
        self.outputs.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }
}

/// A compiled program: native code plus what is needed to run it, any number of times,
/// from any number of threads.
pub struct Program {
    pool: Option<rayon::ThreadPool>,
    ir: ir::Program,
    code: Code,
    report: CompileReport,
    source: String,
    file_name: String,
    clif: String,
    asm: String,
}

/// The JIT module that owns the code; its memory is freed when the program is dropped.
struct Code {
    module: Option<cranelift_jit::JITModule>,
    entry: codegen::EntryFn,
}

// SAFETY: after finalisation the module is only read (through `entry`) until it is dropped,
// and the generated code keeps no state of its own: every run passes its own context.
unsafe impl Send for Code {}
// SAFETY: as above; concurrent runs share only immutable code and constant data.
unsafe impl Sync for Code {}

impl Drop for Code {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            // SAFETY: no function of the module can be running: `Program::run` borrows the
            // program for the whole call, so the program (and this code) outlives it.
            unsafe { module.free_memory() };
        }
    }
}

/// Everything before codegen: parse, check and lower, with their timings.
struct Front {
    ir: ir::Program,
    parse_us: f64,
    check_us: f64,
    lower_us: f64,
}

fn error(options: &Options, source: &str, diagnostics: Vec<Diagnostic>) -> Error {
    Error {
        diagnostics,
        file_name: options.file_name.clone(),
        source: source.to_string(),
    }
}

/// Parses on the caller's thread (the parser's own recursion is bounded by
/// `parser::MAX_NESTING`), then checks and lowers there too when the program is shallow.
/// A deep program (tall expressions, many nested or inlined levels) is checked and lowered
/// on a thread with a large stack instead, so that no input can overflow the caller's stack;
/// such threads are kept and reused.
fn front_end(source: &str, options: &Options) -> Result<Front, Error> {
    if options.language == Language::Python {
        let started = Instant::now();
        let (ast, diagnostics) = python::parse(source);
        if !diagnostics.is_empty() {
            return Err(error(options, source, diagnostics));
        }
        return check_and_lower(source, options, ast, micros(started));
    }
    if nesting_estimate(source) > SHALLOW_NESTING {
        return on_large_stack(source, options, None);
    }
    let started = Instant::now();
    let (ast, diagnostics, depth) = parser::parse_measured(source);
    let parse_us = micros(started);
    if !diagnostics.is_empty() {
        if depth.height > SHALLOW_LEVELS {
            // Dropping a tall tree recurses once per level: do it on a large stack too.
            let _ = std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(move || drop(ast))
                .map(|handle| handle.join());
        }
        return Err(error(options, source, diagnostics));
    }
    let functions = ast
        .statements
        .iter()
        .filter(|s| matches!(s.kind, ast::StmtKind::Fn { .. }))
        .count() as u32;
    // Later stages recurse about once per level of expression and nesting, again for each
    // level of inlined calls.
    let levels = (depth.height + 4 * depth.nesting).saturating_mul(functions + 1);
    if levels <= SHALLOW_LEVELS {
        return check_and_lower(source, options, ast, parse_us);
    }
    on_large_stack(source, options, Some((ast, parse_us)))
}

/// Sources with at most this many brackets open at once, or prefix operators in a row, are
/// parsed on the caller's stack.
const SHALLOW_NESTING: usize = 24;

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

/// Programs whose recursion estimate is at most this run on the caller's stack.
const SHALLOW_LEVELS: u32 = 400;

/// Runs the front end, or the rest of it when `parsed` is given, on a large-stack thread.
fn on_large_stack(
    source: &str,
    options: &Options,
    parsed: Option<(ast::Program, f64)>,
) -> Result<Front, Error> {
    use std::sync::mpsc;
    use std::sync::Mutex;
    type Reply = mpsc::Sender<Result<Front, Error>>;
    type Job = (String, Options, Option<(ast::Program, f64)>, Reply);
    const STACK_BYTES: usize = 256 << 20;
    static IDLE: Mutex<Vec<mpsc::Sender<Job>>> = Mutex::new(Vec::new());

    let idle = IDLE.lock().ok().and_then(|mut idle| idle.pop());
    let worker = match idle {
        Some(worker) => Some(worker),
        None => {
            let (sender, receiver) = mpsc::channel::<Job>();
            std::thread::Builder::new()
                .name("arrayc-front".to_string())
                .stack_size(STACK_BYTES)
                .spawn(move || {
                    while let Ok((source, options, parsed, reply)) = receiver.recv() {
                        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            front_end_here(&source, &options, parsed)
                        }))
                        .unwrap_or_else(|_| {
                            Err(error(
                                &options,
                                &source,
                                vec![Diagnostic::without_span(
                                    ErrorKind::Internal,
                                    "the compiler panicked",
                                )],
                            ))
                        });
                        let _ = reply.send(result);
                    }
                })
                .ok()
                .map(|_| sender)
        }
    };
    let Some(worker) = worker else {
        // No thread could be started: carry on here, on the caller's stack.
        return front_end_here(source, options, parsed);
    };
    let (reply, answer) = mpsc::channel();
    if let Err(mpsc::SendError((_, _, parsed, _))) =
        worker.send((source.to_string(), options.clone(), parsed, reply))
    {
        return front_end_here(source, options, parsed);
    }
    let result = answer.recv().unwrap_or_else(|_| {
        Err(error(
            options,
            source,
            vec![Diagnostic::without_span(
                ErrorKind::Internal,
                "the compiler thread stopped",
            )],
        ))
    });
    if let Ok(mut idle) = IDLE.lock() {
        idle.push(worker);
    }
    result
}

/// The front end on the current thread, parsing first unless that was done.
fn front_end_here(
    source: &str,
    options: &Options,
    parsed: Option<(ast::Program, f64)>,
) -> Result<Front, Error> {
    let (ast, parse_us) = match parsed {
        Some(parsed) => parsed,
        None => {
            let started = Instant::now();
            let (ast, diagnostics) = parser::parse(source);
            if !diagnostics.is_empty() {
                return Err(error(options, source, diagnostics));
            }
            (ast, micros(started))
        }
    };
    check_and_lower(source, options, ast, parse_us)
}

fn check_and_lower(
    source: &str,
    options: &Options,
    ast: ast::Program,
    parse_us: f64,
) -> Result<Front, Error> {
    let started = Instant::now();
    let (checked, diagnostics) = check::check(&ast, &options.params);
    let check_us = micros(started);
    if !diagnostics.is_empty() {
        return Err(error(options, source, diagnostics));
    }
    let started = Instant::now();
    let limits = lower::Limits {
        unroll_budget: options.unroll_budget,
        max_memory_bytes: options.max_memory_bytes,
    };
    let (ir, diagnostics) = lower::lower(&ast, &checked, &limits);
    let lower_us = micros(started);
    if !diagnostics.is_empty() {
        return Err(error(options, source, diagnostics));
    }
    if let Err(message) = ir.verify() {
        return Err(error(
            options,
            source,
            vec![Diagnostic::without_span(
                ErrorKind::Internal,
                format!("the IR failed verification: {message}"),
            )],
        ));
    }
    Ok(Front {
        ir,
        parse_us,
        check_us,
        lower_us,
    })
}

fn micros(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e6
}

/// Runs one entry point of the library so that a panic (always a bug) comes back as an
/// internal-error `Err` instead of unwinding into the caller.
fn guarded<T>(
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

/// Parses, checks and lowers without generating code: every diagnostic `compile` would
/// give, except Cranelift's own.
pub fn check(source: &str, options: &Options) -> Result<(), Error> {
    guarded(&options.file_name, source, || {
        front_end(source, options).map(|_| ())
    })
}

/// The program after lowering and unrolling, in the IR's stable text form.
pub fn ir_text(source: &str, options: &Options) -> Result<String, Error> {
    guarded(&options.file_name, source, || {
        front_end(source, options).map(|front| front.ir.to_text())
    })
}

/// Compiles source text to native code.
pub fn compile(source: &str, options: &Options) -> Result<Program, Error> {
    guarded(&options.file_name, source, || {
        compile_unguarded(source, options)
    })
}

fn compile_unguarded(source: &str, options: &Options) -> Result<Program, Error> {
    let started = Instant::now();
    let front = front_end(source, options)?;
    back_end(front, source, options, started)
}

/// Compiles a program given as IR (such as `ir::parse` of its text form) instead of
/// source: verifies it, then generates code and runs exactly as `compile`'s would.
/// `source` is the text the IR's spans point into (for an IR file, the file itself).
///
/// Hidden from the documentation because it exists for the IR file tests
/// (`tests/data/ir`), which drive codegen and the runtime with IR that lowering does not
/// produce (yet); the IR is the compiler's internal contract, not an API for programs.
#[doc(hidden)]
pub fn compile_ir(ir: ir::Program, source: &str, options: &Options) -> Result<Program, Error> {
    let started = Instant::now();
    if let Err(message) = ir.verify() {
        return Err(error(
            options,
            source,
            vec![Diagnostic::without_span(
                ErrorKind::Internal,
                format!("the IR failed verification: {message}"),
            )],
        ));
    }
    let front = Front {
        ir,
        parse_us: 0.0,
        check_us: 0.0,
        lower_us: 0.0,
    };
    back_end(front, source, options, started)
}

/// Codegen and finalisation of a verified program.
fn back_end(
    front: Front,
    source: &str,
    options: &Options,
    started: Instant,
) -> Result<Program, Error> {
    let runtime = codegen::Runtime {
        print: runtime::print_buffer,
        parallel: runtime::parallel_rows,
    };
    // A program too small for threads does not ask how many cores there are.
    let (threads, compile_threads) =
        if codegen::could_use_threads(&front.ir, options.parallel_min_elements) {
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
    let compiled = codegen::compile(&front.ir, &runtime, &codegen_options).map_err(|message| {
        error(
            options,
            source,
            vec![Diagnostic::without_span(ErrorKind::Internal, message)],
        )
    })?;
    let pointer = compiled.module.get_finalized_function(compiled.entry);
    // SAFETY: the entry was defined with the signature `fn(pointer) -> i32`.
    let entry: codegen::EntryFn =
        unsafe { std::mem::transmute::<*const u8, codegen::EntryFn>(pointer) };
    let scopes = front
        .ir
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
        parse_us: front.parse_us,
        check_us: front.check_us,
        lower_us: front.lower_us,
        codegen_us: compiled.codegen_us,
        codegen_threads: compiled.codegen_threads,
        finalize_us: compiled.finalize_us,
        total_us: micros(started),
        ir_ops: front.ir.op_count(),
        code_bytes: compiled.code_bytes,
        functions: compiled.functions,
        scopes,
    };
    // Threads are started only for programs with a kernel large enough to use them.
    let pool = if threads > 1 && compiled.parallel_kernels > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|k| format!("arrayc-{k}"))
            .build()
            .ok()
    } else {
        None
    };
    Ok(Program {
        pool,
        ir: front.ir,
        code: Code {
            module: Some(compiled.module),
            entry,
        },
        report,
        source: source.to_string(),
        file_name: options.file_name.clone(),
        clif: compiled.clif,
        asm: compiled.asm,
    })
}

impl Program {
    pub fn report(&self) -> &CompileReport {
        &self.report
    }

    /// The declared inputs, in declaration order.
    pub fn inputs(&self) -> Vec<InputSpec> {
        self.ir
            .buffers
            .iter()
            .filter_map(|buffer| match &buffer.init {
                ir::BufferInit::Input(name) => Some(InputSpec {
                    name: name.clone(),
                    shape: buffer.shape.clone(),
                    dtype: buffer.dtype,
                }),
                _ => None,
            })
            .collect()
    }

    /// The names of the outputs, in declaration order.
    pub fn output_names(&self) -> Vec<String> {
        self.ir.outputs.iter().map(|o| o.name.clone()).collect()
    }

    /// The IR text the program was compiled from.
    pub fn ir_text(&self) -> String {
        self.ir.to_text()
    }

    /// Cranelift IR of every function (empty unless `Options::keep_clif`).
    pub fn clif(&self) -> &str {
        &self.clif
    }

    /// Disassembly of every function (empty unless `Options::keep_asm`).
    pub fn asm(&self) -> &str {
        &self.asm
    }

    fn error(&self, diagnostics: Vec<Diagnostic>) -> Error {
        Error {
            diagnostics,
            file_name: self.file_name.clone(),
            source: self.source.clone(),
        }
    }

    /// Runs with named inputs; `print` output is discarded.
    pub fn run(&self, inputs: &[(&str, ArrayView<'_>)]) -> Result<RunResult, Error> {
        self.run_with_output(inputs, &mut std::io::sink())
    }

    /// Runs with named inputs, writing `print` output to `writer`. A failed write stops
    /// the run with an error.
    pub fn run_with_output(
        &self,
        inputs: &[(&str, ArrayView<'_>)],
        writer: &mut dyn Write,
    ) -> Result<RunResult, Error> {
        self.run_with(inputs, writer, &Interrupt::new())
    }

    /// Runs with named inputs, writing `print` output to `writer`; stops at the next `loop`
    /// or `while` iteration with the run-time error "interrupted" (spanning the loop) once
    /// `interrupt` is raised, from any thread. A failed write stops the run with an error.
    pub fn run_with(
        &self,
        inputs: &[(&str, ArrayView<'_>)],
        writer: &mut dyn Write,
        interrupt: &Interrupt,
    ) -> Result<RunResult, Error> {
        guarded(&self.file_name, &self.source, || {
            self.run_unguarded(inputs, writer, interrupt)
        })
    }

    fn run_unguarded(
        &self,
        inputs: &[(&str, ArrayView<'_>)],
        writer: &mut dyn Write,
        interrupt: &Interrupt,
    ) -> Result<RunResult, Error> {
        let specs = self.inputs();
        let mut problems = Vec::new();
        for (name, _) in inputs {
            if !specs.iter().any(|spec| spec.name == *name) {
                problems.push(Diagnostic::without_span(
                    ErrorKind::Input,
                    format!("`{name}` is not an input of the program"),
                ));
            }
        }
        let mut views = Vec::new();
        // Inputs of another dtype than declared, converted; the views borrow them below.
        let mut converted: Vec<Option<ArrayData>> = Vec::new();
        for spec in &specs {
            let matches: Vec<&ArrayView<'_>> = inputs
                .iter()
                .filter(|(name, _)| *name == spec.name)
                .map(|(_, view)| view)
                .collect();
            match matches.as_slice() {
                [] => problems.push(Diagnostic::without_span(
                    ErrorKind::Input,
                    format!(
                        "input `{}` (shape {:?}) was not supplied",
                        spec.name, spec.shape
                    ),
                )),
                [view] => {
                    let count: Option<usize> =
                        view.shape.iter().try_fold(1usize, |a, &e| a.checked_mul(e));
                    if view.shape != spec.shape.as_slice() || count != Some(view.data.len()) {
                        problems.push(Diagnostic::without_span(
                            ErrorKind::Input,
                            format!(
                                "input `{}` must have shape {:?}, but the value given has shape {:?}",
                                spec.name, spec.shape, view.shape
                            ),
                        ));
                    } else if view.dtype() == spec.dtype {
                        views.push(**view);
                        converted.push(None);
                    } else {
                        match view.data.cast_same_kind(spec.dtype) {
                            Ok(data) => {
                                views.push(**view);
                                converted.push(Some(data));
                            }
                            Err(why) => problems.push(Diagnostic::without_span(
                                ErrorKind::Input,
                                format!(
                                    "input `{}` is declared {} ({}), but the value given is {}: {why}",
                                    spec.name,
                                    spec.dtype.name(),
                                    spec.dtype.numpy_name(),
                                    view.dtype().numpy_name()
                                ),
                            )),
                        }
                    }
                }
                _ => problems.push(Diagnostic::without_span(
                    ErrorKind::Input,
                    format!("input `{}` was supplied more than once", spec.name),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(self.error(problems));
        }
        let views: Vec<ArrayView<'_>> = views
            .iter()
            .zip(&converted)
            .map(|(view, converted)| match converted {
                Some(data) => ArrayView::new(view.shape, data.view()),
                None => *view,
            })
            .collect();
        let started = Instant::now();
        let outputs = runtime::run(
            &self.ir,
            self.code.entry,
            &views,
            writer,
            self.pool.as_ref(),
            interrupt,
        )
        .map_err(|diagnostic| self.error(vec![diagnostic]))?;
        let run_us = micros(started);
        Ok(RunResult {
            outputs: outputs
                .into_iter()
                .map(|(name, shape, data)| (name, Array { shape, data }))
                .collect(),
            run_us,
        })
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
}
