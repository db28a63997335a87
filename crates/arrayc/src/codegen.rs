//! Codegen: IR to Cranelift functions in a JIT module. One function per bounded chunk of
//! statements (so compile time stays linear in the size of unrolled code); each kernel
//! becomes a loop nest whose innermost dimension runs two lanes at a time in `F64X2`.
//!
//! Generated functions have the signature `extern "C" fn(*mut RunContext) -> i32`: 0 on
//! success, otherwise 1 + the index of the run-time error site. They communicate only
//! through memory (buffers and slots), which is what lets any statement list be split.

use crate::ir::{self, Binary, Expr, Index, Kernel, ReduceOp, Stmt, Unary};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    types, AbiParam, Endianness, FuncRef, InstBuilder, MemFlagsData, Type, Value,
};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::{settings, settings::Configurable, Context};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

/// Statements per generated function, in IR operations. Register allocation grows
/// superlinearly in function size, so unrolled code is split at about this size.
pub const CHUNK_OPS: usize = 600;

/// Byte offsets of the fields of `RunContext` that generated code reads.
pub const CONTEXT_BUFFERS: i32 = 0;
pub const CONTEXT_SLOTS: i32 = 8;
pub const CONTEXT_ERROR_VALUE: i32 = 16;

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
}

pub struct Compiled {
    /// Kernels split over threads.
    pub parallel_kernels: usize,
    pub module: JITModule,
    pub entry: FuncId,
    pub code_bytes: usize,
    pub functions: usize,
    pub codegen_us: f64,
    pub finalize_us: f64,
    pub clif: String,
    pub asm: String,
}

/// The host's functions generated code calls, by symbol.
pub struct Runtime {
    pub print: *const u8,
    pub parallel: *const u8,
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
        let builder =
            cranelift_native::builder().map_err(|e| format!("host not supported: {e}"))?;
        builder
            .finish(settings::Flags::new(flags))
            .map_err(|e| format!("cranelift: {e}"))
    })
    .clone()
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Import {
    Unary(Unary),
    Binary(Binary),
    Print,
    Parallel,
}

fn import_symbol(import: Import) -> (&'static str, *const u8, usize) {
    use crate::numeric as n;
    match import {
        Import::Unary(Unary::Exp) => ("arrayc_exp", n::exp as *const u8, 1),
        Import::Unary(Unary::Log) => ("arrayc_log", n::log as *const u8, 1),
        Import::Unary(Unary::Sin) => ("arrayc_sin", n::sin as *const u8, 1),
        Import::Unary(Unary::Cos) => ("arrayc_cos", n::cos as *const u8, 1),
        Import::Unary(Unary::Tan) => ("arrayc_tan", n::tan as *const u8, 1),
        Import::Unary(_) => ("arrayc_tanh", n::tanh as *const u8, 1),
        Import::Binary(Binary::Rem) => ("arrayc_remainder", n::remainder as *const u8, 2),
        Import::Binary(_) => ("arrayc_pow", n::pow as *const u8, 2),
        Import::Print => ("arrayc_print", std::ptr::null(), 0),
        Import::Parallel => ("arrayc_parallel", std::ptr::null(), 0),
    }
}

const IMPORTS: [Import; 10] = [
    Import::Parallel,
    Import::Unary(Unary::Exp),
    Import::Unary(Unary::Log),
    Import::Unary(Unary::Sin),
    Import::Unary(Unary::Cos),
    Import::Unary(Unary::Tan),
    Import::Unary(Unary::Tanh),
    Import::Binary(Binary::Rem),
    Import::Binary(Binary::Pow),
    Import::Print,
];

