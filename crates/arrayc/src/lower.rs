//! Lowering: the checked syntax tree to IR. Gives every expression its static shape,
//! folds constants, inlines functions, unrolls `for` (the IR holds one copy per trip),
//! keeps `loop` as a loop, and fuses each statement's expression into one kernel.
//!
//! Fusion boundaries: every statement materialises its value once; reductions, `matmul`,
//! `dot`, a general `reshape` and the operand of a stencil that is not already a plain read
//! are computed into their own buffers first. Everything else (elementwise arithmetic,
//! broadcasting, slicing, transposes, `grad`/`roll` reads) stays inside the consumer's
//! loop nest. Knows nothing of Cranelift.

use crate::ast::{self, ExprKind, FnBody, IndexArg, ScopeKind, StmtKind};
use crate::builtins::{self, Builtin};
use crate::check::Checked;
use crate::diagnostic::{line_of, Diagnostic, ErrorKind, Span};
use crate::ir::{
    self, Binary, BufferId, BufferInit, Expr, Index, IndexCheck, Kernel, ReduceOp, Reduction, Stmt,
    Unary, MAX_RANK,
};
use crate::numeric;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Compiler limits, set by the library's options.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The most IR operations a program may grow to by unrolling.
    pub unroll_budget: usize,
    /// The most bytes of arrays a program may allocate.
    pub max_memory_bytes: usize,
}

/// Constant values of at most this many elements are computed at compile time.
const FOLD_ELEMENTS: usize = 4096;
/// Inlined calls nested deeper than this are refused.
const MAX_INLINE_DEPTH: usize = 32;
/// An expression tree taller than this is materialised before it grows further, which
/// bounds both kernel size and the recursion depth of later stages.
const MAX_EXPR_HEIGHT: u32 = 40;

pub fn lower(
    source: &str,
    program: &ast::Program,
    checked: &Checked,
    limits: &Limits,
) -> (ir::Program, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        source,
        program: ir::Program::default(),
        frames: vec![Frame::default()],
        functions: HashMap::new(),
        inline_stack: Vec::new(),
        diagnostics: Vec::new(),
        free: Vec::new(),
        mutable: HashSet::new(),
        memory: 0,
        limits,
        ops: 0,
        lists: vec![Vec::new()],
        params: checked.params.iter().cloned().collect(),
        returned: None,
        returned_span: Span::default(),
        sink: None,
        returned_into_sink: false,
        continuation: None,
        work: 0,
        over_budget: false,
    };
    for statement in &program.statements {
        if let StmtKind::Fn { name, params, body } = &statement.kind {
            lowerer
                .functions
                .insert(name.name.clone(), (params.as_slice(), body));
        }
    }
    for statement in &program.statements {
        if lowerer.statement(statement).is_err() && lowerer.diagnostics.is_empty() {
            lowerer.internal(statement.span);
        }
        if lowerer.diagnostics.len() >= 20 {
            break;
        }
    }
    lowerer.program.body = lowerer.lists.pop().unwrap_or_default();
    let mut diagnostics = lowerer.diagnostics;
    dedupe(&mut diagnostics);
    (lowerer.program, diagnostics)
}

fn dedupe(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    diagnostics.retain(|d| seen.insert((d.message.clone(), d.span)));
}

/// The error was recorded as a diagnostic.
#[derive(Debug)]
struct Failed;
type LResult<T> = Result<T, Failed>;

/// An array value not yet stored anywhere: an element expression over its shape's
/// dimensions, plus the run-time index checks its reads need.
#[derive(Debug, Clone)]
struct Value {
    shape: Vec<usize>,
    expr: Expr,
    checks: Vec<IndexCheck>,
    height: u32,
}

impl Value {
    fn scalar(value: f64) -> Value {
        Value {
            shape: Vec::new(),
            expr: Expr::Const(value),
            checks: Vec::new(),
            height: 1,
        }
    }

    fn of(shape: Vec<usize>, expr: Expr) -> Value {
        Value {
            shape,
            expr,
            checks: Vec::new(),
            height: 1,
        }
    }

    fn constant(&self) -> Option<f64> {
        if self.shape.is_empty() {
            self.expr.as_const()
        } else {
            None
        }
    }

    /// Rewrites the value for a new dimension layout: old dimension `d` becomes `map[d]`.
    fn remap(&self, shape: Vec<usize>, map: &[Index]) -> Value {
        Value {
            shape,
            expr: self.expr.map_indices(&|index| index.substitute(map)),
            checks: self.checks.clone(),
            height: self.height,
        }
    }

    /// Calls `f` on every buffer the value reads, its index checks included.
    fn for_each_buffer(&self, f: &mut dyn FnMut(BufferId)) {
        self.expr.for_each_load(&mut |buffer, _| f(buffer));
        for check in &self.checks {
            check.value.for_each_load(&mut |buffer, _| f(buffer));
        }
    }

    /// Whether the value is only reads and constants (cheap to evaluate twice).
    fn is_plain(&self) -> bool {
        matches!(
            self.expr,
            Expr::Load { .. } | Expr::Const(_) | Expr::Slot(_)
        )
    }
}

fn strides(shape: &[usize]) -> Vec<i64> {
    let mut strides = vec![0i64; shape.len()];
    let mut stride = 1i64;
    for d in (0..shape.len()).rev() {
        strides[d] = stride;
        stride = stride.saturating_mul(shape[d] as i64);
    }
    strides
}

/// The flat offset of element `(i0, .., ik)` of a C-order array of `shape`.
fn canonical(shape: &[usize]) -> Index {
    let mut affine = ir::Affine::constant(0);
    for (d, stride) in strides(shape).into_iter().enumerate() {
        affine.coefficients[d] = stride;
    }
    Index::Affine(affine)
}

fn identity_map(rank: usize) -> Vec<Index> {
    (0..rank).map(Index::dim).collect()
}

