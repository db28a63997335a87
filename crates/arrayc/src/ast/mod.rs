//! The syntax tree the parser produces: every node carries the byte span it came from.
//!
//! Plain data, with one walk over nested statements (`visit`); no meaning is attached here (that is the checker's and lowering's job),
//! except which scalar operation each operator denotes.

use crate::diagnostic::Span;
use crate::numeric;
use crate::pyformat;

pub mod visit;

#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub statements: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub statements: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    Set,
    Add,
    Sub,
    Mul,
    Div,
}

impl AssignOp {
    /// The operation of a compound assignment (`+=` is `Add`); `None` for `=`.
    pub fn binary(self) -> Option<numeric::Binary> {
        match self {
            AssignOp::Set => None,
            AssignOp::Add => Some(numeric::Binary::Add),
            AssignOp::Sub => Some(numeric::Binary::Sub),
            AssignOp::Mul => Some(numeric::Binary::Mul),
            AssignOp::Div => Some(numeric::Binary::Div),
        }
    }
}

/// What a destructuring statement does with each name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestructureKind {
    Let,
    Var,
    /// Assigns existing `var`s.
    Assign,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FnBody {
    Expr(Expr),
    Block(Block),
}

pub use crate::scope::ScopeKind;

/// One part of a `print`: text, or a value formatted as Python formats it (`str(x)`
/// for the plain spec).
#[derive(Debug, Clone, PartialEq)]
pub enum PrintPart {
    Text(String),
    Value { value: Expr, spec: pyformat::Spec },
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Param {
        name: Ident,
        value: Expr,
    },
    Input {
        name: Ident,
        /// The dtype's name in `input u: f32[n]` (`None`: float64).
        dtype: Option<Ident>,
        /// `None` for `input dt` (a scalar); the span is the bracketed list's.
        shape: Option<(Vec<Expr>, Span)>,
    },
    Let {
        name: Ident,
        value: Expr,
    },
    Var {
        name: Ident,
        value: Expr,
    },
    Assign {
        target: Ident,
        /// `u[1:-1, 0] = e`: the region assigned; `None` for the whole variable.
        indices: Option<Vec<IndexArg>>,
        op: AssignOp,
        value: Expr,
    },
    Out {
        name: Ident,
        value: Option<Expr>,
    },
    /// Prints its parts, one after the other (the line's end is the last text part).
    Print(Vec<PrintPart>),
    Fn {
        name: Ident,
        params: Vec<Ident>,
        body: FnBody,
    },
    Scope {
        kind: ScopeKind,
        index: Ident,
        start: Expr,
        end: Expr,
        unroll: Option<Expr>,
        body: Block,
    },
    If {
        condition: Expr,
        then_block: Block,
        else_block: Option<Block>,
    },
    /// `let (u, v) = e`, `var (u, v) = e` or `u, v = e`: takes apart the values of a
    /// function that returns several (or of a tuple `(a, b)`).
    Destructure {
        kind: DestructureKind,
        names: Vec<Ident>,
        value: Expr,
    },
    /// `while condition { body }`: a machine loop tested before each iteration.
    While {
        condition: Expr,
        body: Block,
    },
    /// Leaves the innermost `loop` or `while`.
    Break,
    /// Goes to the next iteration of the innermost `loop` or `while`.
    Continue,
    Return(Expr),
    Expr(Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `//`: `numpy.floor_divide`.
    FloorDiv,
    Rem,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::FloorDiv => "//",
            BinaryOp::Rem => "%",
            BinaryOp::Pow => "^",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
        }
    }
}

/// The scalar operation each operator denotes.
impl From<UnaryOp> for numeric::Unary {
    fn from(op: UnaryOp) -> numeric::Unary {
        match op {
            UnaryOp::Neg => numeric::Unary::Neg,
            UnaryOp::Not => numeric::Unary::Not,
        }
    }
}

