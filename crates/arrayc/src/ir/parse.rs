//! Reads the IR's text form (see `text`) back into a `Program`: printing the result gives
//! the same text. Lines starting with `;` are comments. Checks the syntax and that names
//! refer to declared things; the program's meaning is `verify`'s job.

use super::{
    Affine, Binary, Buffer, BufferId, BufferInit, DType, Expr, Index, IndexCheck, Kernel, Loop,
    Output, Program, ReduceOp, Reduction, ScopeInfo, Site, Stmt, Unary, MAX_DIMS,
};
use crate::ast::ScopeKind;
use crate::diagnostic::Span;
use std::fmt;

/// A syntax error in IR text: the 1-based line and what was wrong there.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

const UNARIES: [Unary; 14] = [
    Unary::Neg,
    Unary::Not,
    Unary::Abs,
    Unary::Sqrt,
    Unary::Floor,
    Unary::Ceil,
    Unary::Round,
    Unary::Sign,
    Unary::Exp,
    Unary::Log,
    Unary::Sin,
    Unary::Cos,
    Unary::Tan,
    Unary::Tanh,
];

const BINARIES: [Binary; 16] = [
    Binary::Add,
    Binary::Sub,
    Binary::Mul,
    Binary::Div,
    Binary::Rem,
    Binary::Pow,
    Binary::Min,
    Binary::Max,
    Binary::Eq,
    Binary::Ne,
    Binary::Lt,
    Binary::Le,
    Binary::Gt,
    Binary::Ge,
    Binary::And,
    Binary::Or,
];

// A new operator stops compiling here until it is added to the lists above.
const _: () = {
    match Unary::Neg {
        Unary::Neg
        | Unary::Not
        | Unary::Abs
        | Unary::Sqrt
        | Unary::Floor
        | Unary::Ceil
        | Unary::Round
        | Unary::Sign
        | Unary::Exp
        | Unary::Log
        | Unary::Sin
        | Unary::Cos
        | Unary::Tan
        | Unary::Tanh => {}
    }
    match Binary::Add {
        Binary::Add
        | Binary::Sub
        | Binary::Mul
        | Binary::Div
        | Binary::Rem
        | Binary::Pow
        | Binary::Min
        | Binary::Max
        | Binary::Eq
        | Binary::Ne
        | Binary::Lt
        | Binary::Le
        | Binary::Gt
        | Binary::Ge
        | Binary::And
        | Binary::Or => {}
    }
};

const REDUCTIONS: [ReduceOp; 3] = [ReduceOp::Sum, ReduceOp::Min, ReduceOp::Max];

type Parsed<T> = Result<T, String>;

/// Parses the IR's text form.
pub fn parse(text: &str) -> Result<Program, ParseError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(k, line)| (k + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with(';'))
        .collect();
    let mut parser = Parser {
        lines,
        next: 0,
        program: Program::default(),
    };
    parser.header()?;
    let body = parser.block(0)?;
    if let Some(&(line, _)) = parser.lines.get(parser.next) {
        return Err(ParseError {
            line,
            message: "`}` without an open block".to_string(),
        });
    }
    parser.program.body = body;
    Ok(parser.program)
}

struct Parser<'t> {
    lines: Vec<(usize, &'t str)>,
    next: usize,
    program: Program,
}

impl<'t> Parser<'t> {
    fn error(&self, message: String) -> ParseError {
        let line = self
            .lines
            .get(self.next)
            .or(self.lines.last())
            .map_or(0, |&(line, _)| line);
        ParseError { line, message }
    }

    /// The tables before the statements.
    fn header(&mut self) -> Result<(), ParseError> {
        while let Some(&(_, line)) = self.lines.get(self.next) {
            let mut cursor = Cursor::new(line);
            let word = cursor.word();
            let result = match word {
                "slots" => cursor.integer().map(|n| self.program.slots = n),
                "checks" => cursor.integer().map(|n| self.program.checks = n),
                "buffer" => self.buffer(&mut cursor),
                "output" => self.output(&mut cursor),
                "site" => self.site(&mut cursor),
                "scope" => self.scope(&mut cursor),
                _ if word.starts_with("print") && line.contains(" = ") => {
                    self.print(word, &mut cursor)
                }
                _ => return Ok(()),
            };
            result
                .and_then(|()| cursor.end())
                .map_err(|message| self.error(message))?;
            self.next += 1;
        }
        Ok(())
    }