fn shape_text(shape: &[usize]) -> String {
    let items: Vec<String> = shape.iter().map(|e| e.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// NumPy broadcasting of two shapes.
fn broadcast_shapes(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let rank = a.len().max(b.len());
    let mut shape = vec![0; rank];
    for d in 0..rank {
        let x = if d + a.len() >= rank {
            a[d + a.len() - rank]
        } else {
            1
        };
        let y = if d + b.len() >= rank {
            b[d + b.len() - rank]
        } else {
            1
        };
        shape[d] = if x == y || y == 1 {
            x
        } else if x == 1 {
            y
        } else {
            return None;
        };
    }
    Some(shape)
}

/// What follows the current block inside a function body.
#[derive(Clone)]
enum Continuation<'a> {
    /// The rest of each enclosing block, innermost first, up to the end of the function.
    Known(Vec<&'a [ast::Stmt]>),
    /// Inside a `for` or `loop` body: control returns to the scope, not to a block.
    Scope,
}

enum Binding {
    /// A declaration that failed: uses are silent, its diagnostic was already given.
    Poisoned,
    Value(Value),
    Var {
        home: BufferId,
        spare: Option<BufferId>,
        shape: Vec<usize>,
    },
}

#[derive(Default)]
struct Frame {
    names: HashMap<String, Binding>,
    /// Scratch buffers released when the frame ends.
    owned: Vec<BufferId>,
    /// A function body: names outside it resolve in the global frame only.
    function: bool,
}

type FunctionDef<'a> = (&'a [ast::Ident], &'a FnBody);

struct Lowerer<'a> {
    source: &'a str,
    program: ir::Program,
    frames: Vec<Frame>,
    functions: HashMap<String, FunctionDef<'a>>,
    inline_stack: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    free: Vec<BufferId>,
    /// Buffers of `var`s: a view of one would change under it, so views copy them.
    mutable: HashSet<BufferId>,
    memory: usize,
    limits: &'a Limits,
    ops: usize,
    /// The statement lists being built, innermost last.
    lists: Vec<Vec<Stmt>>,
    params: HashMap<String, f64>,
    /// The value of a `return` that ended the function being inlined.
    returned: Option<Value>,
    returned_span: Span,
    /// The buffer every path of the function being inlined stores its value into, once a
    /// `return` inside a run-time `if` needs one.
    sink: Option<BufferId>,
    /// Expressions lowered so far (each inlined copy counts), and whether that passed the budget.
    work: usize,
    over_budget: bool,
    /// `returned` is a read of `sink`, which every path has already written.
    returned_into_sink: bool,
    /// Where lowering is inside a function body: what follows the current block.
    continuation: Option<Continuation<'a>>,
}

impl<'a> Lowerer<'a> {
    fn error<T>(&mut self, message: impl Into<String>, span: Span) -> LResult<T> {
        self.diagnostics
            .push(Diagnostic::new(ErrorKind::Semantic, message, span));
        Err(Failed)
    }

    fn internal(&mut self, span: Span) {
        self.diagnostics.push(Diagnostic::new(
            ErrorKind::Internal,
            "lowering failed without a diagnostic",
            span,
        ));
    }

    fn emit(&mut self, statement: Stmt) {
        self.ops += ir::stmt_ops(&statement);
        if let Some(list) = self.lists.last_mut() {
            list.push(statement);
        }
    }

    fn site(&mut self, message: String, span: Span) -> u32 {
        self.program.sites.push(ir::Site { message, span });
        (self.program.sites.len() - 1) as u32
    }

    // -----------------------------------------------------------------------------------
    // Buffers

    fn allocate(&mut self, shape: &[usize], name: &str, span: Span) -> LResult<BufferId> {
        if let Some(position) = self
            .free
            .iter()
            .position(|&id| self.program.buffers[id as usize].shape == shape)
        {
            let id = self.free.swap_remove(position);
            self.program.buffers[id as usize].name = name.to_string();
            if let Some(frame) = self.frames.last_mut() {
                frame.owned.push(id);
            }
            return Ok(id);
        }
        let id = self.new_buffer(shape, name, BufferInit::Scratch, span)?;
        if let Some(frame) = self.frames.last_mut() {
            frame.owned.push(id);
        }
        Ok(id)
    }

    fn new_buffer(
        &mut self,
        shape: &[usize],
        name: &str,
        init: BufferInit,
        span: Span,
    ) -> LResult<BufferId> {
        let bytes = shape
            .iter()
            .try_fold(8usize, |acc, &extent| acc.checked_mul(extent));
        let total = bytes.and_then(|bytes| bytes.checked_add(self.memory));
        match total {
            Some(total) if total <= self.limits.max_memory_bytes => self.memory = total,
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        ErrorKind::Limit,
                        format!(
                            "the program would allocate more than the memory limit of {} MiB (an array of shape {} needs {})",
                            self.limits.max_memory_bytes >> 20,
                            shape_text(shape),
                            bytes.map_or("more than the address space".to_string(), |b| format!("{} MiB", b >> 20))
                        ),
                        span,
                    )
                    .with_note("raise the limit with --max-memory (MiB) or the library's `max_memory_bytes`"),
                );
                return Err(Failed);
            }
        }
        self.program.buffers.push(ir::Buffer {
            name: name.to_string(),
            shape: shape.to_vec(),
            init,
        });
        Ok((self.program.buffers.len() - 1) as BufferId)
    }

    fn too_large<T>(&mut self, what: &str, bytes: f64, span: Span) -> LResult<T> {
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Limit,
                format!(
                    "{what} ({:.0} MiB), more than the memory limit of {} MiB",
                    bytes / (1u64 << 20) as f64,
                    self.limits.max_memory_bytes >> 20
                ),
                span,
            )
            .with_note(
                "raise the limit with --max-memory (MiB) or the library's `max_memory_bytes`",
            ),
        );
        Err(Failed)
    }

    fn constant_buffer(&mut self, shape: Vec<usize>, data: Vec<f64>, span: Span) -> LResult<Value> {
        let id = self.new_buffer(
            &shape,
            "constant",
            BufferInit::Constant(Arc::from(data)),
            span,
        )?;
        Ok(self.load(id))
    }

    fn load(&self, buffer: BufferId) -> Value {
        let shape = self.program.buffers[buffer as usize].shape.clone();
        let offset = canonical(&shape);
        Value::of(shape, Expr::Load { buffer, offset })
    }

    /// Stores a value into a new scratch buffer and returns the plain read of it. Small
    /// values that depend on nothing known only at run time are computed here instead.
    fn materialize(&mut self, value: Value, name: &str, span: Span) -> LResult<Value> {
        if let Some(folded) = self.fold(&value, span) {
            return Ok(folded);
        }
        let dst = self.allocate(&value.shape, name, span)?;
        self.store(dst, value, span);
        Ok(self.load(dst))
    }

    /// Computes a small constant value at compile time (the same scalar functions as the
    /// generated code, so the bits are the same).
    fn fold(&mut self, value: &Value, span: Span) -> Option<Value> {
        let count: usize = value.shape.iter().product();
        if count > FOLD_ELEMENTS
            || !value.checks.is_empty()
            || !value.expr.is_constant(&self.program.buffers)
        {
            return None;
        }
        let buffers = &self.program.buffers;
        let points = ir::Points::of(&value.shape);
        let values = value.expr.evaluate_all(&points, buffers)?;
        self.constant_buffer(value.shape.clone(), values, span).ok()
    }

    fn store(&mut self, dst: BufferId, value: Value, span: Span) {
        let shape = self.program.buffers[dst as usize].shape.clone();
        self.emit(Stmt::Kernel(Kernel {
            dst,
            shape,
            reduction: None,
            checks: value.checks,
            expr: value.expr,
            span,
        }));
    }

    /// The buffer a value is a plain, whole, C-order read of, if it is one.
    fn whole_buffer(&self, value: &Value) -> Option<BufferId> {
        match &value.expr {
            Expr::Load { buffer, offset }
                if value.checks.is_empty()
                    && self.program.buffers[*buffer as usize]
                        .shape
                        .iter()
                        .product::<usize>()
                        == value.shape.iter().product::<usize>()
                    && *offset == canonical(&value.shape) =>
            {
                Some(*buffer)
            }
            _ => None,
        }
    }

    fn reads_mutable(&self, value: &Value) -> bool {
        let mut found = false;
        value.for_each_buffer(&mut |buffer| {
            found |= self.mutable.contains(&buffer);
        });
        found
    }

    // -----------------------------------------------------------------------------------
    // Names and frames

    fn lookup(&self, name: &str) -> Option<&Binding> {
        for frame in self.frames.iter().rev() {
            if let Some(binding) = frame.names.get(name) {
                return Some(binding);
            }
            if frame.function {
                return self
                    .frames
                    .first()
                    .and_then(|global| global.names.get(name));
            }
        }
        None
    }

    fn bind(&mut self, name: &str, binding: Binding) {
        if let Some(frame) = self.frames.last_mut() {
            frame.names.insert(name.to_string(), binding);
        }
    }

    fn push_frame(&mut self, function: bool) {
        self.frames.push(Frame {
            function,
            ..Frame::default()
        });
    }

    /// Ends a frame; its buffers become free unless `keep` still reads them.
    fn pop_frame(&mut self, keep: Option<&Value>) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let mut kept = HashSet::new();
        if let Some(value) = keep {
            value.for_each_buffer(&mut |buffer| {
                kept.insert(buffer);
            });
        }
        for id in frame.owned {
            if kept.contains(&id) {
                if let Some(parent) = self.frames.last_mut() {
                    parent.owned.push(id);
                }
            } else {
                self.mutable.remove(&id);
                self.free.push(id);
            }
        }
    }

    fn value_of_name(&mut self, name: &str, span: Span) -> LResult<Value> {
        if let Some(value) = self.params.get(name) {
            // A local binding may shadow a param; look there first.
            if self.lookup(name).is_none() {
                return Ok(Value::scalar(*value));
            }
        }
        match self.lookup(name) {
            Some(Binding::Value(value)) => Ok(value.clone()),
            Some(Binding::Var { home, .. }) => Ok(self.load(*home)),
            Some(Binding::Poisoned) => Err(Failed),
            None => self.error(format!("unknown name `{name}`"), span),
        }
    }

    // -----------------------------------------------------------------------------------
    // Statements

    fn block(&mut self, statements: &'a [ast::Stmt]) -> LResult<Option<Value>> {
        let mut last = None;
        for (k, statement) in statements.iter().enumerate() {
            if self.returned.is_some() {
                break;
            }
            if let StmtKind::If {
                condition,
                then_block,
                else_block,
            } = &statement.kind
            {
                let returns =
                    block_returns(then_block) || else_block.as_ref().is_some_and(block_returns);
                if returns && !self.inline_stack.is_empty() {
                    return self.if_with_return(
                        condition,
                        then_block,
                        else_block.as_ref(),
                        &statements[k + 1..],
                        statement.span,
                    );
                }
            }
            last = self.statement(statement)?;
        }
        Ok(last)
    }

    /// An `if` condition: a scalar.
    fn if_condition(&mut self, condition: &'a ast::Expr) -> LResult<Value> {
        self.scalar_of(condition, "an `if` condition")
    }

    /// An expression that must be a scalar; `what` names it in the diagnostic.
    fn scalar_of(&mut self, expr: &'a ast::Expr, what: &str) -> LResult<Value> {
        let value = self.expr(expr)?;
        if !value.shape.is_empty() {
            return self.error(
                format!(
                    "{what} must be a scalar, not an array of shape {}",
                    shape_text(&value.shape)
                ),
                expr.span,
            );
        }
        Ok(value)
    }

    /// Appends a run-time `if` whose branches were lowered already (their statements were
    /// counted as they were emitted).
    fn emit_if(&mut self, condition: Expr, then_body: Vec<Stmt>, else_body: Vec<Stmt>) {
        self.ops += 1 + condition.node_count();
        if let Some(list) = self.lists.last_mut() {
            list.push(Stmt::If {
                condition,
                then_body,
                else_body,
            });
        }
    }

    /// An `if` inside a function with a `return` in a branch. A constant condition keeps
    /// the branch taken. A condition known at run time becomes a branch in which each path
    /// runs its side, then (unless it returned) the rest of the function — `rest` of this
    /// block, then the rest of every enclosing block (`self.continuation`) — and stores the
    /// function's value into one result buffer.
    fn if_with_return(
        &mut self,
        condition: &'a ast::Expr,
        then_block: &'a ast::Block,
        else_block: Option<&'a ast::Block>,
        rest: &'a [ast::Stmt],
        span: Span,
    ) -> LResult<Option<Value>> {
        let value = self.if_condition(condition)?;
        let mut chain = vec![rest];
        if let Some(Continuation::Known(outer)) = &self.continuation {
            chain.extend(outer.iter().copied());
        }
        if let Some(c) = value.constant() {
            let continuation = Some(Continuation::Known(chain));
            self.constant_branch(c, then_block, else_block, continuation)?;
            if self.returned.is_some() {
                return Ok(None);
            }
            return self.block(rest);
        }
        if !matches!(self.continuation, Some(Continuation::Known(_))) {
            return self.error(
                "a `return` inside an `if` decided at run time is not supported inside a `for`; move the `if` out of the `for`, or use `where`",
                span,
            );
        }
        let condition_expr = self.scalar_expr(value, condition.span)?;
        let mut bodies = Vec::new();
        for block in [Some(then_block), else_block] {
            self.lists.push(Vec::new());
            let path = self.return_path(block, &chain);
            let body = self.lists.pop().unwrap_or_default();
            path?;
            bodies.push(body);
        }
        let else_body = bodies.pop().unwrap_or_default();
        let then_body = bodies.pop().unwrap_or_default();
        self.emit_if(condition_expr, then_body, else_body);
        let Some(sink) = self.sink else {
            return self.error("this function returns no value", condition.span);
        };
        self.returned = Some(self.load(sink));
        self.returned_into_sink = true;
        Ok(None)
    }

    /// One path of `if_with_return`: the branch, then (unless it returned) each block of
    /// `chain` in turn; the value of the function (a `return`, or the last expression of the
    /// function body, which is the last block of the chain) goes to the result buffer.
    fn return_path(
        &mut self,
        block: Option<&'a ast::Block>,
        chain: &[&'a [ast::Stmt]],
    ) -> LResult<()> {
        self.push_frame(false);
        let outer = self
            .continuation
            .replace(Continuation::Known(chain.to_vec()));
        let mut result = match block {
            Some(block) => self.block(&block.statements).map(|_| None),
            None => Ok(None),
        };
        for (k, statements) in chain.iter().enumerate() {
            if result.is_err() || self.returned.is_some() {
                break;
            }
            self.continuation = Some(Continuation::Known(chain[k + 1..].to_vec()));
            // Only the function body's own last expression is the function's value.
            result = self
                .block(statements)
                .map(|last| if k + 1 == chain.len() { last } else { None });
        }
        self.continuation = outer;
        let returned = self.returned.take();
        let from_sink = std::mem::take(&mut self.returned_into_sink);
        let outcome = match (result, returned) {
            (Err(failed), _) => Err(failed),
            (Ok(_), Some(value)) => Ok((Some(value), from_sink)),
            (Ok(last), None) => Ok((last, false)),
        };
        let stored = match outcome {
            Err(failed) => Err(failed),
            Ok((Some(_), true)) => Ok(()),
            Ok((Some(value), false)) => self.store_result(value),
            Ok((None, _)) => {
                let span = self.returned_span;
                self.error("a path through this function ends without a value", span)
            }
        };
        self.pop_frame(None);
        stored
    }

    /// Stores one path's value into the function's result buffer.
    fn store_result(&mut self, value: Value) -> LResult<()> {
        let span = self.returned_span;
        let sink = match self.sink {
            Some(sink) => sink,
            None => {
                let sink = self.new_buffer(&value.shape, "result", BufferInit::Scratch, span)?;
                self.sink = Some(sink);
                sink
            }
        };
        let shape = self.program.buffers[sink as usize].shape.clone();
        if shape != value.shape {
            return self.error(
                format!(
                    "the function returns values of different shapes: {} and {}",
                    shape_text(&shape),
                    shape_text(&value.shape)
                ),
                span,
            );
        }
        self.store(sink, value, span);
        Ok(())
    }

    /// Lowers one statement; an expression statement gives its value (a function's result).
    fn statement(&mut self, statement: &'a ast::Stmt) -> LResult<Option<Value>> {
        let result = self.statement_inner(statement);
        if result.is_err() {
            let declared = match &statement.kind {
                StmtKind::Input { name, .. }
                | StmtKind::Let { name, .. }
                | StmtKind::Var { name, .. }
                | StmtKind::Out { name, .. } => Some(name),
                _ => None,
            };
            if let Some(name) = declared {
                if self.lookup(&name.name).is_none()
                    || !matches!(statement.kind, StmtKind::Out { .. })
                {
                    self.bind(&name.name, Binding::Poisoned);
                }
            }
        }
        result
    }

    fn statement_inner(&mut self, statement: &'a ast::Stmt) -> LResult<Option<Value>> {
        let span = statement.span;
        match &statement.kind {
            StmtKind::Param { .. } | StmtKind::Fn { .. } => {}
            StmtKind::Input { name, shape } => {
                let extents = match shape {
                    Some((extents, span)) => self.shape_list(extents, *span)?,
                    None => Vec::new(),
                };
                let id = self.new_buffer(
                    &extents,
                    &name.name,
                    BufferInit::Input(name.name.clone()),
                    name.span,
                )?;
                let value = self.load(id);
                self.bind(&name.name, Binding::Value(value));
            }
            StmtKind::Let { name, value } => {
                let value = self.expr(value)?;
                let value = if value.constant().is_some()
                    || (!self.reads_mutable(&value) && self.is_view(&value))
                {
                    value
                } else {
                    self.materialize(value, &name.name, span)?
                };
                self.bind(&name.name, Binding::Value(value));
            }
            StmtKind::Var { name, value } => {
                let value = self.expr(value)?;
                let home = self.allocate(&value.shape, &name.name, span)?;
                let shape = value.shape.clone();
                self.store(home, value, span);
                self.mutable.insert(home);
                self.bind(
                    &name.name,
                    Binding::Var {
                        home,
                        spare: None,
                        shape,
                    },
                );
            }
            StmtKind::Assign { target, op, value } => self.assign(target, *op, value, span)?,
            StmtKind::Out { name, value } => {
                let value = match value {
                    Some(expr) => self.expr(expr)?,
                    None => self.value_of_name(&name.name, name.span)?,
                };
                // Outputs are read when the program ends. A `var` named by `out x` is read
                // then (its final value); an immutable stored array is read in place; only
                // other values need a buffer of their own.
                let named_var = match (value_is_name(statement), self.lookup(&name.name)) {
                    (true, Some(Binding::Var { home, .. })) => Some(*home),
                    _ => None,
                };
                let buffer = match (named_var, self.whole_buffer(&value)) {
                    (Some(home), _) => home,
                    (None, Some(buffer))
                        if !self.mutable.contains(&buffer)
                            && self.program.buffers[buffer as usize].shape == value.shape =>
                    {
                        buffer
                    }
                    _ => {
                        let id =
                            self.new_buffer(&value.shape, &name.name, BufferInit::Scratch, span)?;
                        self.store(id, value, span);
                        id
                    }
                };
                if named_var.is_none() {
                    // `out y = expr` also binds `y`, to the value as it is now.
                    let stored = self.load(buffer);
                    self.bind(&name.name, Binding::Value(stored));
                }
                self.program.outputs.push(ir::Output {
                    name: name.name.clone(),
                    buffer,
                });
            }
            StmtKind::Print(expr) => {
                let value = self.expr(expr)?;
                let value_shape = value.shape.clone();
                let buffer = match self.whole_buffer(&value) {
                    Some(buffer) => buffer,
                    None => {
                        let stored = self.materialize(value, "print", span)?;
                        self.whole_buffer(&stored).ok_or(Failed)?
                    }
                };
                let id = self.program.prints.len() as u32;
                self.program.prints.push((buffer, value_shape));
                self.emit(Stmt::Print {
                    id,
                    buffer,
                    span: expr.span,
                });
            }
            StmtKind::Scope {
                kind,
                index,
                start,
                end,
                unroll,
                body,
            } => self.scope(*kind, index, start, end, unroll.as_ref(), body, span)?,
            StmtKind::If {
                condition,
                then_block,
                else_block,
            } => self.if_statement(condition, then_block, else_block.as_ref())?,
            StmtKind::Return(expr) => {
                let value = self.expr(expr)?;
                self.returned = Some(value);
                self.returned_span = span;
            }
            StmtKind::Expr(expr) => return Ok(Some(self.expr(expr)?)),
        }
        Ok(None)
    }

    /// Views are reads with remapped indices: no arithmetic, nothing to recompute.
    fn is_view(&self, value: &Value) -> bool {
        matches!(value.expr, Expr::Load { .. })
    }

    fn assign(
        &mut self,
        target: &ast::Ident,
        op: ast::AssignOp,
        value: &'a ast::Expr,
        span: Span,
    ) -> LResult<()> {
        let (home, spare, shape) = match self.lookup(&target.name) {
            Some(Binding::Var { home, spare, shape }) => (*home, *spare, shape.clone()),
            _ => return self.error(format!("cannot assign to `{}`", target.name), target.span),
        };
        let rhs = self.expr(value)?;
        let new_value = match op {
            ast::AssignOp::Set => rhs,
            compound => {
                let binary = match compound {
                    ast::AssignOp::Add => Binary::Add,
                    ast::AssignOp::Sub => Binary::Sub,
                    ast::AssignOp::Mul => Binary::Mul,
                    _ => Binary::Div,
                };
                let current = self.load(home);
                self.binary(binary, current, rhs, span)?
            }
        };
        if new_value.shape != shape {
            return self.error(
                format!(
                    "`{}` has shape {} but the new value has shape {} (a `var` keeps its shape)",
                    target.name,
                    shape_text(&shape),
                    shape_text(&new_value.shape)
                ),
                value.span,
            );
        }
        // Writing in place is safe when every read of the variable is of the element being
        // written; otherwise the new value goes to a second buffer and the two swap.
        let identity = canonical(&shape);
        let mut in_place = true;
        new_value.expr.for_each_load(&mut |buffer, offset| {
            if buffer == home && *offset != identity {
                in_place = false;
            }
        });
        if in_place {
            self.store(home, new_value, span);
            return Ok(());
        }
        let spare = match spare {
            Some(spare) => spare,
            None => {
                // The spare lives as long as the variable: allocate it in the variable's frame.
                let spare = self.new_buffer(&shape, &target.name, BufferInit::Scratch, span)?;
                self.mutable.insert(spare);
                let frame_index = self
                    .frames
                    .iter()
                    .rposition(|frame| frame.names.contains_key(&target.name))
                    .unwrap_or(0);
                let frame = &mut self.frames[frame_index];
                frame.owned.push(spare);
                if let Some(Binding::Var { spare: slot, .. }) = frame.names.get_mut(&target.name) {
                    *slot = Some(spare);
                }
                spare
            }
        };
        self.store(spare, new_value, span);
        self.emit(Stmt::Swap(home, spare));
        Ok(())
    }

    #[allow(clippy::too_many_arguments)] // One parameter per part of the scope's syntax.
    fn scope(
        &mut self,
        kind: ScopeKind,
        index: &'a ast::Ident,
        start: &'a ast::Expr,
        end: &'a ast::Expr,
        unroll: Option<&'a ast::Expr>,
        body: &'a ast::Block,
        span: Span,
    ) -> LResult<()> {
        let start_value = self.expr(start)?;
        let end_value = self.expr(end)?;
        for (value, expr) in [(&start_value, start), (&end_value, end)] {
            if !value.shape.is_empty() {
                return self.error(
                    format!(
                        "a range bound must be a scalar, not an array of shape {}",
                        shape_text(&value.shape)
                    ),
                    expr.span,
                );
            }
        }
        let (line, _) = line_of(self.source, span.start as usize);
        let scope_id = self.program.scopes.len() as u32;
        self.program.scopes.push(ir::ScopeInfo {
            kind,
            line,
            trips: None,
            unroll: 1,
            ir_ops: 0,
        });
        let ops_before = self.ops;
        match kind {
            ScopeKind::For => {
                let mut bounds = [0i64; 2];
                for (k, (value, expr)) in [(&start_value, start), (&end_value, end)]
                    .into_iter()
                    .enumerate()
                {
                    match value.constant() {
                        Some(c) if c == c.trunc() && c.abs() < 1e15 => bounds[k] = c as i64,
                        Some(c) => {
                            return self.error(
                                format!("a `for` bound must be an integer, not {c}"),
                                expr.span,
                            )
                        }
                        None => {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    ErrorKind::Semantic,
                                    "a `for` bound must be a compile-time constant",
                                    expr.span,
                                )
                                .with_note("`for` is unrolled at compile time; use `loop` for a bound known only at run time"),
                            );
                            return Err(Failed);
                        }
                    }
                }
                let trips = (bounds[1] - bounds[0]).max(0) as u64;
                self.program.scopes[scope_id as usize].trips = Some(trips);
                for (iteration, i) in (bounds[0]..bounds[1]).enumerate() {
                    let before = self.ops;
                    self.push_frame(false);
                    self.bind(&index.name, Binding::Value(Value::scalar(i as f64)));
                    let outer = self.continuation.replace(Continuation::Scope);
                    let result = self.block(&body.statements);
                    self.continuation = outer;
                    let returned = self.returned.clone();
                    self.pop_frame(returned.as_ref());
                    result?;
                    if self.returned.is_some() {
                        break;
                    }
                    let body_ops = self.ops - before;
                    let projected = self.ops.saturating_add(
                        body_ops.saturating_mul((trips as usize).saturating_sub(iteration + 1)),
                    );
                    // Each trip is a copy, so the trip count alone is bounded by the budget too
                    // (an empty body adds no operations but would still take that long).
                    if projected > self.limits.unroll_budget
                        || trips > self.limits.unroll_budget as u64
                    {
                        self.diagnostics.push(
                            Diagnostic::new(
                                ErrorKind::Limit,
                                if projected > self.limits.unroll_budget {
                                    format!(
                                        "unrolling this `for` ({trips} trips of a body of {body_ops} IR ops) would grow the program to about {projected} IR ops, past the unroll budget of {}",
                                        self.limits.unroll_budget
                                    )
                                } else {
                                    format!(
                                        "unrolling this `for` ({trips} trips of a body of {body_ops} IR ops) would make more copies than the unroll budget of {} allows",
                                        self.limits.unroll_budget
                                    )
                                },
                                span,
                            )
                            .with_note("use `loop` to compile the body once, or raise the budget with --max-unroll"),
                        );
                        return Err(Failed);
                    }
                }
            }
            ScopeKind::Loop => {
                let unroll = match unroll {
                    None => 1,
                    Some(expr) => {
                        let value = self.expr(expr)?;
                        match value.constant() {
                            Some(k) if k >= 1.0 && k == k.trunc() && k <= 1024.0 => k as u32,
                            _ => {
                                return self.error(
                                    "`unroll` takes a constant integer from 1 to 1024",
                                    expr.span,
                                )
                            }
                        }
                    }
                };
                for (value, expr) in [(&start_value, start), (&end_value, end)] {
                    if let Some(c) = value.constant() {
                        if c != c.trunc() {
                            return self.error(
                                format!("a `loop` bound must be an integer, not {c}"),
                                expr.span,
                            );
                        }
                    }
                }
                if let (Some(a), Some(b)) = (start_value.constant(), end_value.constant()) {
                    self.program.scopes[scope_id as usize].trips = Some((b - a).max(0.0) as u64);
                }
                self.program.scopes[scope_id as usize].unroll = unroll;
                let slot = self.program.slots;
                self.program.slots += 1;
                let start_expr = self.scalar_expr(start_value, start.span)?;
                let end_expr = self.scalar_expr(end_value, end.span)?;
                self.lists.push(Vec::new());
                self.push_frame(false);
                self.bind(
                    &index.name,
                    Binding::Value(Value::of(Vec::new(), Expr::Slot(slot))),
                );
                let outer = self.continuation.replace(Continuation::Scope);
                let result = self.block(&body.statements);
                self.continuation = outer;
                self.pop_frame(None);
                let statements = self.lists.pop().unwrap_or_default();
                result?;
                if self.returned.is_some() {
                    let span = self.returned_span;
                    return self.error(
                        "`return` inside a `loop` is not supported (a `loop` runs at run time); use `for`, or return after the loop",
                        span,
                    );
                }
                let site = self.site(
                    "the bounds of this `loop` must be integers".to_string(),
                    span,
                );
                let loop_statement = ir::Loop {
                    scope: scope_id,
                    slot,
                    start: start_expr,
                    end: end_expr,
                    unroll,
                    body: statements,
                    site,
                };
                // The body's statements were counted as they were emitted.
                self.ops += 1 + loop_statement.start.node_count() + loop_statement.end.node_count();
                if let Some(list) = self.lists.last_mut() {
                    list.push(Stmt::Loop(loop_statement));
                }
            }
        }
        self.program.scopes[scope_id as usize].ir_ops = self.ops - ops_before;
        Ok(())
    }

    /// A scalar used once outside any kernel: it must not need index checks.
    fn scalar_expr(&mut self, value: Value, span: Span) -> LResult<Expr> {
        if value.checks.is_empty() {
            return Ok(value.expr);
        }
        let stored = self.materialize(value, "scalar", span)?;
        Ok(stored.expr)
    }

    /// The branch an `if` with the constant condition `c` takes, in a frame of its own
    /// (a `return` in it keeps its value alive), with `continuation` after it.
    fn constant_branch(
        &mut self,
        c: f64,
        then_block: &'a ast::Block,
        else_block: Option<&'a ast::Block>,
        continuation: Option<Continuation<'a>>,
    ) -> LResult<()> {
        let taken = if c != 0.0 {
            Some(then_block)
        } else {
            else_block
        };
        let Some(block) = taken else {
            return Ok(());
        };
        self.push_frame(false);
        let outer = std::mem::replace(&mut self.continuation, continuation);
        let result = self.block(&block.statements);
        self.continuation = outer;
        let returned = self.returned.clone();
        self.pop_frame(returned.as_ref());
        result.map(|_| ())
    }

    fn if_statement(
        &mut self,
        condition: &'a ast::Expr,
        then_block: &'a ast::Block,
        else_block: Option<&'a ast::Block>,
    ) -> LResult<()> {
        let value = self.if_condition(condition)?;
        if let Some(c) = value.constant() {
            let continuation = self.continuation.clone();
            return self.constant_branch(c, then_block, else_block, continuation);
        }
        let condition_expr = self.scalar_expr(value, condition.span)?;
        let mut bodies = Vec::new();
        for block in [Some(then_block), else_block] {
            self.lists.push(Vec::new());
            if let Some(block) = block {
                self.push_frame(false);
                let result = self.block(&block.statements);
                self.pop_frame(None);
                if result.is_err() {
                    self.lists.pop();
                    return Err(Failed);
                }
                if self.returned.is_some() {
                    self.lists.pop();
                    let span = self.returned_span;
                    return self.error(
                        "`return` inside an `if` decided at run time is not supported; compute both values and use `where`",
                        span,
                    );
                }
            }
            bodies.push(self.lists.pop().unwrap_or_default());
        }
        let else_body = bodies.pop().unwrap_or_default();
        let then_body = bodies.pop().unwrap_or_default();
        self.emit_if(condition_expr, then_body, else_body);
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // Expressions

    fn expr(&mut self, expr: &'a ast::Expr) -> LResult<Value> {
        let span = expr.span;
        // Inlining can multiply work exponentially (f calls g twice, g calls h twice, ...):
        // bound the expressions lowered, and the IR grown, by the unroll budget.
        self.work += 1;
        if self.work > self.limits.unroll_budget.saturating_mul(4)
            || self.ops > self.limits.unroll_budget
        {
            if !self.over_budget {
                self.over_budget = true;
                self.diagnostics.push(
                    Diagnostic::new(
                        ErrorKind::Limit,
                        format!(
                            "the program grows too large when its functions are inlined and its `for` scopes unrolled (more than the unroll budget of {} IR ops)",
                            self.limits.unroll_budget
                        ),
                        span,
                    )
                    .with_note("use `loop` instead of `for`, call functions fewer times, or raise the budget with --max-unroll"),
                );
            }
            return Err(Failed);
        }
        match &expr.kind {
            ExprKind::Number(value) => Ok(Value::scalar(*value)),
            ExprKind::Name(name) => self.value_of_name(name, span),
            ExprKind::Unary(op, operand) => {
                let operand = self.expr(operand)?;
                self.unary(numeric::Unary::from(*op), operand, span)
            }
            ExprKind::Binary(ast::BinaryOp::Pow, lhs, rhs) => {
                let base = self.expr(lhs)?;
                let exponent = self.expr(rhs)?;
                self.power(base, exponent, span)
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let a = self.expr(lhs)?;
                let b = self.expr(rhs)?;
                self.binary(numeric::Binary::from(*op), a, b, span)
            }
            ExprKind::Array(items) => self.array_literal(items, span),
            ExprKind::Index { base, indices } => {
                let base = self.expr(base)?;
                self.index(base, indices, span)
            }
            ExprKind::Call { callee, args } => self.call(callee, args, span),
        }
    }

    fn height_guard(&mut self, value: Value, span: Span) -> LResult<Value> {
        if value.height > MAX_EXPR_HEIGHT {
            self.materialize(value, "temporary", span)
        } else {
            Ok(value)
        }
    }

    fn unary(&mut self, op: Unary, operand: Value, span: Span) -> LResult<Value> {
        if let Some(c) = operand.constant() {
            return Ok(Value::scalar(numeric::unary(op, c)));
        }
        let operand = self.height_guard(operand, span)?;
        Ok(Value {
            shape: operand.shape,
            expr: Expr::Unary(op, Box::new(operand.expr)),
            checks: operand.checks,
            height: operand.height + 1,
        })
    }

    fn broadcast_to(&mut self, value: Value, shape: &[usize], span: Span) -> LResult<Value> {
        if value.shape == shape {
            return Ok(value);
        }
        // Stretching an expression that calls exp, log, ... would repeat each call for every
        // copy: compute it once at its own shape first, as NumPy does.
        let value = if value.expr.calls_host()
            && shape.iter().product::<usize>() > value.shape.iter().product::<usize>()
        {
            self.materialize(value, "broadcast", span)?
        } else {
            value
        };
        if value.shape.len() > shape.len() {
            return self.error(
                format!(
                    "cannot broadcast shape {} to {}",
                    shape_text(&value.shape),
                    shape_text(shape)
                ),
                span,
            );
        }
        let offset = shape.len() - value.shape.len();
        let mut map = Vec::new();
        for (d, &extent) in value.shape.iter().enumerate() {
            if extent == shape[d + offset] {
                map.push(Index::dim(d + offset));
            } else if extent == 1 {
                map.push(Index::constant(0));
            } else {
                return self.error(
                    format!(
                        "cannot broadcast shape {} to {}",
                        shape_text(&value.shape),
                        shape_text(shape)
                    ),
                    span,
                );
            }
        }
        Ok(value.remap(shape.to_vec(), &map))
    }

    fn binary(&mut self, op: Binary, a: Value, b: Value, span: Span) -> LResult<Value> {
        if let (Some(x), Some(y)) = (a.constant(), b.constant()) {
            return Ok(Value::scalar(numeric::binary(op, x, y)));
        }
        let Some(shape) = broadcast_shapes(&a.shape, &b.shape) else {
            return self.error(
                format!(
                    "shapes {} and {} cannot be broadcast together",
                    shape_text(&a.shape),
                    shape_text(&b.shape)
                ),
                span,
            );
        };
        self.check_size(&shape, span)?;
        let a = self.height_guard(a, span)?;
        let b = self.height_guard(b, span)?;
        let a = self.broadcast_to(a, &shape, span)?;
        let b = self.broadcast_to(b, &shape, span)?;
        let mut checks = a.checks;
        checks.extend(b.checks);
        Ok(Value {
            shape,
            expr: signs_outward(op, a.expr, b.expr),
            checks,
            height: a.height.max(b.height) + 1,
        })
    }

    /// `a ^ b`, with NumPy's fast paths for the exponents it special-cases.
    /// `a ^ b`, with NumPy's fast paths for the exponents it special-cases (`x * x` for 2,
    /// `sqrt` for 0.5, `1 / x` for -1, `x` for 1). A scalar exponent known only at run time
    /// (a `loop` index) picks the same path at run time, so `for` and `loop` agree.
    fn power(&mut self, base: Value, exponent: Value, span: Span) -> LResult<Value> {
        if let (Some(a), Some(b)) = (base.constant(), exponent.constant()) {
            return Ok(Value::scalar(numeric::power(a, b)));
        }
        match exponent.constant() {
            Some(2.0) => {
                let base = if base.is_plain() {
                    base
                } else {
                    self.materialize_if_tall(base, span)?
                };
                self.binary(Binary::Mul, base.clone(), base, span)
            }
            Some(1.0) => Ok(base),
            Some(0.5) => self.unary(Unary::Sqrt, base, span),
            Some(-1.0) => self.binary(Binary::Div, Value::scalar(1.0), base, span),
            Some(_) => self.binary(Binary::Pow, base, exponent, span),
            None if exponent.shape.is_empty() => {
                let base = if base.is_plain() {
                    base
                } else {
                    self.materialize(base, "power", span)?
                };
                let exponent = if exponent.is_plain() {
                    exponent
                } else {
                    self.materialize(exponent, "power", span)?
                };
                let general = self.binary(Binary::Pow, base.clone(), exponent.clone(), span)?;
                let paths = [
                    (1.0, base.clone()),
                    (
                        -1.0,
                        self.binary(Binary::Div, Value::scalar(1.0), base.clone(), span)?,
                    ),
                    (0.5, self.unary(Unary::Sqrt, base.clone(), span)?),
                    (
                        2.0,
                        self.binary(Binary::Mul, base.clone(), base.clone(), span)?,
                    ),
                ];
                let mut result = general;
                for (special, value) in paths {
                    let is_special =
                        self.binary(Binary::Eq, exponent.clone(), Value::scalar(special), span)?;
                    let value = self.broadcast_to(value, &result.shape.clone(), span)?;
                    let is_special = self.broadcast_to(is_special, &result.shape.clone(), span)?;
                    result = select(is_special, value, result);
                }
                Ok(result)
            }
            None => self.binary(Binary::Pow, base, exponent, span),
        }
    }

    fn materialize_if_tall(&mut self, value: Value, span: Span) -> LResult<Value> {
        if value.height > MAX_EXPR_HEIGHT / 2 {
            self.materialize(value, "temporary", span)
        } else {
            Ok(value)
        }
    }

    fn array_literal(&mut self, items: &'a [ast::Expr], span: Span) -> LResult<Value> {
        if items.is_empty() {
            return self.constant_buffer(vec![0], Vec::new(), span);
        }
        let mut values = Vec::new();
        for item in items {
            values.push(self.expr(item)?);
        }
        let shape = values[0].shape.clone();
        for (value, item) in values.iter().zip(items) {
            if value.shape != shape {
                return self.error(
                    format!(
                        "array literal items must all have the same shape: {} differs from {}",
                        shape_text(&value.shape),
                        shape_text(&shape)
                    ),
                    item.span,
                );
            }
        }
        let mut result_shape = vec![items.len()];
        result_shape.extend_from_slice(&shape);
        if result_shape.len() > MAX_RANK {
            return self.error(format!("arrays have at most {MAX_RANK} dimensions"), span);
        }
        // All-constant literals become constant data.
        let mut data = Vec::new();
        let mut all_constant = true;
        for value in &values {
            if let Some(c) = value.constant() {
                data.push(c);
            } else if let Some(buffer) = self.whole_buffer(value) {
                match &self.program.buffers[buffer as usize].init {
                    BufferInit::Constant(values) => data.extend_from_slice(values),
                    _ => all_constant = false,
                }
            } else {
                all_constant = false;
            }
        }
        if all_constant {
            return self.constant_buffer(result_shape, data, span);
        }
        // Otherwise a balanced tree of selects on the first dimension.
        let shifted: Vec<Value> = values
            .into_iter()
            .map(|value| {
                let map: Vec<Index> = (0..value.shape.len()).map(|d| Index::dim(d + 1)).collect();
                value.remap(result_shape.clone(), &map)
            })
            .collect();
        Ok(select_tree(shifted, 0))
    }

    fn constant_int(&mut self, value: &Value, span: Span, what: &str) -> LResult<i64> {
        match value.constant() {
            Some(c) if c == c.trunc() && c.abs() < 9.0e15 => Ok(c as i64),
            Some(c) if c == c.trunc() => {
                self.diagnostics.push(Diagnostic::new(
                    ErrorKind::Limit,
                    format!("{what} of {c:e} is too large"),
                    span,
                ));
                Err(Failed)
            }
            Some(c) => self.error(format!("{what} must be an integer, not {c}"), span),
            None if !value.shape.is_empty() => self.error(
                format!(
                    "{what} must be a scalar, not an array of shape {}",
                    shape_text(&value.shape)
                ),
                span,
            ),
            None => {
                let uses_slot = value.expr.uses_slot();
                let mut diagnostic = Diagnostic::new(
                    ErrorKind::Semantic,
                    format!("{what} must be a compile-time constant"),
                    span,
                );
                if uses_slot {
                    diagnostic = diagnostic.with_note(
                        "a `loop` index is a run-time value; a `for` index is a compile-time constant",
                    );
                }
                self.diagnostics.push(diagnostic);
                Err(Failed)
            }
        }
    }

    /// A shape argument: `[nx, ny]` of constant non-negative integers, or one integer.
    fn shape_argument(&mut self, expr: &'a ast::Expr) -> LResult<Vec<usize>> {
        match &expr.kind {
            ExprKind::Array(items) => self.shape_list(items, expr.span),
            _ => {
                let value = self.expr(expr)?;
                if let Some(buffer) = self.whole_buffer(&value) {
                    if let BufferInit::Constant(data) = &self.program.buffers[buffer as usize].init
                    {
                        if value.shape.len() == 1 {
                            let data = data.clone();
                            let mut extents = Vec::new();
                            for c in data.iter() {
                                let c = *c;
                                if c < 0.0 || c != c.trunc() {
                                    return self.error(format!("a shape's extents must be non-negative integers, not {c}"), expr.span);
                                }
                                extents.push(c as usize);
                            }
                            return self.check_rank(extents, expr.span);
                        }
                    }
                }
                if !value.shape.is_empty() {
                    return self.error(
                        "a shape must be an array literal of constant integers, like [nx, ny]",
                        expr.span,
                    );
                }
                let extent = self.constant_int(&value, expr.span, "a shape")?;
                if extent < 0 {
                    return self.error(
                        format!("a shape's extents must be non-negative, not {extent}"),
                        expr.span,
                    );
                }
                Ok(vec![extent as usize])
            }
        }
    }

    fn shape_list(&mut self, items: &'a [ast::Expr], span: Span) -> LResult<Vec<usize>> {
        let mut extents = Vec::new();
        for item in items {
            let value = self.expr(item)?;
            let extent = self.constant_int(&value, item.span, "an extent")?;
            if extent < 0 {
                return self.error(
                    format!("an extent must be non-negative, not {extent}"),
                    item.span,
                );
            }
            extents.push(extent as usize);
        }
        self.check_rank(extents, span)
    }

    fn check_rank(&mut self, extents: Vec<usize>, span: Span) -> LResult<Vec<usize>> {
        if extents.len() > MAX_RANK {
            return self.error(
                format!(
                    "arrays have at most {MAX_RANK} dimensions, not {}",
                    extents.len()
                ),
                span,
            );
        }
        self.check_size(&extents, span)?;
        Ok(extents)
    }

    /// Every array, stored or not, is bounded by the memory limit as if it were stored:
    /// a kernel's work is then bounded too.
    fn check_size(&mut self, shape: &[usize], span: Span) -> LResult<()> {
        let elements = shape.iter().try_fold(1usize, |acc, &e| acc.checked_mul(e));
        match elements {
            Some(count) if count <= self.limits.max_memory_bytes / 8 => Ok(()),
            _ => self.too_large(
                &format!("an array of shape {} would be too large", shape_text(shape)),
                shape.iter().map(|&e| e as f64).product::<f64>() * 8.0,
                span,
            ),
        }
    }

    fn axis(&mut self, value: &Value, rank: usize, span: Span) -> LResult<usize> {
        let axis = self.constant_int(value, span, "an axis")?;
        let normalized = if axis < 0 { axis + rank as i64 } else { axis };
        if normalized < 0 || normalized >= rank as i64 {
            return self.error(
                format!("axis {axis} is out of range for an array of rank {rank}"),
                span,
            );
        }
        Ok(normalized as usize)
    }

    fn index(&mut self, base: Value, indices: &'a [IndexArg], span: Span) -> LResult<Value> {
        if indices.len() > base.shape.len() {
            return self.error(
                format!(
                    "too many indices: {} for an array of shape {}",
                    indices.len(),
                    shape_text(&base.shape)
                ),
                span,
            );
        }
        let mut value = base;
        // `dim` walks the base's dimensions; `out_dim` the result's.
        let mut out_dim = 0;
        for (base_axis, index) in indices.iter().enumerate() {
            let extent = value.shape[out_dim];
            match index {
                IndexArg::Single(expr) => {
                    let position = self.scalar_of(expr, "an index")?;
                    let replacement = if let Some(c) = position.constant() {
                        if c != c.trunc() {
                            return self
                                .error(format!("an index must be an integer, not {c}"), expr.span);
                        }
                        let i = if c < 0.0 { c + extent as f64 } else { c };
                        if i < 0.0 || i >= extent as f64 {
                            return self.error(
                                format!("index {c} is out of range for axis {base_axis} of length {extent}"),
                                expr.span,
                            );
                        }
                        Index::constant(i as i64)
                    } else {
                        let id = self.program.checks;
                        self.program.checks += 1;
                        let site = self.site(
                            format!("index out of range for axis {base_axis} of length {extent}"),
                            expr.span,
                        );
                        let position_expr = self.scalar_expr(position, expr.span)?;
                        value.checks.push(IndexCheck {
                            id,
                            value: position_expr,
                            extent,
                            site,
                        });
                        Index::Checked(id)
                    };
                    let rank = value.shape.len();
                    let mut map = Vec::new();
                    for d in 0..rank {
                        map.push(match d.cmp(&out_dim) {
                            std::cmp::Ordering::Less => Index::dim(d),
                            std::cmp::Ordering::Equal => replacement.clone(),
                            std::cmp::Ordering::Greater => Index::dim(d - 1),
                        });
                    }
                    let mut shape = value.shape.clone();
                    shape.remove(out_dim);
                    value = value.remap(shape, &map);
                }
                IndexArg::Slice {
                    start,
                    end,
                    step,
                    span: slice_span,
                } => {
                    let mut parts = [None, None, None];
                    for (k, part) in [start, end, step].into_iter().enumerate() {
                        if let Some(part) = part {
                            let v = self.expr(part)?;
                            parts[k] = Some(self.constant_int(&v, part.span, "a slice bound")?);
                        }
                    }
                    let step = parts[2].unwrap_or(1);
                    if step == 0 {
                        return self.error("a slice step cannot be zero", *slice_span);
                    }
                    let (first, length) = slice_indices(parts[0], parts[1], step, extent as i64);
                    let mut map = identity_map(value.shape.len());
                    map[out_dim] = Index::constant(first).plus(Index::dim(out_dim).scale(step));
                    let mut shape = value.shape.clone();
                    shape[out_dim] = length as usize;
                    value = value.remap(shape, &map);
                    out_dim += 1;
                }
            }
        }
        Ok(value)
    }

    fn call(
        &mut self,
        callee: &'a ast::Ident,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        if let Some(&(params, body)) = self.functions.get(&callee.name) {
            return self.inline(callee, params, body, args, span);
        }
        let Some(info) = builtins::lookup(&callee.name) else {
            return self.error(format!("unknown function `{}`", callee.name), callee.span);
        };
        if args.len() < info.min_args || args.len() > info.max_args {
            return self.error(
                format!("wrong number of arguments (usage: {})", info.signature),
                span,
            );
        }
        self.builtin(info.builtin, args, span)
    }

    fn inline(
        &mut self,
        callee: &'a ast::Ident,
        params: &'a [ast::Ident],
        body: &'a FnBody,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        if params.len() != args.len() {
            return self.error(
                format!(
                    "function `{}` takes {} arguments",
                    callee.name,
                    params.len()
                ),
                span,
            );
        }
        if self.inline_stack.contains(&callee.name) {
            return self.error(
                format!("recursion is not allowed: `{}` calls itself", callee.name),
                span,
            );
        }
        if self.inline_stack.len() >= MAX_INLINE_DEPTH {
            return self.error(
                format!("calls nested more than {MAX_INLINE_DEPTH} deep"),
                span,
            );
        }
        let mut values = Vec::new();
        for arg in args {
            values.push(self.expr(arg)?);
        }
        self.inline_stack.push(callee.name.clone());
        let diagnostics_before = self.diagnostics.len();
        self.push_frame(true);
        for (param, value) in params.iter().zip(values) {
            self.bind(&param.name, Binding::Value(value));
        }
        let saved_return = self.returned.take();
        let saved_continuation = self.continuation.replace(Continuation::Known(Vec::new()));
        let saved_sink = self.sink.take();
        let saved_into_sink = std::mem::take(&mut self.returned_into_sink);
        let result = match body {
            FnBody::Expr(expr) => self.expr(expr).map(Some),
            FnBody::Block(block) => self.block(&block.statements),
        };
        let returned = std::mem::replace(&mut self.returned, saved_return);
        self.continuation = saved_continuation;
        self.sink = saved_sink;
        self.returned_into_sink = saved_into_sink;
        let value = match (result, returned) {
            (Err(Failed), _) => Err(Failed),
            (Ok(_), Some(value)) => Ok(value),
            (Ok(Some(value)), None) => Ok(value),
            (Ok(None), None) => self.error(
                format!(
                    "function `{}` must end with an expression or `return`",
                    callee.name
                ),
                span,
            ),
        };
        // Results that read buffers of the function outlive its frame.
        let value = match value {
            Ok(value) if self.reads_mutable(&value) => {
                self.materialize(value, &callee.name, span).map(Some)
            }
            Ok(value) => Ok(Some(value)),
            Err(failed) => Err(failed),
        };
        let value = value.map(|v| v.unwrap_or_else(|| Value::scalar(0.0)));
        self.pop_frame(value.as_ref().ok());
        self.inline_stack.pop();
        if value.is_err() {
            let (line, _) = line_of(self.source, span.start as usize);
            for diagnostic in &mut self.diagnostics[diagnostics_before..] {
                let outside = diagnostic
                    .span
                    .is_some_and(|s| !(s.start >= span.start && s.end <= span.end));
                if outside
                    && !diagnostic
                        .notes
                        .iter()
                        .any(|n| n.starts_with("in the call"))
                {
                    diagnostic
                        .notes
                        .push(format!("in the call of `{}` at line {line}", callee.name));
                }
            }
        }
        value
    }

    fn builtin(&mut self, builtin: Builtin, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        use Builtin::*;
        let arg_span = |k: usize| args.get(k).map_or(span, |a| a.span);
        match builtin {
            Zeros | Ones => {
                let shape = self.shape_argument(&args[0])?;
                let fill = if builtin == Zeros { 0.0 } else { 1.0 };
                Ok(Value::of(shape, Expr::Const(fill)))
            }
            Full => {
                let shape = self.shape_argument(&args[0])?;
                let fill = self.expr(&args[1])?;
                if !fill.shape.is_empty() {
                    return self.error("`full` takes a scalar fill value", arg_span(1));
                }
                self.broadcast_to(fill, &shape, span)
            }
            Linspace => {
                let start = self.expr(&args[0])?;
                let stop = self.expr(&args[1])?;
                let count = self.expr(&args[2])?;
                let n = self.constant_int(&count, arg_span(2), "the number of points")?;
                if n < 0 {
                    return self.error(
                        format!("the number of points must be non-negative, not {n}"),
                        arg_span(2),
                    );
                }
                for (value, k) in [(&start, 0), (&stop, 1)] {
                    if !value.shape.is_empty() {
                        return self.error("`linspace` bounds must be scalars", arg_span(k));
                    }
                }
                let n = n as usize;
                self.check_size(&[n], arg_span(2))?;
                if n == 1 {
                    return self.broadcast_to(start, &[1], span);
                }
                // NumPy: step = (stop - start) / (n - 1); y[k] = k * step + start; y[-1] = stop.
                let delta = self.binary(Binary::Sub, stop.clone(), start.clone(), span)?;
                let step =
                    self.binary(Binary::Div, delta, Value::scalar((n as f64) - 1.0), span)?;
                let k = Value::of(vec![n], Expr::IndexValue(Index::dim(0)));
                let scaled = self.binary(Binary::Mul, k.clone(), step, span)?;
                let body = self.binary(Binary::Add, scaled, start, span)?;
                let is_last = self.binary(Binary::Eq, k, Value::scalar((n as f64) - 1.0), span)?;
                let stop = self.broadcast_to(stop, &[n], span)?;
                Ok(select(is_last, stop, body))
            }
            Arange => {
                let mut parts = Vec::new();
                for (k, arg) in args.iter().enumerate() {
                    let value = self.expr(arg)?;
                    match value.constant() {
                        Some(c) => parts.push(c),
                        None => {
                            return self.error("`arange` takes compile-time constants", arg_span(k))
                        }
                    }
                }
                let (start, stop, step) = match parts.as_slice() {
                    [stop] => (0.0, *stop, 1.0),
                    [start, stop] => (*start, *stop, 1.0),
                    [start, stop, step] => (*start, *stop, *step),
                    _ => return self.error("`arange` takes 1 to 3 arguments", span),
                };
                if step == 0.0 {
                    return self.error("the step of `arange` cannot be zero", arg_span(2));
                }
                if !step.is_finite() || !start.is_finite() || !stop.is_finite() {
                    return self.error("`arange` needs finite bounds and step", span);
                }
                let length = ((stop - start) / step).ceil().max(0.0);
                if length * 8.0 > self.limits.max_memory_bytes as f64 {
                    return self.too_large(
                        &format!("`arange` would make {length} elements"),
                        length * 8.0,
                        span,
                    );
                }
                let n = length as usize;
                // NumPy fills `start + i * delta` with `delta = (start + step) - start`.
                let delta = (start + step) - start;
                let data: Vec<f64> = (0..n)
                    .map(|i| {
                        if i == 1 {
                            start + step
                        } else {
                            start + (i as f64) * delta
                        }
                    })
                    .collect();
                self.constant_buffer(vec![n], data, span)
            }
            Rand => {
                let shape = self.shape_argument(&args[0])?;
                let seed_value = self.expr(&args[1])?;
                let seed = self.constant_int(&seed_value, arg_span(1), "a seed")?;
                let count = shape
                    .iter()
                    .try_fold(1usize, |a, &e| a.checked_mul(e))
                    .unwrap_or(usize::MAX);
                if count.saturating_mul(8) > self.limits.max_memory_bytes {
                    return self.too_large(
                        &format!("`rand` would make an array of shape {}", shape_text(&shape)),
                        count as f64 * 8.0,
                        span,
                    );
                }
                let mut state = seed as u64;
                let data: Vec<f64> = (0..count).map(|_| random_unit(&mut state)).collect();
                self.constant_buffer(shape, data, span)
            }
            Reshape => {
                let value = self.expr(&args[0])?;
                let mut shape = match &args[1].kind {
                    ExprKind::Array(items) => {
                        // One extent may be -1: it is inferred, as in NumPy.
                        let mut extents = Vec::new();
                        for item in items {
                            let v = self.expr(item)?;
                            extents.push(self.constant_int(&v, item.span, "an extent")?);
                        }
                        extents
                    }
                    _ => self
                        .shape_argument(&args[1])?
                        .into_iter()
                        .map(|e| e as i64)
                        .collect(),
                };
                let total: usize = value.shape.iter().product();
                let unknown: Vec<usize> = (0..shape.len()).filter(|&d| shape[d] == -1).collect();
                let known: i64 = shape.iter().filter(|&&e| e != -1).product();
                if unknown.len() > 1 || shape.iter().any(|&e| e < -1) {
                    return self.error(
                        "a reshape takes non-negative extents and at most one -1",
                        arg_span(1),
                    );
                }
                if let [d] = unknown.as_slice() {
                    if known == 0 || total as i64 % known != 0 {
                        return self.error(
                            format!(
                                "cannot reshape an array of shape {} with {}",
                                shape_text(&value.shape),
                                format_extents(&shape)
                            ),
                            span,
                        );
                    }
                    shape[*d] = total as i64 / known;
                }
                let shape: Vec<usize> = shape.into_iter().map(|e| e as usize).collect();
                let shape = self.check_rank(shape, arg_span(1))?;
                if shape.iter().product::<usize>() != total {
                    return self.error(
                        format!(
                            "cannot reshape an array of shape {} ({total} elements) into shape {}",
                            shape_text(&value.shape),
                            shape_text(&shape)
                        ),
                        span,
                    );
                }
                self.reshape(value, shape, span)
            }
            Transpose => {
                let value = self.expr(&args[0])?;
                let rank = value.shape.len();
                let map: Vec<Index> = (0..rank).map(|d| Index::dim(rank - 1 - d)).collect();
                let shape: Vec<usize> = value.shape.iter().rev().cloned().collect();
                Ok(value.remap(shape, &map))
            }
            Broadcast => {
                let value = self.expr(&args[0])?;
                let shape = self.shape_argument(&args[1])?;
                self.broadcast_to(value, &shape, span)
            }
            Exp | Log | Sqrt | Abs | Sin | Cos | Tan | Tanh | Floor | Ceil | Round | Sign => {
                let op = match builtin {
                    Exp => Unary::Exp,
                    Log => Unary::Log,
                    Sqrt => Unary::Sqrt,
                    Abs => Unary::Abs,
                    Sin => Unary::Sin,
                    Cos => Unary::Cos,
                    Tan => Unary::Tan,
                    Tanh => Unary::Tanh,
                    Floor => Unary::Floor,
                    Ceil => Unary::Ceil,
                    Round => Unary::Round,
                    _ => Unary::Sign,
                };
                let value = self.expr(&args[0])?;
                self.unary(op, value, span)
            }
            Pow | Minimum | Maximum => {
                let op = match builtin {
                    Pow => Binary::Pow,
                    Minimum => Binary::Min,
                    _ => Binary::Max,
                };
                let a = self.expr(&args[0])?;
                let b = self.expr(&args[1])?;
                self.binary(op, a, b, span)
            }
            Clip => {
                let a = self.expr(&args[0])?;
                let lo = self.expr(&args[1])?;
                let hi = self.expr(&args[2])?;
                let low = self.binary(Binary::Max, a, lo, span)?;
                self.binary(Binary::Min, low, hi, span)
            }
            Where => {
                let c = self.expr(&args[0])?;
                let a = self.expr(&args[1])?;
                let b = self.expr(&args[2])?;
                let shape = broadcast_shapes(&c.shape, &a.shape)
                    .and_then(|s| broadcast_shapes(&s, &b.shape));
                let Some(shape) = shape else {
                    return self.error(
                        format!(
                            "`where` arguments of shapes {}, {} and {} cannot be broadcast together",
                            shape_text(&c.shape),
                            shape_text(&a.shape),
                            shape_text(&b.shape)
                        ),
                        span,
                    );
                };
                self.check_size(&shape, span)?;
                let c = self.height_guard(c, span)?;
                let a = self.height_guard(a, span)?;
                let b = self.height_guard(b, span)?;
                let c = self.broadcast_to(c, &shape, span)?;
                let a = self.broadcast_to(a, &shape, span)?;
                let b = self.broadcast_to(b, &shape, span)?;
                Ok(select(c, a, b))
            }
            Grad => self.grad(args, span),
            Roll => {
                let value = self.expr(&args[0])?;
                let shift_value = self.expr(&args[1])?;
                let shift = self.constant_int(&shift_value, arg_span(1), "a roll shift")?;
                let axis_value = self.expr(&args[2])?;
                let axis = self.axis(&axis_value, value.shape.len(), arg_span(2))?;
                let n = value.shape[axis] as i64;
                if n == 0 {
                    return Ok(value);
                }
                let value = if value.is_plain() {
                    value
                } else {
                    self.materialize(value, "roll", span)?
                };
                let shift = shift.rem_euclid(n);
                let mut map = identity_map(value.shape.len());
                map[axis] =
                    Index::Wrap(Box::new(Index::dim(axis).plus(Index::constant(-shift))), n);
                Ok(value.remap(value.shape.clone(), &map))
            }
            Sum | Mean | Min | Max => {
                let value = self.expr(&args[0])?;
                let op = match builtin {
                    Sum | Mean => ReduceOp::Sum,
                    Min => ReduceOp::Min,
                    _ => ReduceOp::Max,
                };
                let axis = match args.get(1) {
                    Some(arg) => {
                        let axis_value = self.expr(arg)?;
                        Some(self.axis(&axis_value, value.shape.len(), arg.span)?)
                    }
                    None => None,
                };
                self.reduce(value, op, axis, builtin == Mean, span)
            }
            Dot => {
                let a = self.expr(&args[0])?;
                let b = self.expr(&args[1])?;
                if a.shape.len() != 1 || b.shape.len() != 1 || a.shape != b.shape {
                    return self.error(
                        format!(
                            "`dot` takes two rank-1 arrays of the same length, not shapes {} and {}",
                            shape_text(&a.shape),
                            shape_text(&b.shape)
                        ),
                        span,
                    );
                }
                let n = a.shape[0];
                let product = self.binary(Binary::Mul, a, b, span)?;
                self.reduction_kernel(
                    product,
                    Vec::new(),
                    vec![n],
                    &identity_map(1),
                    ReduceOp::Sum,
                    None,
                    span,
                )
            }
            Matmul => {
                let a = self.expr(&args[0])?;
                let b = self.expr(&args[1])?;
                if a.shape.len() != 2 || b.shape.len() != 2 || a.shape[1] != b.shape[0] {
                    return self.error(
                        format!(
                            "`matmul` takes [m, k] and [k, n] arrays, not shapes {} and {}",
                            shape_text(&a.shape),
                            shape_text(&b.shape)
                        ),
                        span,
                    );
                }
                let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1]);
                // Operands are read n and m times: store them unless they are plain reads.
                let a = if a.is_plain() {
                    a
                } else {
                    self.materialize(a, "matmul", span)?
                };
                let b = if b.is_plain() {
                    b
                } else {
                    self.materialize(b, "matmul", span)?
                };
                // Kernel dimensions: i, j, then the reduced k.
                let a3 = a.remap(vec![m, n, k], &[Index::dim(0), Index::dim(2)]);
                let b3 = b.remap(vec![m, n, k], &[Index::dim(2), Index::dim(1)]);
                let product = self.binary(Binary::Mul, a3, b3, span)?;
                self.reduction_kernel(
                    product,
                    vec![m, n],
                    vec![k],
                    &identity_map(3),
                    ReduceOp::Sum,
                    None,
                    span,
                )
            }
        }
    }

    fn reshape(&mut self, value: Value, shape: Vec<usize>, span: Span) -> LResult<Value> {
        // Adding or removing axes of length 1 only renumbers dimensions.
        let old: Vec<usize> = (0..value.shape.len())
            .filter(|&d| value.shape[d] != 1)
            .collect();
        let new: Vec<usize> = (0..shape.len()).filter(|&d| shape[d] != 1).collect();
        let old_extents: Vec<usize> = old.iter().map(|&d| value.shape[d]).collect();
        let new_extents: Vec<usize> = new.iter().map(|&d| shape[d]).collect();
        if old_extents == new_extents {
            let mut map = vec![Index::constant(0); value.shape.len()];
            for (o, n) in old.iter().zip(&new) {
                map[*o] = Index::dim(*n);
            }
            return Ok(value.remap(shape, &map));
        }
        let stored = match self.whole_buffer(&value) {
            Some(_) => value,
            None => self.materialize(value, "reshape", span)?,
        };
        let Expr::Load { buffer, .. } = stored.expr else {
            return self.error("reshape of this value is not supported", span);
        };
        let offset = canonical(&shape);
        Ok(Value::of(shape, Expr::Load { buffer, offset }))
    }

    fn grad(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let axis_value = self.expr(&args[1])?;
        let axis = self.axis(&axis_value, value.shape.len(), args[1].span)?;
        let spacing = match args.get(2) {
            Some(arg) => {
                let h = self.expr(arg)?;
                if !h.shape.is_empty() {
                    return self.error("the spacing of `grad` must be a scalar", arg.span);
                }
                h
            }
            None => Value::scalar(1.0),
        };
        let n = value.shape[axis] as i64;
        if n < 2 {
            return self.error(
                format!(
                    "`grad` needs at least 2 points along axis {axis}, but the array has shape {}",
                    shape_text(&value.shape)
                ),
                args[0].span,
            );
        }
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "grad", span)?
        };
        // (a[r] - a[l]) / (h * (r - l)) with l, r the neighbours clamped to the array:
        // (a[i+1] - a[i-1]) / (2h) inside and one-sided differences at both edges, as NumPy.
        let rank = value.shape.len();
        let right = Index::Clamp(
            Box::new(Index::dim(axis).plus(Index::constant(1))),
            0,
            n - 1,
        );
        let left = Index::Clamp(
            Box::new(Index::dim(axis).plus(Index::constant(-1))),
            0,
            n - 1,
        );
        let mut right_map = identity_map(rank);
        right_map[axis] = right.clone();
        let mut left_map = identity_map(rank);
        left_map[axis] = left.clone();
        let shape = value.shape.clone();
        let forward = value.remap(shape.clone(), &right_map);
        let backward = value.remap(shape.clone(), &left_map);
        let difference = self.binary(Binary::Sub, forward, backward, span)?;
        let distance = Value::of(shape.clone(), Expr::IndexValue(right.plus(left.scale(-1))));
        let power_of_two = spacing.constant().is_some_and(|h| {
            let bits = h.to_bits();
            h.is_normal() && bits & ((1u64 << 52) - 1) == 0
        });
        let divisor = if spacing.constant() == Some(1.0) {
            distance
        } else {
            self.binary(Binary::Mul, spacing, distance, span)?
        };
        if power_of_two {
            // Dividing by a power of two equals multiplying by its exact reciprocal, which
            // does not depend on the innermost index and so leaves the inner loop.
            let reciprocal = self.binary(Binary::Div, Value::scalar(1.0), divisor, span)?;
            return self.binary(Binary::Mul, difference, reciprocal, span);
        }
        self.binary(Binary::Div, difference, divisor, span)
    }

    fn reduce(
        &mut self,
        value: Value,
        op: ReduceOp,
        axis: Option<usize>,
        mean: bool,
        span: Span,
    ) -> LResult<Value> {
        let rank = value.shape.len();
        let (shape, reduced, map): (Vec<usize>, Vec<usize>, Vec<Index>) = match axis {
            None => (Vec::new(), value.shape.clone(), identity_map(rank)),
            Some(axis) => {
                let mut shape = value.shape.clone();
                let extent = shape.remove(axis);
                let map = (0..rank)
                    .map(|d| match d.cmp(&axis) {
                        std::cmp::Ordering::Less => Index::dim(d),
                        std::cmp::Ordering::Equal => Index::dim(rank - 1),
                        std::cmp::Ordering::Greater => Index::dim(d - 1),
                    })
                    .collect();
                (shape, vec![extent], map)
            }
        };
        let count: usize = reduced.iter().product();
        if count == 0 && op != ReduceOp::Sum {
            return self.error(
                "the minimum or maximum of an empty array is undefined (NumPy raises an error too)",
                span,
            );
        }
        let divide_by = if mean { Some(count as f64) } else { None };
        self.reduction_kernel(value, shape, reduced, &map, op, divide_by, span)
    }

    #[allow(clippy::too_many_arguments)] // The parts of a reduction, each used once.
    fn reduction_kernel(
        &mut self,
        value: Value,
        shape: Vec<usize>,
        reduced: Vec<usize>,
        map: &[Index],
        op: ReduceOp,
        divide_by: Option<f64>,
        span: Span,
    ) -> LResult<Value> {
        let mut all = shape.clone();
        all.extend_from_slice(&reduced);
        let value = value.remap(all, map);
        let dst = self.allocate(&shape, "reduction", span)?;
        self.emit(Stmt::Kernel(Kernel {
            dst,
            shape,
            reduction: Some(Reduction {
                op,
                extents: reduced,
                divide_by,
            }),
            checks: value.checks,
            expr: value.expr,
            span,
        }));
        Ok(self.load(dst))
    }
}