pub fn compile(
    program: &ir::Program,
    runtime: &Runtime,
    options: &CodegenOptions,
) -> Result<Compiled, String> {
    let isa = host_isa(options.verify, needs_optimizer(&program.body))?;
    let mut builder = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
    for import in IMPORTS {
        let (name, pointer, _) = import_symbol(import);
        let pointer = match import {
            Import::Print => runtime.print,
            Import::Parallel => runtime.parallel,
            _ => pointer,
        };
        builder.symbol(name, pointer);
    }
    let mut module = JITModule::new(builder);
    let pointer_type = module.target_config().pointer_type();
    let mut imports = HashMap::new();
    for import in IMPORTS {
        let (name, _, arity) = import_symbol(import);
        let mut signature = module.make_signature();
        if import == Import::Print {
            signature.params.push(AbiParam::new(pointer_type));
            signature.params.push(AbiParam::new(types::I32));
            signature.returns.push(AbiParam::new(types::I32));
        } else if import == Import::Parallel {
            signature.params.push(AbiParam::new(pointer_type));
            signature.params.push(AbiParam::new(pointer_type));
            signature.params.push(AbiParam::new(types::I64));
            signature.returns.push(AbiParam::new(types::I32));
        } else {
            for _ in 0..arity {
                signature.params.push(AbiParam::new(types::F64));
            }
            signature.returns.push(AbiParam::new(types::F64));
        }
        let id = module
            .declare_function(name, Linkage::Import, &signature)
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
    let mut generator = Generator {
        parallel_kernels: 0,
        module,
        context,
        builder_context,
        imports,
        options,
        code_bytes: 0,
        functions: 0,
        clif: String::new(),
        asm: String::new(),
        pointer_type,
    };
    let started = Instant::now();
    let entry = generator.function_for(&program.body);
    let codegen_us = started.elapsed().as_secs_f64() * 1e6;
    generator.module.clear_context(&mut generator.context);
    let contexts = (
        std::mem::replace(&mut generator.context, Context::new()),
        std::mem::replace(
            &mut generator.builder_context,
            FunctionBuilderContext::new(),
        ),
    );
    CONTEXTS.with(|cell| *cell.borrow_mut() = Some(contexts));
    let entry = entry?;
    let started = Instant::now();
    generator
        .module
        .finalize_definitions()
        .map_err(|e| e.to_string())?;
    let finalize_us = started.elapsed().as_secs_f64() * 1e6;
    Ok(Compiled {
        parallel_kernels: generator.parallel_kernels,
        module: generator.module,
        entry,
        code_bytes: generator.code_bytes,
        functions: generator.functions,
        codegen_us,
        finalize_us,
        clif: generator.clif,
        asm: generator.asm,
    })
}

struct Generator<'a> {
    parallel_kernels: usize,
    module: JITModule,
    context: Context,
    builder_context: FunctionBuilderContext,
    imports: HashMap<Import, FuncId>,
    options: &'a CodegenOptions,
    code_bytes: usize,
    functions: usize,
    clif: String,
    asm: String,
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
    /// Defines a function that runs `statements`, splitting them into chunk functions
    /// when they are too large for one.
    fn function_for(&mut self, statements: &[Stmt]) -> Result<FuncId, String> {
        let chunks = partition(statements);
        if chunks.len() <= 1 {
            let mut nested = HashMap::new();
            self.prepare_nested(statements, &mut nested)?;
            return self.define(&Body::Inline(statements), &nested);
        }
        let mut ids = Vec::new();
        for chunk in chunks {
            ids.push(self.function_for(chunk)?);
        }
        self.define(&Body::Calls(ids), &HashMap::new())
    }

    /// Compiles large loop bodies and branches inside `statements` into functions of their own.
    fn prepare_nested(
        &mut self,
        statements: &[Stmt],
        nested: &mut HashMap<Nested, FuncId>,
    ) -> Result<(), String> {
        for statement in statements {
            if let Stmt::Kernel(kernel) = statement {
                if self.is_parallel(kernel) {
                    self.parallel_kernels += 1;
                    let id = self.define(&Body::Rows(kernel), nested)?;
                    nested.insert(Nested::Rows(statement as *const Stmt), id);
                }
                continue;
            }
            let lists: Vec<&Vec<Stmt>> = match statement {
                Stmt::Loop(l) => vec![&l.body],
                Stmt::If {
                    then_body,
                    else_body,
                    ..
                } => vec![then_body, else_body],
                _ => continue,
            };
            for list in lists {
                if ir::count_ops(list) > CHUNK_OPS {
                    let id = self.function_for(list)?;
                    nested.insert(Nested::List(list.as_ptr()), id);
                } else {
                    self.prepare_nested(list, nested)?;
                }
            }
        }
        Ok(())
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
            && elements >= min_elements
    }

    fn define(&mut self, body: &Body, nested: &HashMap<Nested, FuncId>) -> Result<FuncId, String> {
        self.module.clear_context(&mut self.context);
        let mut signature = self.module.make_signature();
        signature.params.push(AbiParam::new(self.pointer_type));
        if let Body::Rows(_) = body {
            // `fn(context, first_row, end_row) -> status` for the runtime's threads.
            signature.params.push(AbiParam::new(types::I64));
            signature.params.push(AbiParam::new(types::I64));
        }
        signature.returns.push(AbiParam::new(types::I32));
        let name = format!("f{}", self.functions);
        let id = self
            .module
            .declare_function(&name, Linkage::Local, &signature)
            .map_err(|e| e.to_string())?;
        self.context.func.signature = signature;
        self.context.set_disasm(self.options.asm);
        let frontend_config = self.module.target_config();
        {
            let mut builder =
                FunctionBuilder::new(&mut self.context.func, &mut self.builder_context);
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
                nested,
                context,
                pointer_type: self.pointer_type,
                rows,
            };
            match body {
                Body::Inline(statements) => translator.statements(statements),
                Body::Rows(kernel) => translator.kernel(kernel),
                Body::Calls(ids) => {
                    for &id in ids {
                        translator.call_function(id);
                    }
                }
            }
            let zero = translator.builder.ins().iconst(types::I32, 0);
            translator.builder.ins().return_(&[zero]);
            translator.builder.finalize(frontend_config);
        }
        if self.options.clif {
            self.clif.push_str(&format!(
                "; function {name}\n{}\n",
                self.context.func.display()
            ));
        }
        self.module
            .define_function(id, &mut self.context)
            .map_err(|e| format!("cranelift could not compile {name}: {e:?}"))?;
        if let Some(compiled) = self.context.compiled_code() {
            self.code_bytes += compiled.code_buffer().len();
            if self.options.asm {
                if let Some(text) = &compiled.vcode {
                    self.asm.push_str(&format!("; function {name}\n{text}\n"));
                }
            }
        }
        self.functions += 1;
        Ok(id)
    }
}

/// Code compiled into functions of its own, by where it sits in the IR.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Nested {
    /// A loop body or branch, by the address of its first statement.
    List(*const Stmt),
    /// A kernel split over threads, by the address of its statement.
    Rows(*const Stmt),
}

enum Body<'a> {
    Inline(&'a [Stmt]),
    Calls(Vec<FuncId>),
    /// One kernel over the rows `first..end` of its first dimension.
    Rows(&'a Kernel),
}

/// How many lanes an expression is evaluated in: one scalar or an `F64X2` pair.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lanes {
    One,
    Two,
}

struct Translator<'a, 'b> {
    builder: FunctionBuilder<'b>,
    module: &'a mut JITModule,
    imports: &'a HashMap<Import, FuncId>,
    import_refs: HashMap<Import, FuncRef>,
    nested: &'a HashMap<Nested, FuncId>,
    context: Value,
    pointer_type: Type,
    /// In a row function: the first and end row of the kernel's first dimension.
    rows: Option<(Value, Value)>,
}

fn data_flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

fn vector_flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

