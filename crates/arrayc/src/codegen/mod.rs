//! Codegen: IR to Cranelift functions in a JIT module. One function per bounded chunk of
//! statements (so compile time stays linear in the size of unrolled code); each kernel
//! becomes a loop nest whose innermost dimension runs a 128-bit vector at a time (`F64X2`,
//! `F32X4`, `I64X2`), every dtype with its element size in memory.
//!
//! Generated functions have the signature `extern "C" fn(*mut RunContext) -> i32`: 0 on
//! success, otherwise 1 + the index of the run-time error site. They communicate only
//! through memory (buffers and slots), which is what lets any statement list be split.
//!
//! Functions are built as Cranelift IR on the caller's thread and compiled to machine code
//! there or on helper threads (`CodegenOptions::threads`); the code is placed in the module
//! in build order, so it is the same for any number of threads.
//!
//! This file owns the module, the chunking and the function definitions; `abi` the
//! interface with the runtime, `control` statements, `kernel` loop nests, `address`
//! integer index arithmetic and `expr` element expressions.

mod abi;
mod address;
mod blas;
mod columns;
mod control;
mod expr;
mod host;
pub mod image;
mod kernel;
mod masked;
mod pairwise;
mod pieces;
#[cfg(test)]
mod tests;

pub use abi::{
    status_site, EntryFn, RowsFn, RunContext, Runtime, STATUS_INTERRUPTED, STATUS_OK,
    STATUS_UNSEEDED, STATUS_WRITE_FAILED,
};

use crate::ir::{self, Kernel, Stmt, StmtId};
use abi::{AbiFunction, Import};
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{types, FuncRef, Function, InstBuilder, MemFlagsData, Type, Value};
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::{settings, settings::Configurable, Context};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module, ModuleReloc};
use std::collections::HashMap;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

/// Statements per generated function, in IR operations. Register allocation grows
/// superlinearly in function size, so unrolled code is split at about this size.
pub const CHUNK_OPS: usize = 600;

#[derive(Debug, Clone, Default)]
pub struct CodegenOptions {
    /// Keep the Cranelift IR text of every function.
    pub clif: bool,
    /// Keep the disassembly of every function.
    pub asm: bool,
    /// Run Cranelift's verifier on every function (slower; tests use it).
    pub verify: bool,
    /// Kernels of at least this many elements (and at least two rows) are split by rows
    /// over the runtime's threads; `None` keeps every kernel on the calling thread.
    pub parallel_min_elements: Option<usize>,
    /// The most threads that turn functions into machine code (1: only the caller's).
    pub threads: usize,
    /// Also lay the code out as a relocatable image (`Compiled::image`), for the cache.
    pub image: bool,
}

pub struct Compiled {
    /// Kernels split over threads.
    pub parallel_kernels: usize,
    pub module: JITModule,
    pub entry: FuncId,
    pub code_bytes: usize,
    pub functions: usize,
    /// Wall time of building, compiling and defining every function.
    pub codegen_us: f64,
    /// Threads that compiled functions to machine code (the caller's included).
    pub codegen_threads: usize,
    pub finalize_us: f64,
    pub clif: String,
    pub asm: String,
    /// With `CodegenOptions::image`: the code as an image to load in another process, or
    /// why it cannot be one.
    pub image: Option<Result<image::Image, String>>,
}

/// The host: its target and the CPU features Cranelift's code may use, as text (part of
/// the compile cache's key: code made for one CPU is never run on another). Read from
/// glibc's record of `CPUID` where it has one, as `host::builder` does, without building
/// the ISA; else the ISA's flags.
pub fn host_features() -> Result<String, String> {
    if let Some(features) = host::enabled_features() {
        let mut text = format!("{} {}", std::env::consts::ARCH, std::env::consts::OS);
        for name in features {
            text.push(' ');
            text.push_str(name);
        }
        return Ok(text);
    }
    let isa = host_isa(false, false)?;
    let mut text = isa.triple().to_string();
    for flag in isa.isa_flags() {
        text.push_str(&format!(" {flag}"));
    }
    Ok(text)
}

