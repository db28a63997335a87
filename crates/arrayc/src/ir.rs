//! The IR: buffers, loop-nest kernels and structured control flow, with a stable text form
//! and a `verify()` that proves every memory access in range.
//!
//! A kernel writes `dst[i0, .., ik] = expr(i0, .., ik)` over its whole destination (or
//! reduces over extra trailing dimensions). Expressions are per-element trees; indices into
//! buffers are integer trees over the kernel's dimensions. No Cranelift types appear here.

use crate::diagnostic::Span;
pub use crate::numeric::{Binary, Unary};
use std::fmt::{self, Write};
use std::sync::Arc;

/// Kernel dimensions: up to 4 of the destination and up to 4 reduced.
pub const MAX_DIMS: usize = 8;
pub const MAX_RANK: usize = 4;

pub type BufferId = u32;

#[derive(Debug, Clone, PartialEq)]
pub enum BufferInit {
    /// Written by kernels before it is read.
    Scratch,
    /// Supplied by the caller at run time; never written.
    Input(String),
    /// Data computed at compile time; never written.
    Constant(Arc<[f64]>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Buffer {
    pub name: String,
    pub shape: Vec<usize>,
    pub init: BufferInit,
}

impl Buffer {
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_read_only(&self) -> bool {
        !matches!(self.init, BufferInit::Scratch)
    }
}

/// `constant + sum(coefficients[d] * i_d)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Affine {
    pub constant: i64,
    pub coefficients: [i64; MAX_DIMS],
}

impl Affine {
    pub fn constant(value: i64) -> Affine {
        Affine {
            constant: value,
            coefficients: [0; MAX_DIMS],
        }
    }

    pub fn dim(dim: usize) -> Affine {
        let mut affine = Affine::constant(0);
        affine.coefficients[dim] = 1;
        affine
    }
}

/// An integer index expression over the kernel's dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Index {
    Affine(Affine),
    Add(Box<Index>, Box<Index>),
    Scale(Box<Index>, i64),
    /// `min(max(x, lo), hi)`.
    Clamp(Box<Index>, i64, i64),
    /// `x mod n` for `x` in `-n..2n`, as `numpy.roll` needs.
    Wrap(Box<Index>, i64),
    /// A run-time index validated by the kernel's check with this id.
    Checked(u32),
}

impl Index {
    pub fn constant(value: i64) -> Index {
        Index::Affine(Affine::constant(value))
    }

    pub fn dim(dim: usize) -> Index {
        Index::Affine(Affine::dim(dim))
    }

    /// Splits into a non-affine part (if any) and an affine part.
    fn split(self) -> (Option<Index>, Affine) {
        match self {
            Index::Affine(a) => (None, a),
            Index::Add(a, b) => match *b {
                Index::Affine(affine) => (Some(*a), affine),
                b => (Some(Index::Add(a, Box::new(b))), Affine::constant(0)),
            },
            other => (Some(other), Affine::constant(0)),
        }
    }

    /// The sum, kept in the normal form `non-affine + affine` so affine parts merge.
    pub fn plus(self, other: Index) -> Index {
        let (a_rest, a) = self.split();
        let (b_rest, b) = other.split();
        let mut affine = a;
        affine.constant = a.constant.saturating_add(b.constant);
        for d in 0..MAX_DIMS {
            affine.coefficients[d] = a.coefficients[d].saturating_add(b.coefficients[d]);
        }
        let rest = match (a_rest, b_rest) {
            (None, None) => return Index::Affine(affine),
            (Some(x), None) | (None, Some(x)) => x,
            (Some(x), Some(y)) => Index::Add(Box::new(x), Box::new(y)),
        };
        if affine == Affine::constant(0) {
            rest
        } else {
            Index::Add(Box::new(rest), Box::new(Index::Affine(affine)))
        }
    }

    pub fn scale(self, factor: i64) -> Index {
        if factor == 1 {
            return self;
        }
        let (rest, a) = self.split();
        let mut scaled = a;
        scaled.constant = a.constant.saturating_mul(factor);
        for d in 0..MAX_DIMS {
            scaled.coefficients[d] = a.coefficients[d].saturating_mul(factor);
        }
        let affine = Index::Affine(scaled);
        match rest {
            None => affine,
            Some(rest) => Index::Scale(Box::new(rest), factor).plus(affine),
        }
    }