impl<'b> Translator<'_, 'b> {
    fn ins(&mut self) -> cranelift_frontend::FuncInstBuilder<'_, 'b> {
        self.builder.ins()
    }

    fn import(&mut self, import: Import) -> FuncRef {
        if let Some(&func_ref) = self.import_refs.get(&import) {
            return func_ref;
        }
        let id = self.imports[&import];
        let func_ref = self.module.declare_func_in_func(id, self.builder.func);
        self.import_refs.insert(import, func_ref);
        func_ref
    }

    /// Returns from the function with `status` when it is non-zero.
    fn propagate(&mut self, status: Value) {
        let fail = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(status, fail, &[], next, &[]);
        self.builder.seal_block(fail);
        self.builder.switch_to_block(fail);
        self.builder.ins().return_(&[status]);
        self.builder.seal_block(next);
        self.builder.switch_to_block(next);
    }

    fn fail_with(&mut self, condition_ok: Value, site: u32, value: Option<Value>) {
        let fail = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(condition_ok, next, &[], fail, &[]);
        self.builder.seal_block(fail);
        self.builder.switch_to_block(fail);
        if let Some(value) = value {
            let context = self.context;
            self.ins()
                .store(data_flags(), value, context, CONTEXT_ERROR_VALUE);
        }
        let status = self.ins().iconst(types::I32, site as i64 + 1);
        self.ins().return_(&[status]);
        self.builder.seal_block(next);
        self.builder.switch_to_block(next);
    }

    /// Runs a row function over all rows through the runtime's threads.
    fn dispatch_rows(&mut self, id: FuncId, rows: usize) {
        let func_ref = self.module.declare_func_in_func(id, self.builder.func);
        let pointer_type = self.pointer_type;
        let address = self.ins().func_addr(pointer_type, func_ref);
        let parallel = self.import(Import::Parallel);
        let context = self.context;
        let rows = self.ins().iconst(types::I64, rows as i64);
        let call = self.ins().call(parallel, &[context, address, rows]);
        let status = self.builder.inst_results(call)[0];
        self.propagate(status);
    }

    fn call_function(&mut self, id: FuncId) {
        let func_ref = self.module.declare_func_in_func(id, self.builder.func);
        let context = self.context;
        let call = self.ins().call(func_ref, &[context]);
        let status = self.builder.inst_results(call)[0];
        self.propagate(status);
    }

    fn statements(&mut self, statements: &[Stmt]) {
        for statement in statements {
            self.statement(statement);
        }
    }

    fn body(&mut self, statements: &[Stmt]) {
        if let Some(&id) = self.nested.get(&Nested::List(statements.as_ptr())) {
            if !statements.is_empty() {
                self.call_function(id);
                return;
            }
        }
        self.statements(statements);
    }

    fn buffer_table(&mut self) -> Value {
        let context = self.context;
        let pointer_type = self.pointer_type;
        self.ins().load(
            pointer_type,
            MemFlagsData::trusted(),
            context,
            CONTEXT_BUFFERS,
        )
    }

    fn buffer_base(&mut self, table: Value, buffer: ir::BufferId) -> Value {
        let pointer_type = self.pointer_type;
        self.ins().load(
            pointer_type,
            MemFlagsData::trusted(),
            table,
            (buffer as i32) * 8,
        )
    }

    fn statement(&mut self, statement: &Stmt) {
        match statement {
            Stmt::Kernel(kernel) => {
                match self.nested.get(&Nested::Rows(statement as *const Stmt)) {
                    Some(&id) => self.dispatch_rows(id, kernel.shape[0]),
                    None => self.kernel(kernel),
                }
            }
            Stmt::Loop(l) => self.machine_loop(l),
            Stmt::If {
                condition,
                then_body,
                else_body,
            } => {
                let mut frame = KernelFrame::default();
                let value = self.expr(condition, &mut frame, Lanes::One);
                let zero = self.ins().f64const(0.0);
                let truth = self.ins().fcmp(FloatCC::NotEqual, value, zero);
                let then_block = self.builder.create_block();
                let else_block = self.builder.create_block();
                let merge = self.builder.create_block();
                self.ins().brif(truth, then_block, &[], else_block, &[]);
                self.builder.seal_block(then_block);
                self.builder.seal_block(else_block);
                self.builder.switch_to_block(then_block);
                self.body(then_body);
                self.ins().jump(merge, &[]);
                self.builder.switch_to_block(else_block);
                self.body(else_body);
                self.ins().jump(merge, &[]);
                self.builder.seal_block(merge);
                self.builder.switch_to_block(merge);
            }
            Stmt::Swap(a, b) => {
                let table = self.buffer_table();
                let pa = self.buffer_base(table, *a);
                let pb = self.buffer_base(table, *b);
                self.ins()
                    .store(MemFlagsData::trusted(), pb, table, (*a as i32) * 8);
                self.ins()
                    .store(MemFlagsData::trusted(), pa, table, (*b as i32) * 8);
            }
            Stmt::Print { id, .. } => {
                let func_ref = self.import(Import::Print);
                let context = self.context;
                let id = self.ins().iconst(types::I32, *id as i64);
                let call = self.ins().call(func_ref, &[context, id]);
                let status = self.builder.inst_results(call)[0];
                self.propagate(status);
            }
        }
    }

    /// Converts an f64 bound to an i64, stopping with `site` unless it is an integer.
    fn integer_bound(&mut self, value: Value, site: u32) -> Value {
        let floor = self.ins().floor(value);
        let integral = self.ins().fcmp(FloatCC::Equal, floor, value);
        let limit = self.ins().f64const(9.0e15);
        let magnitude = self.ins().fabs(value);
        let small = self.ins().fcmp(FloatCC::LessThan, magnitude, limit);
        let ok = self.ins().band(integral, small);
        self.fail_with(ok, site, Some(value));
        self.ins().fcvt_to_sint_sat(types::I64, value)
    }

    /// A loop bound as an i64: a constant directly (lowering checked it is an integer),
    /// anything else checked at run time.
    fn bound(&mut self, expr: &Expr, frame: &mut KernelFrame, site: u32) -> Value {
        if let Some(c) = expr.as_const() {
            return self.ins().iconst(types::I64, c as i64);
        }
        let value = self.expr(expr, frame, Lanes::One);
        self.integer_bound(value, site)
    }

    fn machine_loop(&mut self, l: &ir::Loop) {
        let mut frame = KernelFrame::default();
        let start = self.bound(&l.start, &mut frame, l.site);
        let end = self.bound(&l.end, &mut frame, l.site);
        let counter = self.builder.declare_var(types::I64);
        self.builder.def_var(counter, start);
        let unroll = l.unroll as i64;
        // Main loop: `unroll` copies of the body per iteration while they all fit.
        if unroll > 1 {
            self.counted_loop(counter, end, unroll, |this, i| {
                for copy in 0..unroll {
                    let index = this.ins().iadd_imm_s(i, copy);
                    this.set_slot(l.slot, index);
                    this.body(&l.body);
                }
            });
        }
        self.counted_loop(counter, end, 1, |this, i| {
            this.set_slot(l.slot, i);
            this.body(&l.body);
        });
    }

    fn set_slot(&mut self, slot: u32, index: Value) {
        let value = self.ins().fcvt_from_sint(types::F64, index);
        let context = self.context;
        let pointer_type = self.pointer_type;
        let slots = self.ins().load(
            pointer_type,
            MemFlagsData::trusted(),
            context,
            CONTEXT_SLOTS,
        );
        self.ins()
            .store(data_flags(), value, slots, (slot as i32) * 8);
    }

    /// `while counter + step <= end { body(counter); counter += step }`.
    fn counted_loop(
        &mut self,
        counter: Variable,
        end: Value,
        step: i64,
        body: impl FnOnce(&mut Self, Value),
    ) {
        let header = self.builder.create_block();
        let body_block = self.builder.create_block();
        let exit = self.builder.create_block();
        self.ins().jump(header, &[]);
        self.builder.switch_to_block(header);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, step);
        let fits = self.ins().icmp(IntCC::SignedLessThanOrEqual, next, end);
        self.ins().brif(fits, body_block, &[], exit, &[]);
        self.builder.seal_block(body_block);
        self.builder.switch_to_block(body_block);
        body(self, i);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, step);
        self.builder.def_var(counter, next);
        self.ins().jump(header, &[]);
        self.builder.seal_block(header);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }

    fn kernel(&mut self, kernel: &Kernel) {
        let extents = kernel.extents();
        let rank = kernel.shape.len();
        let mut frame = KernelFrame::default();
        // Run-time indices are validated before any element is touched.
        for check in &kernel.checks {
            let value = self.expr(&check.value, &mut frame, Lanes::One);
            let extent = check.extent as f64;
            let floor = self.ins().floor(value);
            let integral = self.ins().fcmp(FloatCC::Equal, floor, value);
            let low = self.ins().f64const(-extent);
            let high = self.ins().f64const(extent);
            let above = self.ins().fcmp(FloatCC::GreaterThanOrEqual, value, low);
            let below = self.ins().fcmp(FloatCC::LessThan, value, high);
            let ok = self.ins().band(integral, above);
            let ok = self.ins().band(ok, below);
            self.fail_with(ok, check.site, Some(value));
            let index = self.ins().fcvt_to_sint_sat(types::I64, value);
            let wrapped = self.ins().iadd_imm_s(index, check.extent as i64);
            let negative = self.ins().icmp_imm_s(IntCC::SignedLessThan, index, 0);
            let index = self.ins().select(negative, wrapped, index);
            frame.checked.insert(check.id, index);
        }
        if kernel.shape.contains(&0) {
            return;
        }
        // Every base pointer is loaded once, before the loops.
        let table = self.buffer_table();
        frame.table = Some(table);
        let dst = self.buffer_base(table, kernel.dst);
        let mut buffers = Vec::new();
        kernel
            .expr
            .for_each_load(&mut |buffer, _| buffers.push(buffer));
        for buffer in buffers {
            if let std::collections::hash_map::Entry::Vacant(entry) = frame.bases.entry(buffer) {
                entry.insert(self.buffer_base(table, buffer));
            }
        }
        match &kernel.reduction {
            None => self.elementwise(kernel, &extents, dst, &mut frame),
            Some(reduction) => {
                let outer = &extents[..rank];
                let reduced = extents[rank..].to_vec();
                let strides = c_strides(outer);
                self.nest(outer, 0, &mut frame, &mut |this, frame| {
                    let init = match reduction.op {
                        ReduceOp::Sum => 0.0,
                        ReduceOp::Min => f64::INFINITY,
                        ReduceOp::Max => f64::NEG_INFINITY,
                    };
                    let accumulator = this.builder.declare_var(types::F64);
                    let init = this.ins().f64const(init);
                    this.builder.def_var(accumulator, init);
                    if !reduced.contains(&0) {
                        let mut inner_frame = frame.clone();
                        let all = extents.clone();
                        this.nest(&all, rank, &mut inner_frame, &mut |this, frame| {
                            let value = this.expr(&kernel.expr, frame, Lanes::One);
                            let current = this.builder.use_var(accumulator);
                            let next = match reduction.op {
                                ReduceOp::Sum => this.ins().fadd(current, value),
                                ReduceOp::Min => this.ins().fmin(current, value),
                                ReduceOp::Max => this.ins().fmax(current, value),
                            };
                            this.builder.def_var(accumulator, next);
                        });
                    }
                    let mut result = this.builder.use_var(accumulator);
                    if let Some(count) = reduction.divide_by {
                        let count = this.ins().f64const(count);
                        result = this.ins().fdiv(result, count);
                    }
                    let offset = this.linear(&strides, frame, 0);
                    let address = this.element_address(dst, offset);
                    this.ins().store(data_flags(), result, address, 0);
                });
            }
        }
    }

    fn element_address(&mut self, base: Value, offset: Value) -> Value {
        let bytes = self.ins().ishl_imm_s(offset, 3);
        self.ins().iadd(base, bytes)
    }

    /// `base + 8 * index`, folding the element size into affine coefficients (and adding
    /// nothing for a zero offset).
    fn indexed_address(&mut self, base: Value, index: &Index, frame: &KernelFrame) -> Value {
        match index {
            Index::Affine(affine) => {
                let terms: Vec<(Value, i64)> = affine
                    .coefficients
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c != 0)
                    .map(|(d, &c)| (frame.dims[d], c * 8))
                    .collect();
                if terms.is_empty() {
                    return match affine.constant {
                        0 => base,
                        c => self.ins().iadd_imm_s(base, c * 8),
                    };
                }
                let bytes = self.sum_of_terms(&terms, affine.constant * 8);
                self.ins().iadd(base, bytes)
            }
            other => {
                let offset = self.index(other, frame, 0);
                self.element_address(base, offset)
            }
        }
    }

    /// `sum(strides[d] * i_d)` over the destination's dimensions, plus `lane` on the last.
    fn linear(&mut self, strides: &[i64], frame: &KernelFrame, lane: i64) -> Value {
        let terms: Vec<(Value, i64)> = strides
            .iter()
            .enumerate()
            .map(|(d, &stride)| (frame.dims[d], stride))
            .collect();
        self.sum_of_terms(&terms, lane)
    }

    /// `constant + sum(value * coefficient)`, emitting no instruction for a zero or a one.
    fn sum_of_terms(&mut self, terms: &[(Value, i64)], constant: i64) -> Value {
        let mut total: Option<Value> = None;
        for &(value, coefficient) in terms {
            let term = match coefficient {
                0 => continue,
                1 => value,
                c if c > 0 && (c as u64).is_power_of_two() => {
                    self.ins().ishl_imm_s(value, c.trailing_zeros() as i64)
                }
                c => self.ins().imul_imm_s(value, c),
            };
            total = Some(match total {
                None => term,
                Some(sum) => self.ins().iadd(sum, term),
            });
        }
        match total {
            None => self.ins().iconst(types::I64, constant),
            Some(sum) if constant == 0 => sum,
            Some(sum) => self.ins().iadd_imm_s(sum, constant),
        }
    }

    fn elementwise(
        &mut self,
        kernel: &Kernel,
        extents: &[usize],
        dst: Value,
        frame: &mut KernelFrame,
    ) {
        let rank = extents.len();
        let strides = c_strides(extents);
        if rank == 0 {
            let value = self.expr(&kernel.expr, frame, Lanes::One);
            self.ins().store(data_flags(), value, dst, 0);
            return;
        }
        let inner = extents[rank - 1];
        // A kernel that calls a host function per element gains nothing from two lanes
        // (the calls dominate) and would cost extra code to compile: keep it scalar.
        let pairs = if kernel.expr.calls_host() {
            0
        } else {
            inner / 2
        };
        let outer = &extents[..rank - 1];
        // The destination's row address, the same for every element of the row.
        let identity = Index::Affine(ir::Affine {
            constant: 0,
            coefficients: {
                let mut coefficients = [0i64; ir::MAX_DIMS];
                coefficients[..rank].copy_from_slice(&strides);
                coefficients
            },
        });
        let vector = pairs > 0;
        self.nest(outer, 0, frame, &mut |this, frame| {
            // Row-invariant work, once per row.
            let mut row_frame = frame.clone();
            row_frame.memo = Some(Default::default());
            row_frame.dims.truncate(rank - 1);
            let placeholder = this.ins().iconst(types::I64, 0);
            row_frame.dims.push(placeholder);
            this.hoist_row(&kernel.expr, &mut row_frame, rank - 1, vector);
            let dst_row = this.indexed_address(dst, &identity.without_dim(rank - 1), &row_frame);
            // One element (or pair) at `first + skip`, where `first` is a run-time index
            // and `skip` a constant: reads along the row then address `row + 8 * first`
            // with the constant displacement `8 * skip`, shared by the unrolled copies.
            let element = |this: &mut Self, first: Value, skip: i64, lanes: Lanes| {
                let mut element_frame = row_frame.clone();
                element_frame.dims.truncate(rank - 1);
                let inner_index = if skip == 0 {
                    first
                } else {
                    this.ins().iadd_imm_s(first, skip)
                };
                element_frame.dims.push(inner_index);
                let bytes = this.ins().ishl_imm_s(first, 3);
                element_frame.unit_bytes = Some((bytes, (skip * 8) as i32));
                let value = this.expr(&kernel.expr, &mut element_frame, lanes);
                let address = this.ins().iadd(dst_row, bytes);
                let flags = if lanes == Lanes::Two {
                    vector_flags()
                } else {
                    data_flags()
                };
                this.ins().store(flags, value, address, (skip * 8) as i32);
            };
            // Pairs of the innermost dimension in F64X2, two pairs per iteration, then a
            // last pair and a last element when the extent leaves them over.
            // Two pairs per iteration halve the loop overhead (measured: about 12 % faster
            // advect steps, for about 25 % more code to compile).
            if pairs >= 2 {
                this.nest(
                    &[pairs / 2],
                    0,
                    &mut KernelFrame::default(),
                    &mut |this, quad| {
                        let first = this.ins().ishl_imm_s(quad.dims[0], 2);
                        element(this, first, 0, Lanes::Two);
                        element(this, first, 2, Lanes::Two);
                    },
                );
            }
            if pairs % 2 == 1 {
                let index = this.ins().iconst(types::I64, 2 * (pairs as i64 - 1));
                element(this, index, 0, Lanes::Two);
            }
            if pairs == 0 && inner > 1 {
                this.nest(
                    &[inner],
                    0,
                    &mut KernelFrame::default(),
                    &mut |this, scalar| {
                        element(this, scalar.dims[0], 0, Lanes::One);
                    },
                );
            } else if inner % 2 == 1 {
                let index = this.ins().iconst(types::I64, inner as i64 - 1);
                element(this, index, 0, Lanes::One);
            }
        });
    }

    /// The address of `base[index]`, split so that the part not depending on the innermost
    /// dimension (the row) is computed apart from it and can leave the inner loop.
    fn address(&mut self, base: Value, index: &Index, frame: &KernelFrame, lane: i64) -> Value {
        let Some(last) = frame.dims.len().checked_sub(1) else {
            let offset = self.index(index, frame, lane);
            return self.element_address(base, offset);
        };
        match index.linear_coefficient(last) {
            Some(coefficient) => {
                let row_index = index.without_dim(last);
                let row = self.index(&row_index, frame, 0);
                let row_address = self.element_address(base, row);
                if coefficient == 0 {
                    return row_address;
                }
                let position = self.ins().iadd_imm_s(frame.dims[last], lane);
                let bytes = self.sum_of_terms(&[(position, coefficient * 8)], 0);
                self.ins().iadd(row_address, bytes)
            }
            None => {
                let offset = self.index(index, frame, lane);
                self.element_address(base, offset)
            }
        }
    }

    /// Loops over `extents[from..]` (all non-zero), pushing each counter onto `frame.dims`.
    fn nest(
        &mut self,
        extents: &[usize],
        from: usize,
        frame: &mut KernelFrame,
        body: &mut dyn FnMut(&mut Self, &mut KernelFrame),
    ) {
        if from == extents.len() {
            body(self, frame);
            return;
        }
        if from == 0 && frame.dims.is_empty() {
            if let Some((first, end)) = self.rows.take() {
                self.row_range(first, end, extents, frame, body);
                return;
            }
        }
        let extent = extents[from] as i64;
        if extent == 1 {
            let zero = self.ins().iconst(types::I64, 0);
            frame.dims.truncate(from);
            frame.dims.push(zero);
            self.nest(extents, from + 1, frame, body);
            return;
        }
        let counter = self.builder.declare_var(types::I64);
        let zero = self.ins().iconst(types::I64, 0);
        self.builder.def_var(counter, zero);
        let body_block = self.builder.create_block();
        let exit = self.builder.create_block();
        self.ins().jump(body_block, &[]);
        self.builder.switch_to_block(body_block);
        let i = self.builder.use_var(counter);
        frame.dims.truncate(from);
        frame.dims.push(i);
        self.nest(extents, from + 1, frame, body);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, 1);
        self.builder.def_var(counter, next);
        let more = self.ins().icmp_imm_s(IntCC::SignedLessThan, next, extent);
        self.ins().brif(more, body_block, &[], exit, &[]);
        self.builder.seal_block(body_block);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }

    /// The first dimension's loop in a row function: `first..end` instead of the whole extent.
    fn row_range(
        &mut self,
        first: Value,
        end: Value,
        extents: &[usize],
        frame: &mut KernelFrame,
        body: &mut dyn FnMut(&mut Self, &mut KernelFrame),
    ) {
        let counter = self.builder.declare_var(types::I64);
        self.builder.def_var(counter, first);
        let body_block = self.builder.create_block();
        let exit = self.builder.create_block();
        let any = self.ins().icmp(IntCC::SignedLessThan, first, end);
        self.ins().brif(any, body_block, &[], exit, &[]);
        self.builder.switch_to_block(body_block);
        let i = self.builder.use_var(counter);
        frame.dims.truncate(0);
        frame.dims.push(i);
        self.nest(extents, 1, frame, body);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, 1);
        self.builder.def_var(counter, next);
        let more = self.ins().icmp(IntCC::SignedLessThan, next, end);
        self.ins().brif(more, body_block, &[], exit, &[]);
        self.builder.seal_block(body_block);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }

    fn index(&mut self, index: &Index, frame: &KernelFrame, lane: i64) -> Value {
        let last = frame.dims.len().saturating_sub(1);
        let memo = frame
            .memo
            .clone()
            .filter(|_| !frame.dims.is_empty() && !index.uses_dim(last));
        if let Some(memo) = &memo {
            if let Some(&value) = memo.borrow().get(index) {
                return value;
            }
        }
        let value = self.index_uncached(index, frame, lane);
        if let Some(memo) = memo {
            memo.borrow_mut().insert(index.clone(), value);
        }
        value
    }

    fn index_uncached(&mut self, index: &Index, frame: &KernelFrame, lane: i64) -> Value {
        match index {
            Index::Affine(affine) => {
                let last = frame.dims.len().saturating_sub(1);
                let constant = affine.constant + affine.coefficients[last] * lane;
                let terms: Vec<(Value, i64)> = affine
                    .coefficients
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c != 0)
                    .map(|(d, &c)| (frame.dims[d], c))
                    .collect();
                self.sum_of_terms(&terms, constant)
            }
            Index::Add(a, b) => {
                let a = self.index(a, frame, lane);
                let b = self.index(b, frame, lane);
                self.ins().iadd(a, b)
            }
            Index::Scale(a, factor) => {
                let a = self.index(a, frame, lane);
                self.ins().imul_imm_s(a, *factor)
            }
            Index::Clamp(a, lo, hi) => {
                let a = self.index(a, frame, lane);
                let lo = self.ins().iconst(types::I64, *lo);
                let hi = self.ins().iconst(types::I64, *hi);
                let a = self.ins().smax(a, lo);
                self.ins().smin(a, hi)
            }
            Index::Wrap(a, n) => {
                let a = self.index(a, frame, lane);
                let up = self.ins().iadd_imm_s(a, *n);
                let negative = self.ins().icmp_imm_s(IntCC::SignedLessThan, a, 0);
                let a = self.ins().select(negative, up, a);
                let down = self.ins().iadd_imm_s(a, -*n);
                let over = self
                    .ins()
                    .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, a, *n);
                self.ins().select(over, down, a)
            }
            Index::Checked(id) => frame.checked[id],
        }
    }

    fn pair(&mut self, lane0: Value, lane1: Value) -> Value {
        let vector = self.ins().scalar_to_vector(types::F64X2, lane0);
        self.ins().insertlane(vector, lane1, 1)
    }

    fn splat(&mut self, value: Value, lanes: Lanes) -> Value {
        match lanes {
            Lanes::One => value,
            Lanes::Two => self.ins().splat(types::F64X2, value),
        }
    }

    fn constant(&mut self, value: f64, lanes: Lanes) -> Value {
        let scalar = self.ins().f64const(value);
        self.splat(scalar, lanes)
    }

    /// Turns a comparison result into 1.0 / 0.0.
    fn truth(&mut self, mask: Value, lanes: Lanes) -> Value {
        match lanes {
            Lanes::One => {
                let one = self.ins().f64const(1.0);
                let zero = self.ins().f64const(0.0);
                self.ins().select(mask, one, zero)
            }
            Lanes::Two => {
                let mask = self.float_mask(mask);
                let one = self.constant(1.0, lanes);
                self.ins().band(mask, one)
            }
        }
    }

    fn float_mask(&mut self, mask: Value) -> Value {
        let flags = MemFlagsData::new().with_endianness(Endianness::Little);
        self.ins().bitcast(types::F64X2, flags, mask)
    }

    fn choose(&mut self, mask: Value, a: Value, b: Value, lanes: Lanes) -> Value {
        match lanes {
            Lanes::One => self.ins().select(mask, a, b),
            Lanes::Two => {
                let mask = self.float_mask(mask);
                self.ins().bitselect(mask, a, b)
            }
        }
    }

    /// Calls a host math function once per lane.
    fn call_math(&mut self, import: Import, args: &[Value], lanes: Lanes) -> Value {
        let func_ref = self.import(import);
        match lanes {
            Lanes::One => {
                let call = self.ins().call(func_ref, args);
                self.builder.inst_results(call)[0]
            }
            Lanes::Two => {
                let mut results = Vec::new();
                for lane in 0..2u8 {
                    let lane_args: Vec<Value> = args
                        .iter()
                        .map(|&a| self.builder.ins().extractlane(a, lane))
                        .collect();
                    let call = self.ins().call(func_ref, &lane_args);
                    results.push(self.builder.inst_results(call)[0]);
                }
                self.pair(results[0], results[1])
            }
        }
    }

    /// Computes, at the current (row) position, every maximal subtree of `expr` that does
    /// not depend on dimension `last`, and the row address of every load along it; the
    /// inner loop then only does the per-element work.
    fn hoist_row(&mut self, expr: &Expr, frame: &mut KernelFrame, last: usize, vector: bool) {
        if row_invariant(expr, last) {
            let scalar = self.expr(expr, frame, Lanes::One);
            let splat = vector.then(|| self.splat(scalar, Lanes::Two));
            frame.hoisted.insert(expr as *const Expr, (scalar, splat));
            return;
        }
        match expr {
            Expr::Load { buffer, offset } => {
                if offset.linear_coefficient(last).is_some() {
                    let base = frame.bases[buffer];
                    let address = self.indexed_address(base, &offset.without_dim(last), frame);
                    frame.row_addresses.insert(expr as *const Expr, address);
                }
            }
            Expr::Unary(_, a) => self.hoist_row(a, frame, last, vector),
            Expr::Binary(_, a, b) => {
                self.hoist_row(a, frame, last, vector);
                self.hoist_row(b, frame, last, vector);
            }
            Expr::Select(c, a, b) => {
                self.hoist_row(c, frame, last, vector);
                self.hoist_row(a, frame, last, vector);
                self.hoist_row(b, frame, last, vector);
            }
            Expr::Const(_) | Expr::Slot(_) | Expr::IndexValue(_) => {}
        }
    }

    fn expr(&mut self, expr: &Expr, frame: &mut KernelFrame, lanes: Lanes) -> Value {
        if let Some(&(scalar, vector)) = frame.hoisted.get(&(expr as *const Expr)) {
            match (lanes, vector) {
                (Lanes::One, _) => return scalar,
                (Lanes::Two, Some(vector)) => return vector,
                (Lanes::Two, None) => {}
            }
        }
        match expr {
            Expr::Const(value) => self.constant(*value, lanes),
            Expr::Slot(slot) => {
                let context = self.context;
                let pointer_type = self.pointer_type;
                let slots = self.ins().load(
                    pointer_type,
                    MemFlagsData::trusted(),
                    context,
                    CONTEXT_SLOTS,
                );
                let value = self
                    .ins()
                    .load(types::F64, data_flags(), slots, (*slot as i32) * 8);
                self.splat(value, lanes)
            }
            Expr::Load { buffer, offset } => {
                let table = match frame.table {
                    Some(table) => table,
                    None => {
                        let table = self.buffer_table();
                        frame.table = Some(table);
                        table
                    }
                };
                let base = match frame.bases.get(buffer) {
                    Some(&base) => base,
                    None => {
                        let base = self.buffer_base(table, *buffer);
                        frame.bases.insert(*buffer, base);
                        base
                    }
                };
                let last = frame.dims.len().saturating_sub(1);
                if let Some(&row) = frame.row_addresses.get(&(expr as *const Expr)) {
                    let coefficient = offset.linear_coefficient(last).unwrap_or(0);
                    let type_and_flags = |lanes| match lanes {
                        Lanes::One => (types::F64, data_flags()),
                        Lanes::Two => (types::F64X2, vector_flags()),
                    };
                    if lanes == Lanes::One || coefficient == 1 {
                        let (bytes, displacement) = match frame.unit_bytes {
                            Some(unit) if coefficient == 1 => unit,
                            _ => (
                                self.sum_of_terms(&[(frame.dims[last], coefficient * 8)], 0),
                                0,
                            ),
                        };
                        let address = self.ins().iadd(row, bytes);
                        let (ty, flags) = type_and_flags(lanes);
                        return self.ins().load(ty, flags, address, displacement);
                    }
                    let mut values = Vec::new();
                    for lane in 0..2 {
                        let bytes = self.sum_of_terms(
                            &[(frame.dims[last], coefficient * 8)],
                            lane * coefficient * 8,
                        );
                        let address = self.ins().iadd(row, bytes);
                        values.push(self.ins().load(types::F64, data_flags(), address, 0));
                    }
                    return self.pair(values[0], values[1]);
                }
                match lanes {
                    Lanes::One => {
                        let address = self.address(base, offset, frame, 0);
                        self.ins().load(types::F64, data_flags(), address, 0)
                    }
                    Lanes::Two => match offset.linear_coefficient(last) {
                        Some(1) => {
                            let address = self.address(base, offset, frame, 0);
                            self.ins().load(types::F64X2, vector_flags(), address, 0)
                        }
                        Some(0) => {
                            let address = self.address(base, offset, frame, 0);
                            let value = self.ins().load(types::F64, data_flags(), address, 0);
                            self.splat(value, lanes)
                        }
                        _ => {
                            let mut values = Vec::new();
                            for lane in 0..2 {
                                let address = self.address(base, offset, frame, lane);
                                values.push(self.ins().load(types::F64, data_flags(), address, 0));
                            }
                            self.pair(values[0], values[1])
                        }
                    },
                }
            }
            Expr::IndexValue(index) => match lanes {
                Lanes::One => {
                    let value = self.index(index, frame, 0);
                    self.ins().fcvt_from_sint(types::F64, value)
                }
                Lanes::Two => {
                    let mut values = Vec::new();
                    for lane in 0..2 {
                        let value = self.index(index, frame, lane);
                        values.push(self.ins().fcvt_from_sint(types::F64, value));
                    }
                    self.pair(values[0], values[1])
                }
            },
            Expr::Unary(op, a) => {
                let a = self.expr(a, frame, lanes);
                self.unary(*op, a, lanes)
            }
            Expr::Binary(op, a, b) => {
                let a = self.expr(a, frame, lanes);
                let b = self.expr(b, frame, lanes);
                self.binary(*op, a, b, lanes)
            }
            Expr::Select(c, a, b) => {
                let c = self.expr(c, frame, lanes);
                let a = self.expr(a, frame, lanes);
                let b = self.expr(b, frame, lanes);
                let zero = self.constant(0.0, lanes);
                let mask = self.ins().fcmp(FloatCC::NotEqual, c, zero);
                self.choose(mask, a, b, lanes)
            }
        }
    }

    fn unary(&mut self, op: Unary, a: Value, lanes: Lanes) -> Value {
        match op {
            Unary::Neg => self.ins().fneg(a),
            Unary::Abs => self.ins().fabs(a),
            Unary::Sqrt => self.ins().sqrt(a),
            Unary::Floor => self.ins().floor(a),
            Unary::Ceil => self.ins().ceil(a),
            Unary::Round => self.ins().nearest(a),
            Unary::Not => {
                let zero = self.constant(0.0, lanes);
                let mask = self.ins().fcmp(FloatCC::Equal, a, zero);
                self.truth(mask, lanes)
            }
            Unary::Sign => {
                // NaN stays NaN, zeros become +0, others +-1, as numpy.sign.
                let zero = self.constant(0.0, lanes);
                let one = self.constant(1.0, lanes);
                let minus_one = self.constant(-1.0, lanes);
                let is_zero = self.ins().fcmp(FloatCC::Equal, a, zero);
                let value = self.choose(is_zero, zero, a, lanes);
                let negative = self.ins().fcmp(FloatCC::LessThan, a, zero);
                let value = self.choose(negative, minus_one, value, lanes);
                let positive = self.ins().fcmp(FloatCC::GreaterThan, a, zero);
                self.choose(positive, one, value, lanes)
            }
            Unary::Exp | Unary::Log | Unary::Sin | Unary::Cos | Unary::Tan | Unary::Tanh => {
                self.call_math(Import::Unary(op), &[a], lanes)
            }
        }
    }

    fn binary(&mut self, op: Binary, a: Value, b: Value, lanes: Lanes) -> Value {
        let compare = |this: &mut Self, cc: FloatCC| {
            let mask = this.ins().fcmp(cc, a, b);
            this.truth(mask, lanes)
        };
        match op {
            Binary::Add => self.ins().fadd(a, b),
            Binary::Sub => self.ins().fsub(a, b),
            Binary::Mul => self.ins().fmul(a, b),
            Binary::Div => self.ins().fdiv(a, b),
            Binary::Min => self.ins().fmin(a, b),
            Binary::Max => self.ins().fmax(a, b),
            Binary::Rem | Binary::Pow => self.call_math(Import::Binary(op), &[a, b], lanes),
            Binary::Eq => compare(self, FloatCC::Equal),
            Binary::Ne => compare(self, FloatCC::NotEqual),
            Binary::Lt => compare(self, FloatCC::LessThan),
            Binary::Le => compare(self, FloatCC::LessThanOrEqual),
            Binary::Gt => compare(self, FloatCC::GreaterThan),
            Binary::Ge => compare(self, FloatCC::GreaterThanOrEqual),
            Binary::And | Binary::Or => {
                let zero = self.constant(0.0, lanes);
                let x = self.ins().fcmp(FloatCC::NotEqual, a, zero);
                let y = self.ins().fcmp(FloatCC::NotEqual, b, zero);
                let mask = if op == Binary::And {
                    self.ins().band(x, y)
                } else {
                    self.ins().bor(x, y)
                };
                self.truth(mask, lanes)
            }
        }
    }
}