/// Builds `op(a, b)`, moving negations outward where IEEE arithmetic makes that exact:
/// rounding is symmetric, so `(-a) * b == -(a * b)`, `(-a) / b == -(a / b)`,
/// `c * -x == (-c) * x` and `a + (-b) == a - b` hold bit for bit (zeros included; only the
/// sign of a NaN may differ). `density + dt * (-v * g)` thus needs no negation at all.
fn signs_outward(op: Binary, a: Expr, b: Expr) -> Expr {
    let negate = |expr: Expr| match expr {
        Expr::Unary(Unary::Neg, inner) => *inner,
        Expr::Const(c) => Expr::Const(-c),
        other => Expr::Unary(Unary::Neg, Box::new(other)),
    };
    let binary = |op, a, b| Expr::Binary(op, Box::new(a), Box::new(b));
    match (op, a, b) {
        (Binary::Mul | Binary::Div, Expr::Unary(Unary::Neg, a), b) => match b {
            Expr::Const(c) => binary(op, *a, Expr::Const(-c)),
            b => negate(signs_outward(op, *a, b)),
        },
        (Binary::Mul | Binary::Div, a, Expr::Unary(Unary::Neg, b)) => match a {
            Expr::Const(c) => binary(op, Expr::Const(-c), *b),
            a => negate(signs_outward(op, a, *b)),
        },
        (Binary::Add, a, Expr::Unary(Unary::Neg, b)) => binary(Binary::Sub, a, *b),
        (Binary::Add, Expr::Unary(Unary::Neg, a), b) => binary(Binary::Sub, b, *a),
        (Binary::Sub, a, Expr::Unary(Unary::Neg, b)) => binary(Binary::Add, a, *b),
        (op, a, b) => binary(op, a, b),
    }
}