/// The host ISA, built once per process for each combination of settings.
fn host_isa(verify: bool, optimize: bool) -> Result<OwnedTargetIsa, String> {
    static ISAS: [OnceLock<Result<OwnedTargetIsa, String>>; 4] = [const { OnceLock::new() }; 4];
    let cell = &ISAS[usize::from(verify) * 2 + usize::from(optimize)];
    cell.get_or_init(|| {
        let mut flags = settings::builder();
        let set = |flags: &mut settings::Builder, name: &str, value: &str| {
            flags
                .set(name, value)
                .map_err(|e| format!("cranelift flag {name}: {e}"))
        };
        set(
            &mut flags,
            "opt_level",
            if optimize { "speed" } else { "none" },
        )?;
        set(&mut flags, "is_pic", "false")?;
        set(&mut flags, "use_colocated_libcalls", "false")?;
        set(
            &mut flags,
            "enable_verifier",
            if verify { "true" } else { "false" },
        )?;
        host::builder()?
            .finish(settings::Flags::new(flags))
            .map_err(|e| format!("cranelift: {e}"))
    })
    .clone()
}

pub fn compile(
    program: &ir::Program,
    runtime: &Runtime,
    options: &CodegenOptions,
) -> Result<Compiled, String> {
    let isa = host_isa(options.verify, needs_optimizer(&program.body))?;
    let mut builder = JITBuilder::with_isa(isa.clone(), cranelift_module::default_libcall_names());
    for import in Import::ALL {
        builder.symbol(import.symbol(), import.address(runtime));
    }
    let mut module = JITModule::new(builder);
    let pointer_type = module.target_config().pointer_type();
    let mut imports = HashMap::new();
    for import in Import::ALL {
        let signature = import.signature(&module);
        let id = module
            .declare_function(import.symbol(), Linkage::Import, &signature)
            .map_err(|e| e.to_string())?;
        imports.insert(import, id);
    }
    // Cranelift's contexts keep their allocations between functions: reuse them between
    // compiles on this thread too.
    thread_local! {
        static CONTEXTS: std::cell::RefCell<Option<(Context, FunctionBuilderContext)>> =
            const { std::cell::RefCell::new(None) };
    }
    let (context, builder_context) = CONTEXTS
        .with(|cell| cell.borrow_mut().take())
        .unwrap_or_else(|| (Context::new(), FunctionBuilderContext::new()));
    // One function's worth of code or less is compiled on the caller's thread alone, and
    // no more threads are started than there will be chunk functions.
    let threads = options
        .threads
        .min(ir::count_ops(&program.body) / CHUNK_OPS)
        .max(1);
    let queue = Queue::default();
    let mut generator = Generator {
        parallel_kernels: 0,
        module,
        isa: isa.clone(),
        context,
        threads,
        builder_context,
        imports,
        options,
        buffers: &program.buffers,
        queue: &queue,
        functions: 0,
        clif: String::new(),
        pointer_type,
    };
    let started = Instant::now();
    // Helper threads compile functions to machine code while the caller builds the next
    // ones; then the caller joins them until the queue is empty.
    let (entry, codegen_threads) = std::thread::scope(|scope| {
        let mut started = 1;
        for _ in 1..threads {
            let spawned = std::thread::Builder::new()
                .name("arrayc-codegen".to_string())
                .spawn_scoped(scope, || {
                    queue.work(&*isa, &mut Context::new(), options.asm)
                });
            // A thread that cannot be started leaves its share to the others.
            started += usize::from(spawned.is_ok());
        }
        generator.threads = started;
        let entry = generator.function_for(&program.body, 0);
        queue.close();
        queue.work(&*isa, &mut generator.context, options.asm);
        (entry, started)
    });
    let Generator {
        parallel_kernels,
        mut module,
        mut context,
        builder_context,
        clif,
        imports,
        ..
    } = generator;
    context.clear();
    CONTEXTS.with(|cell| *cell.borrow_mut() = Some((context, builder_context)));
    let entry = entry?;
    let machine = queue.finish()?;
    let image = options
        .image
        .then(|| image::build(&machine, entry, &imports));
    // Defined in the order they were built, whichever thread compiled them, so the code
    // is laid out the same for any number of threads.
    let mut code_bytes = 0;
    let mut asm = String::new();
    let functions = machine.len();
    for code in machine {
        code_bytes += code.bytes.len();
        module
            .define_function_bytes(code.id, code.alignment, &code.bytes, &code.relocs)
            .map_err(|e| format!("cranelift could not define {}: {e}", code.name))?;
        if let Some(text) = code.asm {
            asm.push_str(&format!("; function {}\n{text}\n", code.name));
        }
    }
    let codegen_us = started.elapsed().as_secs_f64() * 1e6;
    let started = Instant::now();
    module.finalize_definitions().map_err(|e| e.to_string())?;
    let finalize_us = started.elapsed().as_secs_f64() * 1e6;
    Ok(Compiled {
        parallel_kernels,
        module,
        entry,
        code_bytes,
        functions,
        codegen_us,
        codegen_threads,
        finalize_us,
        clif,
        asm,
        image,
    })
}

