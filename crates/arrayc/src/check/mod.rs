//! Checker: the syntax tree (of any front end) to evaluated params, resolved names and
//! calls, and diagnostics about names and scopes. Knows nothing of shapes, the IR or
//! Cranelift.
//!
//! It resolves every name and call, enforces the `let`/`var`/assignment rules, arity, where
//! declarations may appear, `return` placement and the absence of recursion, and evaluates
//! `param`s with their overrides. Lowering relies on all of that and checks none of it
//! again: it receives each name's binding and each call's callee as ids. Shapes and
//! constness are checked by lowering, which is where unrolled indices and inlined
//! arguments give them values.
//!
//! By job: `statements.rs` (declarations, scopes, the assignment rules, function bodies),
//! `names.rs` (resolving names in expressions), `calls.rs` (callees, arity, keyword
//! arguments), `dtypes.rs` (dtype names), `recursion.rs` (the call graph's cycles) and
//! `params.rs` (a `param`'s value, computed with `numeric`'s scalar semantics).

mod calls;
mod dtypes;
mod names;
mod params;
mod recursion;
mod statements;

use crate::ast::*;
use crate::builtins;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::hash::SpanMap;
use std::collections::{HashMap, HashSet};

const MAX_DIAGNOSTICS: usize = 20;

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
    /// The surface the program was written in (set by the pipeline): in Python, `abs`,
    /// `min` and `max` of Python scalars are Python's builtins and keep Python types.
    pub language: crate::Language,
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
            language: crate::Language::Arr,
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
}