    fn buffer(&mut self, cursor: &mut Cursor<'_>) -> Parsed<()> {
        let id = cursor.buffer_id()?;
        if id as usize != self.program.buffers.len() {
            return Err(format!("expected buffer %{}", self.program.buffers.len()));
        }
        let dtype_name = cursor.word();
        let dtype = DType::ALL
            .into_iter()
            .find(|d| d.name() == dtype_name)
            .ok_or_else(|| format!("unknown dtype `{dtype_name}`"))?;
        let shape = cursor.shape()?;
        let kind = cursor.word();
        let (init, name) = match kind {
            "scratch" => (BufferInit::Scratch, cursor.string()?),
            "input" => {
                let input = cursor.string()?;
                (BufferInit::Input(input), cursor.string()?)
            }
            "constant" => {
                let name = cursor.string()?;
                cursor.expect("[")?;
                let mut values = Vec::new();
                if !cursor.eat("]") {
                    loop {
                        values.push(cursor.number()?);
                        if cursor.eat("]") {
                            break;
                        }
                        cursor.expect(",")?;
                    }
                }
                (BufferInit::Constant(values.into()), name)
            }
            other => return Err(format!("unknown buffer kind `{other}`")),
        };
        self.program.buffers.push(Buffer {
            name,
            dtype,
            shape,
            init,
        });
        Ok(())
    }

    fn output(&mut self, cursor: &mut Cursor<'_>) -> Parsed<()> {
        let name = cursor.string()?;
        let buffer = cursor.buffer_id()?;
        self.program.outputs.push(Output { name, buffer });
        Ok(())
    }

    fn site(&mut self, cursor: &mut Cursor<'_>) -> Parsed<()> {
        let id: usize = cursor.integer()?;
        if id != self.program.sites.len() {
            return Err(format!("expected site {}", self.program.sites.len()));
        }
        let message = cursor.string()?;
        let span = cursor.span()?;
        self.program.sites.push(Site { message, span });
        Ok(())
    }

    fn scope(&mut self, cursor: &mut Cursor<'_>) -> Parsed<()> {
        let id: usize = cursor.integer()?;
        if id != self.program.scopes.len() {
            return Err(format!("expected scope {}", self.program.scopes.len()));
        }
        let kind = match cursor.word() {
            "for" => ScopeKind::For,
            "loop" => ScopeKind::Loop,
            other => return Err(format!("unknown scope kind `{other}`")),
        };
        cursor.keyword("line")?;
        let line = cursor.integer()?;
        cursor.keyword("trips")?;
        let trips = if cursor.eat("?") {
            None
        } else {
            Some(cursor.integer()?)
        };
        cursor.keyword("unroll")?;
        let unroll = cursor.integer()?;
        cursor.keyword("ops")?;
        let ir_ops = cursor.integer()?;
        self.program.scopes.push(ScopeInfo {
            kind,
            line,
            trips,
            unroll,
            ir_ops,
        });
        Ok(())
    }

