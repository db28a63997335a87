//! Checker: the syntax tree to evaluated params, resolved names and calls, and diagnostics
//! about names and scopes.
//!
//! It resolves every name and call, enforces the `let`/`var`/assignment rules, arity, where
//! declarations may appear, `return` placement and the absence of recursion, and evaluates
//! `param`s with their overrides. Lowering relies on all of that and checks none of it
//! again: it receives each name's binding and each call's callee as ids. Shapes and
//! constness are checked by lowering, which is where unrolled indices and inlined
//! arguments give them values.

use crate::ast::*;
use crate::builtins;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::numeric;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const MAX_DIAGNOSTICS: usize = 20;

/// Whether a function body ends by producing a value on every path.
fn ends_with_value(statements: &[Stmt]) -> bool {
    match statements.last().map(|s| &s.kind) {
        Some(StmtKind::Expr(_) | StmtKind::Return(_)) => true,
        Some(StmtKind::If {
            then_block,
            else_block: Some(else_block),
            ..
        }) => ends_with_value(&then_block.statements) && ends_with_value(&else_block.statements),
        Some(
            StmtKind::If {
                else_block: None, ..
            }
            | StmtKind::Param { .. }
            | StmtKind::Input { .. }
            | StmtKind::Let { .. }
            | StmtKind::Var { .. }
            | StmtKind::Assign { .. }
            | StmtKind::Out { .. }
            | StmtKind::Print(_)
            | StmtKind::Fn { .. }
            | StmtKind::Scope { .. }
            | StmtKind::While { .. }
            | StmtKind::Destructure { .. }
            | StmtKind::Break
            | StmtKind::Continue,
        )
        | None => false,
    }
}

/// A map keyed by spans, with a multiply-rotate hash (spans are small, trusted integers;
/// the default SipHash would make resolving every name a visible part of compile time).
pub type SpanMap<V> = HashMap<Span, V, BuildHasherDefault<SpanHasher>>;

#[derive(Default)]
pub struct SpanHasher(u64);

impl Hasher for SpanHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A user function: the index of its `fn` statement in the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FunctionId(pub usize);

/// A name's binding: one per declaration, except that every top-level declaration of a
/// name shares one (a function body reads a global as it is when the function is called).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameId(pub u32);

/// What a call calls, as the checker resolved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callee {
    Function(FunctionId),
    Builtin(builtins::Builtin),
}

/// What the checker learned that later stages need.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Every param's value after overrides, in declaration order.
    pub params: Vec<(String, f64)>,
    /// Every call of a checked program, resolved and with the right number of arguments,
    /// keyed by the span of the callee's name (one per call in the source).
    pub calls: SpanMap<Callee>,
    /// The binding every name refers to, keyed by the span of the name: each use, each
    /// declared name, each assignment target, each `out` of an existing name.
    pub names: SpanMap<NameId>,
    /// How many bindings there are (`NameId`s run from 0 to this).
    pub name_count: usize,
    /// The function parameters that their function assigns: a call copies such an
    /// argument into a `var` of its own (the change stays local to the call).
    pub assigned_parameters: HashSet<NameId>,
    /// Each use of a built-in constant (`pi`, `e`) that no declaration shadows, keyed by
    /// the span of the name, with its value.
    pub constants: SpanMap<f64>,
    /// The arguments of each builtin call whose keyword arguments are not in parameter
    /// order, in parameter order (keyed by the span of the callee's name).
    pub arguments: SpanMap<Vec<Expr>>,
    /// Each use of a supported dtype's name (`f32` in `zeros([n], f32)`, an input's
    /// dtype) that no declaration shadows, keyed by its span, with NumPy's name for it.
    pub dtypes: SpanMap<&'static str>,
}

/// The built-in constants, with NumPy's values; a declaration of the same name shadows one.
const CONSTANTS: [(&str, f64); 2] = [("pi", std::f64::consts::PI), ("e", std::f64::consts::E)];

fn constant(name: &str) -> Option<f64> {
    CONSTANTS
        .iter()
        .find(|(constant, _)| *constant == name)
        .map(|&(_, value)| value)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Param,
    Input,
    Let,
    Var,
    Index,
    FnParam,
}

struct FnInfo {
    params: usize,
    id: FunctionId,
}

/// A function whose body is checked later.
struct PendingFunction<'p> {
    name: &'p Ident,
    params: &'p [Ident],
    body: &'p FnBody,
}

/// The kinds of loop `break` and `continue` distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoopKind {
    For,
    Loop,
    While,
}