    /// Replaces each dimension `d` by `map[d]`.
    pub fn substitute(&self, map: &[Index]) -> Index {
        match self {
            Index::Affine(a) => {
                let mut res = Index::constant(a.constant);
                for (d, &coefficient) in a.coefficients.iter().enumerate() {
                    if coefficient != 0 {
                        let term = map.get(d).cloned().unwrap_or(Index::constant(0));
                        res = res.plus(term.scale(coefficient));
                    }
                }
                res
            }
            Index::Add(a, b) => a.substitute(map).plus(b.substitute(map)),
            Index::Scale(a, factor) => a.substitute(map).scale(*factor),
            Index::Clamp(a, lo, hi) => Index::Clamp(Box::new(a.substitute(map)), *lo, *hi),
            Index::Wrap(a, n) => Index::Wrap(Box::new(a.substitute(map)), *n),
            Index::Checked(id) => Index::Checked(*id),
        }
    }

    /// The index with dimension `dim` removed from its affine parts (meaningful when
    /// `linear_coefficient(dim)` is `Some`: the rest does not use `dim`).
    pub fn without_dim(&self, dim: usize) -> Index {
        match self {
            Index::Affine(a) => {
                let mut rest = *a;
                rest.coefficients[dim] = 0;
                Index::Affine(rest)
            }
            Index::Add(a, b) => a.without_dim(dim).plus(b.without_dim(dim)),
            Index::Scale(a, factor) => a.without_dim(dim).scale(*factor),
            other => other.clone(),
        }
    }

    /// Whether the index uses dimension `dim` at all.
    pub fn uses_dim(&self, dim: usize) -> bool {
        match self {
            Index::Affine(a) => a.coefficients[dim] != 0,
            Index::Add(a, b) => a.uses_dim(dim) || b.uses_dim(dim),
            Index::Scale(a, _) | Index::Clamp(a, _, _) | Index::Wrap(a, _) => a.uses_dim(dim),
            Index::Checked(_) => false,
        }
    }

    /// The coefficient of `dim` if the index is `c * i_dim + (terms not using dim)`.
    pub fn linear_coefficient(&self, dim: usize) -> Option<i64> {
        match self {
            Index::Affine(a) => Some(a.coefficients[dim]),
            Index::Add(a, b) => Some(a.linear_coefficient(dim)? + b.linear_coefficient(dim)?),
            Index::Scale(a, factor) => Some(a.linear_coefficient(dim)? * factor),
            other if !other.uses_dim(dim) => Some(0),
            _ => None,
        }
    }

    /// The smallest and largest value over the box `0 <= i_d < extents[d]`, with checked
    /// indices in `0..check_extents[id]`. `None` when the box is empty.
    pub fn range(
        &self,
        extents: &[usize],
        check_extents: &dyn Fn(u32) -> Option<usize>,
    ) -> Option<(i64, i64)> {
        if extents.contains(&0) {
            return None;
        }
        let clamp = |x: i128| x.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
        Some(match self {
            Index::Affine(a) => {
                let (mut lo, mut hi) = (a.constant as i128, a.constant as i128);
                for (d, &extent) in extents.iter().enumerate().take(MAX_DIMS) {
                    let span = a.coefficients[d] as i128 * (extent as i128 - 1);
                    if span < 0 {
                        lo += span;
                    } else {
                        hi += span;
                    }
                }
                (clamp(lo), clamp(hi))
            }
            Index::Add(a, b) => {
                let (a_lo, a_hi) = a.range(extents, check_extents)?;
                let (b_lo, b_hi) = b.range(extents, check_extents)?;
                (a_lo.saturating_add(b_lo), a_hi.saturating_add(b_hi))
            }
            Index::Scale(a, factor) => {
                let (lo, hi) = a.range(extents, check_extents)?;
                let (x, y) = (lo.saturating_mul(*factor), hi.saturating_mul(*factor));
                (x.min(y), x.max(y))
            }
            Index::Clamp(a, lo, hi) => {
                let (a_lo, a_hi) = a.range(extents, check_extents)?;
                (a_lo.clamp(*lo, *hi), a_hi.clamp(*lo, *hi))
            }
            Index::Wrap(a, n) => {
                let (lo, hi) = a.range(extents, check_extents)?;
                if lo >= -*n && hi < 2 * *n {
                    (0, *n - 1)
                } else {
                    (i64::MIN, i64::MAX)
                }
            }
            Index::Checked(id) => {
                let extent = check_extents(*id)? as i64;
                (0, extent - 1)
            }
        })
    }