    fn print(&mut self, word: &str, cursor: &mut Cursor<'_>) -> Parsed<()> {
        let id: usize = word
            .strip_prefix("print")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("expected print{}", self.program.prints.len()))?;
        if id != self.program.prints.len() {
            return Err(format!("expected print{}", self.program.prints.len()));
        }
        cursor.expect("=")?;
        let buffer = cursor.buffer_id()?;
        let shape = cursor.shape()?;
        self.program.prints.push((buffer, shape));
        Ok(())
    }

    /// Statements until the `}` that closes a block at `depth` (or the end at depth 0).
    fn block(&mut self, depth: usize) -> Result<Vec<Stmt>, ParseError> {
        let mut statements = Vec::new();
        let mut checks = Vec::new();
        while let Some(&(_, line)) = self.lines.get(self.next) {
            if line.starts_with('}') {
                if depth == 0 {
                    break;
                }
                if !checks.is_empty() {
                    return Err(self.error("a check must precede a kernel".to_string()));
                }
                return Ok(statements);
            }
            let mut cursor = Cursor::new(line);
            if cursor.rest().starts_with("check") {
                let check = self.check(&mut cursor).map_err(|m| self.error(m))?;
                checks.push(check);
                self.next += 1;
                continue;
            }
            if !checks.is_empty() && !cursor.rest().starts_with('%') {
                return Err(self.error("a check must precede a kernel".to_string()));
            }
            let statement = match cursor.rest().split(' ').next().unwrap_or("") {
                "loop" => self.loop_statement(&mut cursor)?,
                "if" => self.if_statement(&mut cursor)?,
                "swap" => {
                    let statement = swap(&mut cursor).map_err(|m| self.error(m))?;
                    self.next += 1;
                    statement
                }
                "print" => {
                    let statement = print(&mut cursor).map_err(|m| self.error(m))?;
                    self.next += 1;
                    statement
                }
                _ => {
                    let kernel = self
                        .kernel(&mut cursor, std::mem::take(&mut checks))
                        .map_err(|m| self.error(m))?;
                    self.next += 1;
                    Stmt::Kernel(kernel)
                }
            };
            statements.push(statement);
        }
        if !checks.is_empty() {
            return Err(self.error("a check must precede a kernel".to_string()));
        }
        if depth > 0 {
            return Err(self.error("a block is not closed with `}`".to_string()));
        }
        Ok(statements)
    }

    fn check(&self, cursor: &mut Cursor<'_>) -> Parsed<IndexCheck> {
        cursor.expect("check")?;
        let id = cursor.integer()?;
        cursor.expect("=")?;
        cursor.expect("index(")?;
        let value = cursor.expr()?;
        cursor.expect(",")?;
        let extent = cursor.integer()?;
        cursor.expect(")")?;
        cursor.keyword("site")?;
        let site = cursor.integer()?;
        cursor.end()?;
        Ok(IndexCheck {
            id,
            value,
            extent,
            site,
        })
    }

    fn kernel(&self, cursor: &mut Cursor<'_>, checks: Vec<IndexCheck>) -> Parsed<Kernel> {
        let dst = cursor.buffer_id()?;
        cursor.expect("[")?;
        let mut indices = Vec::new();
        if !cursor.eat("]") {
            loop {
                indices.push(cursor.index()?);
                if cursor.eat("]") {
                    break;
                }
                cursor.expect(",")?;
            }
        }
        let (shape, store) = if cursor.eat("for ") {
            let [store] = <[Index; 1]>::try_from(indices)
                .map_err(|_| "a store `for` a box takes one flat index".to_string())?;
            (cursor.shape()?, store)
        } else {
            let buffer = self
                .program
                .buffers
                .get(dst as usize)
                .ok_or_else(|| format!("unknown buffer %{dst}"))?;
            let dims: Vec<Index> = (0..buffer.shape.len()).map(Index::dim).collect();
            if indices != dims {
                return Err(format!(
                    "a whole destination is written as %{dst}[i0, ..] with one index per axis"
                ));
            }
            (buffer.shape.clone(), Index::row_major(&buffer.shape))
        };
        cursor.expect("=")?;
        let reduce_word = cursor.rest().split('[').next().unwrap_or("");
        let reduce_op = REDUCTIONS
            .into_iter()
            .find(|&op| super::text::reduce_name(op) == reduce_word)
            .filter(|_| cursor.rest()[reduce_word.len()..].starts_with('['));
        let (reduction, expr) = match reduce_op {
            None => (None, cursor.expr()?),
            Some(op) => {
                cursor.expect(reduce_word)?;
                cursor.expect("[")?;
                let mut extents = Vec::new();
                loop {
                    let dim = cursor.dim()?;
                    if dim != shape.len() + extents.len() {
                        return Err(format!("expected reduced dimension i{}", dim));
                    }
                    cursor.expect("<")?;
                    extents.push(cursor.integer()?);
                    if cursor.eat("]") {
                        break;
                    }
                    cursor.expect(",")?;
                }
                cursor.expect("(")?;
                let expr = cursor.expr()?;
                cursor.expect(")")?;
                let divide_by = if cursor.eat("/") {
                    Some(cursor.number()?)
                } else {
                    None
                };
                let reduction = Reduction {
                    op,
                    extents,
                    divide_by,
                };
                (Some(reduction), expr)
            }
        };
        let span = cursor.span()?;
        cursor.end()?;
        Ok(Kernel {
            dst,
            shape,
            store,
            reduction,
            checks,
            expr,
            span,
        })
    }

    fn loop_statement(&mut self, cursor: &mut Cursor<'_>) -> Result<Stmt, ParseError> {
        let head = (|| -> Parsed<_> {
            cursor.keyword("loop")?;
            cursor.expect("s")?;
            let slot = cursor.integer()?;
            cursor.keyword("in")?;
            let start = cursor.expr()?;
            cursor.expect("..")?;
            let end = cursor.expr()?;
            let unroll = if cursor.eat("unroll ") {
                cursor.integer()?
            } else {
                1
            };
            cursor.keyword("scope")?;
            let scope = cursor.integer()?;
            cursor.keyword("site")?;
            let site = cursor.integer()?;
            cursor.expect("{")?;
            cursor.end()?;
            Ok((slot, start, end, unroll, scope, site))
        })()
        .map_err(|m| self.error(m))?;
        self.next += 1;
        let body = self.block(1)?;
        self.close("}")?;
        let (slot, start, end, unroll, scope, site) = head;
        Ok(Stmt::Loop(Loop {
            scope,
            slot,
            start,
            end,
            unroll,
            body,
            site,
        }))
    }

    fn if_statement(&mut self, cursor: &mut Cursor<'_>) -> Result<Stmt, ParseError> {
        let condition = (|| -> Parsed<_> {
            cursor.keyword("if")?;
            let condition = cursor.expr()?;
            cursor.expect("{")?;
            cursor.end()?;
            Ok(condition)
        })()
        .map_err(|m| self.error(m))?;
        self.next += 1;
        let then_body = self.block(1)?;
        self.close("} else {")?;
        let else_body = self.block(1)?;
        self.close("}")?;
        Ok(Stmt::If {
            condition,
            then_body,
            else_body,
        })
    }

    /// Consumes the line that closes a block, which must read `text`.
    fn close(&mut self, text: &str) -> Result<(), ParseError> {
        match self.lines.get(self.next) {
            Some(&(_, line)) if line == text => {
                self.next += 1;
                Ok(())
            }
            _ => Err(self.error(format!("expected `{text}`"))),
        }
    }
}