struct Checker<'p> {
    /// Functions whose bodies are not checked yet, by name: a body is checked at the first
    /// call of its function (so it sees the top-level names declared before that call), or
    /// at the end for functions never called.
    pending: HashMap<String, PendingFunction<'p>>,
    /// The index of the top-level statement being checked.
    statement_index: usize,
    scopes: Vec<HashMap<String, (NameKind, NameId)>>,
    /// The binding of each top-level name.
    globals: HashMap<String, NameId>,
    /// What each name resolved to, for lowering.
    names: SpanMap<NameId>,
    name_count: usize,
    functions: HashMap<String, FnInfo>,
    /// How many scope frames belong to the enclosing function body, if any: names below
    /// that boundary are visible but may not be assigned.
    function_boundary: Option<usize>,
    /// The loops around the statement being checked, innermost last (`break` and
    /// `continue` need a `loop` or `while`); a function body starts with none.
    loops: Vec<LoopKind>,
    assigned_parameters: HashSet<NameId>,
    diagnostics: Vec<Diagnostic>,
    params: Vec<(String, f64)>,
    overrides: HashMap<String, f64>,
    used_overrides: HashSet<String>,
    outputs: HashSet<String>,
    /// Calls made from each function body, for the recursion check.
    calls: HashMap<String, Vec<(String, Span)>>,
    current_function: Option<String>,
    /// What each call resolved to, for lowering.
    callees: SpanMap<Callee>,
    constants: SpanMap<f64>,
    dtypes: SpanMap<&'static str>,
    arguments: SpanMap<Vec<Expr>>,
}

/// Checks a parsed program; `overrides` are `--set` values for params.
pub fn check(program: &Program, overrides: &[(String, f64)]) -> (Checked, Vec<Diagnostic>) {
    let mut checker = Checker {
        pending: HashMap::new(),
        statement_index: 0,
        scopes: vec![HashMap::new()],
        globals: HashMap::new(),
        names: SpanMap::default(),
        name_count: 0,
        functions: HashMap::new(),
        function_boundary: None,
        loops: Vec::new(),
        assigned_parameters: HashSet::new(),
        diagnostics: Vec::new(),
        params: Vec::new(),
        overrides: overrides.iter().cloned().collect(),
        used_overrides: HashSet::new(),
        outputs: HashSet::new(),
        calls: HashMap::new(),
        current_function: None,
        callees: SpanMap::default(),
        constants: SpanMap::default(),
        dtypes: SpanMap::default(),
        arguments: SpanMap::default(),
    };
    // Functions may be called before their definition, so collect them first.
    for (index, statement) in program.statements.iter().enumerate() {
        if let StmtKind::Fn { name, params, .. } = &statement.kind {
            // A dtype's conversion (`f32(a)`) is a name a program may have used before
            // dtypes existed: a function of that name takes it over.
            if builtins::lookup(&name.name).is_some()
                && builtins::dtype_spelling(&name.name).is_none()
            {
                checker.error(
                    format!(
                        "`{}` is a built-in function and cannot be redefined",
                        name.name
                    ),
                    name.span,
                );
            } else if checker.functions.contains_key(&name.name) {
                checker.error(
                    format!("function `{}` is defined twice", name.name),
                    name.span,
                );
            } else {
                checker.functions.insert(
                    name.name.clone(),
                    FnInfo {
                        params: params.len(),
                        id: FunctionId(index),
                    },
                );
            }
        }
    }
    for (index, statement) in program.statements.iter().enumerate() {
        checker.statement_index = index;
        checker.statement(statement, true);
    }
    // Functions never called, in the order they are written.
    let mut uncalled: Vec<(usize, String)> = checker
        .pending
        .keys()
        .filter_map(|name| Some((checker.functions.get(name)?.id.0, name.clone())))
        .collect();
    uncalled.sort();
    for (_, name) in uncalled {
        checker.check_pending(&name);
    }
    checker.check_recursion();
    let mut unknown: Vec<&String> = checker
        .overrides
        .keys()
        .filter(|name| !checker.used_overrides.contains(*name))
        .collect();
    unknown.sort();
    for name in unknown {
        let known: Vec<&str> = checker.params.iter().map(|(n, _)| n.as_str()).collect();
        let list = if known.is_empty() {
            "the program declares no params".to_string()
        } else {
            format!("its params are: {}", known.join(", "))
        };
        // A mistake in the overrides, not in the program's input data.
        checker.diagnostics.push(Diagnostic::without_span(
            ErrorKind::Semantic,
            format!("--set names `{name}`, which is not a param of the program ({list})"),
        ));
    }
    (
        Checked {
            params: checker.params,
            calls: checker.callees,
            names: checker.names,
            name_count: checker.name_count,
            assigned_parameters: checker.assigned_parameters,
            constants: checker.constants,
            dtypes: checker.dtypes,
            arguments: checker.arguments,
        },
        checker.diagnostics,
    )
}