    pub fn node_count(&self) -> usize {
        match self {
            Index::Affine(_) | Index::Checked(_) => 1,
            Index::Add(a, b) => 1 + a.node_count() + b.node_count(),
            Index::Scale(a, _) | Index::Clamp(a, _, _) | Index::Wrap(a, _) => 1 + a.node_count(),
        }
    }
}

/// A float64 expression evaluated per element of a kernel.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Const(f64),
    /// The current value of a `loop` index.
    Slot(u32),
    /// `buffer[offset]` (a flat element offset).
    Load {
        buffer: BufferId,
        offset: Index,
    },
    /// An integer index used as a value.
    IndexValue(Index),
    Unary(Unary, Box<Expr>),
    Binary(Binary, Box<Expr>, Box<Expr>),
    /// `condition != 0 ? a : b`, all three evaluated.
    Select(Box<Expr>, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Applies `f` to every index in the tree, rebuilding it.
    pub fn map_indices(&self, f: &dyn Fn(&Index) -> Index) -> Expr {
        match self {
            Expr::Const(_) | Expr::Slot(_) => self.clone(),
            Expr::Load { buffer, offset } => Expr::Load {
                buffer: *buffer,
                offset: f(offset),
            },
            Expr::IndexValue(index) => Expr::IndexValue(f(index)),
            Expr::Unary(op, a) => Expr::Unary(*op, Box::new(a.map_indices(f))),
            Expr::Binary(op, a, b) => {
                Expr::Binary(*op, Box::new(a.map_indices(f)), Box::new(b.map_indices(f)))
            }
            Expr::Select(c, a, b) => Expr::Select(
                Box::new(c.map_indices(f)),
                Box::new(a.map_indices(f)),
                Box::new(b.map_indices(f)),
            ),
        }
    }

    /// Calls `f` on every index in the tree.
    pub fn for_each_index(&self, f: &mut dyn FnMut(&Index)) {
        match self {
            Expr::Const(_) | Expr::Slot(_) => {}
            Expr::Load { offset, .. } => f(offset),
            Expr::IndexValue(index) => f(index),
            Expr::Unary(_, a) => a.for_each_index(f),
            Expr::Binary(_, a, b) => {
                a.for_each_index(f);
                b.for_each_index(f);
            }
            Expr::Select(c, a, b) => {
                c.for_each_index(f);
                a.for_each_index(f);
                b.for_each_index(f);
            }
        }
    }

    /// Calls `f` on every load in the tree.
    pub fn for_each_load(&self, f: &mut dyn FnMut(BufferId, &Index)) {
        match self {
            Expr::Const(_) | Expr::Slot(_) | Expr::IndexValue(_) => {}
            Expr::Load { buffer, offset } => f(*buffer, offset),
            Expr::Unary(_, a) => a.for_each_load(f),
            Expr::Binary(_, a, b) => {
                a.for_each_load(f);
                b.for_each_load(f);
            }
            Expr::Select(c, a, b) => {
                c.for_each_load(f);
                a.for_each_load(f);
                b.for_each_load(f);
            }
        }
    }

    /// The number of expression nodes in the tree (index nodes not counted).
    pub fn size(&self) -> u32 {
        match self {
            Expr::Const(_) | Expr::Slot(_) | Expr::Load { .. } | Expr::IndexValue(_) => 1,
            Expr::Unary(_, a) => 1 + a.size(),
            Expr::Binary(_, a, b) => 1 + a.size() + b.size(),
            Expr::Select(c, a, b) => 1 + c.size() + a.size() + b.size(),
        }
    }

    pub fn node_count(&self) -> usize {
        match self {
            Expr::Const(_) | Expr::Slot(_) => 1,
            Expr::Load { offset, .. } => 1 + offset.node_count(),
            Expr::IndexValue(index) => 1 + index.node_count(),
            Expr::Unary(_, a) => 1 + a.node_count(),
            Expr::Binary(_, a, b) => 1 + a.node_count() + b.node_count(),
            Expr::Select(c, a, b) => 1 + c.node_count() + a.node_count() + b.node_count(),
        }
    }

    /// Whether evaluating the expression calls a host math function (exp, log, pow, ...).
    pub fn calls_host(&self) -> bool {
        match self {
            Expr::Const(_) | Expr::Slot(_) | Expr::Load { .. } | Expr::IndexValue(_) => false,
            Expr::Unary(op, a) => {
                matches!(
                    op,
                    Unary::Exp | Unary::Log | Unary::Sin | Unary::Cos | Unary::Tan | Unary::Tanh
                ) || a.calls_host()
            }
            Expr::Binary(op, a, b) => {
                matches!(op, Binary::Rem | Binary::Pow) || a.calls_host() || b.calls_host()
            }
            Expr::Select(c, a, b) => c.calls_host() || a.calls_host() || b.calls_host(),
        }
    }

    pub fn as_const(&self) -> Option<f64> {
        match self {
            Expr::Const(value) => Some(*value),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReduceOp {
    Sum,
    Min,
    Max,
}

/// Trailing kernel dimensions that are folded into each destination element.
#[derive(Debug, Clone, PartialEq)]
pub struct Reduction {
    pub op: ReduceOp,
    pub extents: Vec<usize>,
    /// Divides the result by this count (for `mean`).
    pub divide_by: Option<f64>,
}

/// A run-time index: `value` must be an integer in `-extent..extent`; negative values
/// count from the end. A failed check stops the program with run-time error `site`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexCheck {
    pub id: u32,
    pub value: Expr,
    pub extent: usize,
    pub site: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Kernel {
    pub dst: BufferId,
    /// The destination's shape: the kernel's first dimensions.
    pub shape: Vec<usize>,
    pub reduction: Option<Reduction>,
    pub checks: Vec<IndexCheck>,
    pub expr: Expr,
    pub span: Span,
}

impl Kernel {
    /// All dimensions: the destination's, then the reduced ones.
    pub fn extents(&self) -> Vec<usize> {
        let mut extents = self.shape.clone();
        if let Some(reduction) = &self.reduction {
            extents.extend_from_slice(&reduction.extents);
        }
        extents
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Loop {
    pub scope: u32,
    /// The slot that holds the index as a float64 while the body runs.
    pub slot: u32,
    pub start: Expr,
    pub end: Expr,
    /// Body copies per machine iteration (1 for a plain `loop`).
    pub unroll: u32,
    pub body: Vec<Stmt>,
    /// The run-time error for a bound that is not an integer.
    pub site: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    Kernel(Kernel),
    Loop(Loop),
    If {
        condition: Expr,
        then_body: Vec<Stmt>,
        else_body: Vec<Stmt>,
    },
    /// Exchanges which memory two buffers of the same shape name (ping-pong updates).
    Swap(BufferId, BufferId),
    /// Prints a buffer through the host's writer, as `Program::prints[id]` describes.
    Print {
        id: u32,
        buffer: BufferId,
        span: Span,
    },
}

/// Where a run-time error can happen, for its message.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub message: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScopeInfo {
    pub kind: crate::ast::ScopeKind,
    pub line: usize,
    /// Known at compile time for `for` and for `loop`s with constant bounds.
    pub trips: Option<u64>,
    pub unroll: u32,
    pub ir_ops: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub name: String,
    pub buffer: BufferId,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub buffers: Vec<Buffer>,
    pub body: Vec<Stmt>,
    pub slots: u32,
    pub checks: u32,
    pub outputs: Vec<Output>,
    pub sites: Vec<Site>,
    pub scopes: Vec<ScopeInfo>,
    /// For each `print`: the buffer and the shape to print it with.
    pub prints: Vec<(BufferId, Vec<usize>)>,
}

impl Program {
    /// The size of the program in IR operations: expression and index nodes plus statements.
    pub fn op_count(&self) -> usize {
        count_ops(&self.body)
    }
}

/// Identifies a statement of a program: its index in a pre-order walk of the statements
/// (a statement, then the statements nested in it, then its next sibling).
pub type StmtId = u32;

/// The number of statements in `statements`, nested ones included: the ids they take.
pub fn statement_count(statements: &[Stmt]) -> u32 {
    statements
        .iter()
        .map(|statement| match statement {
            Stmt::Kernel(_) | Stmt::Swap(..) | Stmt::Print { .. } => 1,
            Stmt::Loop(l) => 1 + statement_count(&l.body),
            Stmt::If {
                then_body,
                else_body,
                ..
            } => 1 + statement_count(then_body) + statement_count(else_body),
        })
        .sum()
}

pub fn count_ops(statements: &[Stmt]) -> usize {
    statements.iter().map(stmt_ops).sum()
}

pub fn stmt_ops(statement: &Stmt) -> usize {
    match statement {
        Stmt::Kernel(kernel) => {
            1 + kernel.expr.node_count()
                + kernel
                    .checks
                    .iter()
                    .map(|check| 1 + check.value.node_count())
                    .sum::<usize>()
        }
        Stmt::Loop(l) => 1 + l.start.node_count() + l.end.node_count() + count_ops(&l.body),
        Stmt::If {
            condition,
            then_body,
            else_body,
        } => 1 + condition.node_count() + count_ops(then_body) + count_ops(else_body),
        Stmt::Swap(..) | Stmt::Print { .. } => 1,
    }
}

// ---------------------------------------------------------------------------------------
// Text form

fn dim_name(dim: usize) -> String {
    format!("i{dim}")
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Index::Affine(a) => {
                let mut terms = Vec::new();
                for (d, &c) in a.coefficients.iter().enumerate() {
                    match c {
                        0 => {}
                        1 => terms.push(dim_name(d)),
                        c => terms.push(format!("{c}*{}", dim_name(d))),
                    }
                }
                if a.constant != 0 || terms.is_empty() {
                    terms.push(a.constant.to_string());
                }
                write!(f, "{}", terms.join(" + "))
            }
            Index::Add(a, b) => write!(f, "{a} + {b}"),
            Index::Scale(a, c) => write!(f, "{c}*({a})"),
            Index::Clamp(a, lo, hi) => write!(f, "clamp({a}, {lo}, {hi})"),
            Index::Wrap(a, n) => write!(f, "wrap({a}, {n})"),
            Index::Checked(id) => write!(f, "checked{id}"),
        }
    }
}

fn format_number(value: f64) -> String {
    if value.is_finite() && value == value.trunc() && value.abs() < 1e15 {
        format!("{value:.1}")
    } else {
        format!("{value:?}")
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Const(value) => f.write_str(&format_number(*value)),
            Expr::Slot(slot) => write!(f, "s{slot}"),
            Expr::Load { buffer, offset } => write!(f, "%{buffer}[{offset}]"),
            Expr::IndexValue(index) => write!(f, "float({index})"),
            Expr::Unary(op, a) => write!(f, "{}({a})", op.name()),
            Expr::Binary(op, a, b) => write!(f, "{}({a}, {b})", op.name()),
            Expr::Select(c, a, b) => write!(f, "select({c}, {a}, {b})"),
        }
    }
}

fn shape_text(shape: &[usize]) -> String {
    let items: Vec<String> = shape.iter().map(|e| e.to_string()).collect();
    format!("[{}]", items.join(", "))
}

impl Program {
    /// The stable text form: buffers, then the statements, indented by nesting.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (id, buffer) in self.buffers.iter().enumerate() {
            let init = match &buffer.init {
                BufferInit::Scratch => "scratch".to_string(),
                BufferInit::Input(name) => format!("input \"{name}\""),
                BufferInit::Constant(_) => "constant".to_string(),
            };
            let _ = writeln!(
                out,
                "buffer %{id} {} {} \"{}\"",
                shape_text(&buffer.shape),
                init,
                buffer.name
            );
        }
        for output in &self.outputs {
            let _ = writeln!(out, "output \"{}\" %{}", output.name, output.buffer);
        }
        write_statements(&mut out, &self.body, 0);
        out
    }
}