fn swap(cursor: &mut Cursor<'_>) -> Parsed<Stmt> {
    cursor.keyword("swap")?;
    let a = cursor.buffer_id()?;
    let b = cursor.buffer_id()?;
    cursor.end()?;
    Ok(Stmt::Swap(a, b))
}

fn print(cursor: &mut Cursor<'_>) -> Parsed<Stmt> {
    cursor.keyword("print")?;
    cursor.expect("print")?;
    let id = cursor.integer()?;
    let buffer = cursor.buffer_id()?;
    let span = cursor.span()?;
    cursor.end()?;
    Ok(Stmt::Print { id, buffer, span })
}

/// A position in one line of text.
struct Cursor<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Cursor<'t> {
        Cursor { text, at: 0 }
    }

    fn rest(&mut self) -> &'t str {
        let text = self.text;
        let rest = &text[self.at..];
        let trimmed = rest.trim_start_matches(' ');
        self.at += rest.len() - trimmed.len();
        trimmed
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Parsed<()> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(format!("expected `{token}` at `{}`", self.rest()))
        }
    }

    /// A word followed by a space or the end.
    fn keyword(&mut self, word: &str) -> Parsed<()> {
        let found = self.word();
        if found == word {
            Ok(())
        } else {
            Err(format!("expected `{word}`, found `{found}`"))
        }
    }

    fn end(&mut self) -> Parsed<()> {
        match self.rest() {
            "" => Ok(()),
            rest => Err(format!("unexpected `{rest}`")),
        }
    }

    /// Letters, digits and `_`.
    fn word(&mut self) -> &'t str {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    /// A number token: everything up to the next separator.
    fn token(&mut self) -> &'t str {
        let rest = self.rest();
        let len = rest
            .find(|c: char| matches!(c, ' ' | ',' | ')' | ']' | '[' | '(' | '*'))
            .unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    fn integer<T: std::str::FromStr>(&mut self) -> Parsed<T> {
        let token = self.token();
        token
            .parse()
            .map_err(|_| format!("expected an integer, found `{token}`"))
    }

    fn number(&mut self) -> Parsed<f64> {
        let token = self.token();
        token
            .parse()
            .map_err(|_| format!("expected a number, found `{token}`"))
    }

    fn buffer_id(&mut self) -> Parsed<BufferId> {
        self.expect("%")?;
        self.integer()
    }

    fn span(&mut self) -> Parsed<Span> {
        self.expect("@")?;
        let text = self.token();
        let (start, end) = text
            .split_once("..")
            .ok_or_else(|| format!("expected a span `@start..end`, found `@{text}`"))?;
        let parse = |s: &str| s.parse::<u32>().map_err(|_| format!("bad span `@{text}`"));
        Ok(Span {
            start: parse(start)?,
            end: parse(end)?,
        })
    }

    fn shape(&mut self) -> Parsed<Vec<usize>> {
        self.expect("[")?;
        let mut shape = Vec::new();
        if self.eat("]") {
            return Ok(shape);
        }
        loop {
            shape.push(self.integer()?);
            if self.eat("]") {
                return Ok(shape);
            }
            self.expect(",")?;
        }
    }

    fn string(&mut self) -> Parsed<String> {
        self.expect("\"")?;
        let mut out = String::new();
        let mut chars = self.text[self.at..].char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += k + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, c @ ('"' | '\\'))) => out.push(c),
                    _ => return Err("bad escape in a string".to_string()),
                },
                c => out.push(c),
            }
        }
        Err("unterminated string".to_string())
    }

    fn dim(&mut self) -> Parsed<usize> {
        self.expect("i")?;
        let dim: usize = self.integer()?;
        if dim >= MAX_DIMS {
            return Err(format!(
                "dimension i{dim} beyond the {MAX_DIMS} a kernel has"
            ));
        }
        Ok(dim)
    }

    fn expr(&mut self) -> Parsed<Expr> {
        let rest = self.rest();
        if rest.starts_with('%') {
            let buffer = self.buffer_id()?;
            self.expect("[")?;
            let offset = self.index()?;
            self.expect("]")?;
            return Ok(Expr::Load { buffer, offset });
        }
        if rest.starts_with('-') || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return self.number().map(Expr::Const);
        }
        let at = self.at;
        let word = self.word();
        if !self.eat("(") {
            if let Some(slot) = word.strip_prefix('s').and_then(|s| s.parse().ok()) {
                return Ok(Expr::Slot(slot));
            }
            self.at = at;
            return self.number().map(Expr::Const);
        }
        let expr = match word {
            "float" => Expr::IndexValue(self.index()?),
            "select" => {
                let c = self.expr()?;
                self.expect(",")?;
                let a = self.expr()?;
                self.expect(",")?;
                let b = self.expr()?;
                Expr::Select(Box::new(c), Box::new(a), Box::new(b))
            }
            _ => {
                if let Some(op) = UNARIES.into_iter().find(|op| op.name() == word) {
                    Expr::Unary(op, Box::new(self.expr()?))
                } else if let Some(op) = BINARIES.into_iter().find(|op| op.name() == word) {
                    let a = self.expr()?;
                    self.expect(",")?;
                    let b = self.expr()?;
                    Expr::Binary(op, Box::new(a), Box::new(b))
                } else {
                    return Err(format!("unknown operation `{word}`"));
                }
            }
        };
        self.expect(")")?;
        Ok(expr)
    }

    /// An index: terms joined by ` + `. A run of affine terms in the order `Display` prints
    /// them (dimensions ascending, then a constant) is one `Affine`; anything else starts a
    /// new term, and terms are added from the left.
    fn index(&mut self) -> Parsed<Index> {
        let mut terms: Vec<Index> = Vec::new();
        // The affine term being collected: its value, the last dimension it has, whether
        // its constant was given.
        let mut affine: Option<(Affine, Option<usize>, bool)> = None;
        loop {
            match self.index_term()? {
                Term::Other(index) => {
                    if let Some((a, ..)) = affine.take() {
                        terms.push(Index::Affine(a));
                    }
                    terms.push(index);
                }
                Term::Dim(coefficient, dim) => {
                    let fits =
                        matches!(affine, Some((_, last, false)) if last.is_none_or(|l| l < dim));
                    if !fits {
                        if let Some((a, ..)) = affine.take() {
                            terms.push(Index::Affine(a));
                        }
                    }
                    let (a, last, _) = affine.get_or_insert((Affine::constant(0), None, false));
                    a.coefficients[dim] = coefficient;
                    *last = Some(dim);
                }
                Term::Constant(value) => {
                    let fits = matches!(affine, Some((_, Some(_), false)) if value != 0);
                    if !fits {
                        if let Some((a, ..)) = affine.take() {
                            terms.push(Index::Affine(a));
                        }
                    }
                    let (a, _, closed) = affine.get_or_insert((Affine::constant(0), None, false));
                    a.constant = value;
                    *closed = true;
                }
            }
            if !self.eat("+ ") {
                break;
            }
        }
        if let Some((a, ..)) = affine {
            terms.push(Index::Affine(a));
        }
        let mut terms = terms.into_iter();
        let first = terms.next().ok_or("expected an index")?;
        Ok(terms.fold(first, |sum, term| Index::Add(Box::new(sum), Box::new(term))))
    }

    fn index_term(&mut self) -> Parsed<Term> {
        let rest = self.rest();
        if rest.starts_with('i') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Ok(Term::Dim(1, self.dim()?));
        }
        if rest.starts_with('-') || rest.starts_with(|c: char| c.is_ascii_digit()) {
            let value: i64 = self.integer()?;
            if !self.eat("*") {
                return Ok(Term::Constant(value));
            }
            if self.eat("(") {
                let inner = self.index()?;
                self.expect(")")?;
                return Ok(Term::Other(Index::Scale(Box::new(inner), value)));
            }
            if value == 0 || value == 1 {
                return Err(format!("`{value}*` is not how a coefficient prints"));
            }
            return Ok(Term::Dim(value, self.dim()?));
        }
        let word = self.word();
        if let Some(id) = word.strip_prefix("checked") {
            let id = id
                .parse()
                .map_err(|_| format!("bad run-time index `{word}`"))?;
            return Ok(Term::Other(Index::Checked(id)));
        }
        self.expect("(")?;
        let inner = Box::new(self.index()?);
        let index = match word {
            "clamp" => {
                self.expect(",")?;
                let lo = self.integer()?;
                self.expect(",")?;
                let hi = self.integer()?;
                Index::Clamp(inner, lo, hi)
            }
            "wrap" => {
                self.expect(",")?;
                Index::Wrap(inner, self.integer()?)
            }
            other => return Err(format!("unknown index operation `{other}`")),
        };
        self.expect(")")?;
        Ok(Term::Other(index))
    }
}

enum Term {
    /// `coefficient * i_dim`.
    Dim(i64, usize),
    Constant(i64),
    Other(Index),
}