impl<'p> Checker<'p> {
    fn error(&mut self, message: String, span: Span) {
        // Past this many, further errors are mostly consequences of the first ones.
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics
                .push(Diagnostic::new(ErrorKind::Semantic, message, span));
        }
    }

    /// The kind, scope depth and binding of the innermost declaration of `name`.
    fn lookup(&self, name: &str) -> Option<(NameKind, usize, NameId)> {
        self.scopes
            .iter()
            .enumerate()
            .rev()
            .find_map(|(depth, scope)| scope.get(name).map(|&(kind, id)| (kind, depth, id)))
    }

    fn new_name_id(&mut self) -> NameId {
        self.name_count += 1;
        NameId((self.name_count - 1) as u32)
    }

    fn declare(&mut self, name: &Ident, kind: NameKind) {
        let id = if self.scopes.len() == 1 {
            match self.globals.get(&name.name) {
                Some(&id) => id,
                None => {
                    let id = self.new_name_id();
                    self.globals.insert(name.name.clone(), id);
                    id
                }
            }
        } else {
            self.new_name_id()
        };
        self.names.insert(name.span, id);
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.name.clone(), (kind, id));
        }
    }

    fn block(&mut self, block: &'p Block) {
        self.scopes.push(HashMap::new());
        for statement in &block.statements {
            self.statement(statement, false);
        }
        self.scopes.pop();
    }

    fn top_level_only(&mut self, top_level: bool, what: &str, span: Span) -> bool {
        if !top_level {
            self.error(format!("{what} must be declared at the top level"), span);
        }
        top_level
    }

    fn statement(&mut self, statement: &'p Stmt, top_level: bool) {
        match &statement.kind {
            StmtKind::Param { name, value } => {
                if !self.top_level_only(top_level, "a `param`", statement.span) {
                    self.declare(name, NameKind::Param);
                    return;
                }
                if self.lookup(&name.name).is_some() {
                    self.error(format!("`{}` is already declared", name.name), name.span);
                    return;
                }
                let value = if let Some(value) = self.overrides.get(&name.name) {
                    self.used_overrides.insert(name.name.clone());
                    *value
                } else {
                    match self.param_value(value) {
                        Ok(value) => value,
                        Err(diagnostic) => {
                            self.diagnostics.push(diagnostic);
                            0.0
                        }
                    }
                };
                self.params.push((name.name.clone(), value));
                self.declare(name, NameKind::Param);
            }
            StmtKind::Input { name, dtype, shape } => {
                if !self.top_level_only(top_level, "an `input`", statement.span) {
                    self.declare(name, NameKind::Input);
                    return;
                }
                if let Some(dtype) = dtype {
                    self.dtype_name(&dtype.name, dtype.span);
                }
                if let Some((extents, _)) = shape {
                    for extent in extents {
                        self.expr(extent);
                    }
                }
                if self.lookup(&name.name).is_some() {
                    self.error(format!("`{}` is already declared", name.name), name.span);
                }
                self.declare(name, NameKind::Input);
            }
            StmtKind::Let { name, value } => {
                self.expr(value);
                self.declare(name, NameKind::Let);
            }
            StmtKind::Var { name, value } => {
                self.expr(value);
                self.declare(name, NameKind::Var);
            }
            StmtKind::Assign {
                target,
                indices,
                value,
                ..
            } => {
                self.expr(value);
                if let Some(indices) = indices {
                    self.index_args(indices);
                }
                self.assignment(target);
            }
            StmtKind::Out { name, value } => {
                if !self.top_level_only(top_level, "an `out`", statement.span) {
                    return;
                }
                if !self.outputs.insert(name.name.clone()) {
                    self.error(
                        format!("output `{}` is declared twice", name.name),
                        name.span,
                    );
                }
                match value {
                    Some(value) => {
                        self.expr(value);
                        if self.lookup(&name.name).is_some() {
                            self.error(
                                format!(
                                    "`{}` is already declared; `out {} = ...` declares a new name (use `out {}` to output it)",
                                    name.name, name.name, name.name
                                ),
                                name.span,
                            );
                        } else {
                            self.declare(name, NameKind::Let);
                        }
                    }
                    None if self.lookup(&name.name).is_none() && constant(&name.name).is_some() => {
                        self.error(
                            format!(
                                "`{}` is a built-in constant, not a binding: write `out {} = {}` to output it",
                                name.name, name.name, name.name
                            ),
                            name.span,
                        )
                    }
                    None => self.name(&name.name, name.span),
                }
            }
            StmtKind::Print(value) | StmtKind::Expr(value) => self.expr(value),
            StmtKind::Fn { name, params, body } => {
                if !self.top_level_only(top_level, "a function", statement.span) {
                    return;
                }
                // Checked at its first call (or at the end), and once only: a second
                // definition of the name was reported already.
                let first_definition = self
                    .functions
                    .get(&name.name)
                    .is_some_and(|info| info.id.0 == self.statement_index);
                if first_definition {
                    self.pending
                        .insert(name.name.clone(), PendingFunction { name, params, body });
                } else {
                    self.function(name, params, body);
                }
            }
            StmtKind::Scope {
                index,
                start,
                end,
                unroll,
                body,
                kind,
            } => {
                self.expr(start);
                self.expr(end);
                if let Some(unroll) = unroll {
                    if *kind == ScopeKind::For {
                        self.error(
                            "`unroll` applies to `loop` scopes; a `for` is already fully unrolled"
                                .to_string(),
                            unroll.span,
                        );
                    }
                    self.expr(unroll);
                }
                self.scopes.push(HashMap::new());
                self.declare(index, NameKind::Index);
                self.loops.push(match kind {
                    ScopeKind::For => LoopKind::For,
                    ScopeKind::Loop => LoopKind::Loop,
                });
                self.block(body);
                self.loops.pop();
                self.scopes.pop();
            }
            StmtKind::Destructure { kind, names, value } => {
                self.expr(value);
                let mut seen = HashSet::new();
                for name in names {
                    if !seen.insert(name.name.as_str()) {
                        self.error(
                            format!("`{}` appears twice among the names", name.name),
                            name.span,
                        );
                    }
                }
                for name in names {
                    match kind {
                        DestructureKind::Let => self.declare(name, NameKind::Let),
                        DestructureKind::Var => self.declare(name, NameKind::Var),
                        DestructureKind::Assign => self.assignment(name),
                    }
                }
            }
            StmtKind::While { condition, body } => {
                self.expr(condition);
                self.loops.push(LoopKind::While);
                self.block(body);
                self.loops.pop();
            }
            StmtKind::Break | StmtKind::Continue => {
                let word = if statement.kind == StmtKind::Break {
                    "break"
                } else {
                    "continue"
                };
                match self.loops.last() {
                    Some(LoopKind::Loop | LoopKind::While) => {}
                    Some(LoopKind::For) => self.diagnostics.push(
                        Diagnostic::new(
                            ErrorKind::Semantic,
                            format!("`{word}` cannot leave a `for`, which is unrolled at compile time"),
                            statement.span,
                        )
                        .with_note("write the scope as `loop` (a machine loop) to use `break` and `continue` in it"),
                    ),
                    None => self.error(
                        format!("`{word}` outside a `loop` or `while`"),
                        statement.span,
                    ),
                }
            }
            StmtKind::If {
                condition,
                then_block,
                else_block,
            } => {
                self.expr(condition);
                self.block(then_block);
                if let Some(else_block) = else_block {
                    self.block(else_block);
                }
            }
            StmtKind::Return(value) => {
                self.expr(value);
                if self.function_boundary.is_none() {
                    self.error("`return` outside a function".to_string(), statement.span);
                }
            }
        }
    }

    /// Checks a pending function's body now, as if written at the top level here: it sees
    /// the top-level names declared so far and nothing of the code that calls it.
    fn check_pending(&mut self, name: &str) {
        let Some(pending) = self.pending.remove(name) else {
            return;
        };
        let globals = self.scopes.first().cloned().unwrap_or_default();
        let scopes = std::mem::replace(&mut self.scopes, vec![globals]);
        let boundary = self.function_boundary.take();
        let current = self.current_function.take();
        let loops = std::mem::take(&mut self.loops);
        self.function(pending.name, pending.params, pending.body);
        self.scopes = scopes;
        self.function_boundary = boundary;
        self.current_function = current;
        self.loops = loops;
    }

    fn function(&mut self, name: &'p Ident, params: &'p [Ident], body: &'p FnBody) {
        let mut seen = HashSet::new();
        for param in params {
            if !seen.insert(param.name.as_str()) {
                self.error(
                    format!("parameter `{}` appears twice", param.name),
                    param.span,
                );
            }
        }
        self.current_function = Some(name.name.clone());
        self.function_boundary = Some(self.scopes.len());
        let outer_loops = std::mem::take(&mut self.loops);
        self.scopes.push(HashMap::new());
        for param in params {
            self.declare(param, NameKind::FnParam);
        }
        match body {
            FnBody::Expr(expr) => self.expr(expr),
            FnBody::Block(block) => {
                self.block(block);
                if !ends_with_value(&block.statements) {
                    let span = block.statements.last().map_or(block.span, |s| s.span);
                    self.error(
                        format!(
                            "function `{}` must end with an expression (its value) or `return`",
                            name.name
                        ),
                        span,
                    );
                }
            }
        }
        self.scopes.pop();
        self.loops = outer_loops;
        self.function_boundary = None;
        self.current_function = None;
    }

    fn index_args(&mut self, indices: &[IndexArg]) {
        for index in indices {
            match index {
                IndexArg::Single(expr) => self.expr(expr),
                IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => {}
                IndexArg::Slice {
                    start, end, step, ..
                } => {
                    for part in [start, end, step].into_iter().flatten() {
                        self.expr(part);
                    }
                }
            }
        }
    }

    fn assignment(&mut self, target: &Ident) {
        match self.lookup(&target.name) {
            None => self.error(
                format!(
                    "cannot assign to `{}`: it is not declared (use `var {} = ...` to declare it)",
                    target.name, target.name
                ),
                target.span,
            ),
            Some((kind, depth, id)) => {
                self.names.insert(target.span, id);
                let outside_function = self
                    .function_boundary
                    .is_some_and(|boundary| depth < boundary);
                let what = match kind {
                    NameKind::Var if outside_function => Some(
                        "it is declared outside the function (functions cannot change outer variables)",
                    ),
                    NameKind::Var => None,
                    NameKind::Let => Some("it is a `let` (declare it with `var` to change it)"),
                    NameKind::Param => Some("it is a `param`, a compile-time constant"),
                    NameKind::Input => Some("it is an `input`"),
                    NameKind::Index => Some("it is a scope index"),
                    NameKind::FnParam => {
                        self.assigned_parameters.insert(id);
                        None
                    }
                };
                if let Some(what) = what {
                    let message = format!("cannot assign to `{}`: {what}", target.name);
                    if outside_function && self.diagnostics.len() < MAX_DIAGNOSTICS {
                        // NumPy's `def step(): u[1:] = ...` changes a global in place.
                        let note = format!(
                            "pass it in and return it: `fn f({0}, ...) {{ ...; {0} }}`, called as `{0} = f({0}, ...)`",
                            target.name
                        );
                        self.diagnostics.push(
                            Diagnostic::new(ErrorKind::Semantic, message, target.span)
                                .with_note(note),
                        );
                    } else {
                        self.error(message, target.span);
                    }
                }
            }
        }
    }

    fn name(&mut self, name: &str, span: Span) {
        if let Some((_, _, id)) = self.lookup(name) {
            self.names.insert(span, id);
        } else if let Some(value) = constant(name) {
            self.constants.insert(span, value);
        } else if builtins::dtype_spelling(name).is_some() {
            self.dtype_name(name, span);
        } else {
            let hint = if self.functions.contains_key(name) || builtins::lookup(name).is_some() {
                format!("unknown name `{name}` (it is a function: call it with arguments)")
            } else {
                format!("unknown name `{name}`")
            };
            self.error(hint, span);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Number(_) | ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) => {}
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::Keyword { value, .. } => self.expr(value),
            ExprKind::Unary(_, operand) => self.expr(operand),
            ExprKind::Binary(_, lhs, rhs) => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Array(items) | ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprKind::Index { base, indices } => {
                self.expr(base);
                self.index_args(indices);
            }
            ExprKind::Call { callee, args } => {
                for arg in args {
                    self.expr(arg);
                }
                self.call(callee, args, expr.span);
            }
        }
    }

    /// A dtype's name (`f32` in `zeros([n], f32)` or `input u: f32[n]`): recorded for
    /// lowering when supported, an error otherwise.
    fn dtype_name(&mut self, name: &str, span: Span) {
        match builtins::dtype_spelling(name) {
            Some(numpy) if builtins::dtype_supported(numpy) == Some(name) => {
                self.dtypes.insert(span, numpy);
            }
            Some(numpy) => self.dtype_error(name, numpy, span),
            None => self.error(
                format!("unknown dtype `{name}` (the dtypes are f64, f32, i64 and bool)"),
                span,
            ),
        }
    }

    /// The error for a dtype named in the program (`zeros([n], f32)`, `f32(a)`) that is not
    /// supported, or not spelled as this language spells it.
    fn dtype_error(&mut self, name: &str, numpy: &str, span: Span) {
        let (message, note) = builtins::dtype_not_supported(name, numpy);
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics
                .push(Diagnostic::new(ErrorKind::Semantic, message, span).with_note(note));
        }
    }

    /// Whether `arg` (positional or `dtype=`) is a dtype's name that no declaration
    /// shadows: its own diagnostic says dtypes are not supported yet, so the call's arity
    /// and arguments are not reported on top of it.
    fn names_dtype(&self, arg: &Expr) -> bool {
        let arg = match &arg.kind {
            ExprKind::Keyword { value, .. } => value,
            _ => arg,
        };
        match &arg.kind {
            ExprKind::Name(name) => builtins::dtype_spelling(name).is_some_and(|numpy| {
                builtins::dtype_supported(numpy) != Some(name.as_str())
                    && self.lookup(name).is_none()
            }),
            _ => false,
        }
    }

    fn call(&mut self, callee: &Ident, args: &[Expr], span: Span) {
        let arg_count = args.len();
        let user_defined =
            self.functions.contains_key(&callee.name) || self.lookup(&callee.name).is_some();
        if !user_defined {
            if let Some(numpy) = builtins::dtype_spelling(&callee.name) {
                if builtins::dtype_supported(numpy) != Some(callee.name.as_str()) {
                    self.dtype_error(&callee.name, numpy, callee.span);
                    return;
                }
            }
            let known = builtins::lookup(&callee.name).is_some();
            if known && args.iter().any(|arg| self.names_dtype(arg)) {
                return;
            }
        }
        let names = self.functions.get(&callee.name).map_or_else(
            || builtins::lookup(&callee.name).map(|info| info.params),
            |_| Some(&[][..]),
        );
        if let Some(names) = names {
            self.keyword_arguments(callee, args, names);
        }
        if let Some(info) = self.functions.get(&callee.name) {
            let (expected, id) = (info.params, info.id);
            if expected != arg_count {
                self.error(
                    format!(
                        "function `{}` takes {expected} argument{}, but {arg_count} {} given",
                        callee.name,
                        if expected == 1 { "" } else { "s" },
                        if arg_count == 1 { "was" } else { "were" }
                    ),
                    span,
                );
            }
            self.callees.insert(callee.span, Callee::Function(id));
            self.check_pending(&callee.name);
            if let Some(current) = &self.current_function {
                self.calls
                    .entry(current.clone())
                    .or_default()
                    .push((callee.name.clone(), callee.span));
            }
        } else if let Some(info) = builtins::lookup(&callee.name) {
            if arg_count < info.min_args || arg_count > info.max_args {
                let count = if info.min_args == info.max_args {
                    format!("{}", info.min_args)
                } else {
                    format!("{} to {}", info.min_args, info.max_args)
                };
                self.error(
                    format!(
                        "`{}` takes {count} argument{}, but {arg_count} {} given (usage: {})",
                        callee.name,
                        if info.max_args == 1 { "" } else { "s" },
                        if arg_count == 1 { "was" } else { "were" },
                        info.signature
                    ),
                    span,
                );
            }
            self.callees
                .insert(callee.span, Callee::Builtin(info.builtin));
        } else if let Some((kind, _, _)) = self.lookup(&callee.name) {
            let what = match kind {
                NameKind::Param => "a `param`",
                NameKind::Input => "an `input`",
                NameKind::Let => "a `let`",
                NameKind::Var => "a `var`",
                NameKind::Index => "a scope index",
                NameKind::FnParam => "a function parameter",
            };
            self.error(
                format!("`{}` is not a function (it is {what})", callee.name),
                callee.span,
            );
        } else {
            self.unknown_function(callee);
        }
    }

    /// Keyword arguments name a builtin's parameter as NumPy does: `sum(a, axis=1)`,
    /// `pad(a, mode="edge", pad_width=1)`. No positional argument may follow one, each
    /// parameter is given once, and no parameter before the last one given may be left
    /// out. When keywords change the order, the arguments in parameter order are recorded
    /// for lowering (`Checked::arguments`).
    fn keyword_arguments(&mut self, callee: &Ident, args: &[Expr], names: &[&str]) {
        let mut keyword_seen = false;
        let mut slots: Vec<Option<&Expr>> = vec![None; names.len().max(args.len())];
        let mut failed = false;
        for (position, arg) in args.iter().enumerate() {
            let ExprKind::Keyword { name, .. } = &arg.kind else {
                if keyword_seen {
                    self.error(
                        "a positional argument cannot follow a keyword argument".to_string(),
                        arg.span,
                    );
                    failed = true;
                }
                slots[position] = Some(arg);
                continue;
            };
            keyword_seen = true;
            let Some(place) = names.iter().position(|n| *n == name.name) else {
                let message = if names.is_empty() {
                    format!(
                        "`{}` is a user function: its arguments are positional, not `{}=`",
                        callee.name, name.name
                    )
                } else {
                    format!(
                        "`{}` has no argument `{}` (its arguments are: {})",
                        callee.name,
                        name.name,
                        names.join(", ")
                    )
                };
                self.error(message, name.span);
                failed = true;
                continue;
            };
            if slots[place].is_some() {
                self.error(
                    format!(
                        "argument `{}` of `{}` is given twice",
                        name.name, callee.name
                    ),
                    name.span,
                );
                failed = true;
                continue;
            }
            slots[place] = Some(arg);
        }
        if failed || !keyword_seen {
            return;
        }
        let given = slots
            .iter()
            .rposition(Option::is_some)
            .map_or(0, |last| last + 1);
        if let Some(missing) = slots[..given].iter().position(Option::is_none) {
            self.error(
                format!(
                    "`{}` needs its argument `{}` when a later one is given",
                    callee.name, names[missing]
                ),
                callee.span,
            );
            return;
        }
        let in_order = slots[..given]
            .iter()
            .zip(args)
            .all(|(slot, arg)| slot.is_some_and(|slot| std::ptr::eq(slot, arg)));
        if !in_order {
            let ordered = slots[..given]
                .iter()
                .flatten()
                .map(|&arg| arg.clone())
                .collect();
            self.arguments.insert(callee.span, ordered);
        }
    }

    fn unknown_function(&mut self, callee: &Ident) {
        let name = callee.name.as_str();
        let mut diagnostic = Diagnostic::new(
            ErrorKind::Semantic,
            format!("unknown function `{name}`"),
            callee.span,
        );
        let python = match name {
            "range" => Some("a scope runs over `start..end`: `for i in 0..n { ... }`; `arange(n)` makes the array"),
            "len" => Some("shapes are static: use the param that gave the array its length"),
            "array" | "asarray" => Some("an array literal is written `[1, 2, 3]`"),
            "float" => Some("a float64 is `f64(x)`; a literal with a point (`2.0`) is one already"),
            "hstack" => Some("`hstack((a, b))` is `concatenate((a, b), axis=1)` (`axis=0` for rank-1 arrays)"),
            "vstack" => Some("`vstack((a, b))` is `concatenate((a, b))` for rank-2 arrays; rank-1 rows need `stack((a, b))`"),
            "empty" | "empty_like" => Some("write `zeros` or `zeros_like`: arrays start defined"),
            _ => None,
        };
        if let Some(note) = python {
            diagnostic = diagnostic.with_note(note);
        } else if let Some(close) = builtins::closest(name) {
            diagnostic = diagnostic.with_note(format!("did you mean `{close}`?"));
        } else if let Some(close) = self.closest_function(name) {
            diagnostic = diagnostic.with_note(format!("did you mean `{close}`?"));
        }
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics.push(diagnostic);
        }
    }

    fn closest_function(&self, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        let mut names: Vec<&String> = self.functions.keys().collect();
        names.sort();
        names
            .into_iter()
            .find(|function| function.to_lowercase() == lower)
            .cloned()
    }

    /// Reports each cycle of the call graph once, at the call that closes it. One
    /// depth-first search over all functions: linear in the size of the call graph.
    fn check_recursion(&mut self) {
        let mut names: Vec<String> = self.calls.keys().cloned().collect();
        names.sort();
        // 0: not visited, 1: on the current path, 2: done.
        let mut state: HashMap<String, u8> = HashMap::new();
        for start in names {
            if state.get(&start).copied().unwrap_or(0) != 0 {
                continue;
            }
            // Each frame: a function and the index of its next call to follow.
            let mut path: Vec<(String, usize)> = vec![(start.clone(), 0)];
            state.insert(start, 1);
            while let Some((function, next)) = path.last().cloned() {
                let calls = self.calls.get(&function).cloned().unwrap_or_default();
                let Some((callee, span)) = calls.get(next).cloned() else {
                    state.insert(function, 2);
                    path.pop();
                    continue;
                };
                if let Some(frame) = path.last_mut() {
                    frame.1 += 1;
                }
                match state.get(&callee).copied().unwrap_or(0) {
                    0 => {
                        state.insert(callee.clone(), 1);
                        path.push((callee, 0));
                    }
                    1 => {
                        let first = path
                            .iter()
                            .position(|(name, _)| *name == callee)
                            .unwrap_or(0);
                        let mut cycle: Vec<String> = path[first..]
                            .iter()
                            .map(|(name, _)| format!("`{name}`"))
                            .collect();
                        cycle.push(format!("`{callee}`"));
                        self.error(
                            format!(
                                "recursion is not allowed: {} (functions are inlined at each call)",
                                cycle.join(" calls ")
                            ),
                            span,
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    /// Evaluates a param's expression: numbers, earlier params, arithmetic.
    fn param_value(&self, expr: &Expr) -> Result<f64, Diagnostic> {
        let not_constant = |span| {
            Diagnostic::new(
                ErrorKind::Semantic,
                "a param must be a constant: numbers, earlier params, operators and elementwise builtins",
                span,
            )
        };
        // An explicit stack keeps deep expressions off the call stack.
        enum Work<'e> {
            Visit(&'e Expr),
            Unary(UnaryOp),
            Binary(BinaryOp),
            Call(ParamFunction),
        }
        let mut work = vec![Work::Visit(expr)];
        let mut values: Vec<f64> = Vec::new();
        while let Some(item) = work.pop() {
            match item {
                Work::Visit(expr) => match &expr.kind {
                    ExprKind::Number(value) => values.push(*value),
                    ExprKind::Int(value) => values.push(*value as f64),
                    ExprKind::Bool(value) => values.push(f64::from(u8::from(*value))),
                    ExprKind::Name(name) => {
                        match self.params.iter().rev().find(|(n, _)| n == name) {
                            Some((_, value)) => values.push(*value),
                            None if self.lookup(name).is_none() && constant(name).is_some() => {
                                values.push(constant(name).unwrap_or(0.0))
                            }
                            None if self.lookup(name).is_some() => {
                                return Err(not_constant(expr.span))
                            }
                            None => return Err(Diagnostic::new(
                                ErrorKind::Semantic,
                                format!("unknown name `{name}`"),
                                expr.span,
                            )
                            .with_note(
                                "a param may use only numbers and the params declared before it",
                            )),
                        }
                    }
                    ExprKind::Unary(op, operand) => {
                        work.push(Work::Unary(*op));
                        work.push(Work::Visit(operand));
                    }
                    ExprKind::Binary(op, lhs, rhs) => {
                        work.push(Work::Binary(*op));
                        work.push(Work::Visit(rhs));
                        work.push(Work::Visit(lhs));
                    }
                    ExprKind::Call { callee, args } => {
                        let Some(function) = ParamFunction::of(&callee.name, args.len()) else {
                            return Err(not_constant(expr.span));
                        };
                        if self.functions.contains_key(&callee.name) {
                            return Err(not_constant(expr.span));
                        }
                        work.push(Work::Call(function));
                        for arg in args.iter().rev() {
                            if matches!(arg.kind, ExprKind::Keyword { .. }) {
                                return Err(not_constant(arg.span));
                            }
                            work.push(Work::Visit(arg));
                        }
                    }
                    ExprKind::Index { .. }
                    | ExprKind::Array(_)
                    | ExprKind::Tuple(_)
                    | ExprKind::Str(_)
                    | ExprKind::Keyword { .. } => return Err(not_constant(expr.span)),
                },
                Work::Call(function) => {
                    let value = match function {
                        ParamFunction::Unary(op) => {
                            let x = values.pop().unwrap_or(0.0);
                            numeric::unary(op, x)
                        }
                        ParamFunction::Binary(op) => {
                            let b = values.pop().unwrap_or(0.0);
                            let a = values.pop().unwrap_or(0.0);
                            numeric::binary(op, a, b)
                        }
                        ParamFunction::Power => {
                            let b = values.pop().unwrap_or(0.0);
                            let a = values.pop().unwrap_or(0.0);
                            numeric::power(a, b)
                        }
                        ParamFunction::Clip => {
                            let hi = values.pop().unwrap_or(0.0);
                            let lo = values.pop().unwrap_or(0.0);
                            let x = values.pop().unwrap_or(0.0);
                            numeric::minimum(numeric::maximum(x, lo), hi)
                        }
                        ParamFunction::Identity => values.pop().unwrap_or(0.0),
                    };
                    values.push(value);
                }
                Work::Unary(op) => {
                    let value = values.pop().unwrap_or(0.0);
                    values.push(numeric::unary(numeric::Unary::from(op), value));
                }
                Work::Binary(op) => {
                    let rhs = values.pop().unwrap_or(0.0);
                    let lhs = values.pop().unwrap_or(0.0);
                    values.push(match op {
                        BinaryOp::Pow => numeric::power(lhs, rhs),
                        op => numeric::binary(numeric::Binary::from(op), lhs, rhs),
                    });
                }
            }
        }
        Ok(values.pop().unwrap_or(0.0))
    }
}

/// A builtin a `param` expression may call, on scalars.
#[derive(Debug, Clone, Copy)]
enum ParamFunction {
    Unary(numeric::Unary),
    Binary(numeric::Binary),
    Power,
    Clip,
    /// A reduction of one scalar (`min(n)`), or a copy.
    Identity,
}

impl ParamFunction {
    /// The scalar meaning of calling `name` with `count` arguments, if it has one.
    fn of(name: &str, count: usize) -> Option<ParamFunction> {
        use builtins::Builtin as B;
        use numeric::{Binary, Unary};
        let builtin = builtins::lookup(name)?.builtin;
        let with = |arity: usize, function: ParamFunction| (count == arity).then_some(function);
        let unary = |op: Unary| with(1, ParamFunction::Unary(op));
        match builtin {
            B::Exp => unary(Unary::Exp),
            B::Log => unary(Unary::Log),
            B::Sqrt => unary(Unary::Sqrt),
            B::Abs => unary(Unary::Abs),
            B::Sin => unary(Unary::Sin),
            B::Cos => unary(Unary::Cos),
            B::Tan => unary(Unary::Tan),
            B::Tanh => unary(Unary::Tanh),
            B::Floor => unary(Unary::Floor),
            B::Ceil => unary(Unary::Ceil),
            B::Round => unary(Unary::Round),
            B::Sign => unary(Unary::Sign),
            B::Int => unary(Unary::Trunc),
            B::Pow => with(2, ParamFunction::Power),
            B::Minimum => with(2, ParamFunction::Binary(Binary::Min)),
            B::Maximum => with(2, ParamFunction::Binary(Binary::Max)),
            // Python's `min(a, b)` on scalars: in a param every value is a scalar, and the
            // reduction of one scalar is itself.
            B::Min => {
                with(2, ParamFunction::Binary(Binary::Min)).or(with(1, ParamFunction::Identity))
            }
            B::Max => {
                with(2, ParamFunction::Binary(Binary::Max)).or(with(1, ParamFunction::Identity))
            }
            B::Sum | B::Mean | B::Prod | B::Copy => with(1, ParamFunction::Identity),
            B::Clip => with(3, ParamFunction::Clip),
            B::Zeros
            | B::Ones
            | B::Full
            | B::Linspace
            | B::Arange
            | B::Rand
            | B::Reshape
            | B::Transpose
            | B::Broadcast
            | B::Where
            | B::Grad
            | B::Roll
            | B::Dot
            | B::Matmul
            | B::ZerosLike
            | B::OnesLike
            | B::FullLike
            | B::Concatenate
            | B::Stack
            | B::Pad
            | B::Diff
            | B::Cumsum
            | B::Std
            | B::Variance
            | B::Any
            | B::All
            | B::Argmin
            | B::Argmax
            | B::Meshgrid
            | B::Astype
            | B::AsF64
            | B::AsF32
            | B::AsI64
            | B::AsBool => None,
        }
    }
}