/// Per-kernel state: loop counters, validated run-time indices, buffer base pointers.
#[derive(Default, Clone)]
struct KernelFrame {
    dims: Vec<Value>,
    checked: HashMap<u32, Value>,
    table: Option<Value>,
    bases: HashMap<ir::BufferId, Value>,
    /// Subtrees that do not depend on the innermost dimension, computed once per row:
    /// their scalar value and, for two-lane code, its splat.
    hoisted: HashMap<*const Expr, (Value, Option<Value>)>,
    /// For loads along the innermost dimension: the address of the row's element 0.
    row_addresses: HashMap<*const Expr, Value>,
    /// In a row's code: indices already computed there that do not depend on the innermost
    /// dimension (a clamp shared by a load and a `grad` divisor is computed once).
    memo: Option<std::rc::Rc<std::cell::RefCell<HashMap<Index, Value>>>>,
    /// In an element's code: the byte offset of loads along the row, as a value and a
    /// constant displacement (`8 * i_last` is their sum).
    unit_bytes: Option<(Value, i32)>,
}

/// Whether Cranelift's optimiser (its e-graph pass) pays for itself. Codegen already does
/// what matters for the common kernel — row-invariant work and row addresses computed once
/// per row, one index register shared by the unrolled copies — so for kernels whose reads
/// all move linearly along the innermost dimension the optimiser changes the inner loop
/// little and costs about 15 % of compile time. Kernels with per-lane index arithmetic
/// (`roll` or `grad` along the innermost axis, run-time indices) or reductions still get it:
/// there its value numbering and code motion make loops over twice as fast.
fn needs_optimizer(statements: &[Stmt]) -> bool {
    statements.iter().any(|statement| match statement {
        Stmt::Kernel(kernel) => {
            let last = kernel.shape.len().saturating_sub(1);
            let mut nonlinear = false;
            kernel.expr.for_each_index(&mut |index| {
                nonlinear |= index.linear_coefficient(last).is_none();
            });
            kernel.reduction.is_some() || !kernel.checks.is_empty() || nonlinear
        }
        Stmt::Loop(l) => needs_optimizer(&l.body),
        Stmt::If {
            then_body,
            else_body,
            ..
        } => needs_optimizer(then_body) || needs_optimizer(else_body),
        Stmt::Swap(..) | Stmt::Print { .. } => false,
    })
}

/// Whether an expression has the same value along dimension `last`.
fn row_invariant(expr: &Expr, last: usize) -> bool {
    match expr {
        Expr::Const(_) | Expr::Slot(_) => true,
        Expr::Load { offset, .. } => offset.linear_coefficient(last) == Some(0),
        Expr::IndexValue(index) => !index.uses_dim(last),
        Expr::Unary(_, a) => row_invariant(a, last),
        Expr::Binary(_, a, b) => row_invariant(a, last) && row_invariant(b, last),
        Expr::Select(c, a, b) => {
            row_invariant(c, last) && row_invariant(a, last) && row_invariant(b, last)
        }
    }
}

fn c_strides(shape: &[usize]) -> Vec<i64> {
    let mut strides = vec![0i64; shape.len()];
    let mut stride = 1i64;
    for d in (0..shape.len()).rev() {
        strides[d] = stride;
        stride = stride.saturating_mul(shape[d] as i64);
    }
    strides
}

pub type EntryFn = unsafe extern "C" fn(*mut u8) -> i32;
