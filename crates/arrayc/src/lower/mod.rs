//! Lowering: the checked syntax tree to IR. Gives every expression its static shape,
//! folds constants, inlines functions, unrolls `for` (the IR holds one copy per trip),
//! keeps `loop` as a loop, and fuses each statement's expression into one kernel.
//!
//! Fusion boundaries: every statement materialises its value once; reductions, `matmul`,
//! `dot`, a general `reshape` and the operand of a stencil that is not already a plain read
//! are computed into their own buffers first. Everything else (elementwise arithmetic,
//! broadcasting, slicing, transposes, `grad`/`roll` reads) stays inside the consumer's
//! loop nest. Knows nothing of Cranelift, resolves no name (the checker did), and turns
//! no span into a line. One `Lowerer`, its methods in one file per job: see
//! ARCHITECTURE.md for the map.

mod assign;
mod buffers;
mod builtins;
mod control;
mod dtype;
mod dtypes;
mod env;
mod expr;
mod index;
mod inline;
mod masks;
mod rotate;
mod shape;
mod stmt;
mod trim;
mod value;

use crate::ast::{self, FnBody, StmtKind};
use crate::check::{Checked, FunctionId};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{self, Stmt};
use buffers::Buffers;
use dtype::VarDtypes;
use env::{Binding, Env};
use inline::{Continuation, ReturnState};
use std::collections::{HashMap, HashSet};
use value::Value;

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

/// Lowers a program the checker accepted; gives the IR, or the diagnostics (at most 20).
/// Its passes, in order:
pub fn lower<'a>(
    program: &'a ast::Program,
    checked: &'a Checked,
    limits: &'a Limits,
) -> (ir::Program, Vec<Diagnostic>) {
    // 1. The dtype of every `var` (and whether a scalar one is weak), decided on the tree.
    let var_dtypes = dtypes::decide(program, checked);
    // 2. Lowering proper, once.
    lower_once(program, checked, limits, &var_dtypes)
}

/// Lowers the program with the `var` dtypes `var_dtypes`: the IR and the diagnostics.
fn lower_once<'a>(
    program: &'a ast::Program,
    checked: &'a Checked,
    limits: &'a Limits,
    var_dtypes: &'a VarDtypes,
) -> (ir::Program, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        program: ir::Program::default(),
        buffers: Buffers::new(limits.max_memory_bytes),
        env: Env::new(checked.name_count),
        checked,
        functions: HashMap::new(),
        inline_depth: 0,
        diagnostics: Vec::new(),
        limits,
        ops: 0,
        lists: vec![Vec::new()],
        params: checked.params.iter().cloned().collect(),
        int_params: Default::default(),
        return_state: ReturnState::default(),
        tuple_wanted: false,
        tuple_values: None,
        snapshots: Vec::new(),
        last_in_block: false,
        direct_result: false,
        work: 0,
        over_budget: false,
        var_dtypes,
        masked_reads: None,
    };
    for (index, statement) in program.statements.iter().enumerate() {
        if let StmtKind::Fn { params, body, .. } = &statement.kind {
            lowerer
                .functions
                .insert(FunctionId(index), (params.as_slice(), body));
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
    lowerer.program.buffers = lowerer.buffers.into_table();
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

type FunctionDef<'a> = (&'a [ast::Ident], &'a FnBody);

struct Lowerer<'a> {
    /// The program being built; its buffers are in `buffers` until the end.
    program: ir::Program,
    buffers: Buffers,
    env: Env,
    /// The checker's resolution of every name and call.
    checked: &'a Checked,
    /// Every user function, by the id the checker's resolutions use.
    functions: HashMap<FunctionId, FunctionDef<'a>>,
    /// How many inlined calls enclose the code being lowered.
    inline_depth: usize,
    diagnostics: Vec<Diagnostic>,
    limits: &'a Limits,
    ops: usize,
    /// The statement lists being built, innermost last.
    lists: Vec<Vec<Stmt>>,
    /// Every param's value after overrides, bound at its `param` statement.
    params: HashMap<String, f64>,
    /// The params bound so far that are Python ints.
    int_params: HashSet<String>,
    /// Expressions lowered so far (each inlined copy counts), and whether that passed the budget.
    work: usize,
    over_budget: bool,
    return_state: ReturnState<'a>,
    /// Set just before lowering a call whose several results will be taken apart.
    tuple_wanted: bool,
    /// The values of `return a, b, c` (or a last expression `(a, b, c)`) of the function
    /// being inlined, then of the call, until the destructuring statement takes them.
    tuple_values: Option<Vec<Value>>,
    /// `let` bindings that read a `var`'s buffer in place instead of a copy (see
    /// `assign::Snapshot`); all of them belong to the statement list being built.
    snapshots: Vec<assign::Snapshot>,
    /// Whether the statement being lowered is the last of its block (set by `block`).
    last_in_block: bool,
    /// Set just before lowering a call whose value a whole-`var` assignment stores at once:
    /// its result need not be copied out of the function's buffers first.
    direct_result: bool,
    /// The dtype of each `var` as decided before lowering.
    var_dtypes: &'a VarDtypes,
    /// Set while lowering an expression whose masked reads stand for their whole arrays
    /// (`masks.rs`): a masked assignment's value, a whole sum's operand.
    masked_reads: Option<masks::MaskedReads>,
}

impl<'a> Lowerer<'a> {
    fn error<T>(&mut self, message: impl Into<String>, span: Span) -> LResult<T> {
        self.diagnostics
            .push(Diagnostic::new(ErrorKind::Semantic, message, span));
        Err(Failed)
    }

    /// `error`, with a note on what to write instead.
    fn error_with_note<T>(
        &mut self,
        message: impl Into<String>,
        span: Span,
        note: &str,
    ) -> LResult<T> {
        self.diagnostics
            .push(Diagnostic::new(ErrorKind::Semantic, message, span).with_note(note));
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
}
