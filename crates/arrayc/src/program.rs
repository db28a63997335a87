//! A compiled program: the native code, the IR it was made from (for its inputs, outputs
//! and run-time messages), and running it — checking the caller's inputs against the
//! declared ones first. Built by the pipeline's last stage; knows nothing of compiling.

use crate::array::{Array, ArrayData, ArrayView, DataMut};
use crate::codegen;
use crate::diagnostic::{Diagnostic, Error, ErrorKind};
use crate::ir;
use crate::pipeline::{guarded, micros};
use crate::report::CompileReport;
use crate::runtime::{self, Interrupt};
use std::io::Write;
use std::mem::ManuallyDrop;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Instant;

pub use crate::options::InputSpec;

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

/// A caller's array that a run computes one output in, without a copy
/// (`Program::run_in_place`): when the run starts it holds the value of the input that the
/// output starts from (`Program::in_place_input`), and when the run ends the output's.
pub struct InPlace<'a> {
    pub output: &'a str,
    pub shape: &'a [usize],
    pub data: DataMut<'a>,
}

/// A compiled program: native code plus what is needed to run it, any number of times,
/// from any number of threads. The code and tables are shared with the compile cache (and
/// with the other programs it handed out for the same source and options).
pub struct Program {
    pub(crate) loaded: Arc<Loaded>,
    pub(crate) report: CompileReport,
}

/// What a program runs: its code, the IR it was compiled from, and its listings.
pub(crate) struct Loaded {
    pub(crate) pool: Option<Pool>,
    /// The IR; for a program read from the compile cache, its tables only (no body).
    pub(crate) ir: ir::Program,
    /// For a program read from the compile cache: the IR's whole text, whose body is parsed
    /// only when asked for (`body`).
    pub(crate) ir_text: Option<String>,
    pub(crate) body: OnceLock<Option<Vec<ir::Stmt>>>,
    pub(crate) code: Code,
    pub(crate) source: String,
    pub(crate) file_name: String,
    pub(crate) clif: String,
    pub(crate) asm: String,
}

impl Loaded {
    /// The IR's statements (parsed from the cached text on first use for a cached program).
    fn body(&self) -> Option<&[ir::Stmt]> {
        let Some(text) = &self.ir_text else {
            return Some(&self.ir.body);
        };
        self.body
            .get_or_init(|| ir::parse(text).ok().map(|program| program.body))
            .as_deref()
    }
}

/// The memory that holds the code, freed when the program is dropped: a JIT module, or an
/// image loaded from the compile cache.
pub(crate) struct Code {
    pub(crate) memory: CodeMemory,
    pub(crate) entry: codegen::EntryFn,
}

pub(crate) enum CodeMemory {
    /// Boxed: the module is large and the image small (clippy's `large_enum_variant`).
    Jit(Option<Box<cranelift_jit::JITModule>>),
    /// Held for its `Drop`, which unmaps the code.
    #[allow(dead_code)] // Only dropped, never read: `Code::entry` points into it.
    Image(codegen::image::Mapped),
}

// SAFETY: after finalisation the module is only read (through `entry`) until it is dropped,
// and the generated code keeps no state of its own: every run passes its own context.
unsafe impl Send for Code {}
// SAFETY: as above; concurrent runs share only immutable code and constant data.
unsafe impl Sync for Code {}

impl Drop for Code {
    fn drop(&mut self) {
        if let CodeMemory::Jit(module) = &mut self.memory {
            let Some(module) = module.take() else {
                return;
            };
            // SAFETY: no function of the module can be running: `Program::run` borrows the
            // program for the whole call, so the program (and this code) outlives it.
            unsafe { (*module).free_memory() };
        }
    }
}

/// The threads that share a program's large kernels, and the process that started them. A
/// child made by `fork` (as `multiprocessing` does on Linux) inherits the pool's memory but
/// none of its threads, so a run there would wait for them forever: it starts its own, and
/// never drops the parent's (that would signal threads it does not have).
pub(crate) struct Pool {
    threads: usize,
    current: Mutex<(u32, ManuallyDrop<Arc<rayon::ThreadPool>>)>,
}

impl Pool {
    /// A pool of `threads` threads, or `None` when they cannot be started (runs then use
    /// the caller's thread only, with the same results).
    pub(crate) fn new(threads: usize) -> Option<Pool> {
        let pool = ManuallyDrop::new(Arc::new(start_threads(threads)?));
        Some(Pool {
            threads,
            current: Mutex::new((std::process::id(), pool)),
        })
    }