/// Whether compiling or running the program could use more than one thread: it is larger
/// than one function, or it has a kernel of at least `parallel_min_elements` elements.
/// When not, the caller need not ask the system how many cores there are (which reads
/// cgroup files: 50–80 µs in a fresh process here).
pub fn could_use_threads(program: &ir::Program, parallel_min_elements: usize) -> bool {
    let mut large = ir::count_ops(&program.body) > CHUNK_OPS;
    ir::walk(&program.body, 0, &mut |_, statement| {
        if let Some(kernel) = statement.parts().kernel {
            large |= kernel.extents().iter().product::<usize>() >= parallel_min_elements;
        }
    });
    large
}

/// A function built as Cranelift IR, waiting to be compiled.
struct Pending {
    /// Its position in the order functions were built.
    index: usize,
    id: FuncId,
    name: String,
    function: Function,
}

/// A function compiled to machine code, not yet placed in the module.
struct MachineCode {
    id: FuncId,
    name: String,
    alignment: u64,
    bytes: Vec<u8>,
    relocs: Vec<ModuleReloc>,
    asm: Option<String>,
}

/// Functions waiting for machine code, and the code made so far, shared by the threads
/// that compile them. Each function is compiled on its own, so its bytes do not depend on
/// the thread that compiled it.
#[derive(Default)]
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