/// Whether the statement is `out name` without a value.
fn value_is_name(statement: &ast::Stmt) -> bool {
    matches!(statement.kind, StmtKind::Out { value: None, .. })
}

/// Whether a `return` appears anywhere in the block (functions cannot nest, so any
/// `return` belongs to the function being lowered).
fn block_returns(block: &ast::Block) -> bool {
    block
        .statements
        .iter()
        .any(|statement| match &statement.kind {
            StmtKind::Return(_) => true,
            StmtKind::If {
                then_block,
                else_block,
                ..
            } => block_returns(then_block) || else_block.as_ref().is_some_and(block_returns),
            StmtKind::Scope { body, .. } => block_returns(body),
            _ => false,
        })
}

fn format_extents(extents: &[i64]) -> String {
    let items: Vec<String> = extents.iter().map(|e| e.to_string()).collect();
    format!("[{}]", items.join(", "))
}

fn select(condition: Value, a: Value, b: Value) -> Value {
    let mut checks = condition.checks;
    checks.extend(a.checks);
    checks.extend(b.checks);
    Value {
        shape: a.shape,
        expr: Expr::Select(Box::new(condition.expr), Box::new(a.expr), Box::new(b.expr)),
        checks,
        height: condition.height.max(a.height).max(b.height) + 1,
    }
}