    /// This process's pool, started here first if the program was compiled in a parent.
    fn get(&self) -> Option<Arc<rayon::ThreadPool>> {
        let process = std::process::id();
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.0 != process {
            // The parent's pool is replaced without being dropped (ManuallyDrop).
            *current = (
                process,
                ManuallyDrop::new(Arc::new(start_threads(self.threads)?)),
            );
        }
        Some(Arc::clone(&current.1))
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let current = self
            .current
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if current.0 == std::process::id() {
            // SAFETY: dropped once, here; a pool inherited from a parent is left alone.
            unsafe { ManuallyDrop::drop(&mut current.1) };
        }
    }
}

fn start_threads(threads: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|k| format!("arrayc-{k}"))
        .build()
        .ok()
}

impl Program {
    pub fn report(&self) -> &CompileReport {
        &self.report
    }

    /// The declared inputs, in declaration order.
    pub fn inputs(&self) -> Vec<InputSpec> {
        self.loaded
            .ir
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
        self.loaded
            .ir
            .outputs
            .iter()
            .map(|o| o.name.clone())
            .collect()
    }

    /// The IR text the program was compiled from.
    pub fn ir_text(&self) -> String {
        match &self.loaded.ir_text {
            Some(text) => text.clone(),
            None => self.loaded.ir.to_text(),
        }
    }

    /// Cranelift IR of every function (empty unless `Options::keep_clif`).
    pub fn clif(&self) -> &str {
        &self.loaded.clif
    }

    /// Disassembly of every function (empty unless `Options::keep_asm`).
    pub fn asm(&self) -> &str {
        &self.loaded.asm
    }