#[derive(Default)]
struct QueueState {
    waiting: VecDeque<Pending>,
    /// No more functions will come.
    closed: bool,
    /// By `Pending::index`.
    done: Vec<Option<Result<MachineCode, String>>>,
    /// Compiled functions, whose allocations the next function built reuses.
    spare: Vec<Function>,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        // A panic while the lock was held cannot leave the state half-changed: recover it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn push(&self, pending: Pending) {
        let mut state = self.lock();
        state.done.push(None);
        state.waiting.push_back(pending);
        drop(state);
        self.changed.notify_one();
    }

    fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    /// The number of functions waiting.
    fn waiting(&self) -> usize {
        self.lock().waiting.len()
    }

    /// A function to build the next one in, cleared, with the allocations of one compiled.
    fn spare_function(&self) -> Function {
        let mut function = self.lock().spare.pop().unwrap_or_else(Function::new);
        function.clear();
        function
    }

    /// Compiles the next waiting function, if any; says whether there was one.
    fn work_one(&self, isa: &dyn TargetIsa, context: &mut Context, asm: bool) -> bool {
        let Some(pending) = self.lock().waiting.pop_front() else {
            return false;
        };
        self.compile(isa, context, pending, asm);
        true
    }

    fn compile(&self, isa: &dyn TargetIsa, context: &mut Context, pending: Pending, asm: bool) {
        let index = pending.index;
        let result = compile_function(isa, context, pending, asm);
        let used = std::mem::replace(&mut context.func, Function::new());
        let mut state = self.lock();
        state.done[index] = Some(result);
        state.spare.push(used);
    }

    /// Compiles waiting functions until the queue is closed and empty.
    fn work(&self, isa: &dyn TargetIsa, context: &mut Context, asm: bool) {
        let mut state = self.lock();
        loop {
            if let Some(pending) = state.waiting.pop_front() {
                drop(state);
                self.compile(isa, context, pending, asm);
                state = self.lock();
            } else if state.closed {
                return;
            } else {
                state = self
                    .changed
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
            }
        }
    }

    /// The machine code of every function, in the order they were built.
    fn finish(self) -> Result<Vec<MachineCode>, String> {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state
            .done
            .into_iter()
            .map(|code| code.unwrap_or_else(|| Err("a codegen thread stopped".to_string())))
            .collect()
    }
}

/// Compiles one function to machine code with the reusable `context`.
fn compile_function(
    isa: &dyn TargetIsa,
    context: &mut Context,
    pending: Pending,
    asm: bool,
) -> Result<MachineCode, String> {
    context.clear();
    context.func = pending.function;
    context.set_disasm(asm);
    context
        .compile(isa, &mut ControlPlane::default())
        .map_err(|e| {
            format!(
                "cranelift could not compile {}: {:?}",
                pending.name, e.inner
            )
        })?;
    let compiled = context
        .compiled_code()
        .ok_or("cranelift produced no code")?;
    let relocs = compiled
        .buffer
        .relocs()
        .iter()
        .map(|reloc| ModuleReloc::from_mach_reloc(reloc, &context.func, pending.id))
        .collect();
    Ok(MachineCode {
        id: pending.id,
        name: pending.name,
        alignment: u64::from(compiled.buffer.alignment),
        bytes: compiled.code_buffer().to_vec(),
        relocs,
        asm: if asm { compiled.vcode.clone() } else { None },
    })
}

/// Builds every function as Cranelift IR and queues it for machine code.
struct Generator<'a> {
    parallel_kernels: usize,
    module: JITModule,
    isa: OwnedTargetIsa,
    /// The caller's context for machine code.
    context: Context,
    /// Threads compiling, the caller's included: the caller compiles a function itself
    /// whenever this many are waiting.
    threads: usize,
    builder_context: FunctionBuilderContext,
    imports: HashMap<Import, FuncId>,
    options: &'a CodegenOptions,
    /// The program's buffers (their dtypes).
    buffers: &'a [ir::Buffer],
    queue: &'a Queue,
    /// Functions built so far.
    functions: usize,
    clif: String,
    pointer_type: Type,
}

/// Splits a statement list into runs of at most `CHUNK_OPS` operations (a single larger
/// statement is a run of its own).
fn partition(statements: &[Stmt]) -> Vec<&[Stmt]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (k, statement) in statements.iter().enumerate() {
        let ops = ir::stmt_ops(statement);
        if k > start && size + ops > CHUNK_OPS {
            chunks.push(&statements[start..k]);
            start = k;
            size = 0;
        }
        size += ops;
    }
    if start < statements.len() || statements.is_empty() {
        chunks.push(&statements[start..]);
    }
    chunks
}

