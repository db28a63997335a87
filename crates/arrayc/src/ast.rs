//! The syntax tree the parser produces: every node carries the byte span it came from.
//!
//! Plain data; no meaning is attached here (that is the checker's and lowering's job).

use crate::diagnostic::Span;

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

#[derive(Debug, Clone, PartialEq)]
pub enum FnBody {
    Expr(Expr),
    Block(Block),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// Unrolled at compile time.
    For,
    /// A machine loop.
    Loop,
}

impl ScopeKind {
    pub fn keyword(self) -> &'static str {
        match self {
            ScopeKind::For => "for",
            ScopeKind::Loop => "loop",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Param {
        name: Ident,
        value: Expr,
    },
    Input {
        name: Ident,
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
        op: AssignOp,
        value: Expr,
    },
    Out {
        name: Ident,
        value: Option<Expr>,
    },
    Print(Expr),
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

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
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
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Number(f64),
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
}