impl From<BinaryOp> for numeric::Binary {
    fn from(op: BinaryOp) -> numeric::Binary {
        match op {
            BinaryOp::Add => numeric::Binary::Add,
            BinaryOp::Sub => numeric::Binary::Sub,
            BinaryOp::Mul => numeric::Binary::Mul,
            BinaryOp::Div => numeric::Binary::Div,
            BinaryOp::FloorDiv => numeric::Binary::FloorDiv,
            BinaryOp::Rem => numeric::Binary::Rem,
            BinaryOp::Pow => numeric::Binary::Pow,
            BinaryOp::Eq => numeric::Binary::Eq,
            BinaryOp::Ne => numeric::Binary::Ne,
            BinaryOp::Lt => numeric::Binary::Lt,
            BinaryOp::Le => numeric::Binary::Le,
            BinaryOp::Gt => numeric::Binary::Gt,
            BinaryOp::Ge => numeric::Binary::Ge,
            BinaryOp::And => numeric::Binary::And,
            BinaryOp::Or => numeric::Binary::Or,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// The value of a keyword argument (`axis=1` is `1`); any other expression itself.
    pub fn without_keyword(expr: &Expr) -> &Expr {
        match &expr.kind {
            ExprKind::Keyword { value, .. } => value,
            _ => expr,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum IndexArg {
    Single(Expr),
    Slice {
        start: Option<Expr>,
        end: Option<Expr>,
        step: Option<Expr>,
        span: Span,
    },
    /// `None`: a new axis of length 1.
    NewAxis(Span),
    /// `...`: as many full slices as the other indices leave.
    Ellipsis(Span),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Number(f64),
    /// An integer literal (no point, no exponent): a Python `int`, weak in promotion.
    Int(i64),
    /// `True` or `False`: a Python `bool`, which promotes as a NumPy bool does.
    Bool(bool),
    Name(String),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call {
        callee: Ident,
        args: Vec<Expr>,
    },
    Index {
        base: Box<Expr>,
        indices: Vec<IndexArg>,
    },
    Array(Vec<Expr>),
    /// A string literal (without its quotes): the value of a keyword such as `mode`.
    Str(String),
    /// `(a, b, c)` or `return a, b, c`: several values, which exist only to be returned by
    /// a function and taken apart.
    Tuple(Vec<Expr>),
    /// `name=value` in a call's argument list.
    Keyword {
        name: Ident,
        value: Box<Expr>,
    },
}

// ---------------------------------------------------------------------------------------
// A compact s-expression form, the golden format of the parser's tests.

use std::fmt;

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for statement in &self.statements {
            write_statement(f, statement, 0)?;
        }
        Ok(())
    }
}

fn write_block(f: &mut fmt::Formatter<'_>, block: &Block, depth: usize) -> fmt::Result {
    for statement in &block.statements {
        write_statement(f, statement, depth + 1)?;
    }
    Ok(())
}

fn write_statement(f: &mut fmt::Formatter<'_>, statement: &Stmt, depth: usize) -> fmt::Result {
    let pad = "  ".repeat(depth);
    let span = statement.span;
    write!(f, "{pad}{}..{} ", span.start, span.end)?;
    match &statement.kind {
        StmtKind::Param { name, value } => writeln!(f, "(param {} {value})", name.name),
        StmtKind::Input { name, dtype, shape } => {
            let dtype = dtype
                .as_ref()
                .map_or(String::new(), |d| format!(" {}", d.name));
            match shape {
                None => writeln!(f, "(input {}{dtype})", name.name),
                Some((extents, _)) => {
                    let items: Vec<String> = extents.iter().map(|e| e.to_string()).collect();
                    writeln!(f, "(input {}{dtype} [{}])", name.name, items.join(" "))
                }
            }
        }
        StmtKind::Let { name, value } => writeln!(f, "(let {} {value})", name.name),
        StmtKind::Var { name, value } => writeln!(f, "(var {} {value})", name.name),
        StmtKind::Assign {
            target,
            indices,
            op,
            value,
        } => {
            let symbol = match op {
                AssignOp::Set => "=",
                AssignOp::Add => "+=",
                AssignOp::Sub => "-=",
                AssignOp::Mul => "*=",
                AssignOp::Div => "/=",
            };
            match indices {
                None => writeln!(f, "({symbol} {} {value})", target.name),
                Some(indices) => {
                    write!(f, "({symbol} (index {}", target.name)?;
                    write_index_args(f, indices)?;
                    writeln!(f, ") {value})")
                }
            }
        }
        StmtKind::Out { name, value } => match value {
            None => writeln!(f, "(out {})", name.name),
            Some(value) => writeln!(f, "(out {} {value})", name.name),
        },
        StmtKind::Print(parts) => {
            write!(f, "(print")?;
            for part in parts {
                match part {
                    PrintPart::Text(text) => write!(f, " {text:?}")?,
                    PrintPart::Value { value, spec } if spec.is_plain() => write!(f, " {value}")?,
                    PrintPart::Value { value, spec } => {
                        write!(f, " (format {value} {:?})", spec.to_string())?
                    }
                }
            }
            writeln!(f, ")")
        }
        StmtKind::Fn { name, params, body } => {
            let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            match body {
                FnBody::Expr(expr) => {
                    writeln!(f, "(fn {} ({}) {expr})", name.name, names.join(" "))
                }
                FnBody::Block(block) => {
                    writeln!(f, "(fn {} ({})", name.name, names.join(" "))?;
                    write_block(f, block, depth)?;
                    writeln!(f, "{pad})")
                }
            }
        }
        StmtKind::Scope {
            kind,
            index,
            start,
            end,
            unroll,
            body,
        } => {
            let unroll = unroll
                .as_ref()
                .map(|u| format!(" unroll {u}"))
                .unwrap_or_default();
            writeln!(
                f,
                "({} {} {start} {end}{unroll}",
                kind.keyword(),
                index.name
            )?;
            write_block(f, body, depth)?;
            writeln!(f, "{pad})")
        }
        StmtKind::If {
            condition,
            then_block,
            else_block,
        } => {
            writeln!(f, "(if {condition}")?;
            write_block(f, then_block, depth)?;
            if let Some(else_block) = else_block {
                writeln!(f, "{pad}else")?;
                write_block(f, else_block, depth)?;
            }
            writeln!(f, "{pad})")
        }
        StmtKind::While { condition, body } => {
            writeln!(f, "(while {condition}")?;
            write_block(f, body, depth)?;
            writeln!(f, "{pad})")
        }
        StmtKind::Destructure { kind, names, value } => {
            let keyword = match kind {
                DestructureKind::Let => "let",
                DestructureKind::Var => "var",
                DestructureKind::Assign => "=",
            };
            let names: Vec<&str> = names.iter().map(|n| n.name.as_str()).collect();
            writeln!(f, "({keyword} ({}) {value})", names.join(" "))
        }
        StmtKind::Break => writeln!(f, "(break)"),
        StmtKind::Continue => writeln!(f, "(continue)"),
        StmtKind::Return(value) => writeln!(f, "(return {value})"),
        StmtKind::Expr(value) => writeln!(f, "{value}"),
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(value) => write!(f, "{value:?}"),
            ExprKind::Int(value) => write!(f, "{value}"),
            ExprKind::Bool(value) => write!(f, "{}", if *value { "True" } else { "False" }),
            ExprKind::Name(name) => f.write_str(name),
            ExprKind::Unary(op, operand) => {
                let symbol = match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Not => "!",
                };
                write!(f, "({symbol} {operand})")
            }
            ExprKind::Binary(op, lhs, rhs) => write!(f, "({} {lhs} {rhs})", op.symbol()),
            ExprKind::Call { callee, args } => {
                write!(f, "({}", callee.name)?;
                for arg in args {
                    write!(f, " {arg}")?;
                }
                f.write_str(")")
            }
            ExprKind::Index { base, indices } => {
                write!(f, "(index {base}")?;
                write_index_args(f, indices)?;
                f.write_str(")")
            }
            ExprKind::Array(items) => {
                let items: Vec<String> = items.iter().map(|e| e.to_string()).collect();
                write!(f, "[{}]", items.join(" "))
            }
            ExprKind::Str(text) => write!(f, "{text:?}"),
            ExprKind::Tuple(items) => {
                let items: Vec<String> = items.iter().map(|e| e.to_string()).collect();
                write!(f, "(tuple {})", items.join(" "))
            }
            ExprKind::Keyword { name, value } => write!(f, "(= {} {value})", name.name),
        }
    }
}

fn write_index_args(f: &mut fmt::Formatter<'_>, indices: &[IndexArg]) -> fmt::Result {
    for index in indices {
        match index {
            IndexArg::Single(expr) => write!(f, " {expr}")?,
            IndexArg::Slice {
                start, end, step, ..
            } => {
                let part = |p: &Option<Expr>| p.as_ref().map(|e| e.to_string()).unwrap_or_default();
                write!(f, " {}:{}:{}", part(start), part(end), part(step))?;
            }
            IndexArg::NewAxis(_) => f.write_str(" None")?,
            IndexArg::Ellipsis(_) => f.write_str(" ...")?,
        }
    }
    Ok(())
}