/// Picks `values[i0 - first]` by halving the range of dimension 0.
fn select_tree(mut values: Vec<Value>, first: usize) -> Value {
    if values.len() == 1 {
        return values.pop().unwrap_or_else(|| Value::scalar(0.0));
    }
    let half = values.len() / 2;
    let upper = values.split_off(half);
    let shape = values[0].shape.clone();
    let lower = select_tree(values, first);
    let upper = select_tree(upper, first + half);
    let condition = Value {
        shape,
        expr: Expr::Binary(
            Binary::Lt,
            Box::new(Expr::IndexValue(Index::dim(0))),
            Box::new(Expr::Const((first + half) as f64)),
        ),
        checks: Vec::new(),
        height: 2,
    };
    select(condition, lower, upper)
}

/// NumPy's slice normalisation: the first index and the length of `start:stop:step`.
fn slice_indices(start: Option<i64>, stop: Option<i64>, step: i64, n: i64) -> (i64, i64) {
    let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
    let normalize = |value: i64| {
        if value < 0 {
            (value + n).max(lower)
        } else {
            value.min(upper)
        }
    };
    let start = start.map_or(if step < 0 { upper } else { lower }, normalize);
    let stop = stop.map_or(if step < 0 { lower } else { upper }, normalize);
    let length = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    (if length == 0 { 0 } else { start }, length)
}

/// splitmix64, then the top 53 bits as a float in [0, 1).
fn random_unit(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}