    fn error(&self, diagnostics: Vec<Diagnostic>) -> Error {
        Error {
            diagnostics,
            file_name: self.loaded.file_name.clone(),
            source: self.loaded.source.clone(),
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
        guarded(&self.loaded.file_name, &self.loaded.source, || {
            self.run_unguarded(inputs, &mut [], writer, interrupt)
        })
    }

    /// Runs as `run_with`, computing each output of `in_place` in the caller's array given
    /// with it, which also supplies the input the output starts from (not given in
    /// `inputs`); those outputs are left out of the result. Refused unless
    /// `in_place_input` allows each, with the input's shape and dtype exactly.
    pub fn run_in_place(
        &self,
        inputs: &[(&str, ArrayView<'_>)],
        in_place: &mut [InPlace<'_>],
        writer: &mut dyn Write,
        interrupt: &Interrupt,
    ) -> Result<RunResult, Error> {
        guarded(&self.loaded.file_name, &self.loaded.source, || {
            self.run_unguarded(inputs, in_place, writer, interrupt)
        })
    }

    /// The input whose memory output `output` may be computed in (`run_in_place`): the
    /// output's buffer starts as a whole, exact copy of that input, which nothing else
    /// reads (no other statement, print or output), and neither buffer is ever swapped
    /// with another. `None` otherwise: the output then needs memory of its own.
    pub fn in_place_input(&self, output: &str) -> Option<&str> {
        self.in_place_buffers(output).map(|(input, _)| input)
    }

    /// `in_place_input`'s input name, with the output's buffer.
    fn in_place_buffers(&self, output: &str) -> Option<(&str, ir::BufferId)> {
        let target = self
            .loaded
            .ir
            .outputs
            .iter()
            .find(|o| o.name == output)?
            .buffer;
        let info = self.loaded.ir.buffers.get(target as usize)?;
        if !matches!(info.init, ir::BufferInit::Scratch) {
            return None;
        }
        // The first top-level statement that uses the buffer copies an input into it.
        let body = self.loaded.body()?;
        let first = body
            .iter()
            .find(|statement| uses(std::slice::from_ref(*statement), target, &self.loaded.ir))?;
        let ir::Stmt::Kernel(copy) = first else {
            return None;
        };
        let ir::Expr::Load {
            buffer: source,
            offset,
        } = &copy.expr
        else {
            return None;
        };
        let whole = ir::Index::row_major(&info.shape);
        let exact = copy.dst == target
            && copy.shape == info.shape
            && copy.store == whole
            && *offset == whole
            && copy.reduction.is_none()
            && copy.checks.is_empty();
        let source_info = self.loaded.ir.buffers.get(*source as usize)?;
        let ir::BufferInit::Input(name) = &source_info.init else {
            return None;
        };
        if !exact || source_info.shape != info.shape || source_info.dtype != info.dtype {
            return None;
        }
        let mut reads = 0usize;
        let mut swapped = false;
        ir::walk(body, 0, &mut |_, statement| {
            for_each_read(statement, &self.loaded.ir, &mut |buffer| {
                reads += usize::from(buffer == *source);
            });
            if let ir::Stmt::Swap(a, b) = statement {
                swapped |= [*a, *b].contains(&target) || [*a, *b].contains(source);
            }
        });
        let output_reads = self.loaded.ir.outputs.iter().any(|o| o.buffer == *source);
        (reads == 1 && !swapped && !output_reads).then_some((name.as_str(), target))
    }

    fn run_unguarded(
        &self,
        inputs: &[(&str, ArrayView<'_>)],
        in_place: &mut [InPlace<'_>],
        writer: &mut dyn Write,
        interrupt: &Interrupt,
    ) -> Result<RunResult, Error> {
        // Each in-place array is read as its input, and its memory is the output's buffer.
        let mut places: Vec<(ir::BufferId, *mut u8)> = Vec::with_capacity(in_place.len());
        let mut all: Vec<(&str, ArrayView<'_>)> = inputs.to_vec();
        let mut problems = Vec::new();
        for place in in_place.iter_mut() {
            match self.in_place_buffers(place.output) {
                Some((input, buffer)) => {
                    places.push((buffer, place.data.as_mut_ptr()));
                    all.push((input, ArrayView::new(place.shape, place.data.view())));
                }
                None => problems.push(Diagnostic::without_span(
                    ErrorKind::Input,
                    format!("output `{}` cannot be computed in place", place.output),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(self.error(problems));
        }
        let (views, converted) = self.match_inputs(&all)?;
        // A converted input would be a copy: the caller's array would not be written.
        let specs = if places.is_empty() {
            Vec::new()
        } else {
            self.inputs()
        };
        let copied = all[inputs.len()..].iter().find(|(input, _)| {
            let position = specs.iter().position(|spec| spec.name == *input);
            position.is_some_and(|position| converted[position].is_some())
        });
        if let Some((input, _)) = copied {
            return Err(self.error(vec![Diagnostic::without_span(
                ErrorKind::Input,
                format!("input `{input}` is computed in place only in an array of its own dtype"),
            )]));
        }
        let views: Vec<ArrayView<'_>> = views
            .iter()
            .zip(&converted)
            .map(|(view, converted)| match converted {
                Some(data) => ArrayView::new(view.shape, data.view()),
                None => *view,
            })
            .collect();
        let pool = self.loaded.pool.as_ref().and_then(Pool::get);
        let started = Instant::now();
        let outputs = runtime::run(
            &self.loaded.ir,
            &|| self.loaded.body(),
            self.loaded.code.entry,
            &views,
            &places,
            writer,
            pool.as_deref(),
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

    /// The caller's inputs in declaration order, each with its data converted to the
    /// declared dtype when it has another (under `same_kind`); every mismatch of names,
    /// shapes and dtypes is reported at once.
    #[allow(clippy::type_complexity)] // A pair of parallel lists, borrowed and owned.
    fn match_inputs<'a>(
        &self,
        inputs: &[(&str, ArrayView<'a>)],
    ) -> Result<(Vec<ArrayView<'a>>, Vec<Option<ArrayData>>), Error> {
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
        // Inputs of another dtype than declared, converted; the views borrow them later.
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
        Ok((views, converted))
    }
}

/// Calls `read` with every buffer a statement reads itself (not its nested statements).
fn for_each_read(statement: &ir::Stmt, program: &ir::Program, read: &mut dyn FnMut(ir::BufferId)) {
    let parts = statement.parts();
    if let Some(kernel) = parts.kernel {
        kernel.expr.for_each_load(&mut |buffer, _| read(buffer));
        for check in &kernel.checks {
            check.value.for_each_load(&mut |buffer, _| read(buffer));
        }
    }
    for scalar in parts.scalars() {
        scalar.for_each_load(&mut |buffer, _| read(buffer));
    }
    if let ir::Stmt::Print { id, .. } = statement {
        for part in program.prints.get(*id as usize).into_iter().flatten() {
            if let ir::PrintPart::Value { buffer, .. } = part {
                read(*buffer);
            }
        }
    }
    if let ir::Stmt::MaskedSum { values, mask, .. } = statement {
        read(*values);
        read(*mask);
    }
}

/// Whether any of `statements`, nested ones included, reads, writes or swaps `buffer`.
fn uses(statements: &[ir::Stmt], buffer: ir::BufferId, program: &ir::Program) -> bool {
    let mut used = false;
    ir::walk(statements, 0, &mut |_, statement| {
        for_each_read(statement, program, &mut |read| used |= read == buffer);
        used |= match statement {
            ir::Stmt::Kernel(kernel) => kernel.dst == buffer,
            ir::Stmt::Swap(a, b) => *a == buffer || *b == buffer,
            ir::Stmt::MaskedSum { dst, .. } => *dst == buffer,
            ir::Stmt::Random { id } => {
                let draw = program.draws.get(*id as usize);
                draw.and_then(|draw| draw.kind.buffer()) == Some(buffer)
            }
            ir::Stmt::Loop(_)
            | ir::Stmt::Repeat(_)
            | ir::Stmt::If { .. }
            | ir::Stmt::Print { .. }
            | ir::Stmt::Break
            | ir::Stmt::Continue => false,
        };
    });
    used
}