fn write_statements(out: &mut String, statements: &[Stmt], depth: usize) {
    let pad = "    ".repeat(depth);
    for statement in statements {
        match statement {
            Stmt::Kernel(kernel) => {
                for check in &kernel.checks {
                    let _ = writeln!(
                        out,
                        "{pad}check{} = index({}, {})",
                        check.id, check.value, check.extent
                    );
                }
                let dims: Vec<String> = (0..kernel.shape.len()).map(dim_name).collect();
                let head = format!("{pad}%{}[{}]", kernel.dst, dims.join(", "));
                match &kernel.reduction {
                    None => {
                        let _ = writeln!(out, "{head} = {}", kernel.expr);
                    }
                    Some(reduction) => {
                        let reduced: Vec<String> = (0..reduction.extents.len())
                            .map(|k| {
                                format!(
                                    "{} < {}",
                                    dim_name(kernel.shape.len() + k),
                                    reduction.extents[k]
                                )
                            })
                            .collect();
                        let op = match reduction.op {
                            ReduceOp::Sum => "sum",
                            ReduceOp::Min => "min",
                            ReduceOp::Max => "max",
                        };
                        let divide = reduction
                            .divide_by
                            .map(|d| format!(" / {}", format_number(d)))
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{head} = {op}[{}]({}){divide}",
                            reduced.join(", "),
                            kernel.expr
                        );
                    }
                }
            }
            Stmt::Loop(l) => {
                let unroll = if l.unroll > 1 {
                    format!(" unroll {}", l.unroll)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{pad}loop s{} in {} .. {}{unroll} {{",
                    l.slot, l.start, l.end
                );
                write_statements(out, &l.body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::If {
                condition,
                then_body,
                else_body,
            } => {
                let _ = writeln!(out, "{pad}if {condition} {{");
                write_statements(out, then_body, depth + 1);
                let _ = writeln!(out, "{pad}}} else {{");
                write_statements(out, else_body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::Swap(a, b) => {
                let _ = writeln!(out, "{pad}swap %{a} %{b}");
            }
            Stmt::Print { buffer, .. } => {
                let _ = writeln!(out, "{pad}print %{buffer}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Verification

impl Program {
    /// Checks the invariants codegen relies on; the first violation is returned as text.
    /// Above all: every load and store is inside its buffer for every point of the
    /// kernel's iteration space.
    pub fn verify(&self) -> Result<(), String> {
        self.verify_statements(&self.body)
    }

    fn verify_statements(&self, statements: &[Stmt]) -> Result<(), String> {
        for statement in statements {
            match statement {
                Stmt::Kernel(kernel) => self.verify_kernel(kernel)?,
                Stmt::Loop(l) => {
                    if l.slot >= self.slots {
                        return Err(format!("loop uses slot s{} of {}", l.slot, self.slots));
                    }
                    if l.unroll == 0 {
                        return Err("loop unroll factor is 0".to_string());
                    }
                    self.verify_scalar(&l.start)?;
                    self.verify_scalar(&l.end)?;
                    self.verify_statements(&l.body)?;
                }
                Stmt::If {
                    condition,
                    then_body,
                    else_body,
                } => {
                    self.verify_scalar(condition)?;
                    self.verify_statements(then_body)?;
                    self.verify_statements(else_body)?;
                }
                Stmt::Swap(a, b) => {
                    let (a, b) = (self.buffer(*a)?, self.buffer(*b)?);
                    if a.shape != b.shape || a.is_read_only() || b.is_read_only() {
                        return Err(format!(
                            "swap of incompatible buffers {} and {}",
                            a.name, b.name
                        ));
                    }
                }
                Stmt::Print { id, buffer, .. } => {
                    let data = self.buffer(*buffer)?;
                    match self.prints.get(*id as usize) {
                        Some((b, shape))
                            if b == buffer && shape.iter().product::<usize>() == data.len() => {}
                        _ => return Err(format!("print{id} does not describe buffer %{buffer}")),
                    }
                }
            }
        }
        Ok(())
    }

    fn buffer(&self, id: BufferId) -> Result<&Buffer, String> {
        self.buffers
            .get(id as usize)
            .ok_or_else(|| format!("unknown buffer %{id}"))
    }

    /// An expression evaluated once, outside any kernel dimension.
    fn verify_scalar(&self, expr: &Expr) -> Result<(), String> {
        self.verify_expr(expr, &[], &|_| None)
    }

    fn verify_expr(
        &self,
        expr: &Expr,
        extents: &[usize],
        checks: &dyn Fn(u32) -> Option<usize>,
    ) -> Result<(), String> {
        let mut error = None;
        let mut dims_ok = true;
        expr.for_each_index(&mut |index| {
            for d in extents.len()..MAX_DIMS {
                if index.uses_dim(d) {
                    dims_ok = false;
                }
            }
        });
        if !dims_ok {
            return Err(format!(
                "expression {expr} uses a dimension the kernel does not have"
            ));
        }
        expr.for_each_load(&mut |buffer, offset| {
            if error.is_some() {
                return;
            }
            let Some(data) = self.buffers.get(buffer as usize) else {
                error = Some(format!("load from unknown buffer %{buffer}"));
                return;
            };
            if let Some((lo, hi)) = offset.range(extents, checks) {
                if lo < 0 || hi >= data.len() as i64 {
                    error = Some(format!(
                        "load %{buffer}[{offset}] may touch elements {lo}..={hi} of a buffer of {}",
                        data.len()
                    ));
                }
            }
        });
        let mut slots_ok = true;
        check_slots(expr, self.slots, &mut slots_ok);
        if !slots_ok {
            return Err(format!("expression {expr} uses an unknown slot"));
        }
        error.map_or(Ok(()), Err)
    }

    fn verify_kernel(&self, kernel: &Kernel) -> Result<(), String> {
        let dst = self.buffer(kernel.dst)?;
        if dst.is_read_only() {
            return Err(format!("kernel writes read-only buffer %{}", kernel.dst));
        }
        if dst.shape != kernel.shape {
            return Err(format!(
                "kernel shape {} differs from its destination's {}",
                shape_text(&kernel.shape),
                shape_text(&dst.shape)
            ));
        }
        let extents = kernel.extents();
        if extents.len() > MAX_DIMS {
            return Err("kernel has too many dimensions".to_string());
        }
        for check in &kernel.checks {
            self.verify_scalar(&check.value)?;
            if check.site as usize >= self.sites.len() {
                return Err(format!("check{} names an unknown site", check.id));
            }
        }
        let checks = |id: u32| {
            kernel
                .checks
                .iter()
                .find(|check| check.id == id)
                .map(|check| check.extent)
        };
        let mut unknown = None;
        kernel.expr.for_each_index(&mut |index| {
            find_checked(index, &mut |id| {
                if checks(id).is_none() {
                    unknown = Some(id);
                }
            })
        });
        if let Some(id) = unknown {
            return Err(format!(
                "index uses check{id}, which the kernel does not define"
            ));
        }
        self.verify_expr(&kernel.expr, &extents, &checks)
    }
}

fn find_checked(index: &Index, f: &mut dyn FnMut(u32)) {
    match index {
        Index::Affine(_) => {}
        Index::Checked(id) => f(*id),
        Index::Add(a, b) => {
            find_checked(a, f);
            find_checked(b, f);
        }
        Index::Scale(a, _) | Index::Clamp(a, _, _) | Index::Wrap(a, _) => find_checked(a, f),
    }
}

fn check_slots(expr: &Expr, slots: u32, ok: &mut bool) {
    match expr {
        Expr::Slot(slot) => *ok &= *slot < slots,
        Expr::Const(_) | Expr::Load { .. } | Expr::IndexValue(_) => {}
        Expr::Unary(_, a) => check_slots(a, slots, ok),
        Expr::Binary(_, a, b) => {
            check_slots(a, slots, ok);
            check_slots(b, slots, ok);
        }
        Expr::Select(c, a, b) => {
            check_slots(c, slots, ok);
            check_slots(a, slots, ok);
            check_slots(b, slots, ok);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation at compile time (constant folding of small kernels)

impl Index {
    /// The index at one point of the kernel's iteration space; `None` for a run-time index.
    pub fn evaluate(&self, dims: &[i64]) -> Option<i64> {
        Some(match self {
            Index::Affine(a) => {
                let mut total = a.constant;
                for (d, &c) in a.coefficients.iter().enumerate() {
                    if c != 0 {
                        total += c * dims.get(d).copied().unwrap_or(0);
                    }
                }
                total
            }
            Index::Add(a, b) => a.evaluate(dims)? + b.evaluate(dims)?,
            Index::Scale(a, factor) => a.evaluate(dims)? * factor,
            Index::Clamp(a, lo, hi) => a.evaluate(dims)?.clamp(*lo, *hi),
            Index::Wrap(a, n) => a.evaluate(dims)?.rem_euclid(*n),
            Index::Checked(_) => return None,
        })
    }
}

/// Every point of an iteration space, in C order: the dimension values of each.
pub struct Points {
    rank: usize,
    values: Vec<i64>,
}

impl Points {
    pub fn of(shape: &[usize]) -> Points {
        let count: usize = shape.iter().product();
        let rank = shape.len();
        let mut values = Vec::with_capacity(count * rank);
        let mut dims = vec![0i64; rank];
        for _ in 0..count {
            values.extend_from_slice(&dims);
            for d in (0..rank).rev() {
                dims[d] += 1;
                if dims[d] < shape[d] as i64 {
                    break;
                }
                dims[d] = 0;
            }
        }
        Points { rank, values }
    }

    pub fn len(&self) -> usize {
        self.values.len().checked_div(self.rank).unwrap_or(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &[i64]> {
        let rank = self.rank;
        let count = self.len();
        (0..count).map(move |k| &self.values[k * rank..(k + 1) * rank])
    }
}

impl Expr {
    /// The value at one point, reading constant buffers; `None` when the expression needs
    /// anything only known at run time.
    pub fn evaluate(&self, dims: &[i64], data: &[Buffer]) -> Option<f64> {
        Some(match self {
            Expr::Const(value) => *value,
            Expr::Slot(_) => return None,
            Expr::Load { buffer, offset } => {
                let BufferInit::Constant(values) = &data.get(*buffer as usize)?.init else {
                    return None;
                };
                *values.get(usize::try_from(offset.evaluate(dims)?).ok()?)?
            }
            Expr::IndexValue(index) => index.evaluate(dims)? as f64,
            Expr::Unary(op, a) => crate::numeric::unary(*op, a.evaluate(dims, data)?),
            Expr::Binary(op, a, b) => {
                crate::numeric::binary(*op, a.evaluate(dims, data)?, b.evaluate(dims, data)?)
            }
            Expr::Select(c, a, b) => {
                let (c, a, b) = (
                    c.evaluate(dims, data)?,
                    a.evaluate(dims, data)?,
                    b.evaluate(dims, data)?,
                );
                if c != 0.0 {
                    a
                } else {
                    b
                }
            }
        })
    }

    /// The values at every point of `points` (each a list of dimension values), node by
    /// node over all points at once; `None` when anything is only known at run time.
    pub fn evaluate_all(&self, points: &Points, data: &[Buffer]) -> Option<Vec<f64>> {
        Some(match self {
            Expr::Const(value) => vec![*value; points.len()],
            Expr::Slot(_) => return None,
            Expr::Load { buffer, offset } => {
                let BufferInit::Constant(values) = &data.get(*buffer as usize)?.init else {
                    return None;
                };
                let mut out = Vec::with_capacity(points.len());
                for dims in points.iter() {
                    out.push(*values.get(usize::try_from(offset.evaluate(dims)?).ok()?)?);
                }
                out
            }
            Expr::IndexValue(index) => {
                let mut out = Vec::with_capacity(points.len());
                for dims in points.iter() {
                    out.push(index.evaluate(dims)? as f64);
                }
                out
            }
            Expr::Unary(op, a) => {
                let mut values = a.evaluate_all(points, data)?;
                for value in &mut values {
                    *value = crate::numeric::unary(*op, *value);
                }
                values
            }
            Expr::Binary(op, a, b) => {
                let mut values = a.evaluate_all(points, data)?;
                let others = b.evaluate_all(points, data)?;
                for (value, other) in values.iter_mut().zip(others) {
                    *value = crate::numeric::binary(*op, *value, other);
                }
                values
            }
            Expr::Select(c, a, b) => {
                let conditions = c.evaluate_all(points, data)?;
                let mut values = a.evaluate_all(points, data)?;
                let others = b.evaluate_all(points, data)?;
                for ((value, other), condition) in values.iter_mut().zip(others).zip(conditions) {
                    if condition == 0.0 {
                        *value = other;
                    }
                }
                values
            }
        })
    }

    /// Whether the expression reads only constant buffers and no run-time value.
    pub fn is_constant(&self, buffers: &[Buffer]) -> bool {
        let mut constant = true;
        self.for_each_load(&mut |buffer, _| {
            constant &= matches!(
                buffers.get(buffer as usize).map(|b| &b.init),
                Some(BufferInit::Constant(_))
            );
        });
        let mut runtime_index = false;
        self.for_each_index(&mut |index| {
            let mut found = false;
            find_checked(index, &mut |_| found = true);
            runtime_index |= found;
        });
        constant && !runtime_index && !self.uses_slot()
    }
}

impl Expr {
    /// Whether the expression reads a `loop` index.
    pub fn uses_slot(&self) -> bool {
        match self {
            Expr::Slot(_) => true,
            Expr::Const(_) | Expr::Load { .. } | Expr::IndexValue(_) => false,
            Expr::Unary(_, a) => a.uses_slot(),
            Expr::Binary(_, a, b) => a.uses_slot() || b.uses_slot(),
            Expr::Select(c, a, b) => c.uses_slot() || a.uses_slot() || b.uses_slot(),
        }
    }
}