impl Generator<'_> {
    /// Defines a function that runs `statements` (the first of which has id `first`),
    /// splitting them into chunk functions when they are too large for one.
    fn function_for(&mut self, statements: &[Stmt], first: StmtId) -> Result<FuncId, String> {
        let chunks = partition(statements);
        if chunks.len() <= 1 {
            let mut nested = HashMap::new();
            self.prepare_nested(statements, &mut first.clone(), &mut nested)?;
            return self.define(&Body::Inline(statements, first), &nested);
        }
        let mut ids = Vec::new();
        let mut next = first;
        for chunk in chunks {
            ids.push(self.function_for(chunk, next)?);
            next += ir::statement_count(chunk);
        }
        self.define(&Body::Calls(ids), &HashMap::new())
    }

    /// Compiles large loop bodies and branches inside `statements` into functions of their
    /// own, and large kernels into row functions. `next` is the id of the first statement
    /// and is advanced past them.
    fn prepare_nested(
        &mut self,
        statements: &[Stmt],
        next: &mut StmtId,
        nested: &mut HashMap<Nested, FuncId>,
    ) -> Result<(), String> {
        for statement in statements {
            let id = *next;
            *next += 1;
            let parts = statement.parts();
            if let Some(kernel) = parts.kernel {
                if self.is_parallel(kernel) {
                    self.parallel_kernels += 1;
                    let function = self.define(&Body::Rows(kernel), nested)?;
                    nested.insert(Nested::Rows(id), function);
                }
            }
            for (k, body) in parts.bodies().enumerate() {
                self.prepare_list(body, Nested::Body(id, k), next, nested)?;
            }
        }
        Ok(())
    }

    /// A nested statement list: a function of its own when larger than `CHUNK_OPS`.
    fn prepare_list(
        &mut self,
        list: &[Stmt],
        key: Nested,
        next: &mut StmtId,
        nested: &mut HashMap<Nested, FuncId>,
    ) -> Result<(), String> {
        if ir::count_ops(list) > CHUNK_OPS {
            let function = self.function_for(list, *next)?;
            nested.insert(key, function);
            *next += ir::statement_count(list);
            Ok(())
        } else {
            self.prepare_nested(list, next, nested)
        }
    }

    /// Whether a kernel is split over threads: large, with rows to split, no run-time index
    /// checks (every element is written by exactly one thread, so the bits do not depend on
    /// the number of threads).
    fn is_parallel(&self, kernel: &Kernel) -> bool {
        let Some(min_elements) = self.options.parallel_min_elements else {
            return false;
        };
        let elements: usize = kernel.extents().iter().product();
        kernel.shape.len() >= 2
            && kernel.shape[0] >= 2
            && kernel.checks.is_empty()
            && kernel.stores_row_major()
            && elements >= min_elements
    }

    /// Builds the Cranelift IR of a function running `body` and queues it for compilation.
    fn define(&mut self, body: &Body, nested: &HashMap<Nested, FuncId>) -> Result<FuncId, String> {
        let signature = match body {
            Body::Inline(..) | Body::Calls(_) => EntryFn::signature(&self.module),
            Body::Rows(_) => RowsFn::signature(&self.module),
        };
        let name = format!("f{}", self.functions);
        let id = self
            .module
            .declare_function(&name, Linkage::Local, &signature)
            .map_err(|e| e.to_string())?;
        let mut function = self.queue.spare_function();
        function.signature = signature;
        let frontend_config = self.module.target_config();
        {
            let mut builder = FunctionBuilder::new(&mut function, &mut self.builder_context);
            let entry = builder.create_block();
            builder.append_block_params_for_function_params(entry);
            builder.switch_to_block(entry);
            builder.seal_block(entry);
            let params = builder.block_params(entry).to_vec();
            let context = params[0];
            let rows = match body {
                Body::Rows(_) => Some((params[1], params[2])),
                _ => None,
            };
            let mut translator = Translator {
                builder,
                module: &mut self.module,
                imports: &self.imports,
                import_refs: HashMap::new(),
                buffers: self.buffers,
                nested,
                context,
                pointer_type: self.pointer_type,
                rows,
                next_statement: 0,
                loops: Vec::new(),
            };
            match body {
                Body::Inline(statements, first) => {
                    translator.next_statement = *first;
                    translator.statements(statements);
                }
                Body::Rows(kernel) => translator.kernel(kernel),
                Body::Calls(ids) => {
                    for &id in ids {
                        translator.call_function(id);
                    }
                }
            }
            let zero = translator
                .builder
                .ins()
                .iconst(types::I32, i64::from(abi::STATUS_OK));
            translator.builder.ins().return_(&[zero]);
            translator.builder.finalize(frontend_config);
        }
        if self.options.clif {
            self.clif
                .push_str(&format!("; function {name}\n{}\n", function.display()));
        }
        self.queue.push(Pending {
            index: self.functions,
            id,
            name,
            function,
        });
        self.functions += 1;
        // Compiling soon after building keeps the function in cache and bounds the memory
        // held by waiting functions; on one thread each is compiled as soon as it is built.
        while self.queue.waiting() >= self.threads
            && self
                .queue
                .work_one(&*self.isa, &mut self.context, self.options.asm)
        {}
        Ok(id)
    }
}

/// Code compiled into functions of its own, by the id of the statement that holds it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Nested {
    /// A nested statement list, by its position in `Stmt::parts().bodies()`: a loop's
    /// body is 0, an `if`'s branches 0 and 1.
    Body(StmtId, usize),
    /// A kernel split over threads.
    Rows(StmtId),
}

enum Body<'a> {
    /// Statements, with the id of the first.
    Inline(&'a [Stmt], StmtId),
    Calls(Vec<FuncId>),
    /// One kernel over the rows `first..end` of its first dimension.
    Rows(&'a Kernel),
}

struct Translator<'a, 'b> {
    builder: FunctionBuilder<'b>,
    module: &'a mut JITModule,
    imports: &'a HashMap<Import, FuncId>,
    import_refs: HashMap<Import, FuncRef>,
    /// The program's buffers (their dtypes).
    buffers: &'a [ir::Buffer],
    nested: &'a HashMap<Nested, FuncId>,
    context: Value,
    pointer_type: Type,
    /// In a row function: the first and end row of the kernel's first dimension.
    rows: Option<(Value, Value)>,
    /// The id of the next statement to translate (ids count statements in pre-order).
    next_statement: StmtId,
    /// The enclosing machine loops of this function, innermost last: where `continue` and
    /// `break` jump (a `break` outside them returns `STATUS_BREAK` to the caller).
    loops: Vec<LoopTargets>,
}

#[derive(Clone, Copy)]
struct LoopTargets {
    next: cranelift_codegen::ir::Block,
    exit: cranelift_codegen::ir::Block,
}

fn data_flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

fn vector_flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

/// Whether Cranelift's optimiser (its e-graph pass) pays for itself. Codegen already does
/// what matters for the common kernel — row-invariant work and row addresses computed once
/// per row, one index register shared by the unrolled copies — so for kernels whose reads
/// all move linearly along the innermost dimension the optimiser changes the inner loop
/// little and costs about 15 % of compile time. Kernels with per-lane index arithmetic
/// (`roll` or `grad` along the innermost axis, run-time indices) or reductions still get it:
/// there its value numbering and code motion make loops over twice as fast.
fn needs_optimizer(statements: &[Stmt]) -> bool {
    let mut needed = false;
    ir::walk(statements, 0, &mut |_, statement| {
        if let Some(kernel) = statement.parts().kernel {
            let last = kernel.shape.len().saturating_sub(1);
            let mut nonlinear = kernel.store.linear_coefficient(last).is_none();
            kernel.expr.for_each_index(&mut |index| {
                nonlinear |= index.linear_coefficient(last).is_none();
            });
            needed |= kernel.reduction.is_some() || !kernel.checks.is_empty() || nonlinear;
        }
    });
    needed
}
