//! Reads the IR's text form (see `text`) back into a `Program`: printing the result gives
//! the same text. Lines starting with `;` are comments. Checks the syntax and that names
//! refer to declared things; the program's meaning is `verify`'s job.

use super::cursor::{Cursor, Parsed};
use super::{
    Buffer, BufferInit, ConstData, DType, Draw, DrawKind, Index, IndexCheck, Kernel, Loop, Output,
    PrintPart, Program, ReduceOp, Reduction, Repeat, ScopeInfo, Site, Spec, Stmt,
};
use crate::random::Seed;
use crate::scope::Repetition;
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

const REDUCTIONS: [ReduceOp; 4] = [ReduceOp::Sum, ReduceOp::Prod, ReduceOp::Min, ReduceOp::Max];

/// Parses the IR's text form.
pub fn parse(text: &str) -> Result<Program, ParseError> {
    parse_located(text).map(|(program, _)| program)
}

/// Parses the IR's text form, also giving the 1-based line of each statement, indexed by
/// its `StmtId`: where a test finds the line a `VerifyError` points at.
pub fn parse_located(text: &str) -> Result<(Program, Vec<usize>), ParseError> {
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
        statement_lines: Vec::new(),
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
    Ok((parser.program, parser.statement_lines))
}

struct Parser<'t> {
    lines: Vec<(usize, &'t str)>,
    next: usize,
    program: Program,
    /// The line of each statement read so far, in pre-order (the `StmtId` order).
    statement_lines: Vec<usize>,
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
                _ if word.starts_with("draw") && line.contains(" = ") => {
                    self.draw(word, &mut cursor)
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
                        values.push(cursor.element(dtype)?);
                        if cursor.eat("]") {
                            break;
                        }
                        cursor.expect(",")?;
                    }
                }
                let data = ConstData::from_scalars(dtype, &values)
                    .ok_or_else(|| format!("constant elements are not all {}", dtype.name()))?;
                (BufferInit::Constant(data), name)
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
            "for" => Repetition::For,
            "loop" => Repetition::Loop,
            "while" => Repetition::While,
            other => return Err(format!("unknown scope kind `{other}`")),
        };
        let span = cursor.span()?;
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
            span,
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
        let mut parts = Vec::new();
        while !cursor.rest().is_empty() {
            if cursor.rest().starts_with('"') {
                parts.push(PrintPart::Text(cursor.string()?));
                continue;
            }
            let buffer = cursor.buffer_id()?;
            let shape = cursor.shape()?;
            let spec = if cursor.rest().starts_with("format ") {
                cursor.keyword("format")?;
                Spec::parse(&cursor.string()?)?
            } else if cursor.rest().starts_with("printf ") {
                cursor.keyword("printf")?;
                Spec::parse_printf(&cursor.string()?)?
            } else {
                Spec::plain()
            };
            parts.push(PrintPart::Value {
                buffer,
                shape,
                spec,
            });
        }
        self.program.prints.push(parts);
        Ok(())
    }

    fn draw(&mut self, word: &str, cursor: &mut Cursor<'_>) -> Parsed<()> {
        let expected = || format!("expected draw{}", self.program.draws.len());
        let id: usize = word
            .strip_prefix("draw")
            .and_then(|id| id.parse().ok())
            .ok_or_else(expected)?;
        if id != self.program.draws.len() {
            return Err(expected());
        }
        cursor.expect("=")?;
        let kind = cursor.word();
        let stream = cursor.integer()?;
        let kind = match kind {
            "seed" => match cursor.word() {
                "legacy" => DrawKind::Seed(Seed::Legacy(cursor.integer()?)),
                "generator" => DrawKind::Seed(Seed::Generator(cursor.integer()?)),
                other => return Err(format!("unknown generator `{other}`")),
            },
            "doubles" => DrawKind::Doubles(cursor.buffer_id()?),
            "normals" => DrawKind::Normals(cursor.buffer_id()?),
            "integers" => DrawKind::Integers {
                buffer: cursor.buffer_id()?,
                low: cursor.integer()?,
                high: cursor.integer()?,
            },
            other => return Err(format!("unknown draw `{other}`")),
        };
        self.program.draws.push(Draw { stream, kind });
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
            self.statement_lines.push(self.lines[self.next].0);
            let statement = match cursor.rest().split(' ').next().unwrap_or("") {
                "loop" => self.loop_statement(&mut cursor)?,
                "if" => self.if_statement(&mut cursor)?,
                "repeat" => self.repeat_statement(&mut cursor)?,
                word @ ("break" | "continue") => {
                    let statement = if word == "break" {
                        Stmt::Break
                    } else {
                        Stmt::Continue
                    };
                    cursor.keyword(word).map_err(|m| self.error(m))?;
                    cursor.end().map_err(|m| self.error(m))?;
                    self.next += 1;
                    statement
                }
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
                "random" => {
                    let statement = random(&mut cursor).map_err(|m| self.error(m))?;
                    self.next += 1;
                    statement
                }
                "masked_sum" => {
                    let statement = masked_sum(&mut cursor).map_err(|m| self.error(m))?;
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
        let scan = cursor.eat("scan ");
        let reduce_word = cursor.rest().split('[').next().unwrap_or("");
        let reduce_op = REDUCTIONS
            .into_iter()
            .find(|&op| super::text::reduce_name(op) == reduce_word)
            .filter(|_| cursor.rest()[reduce_word.len()..].starts_with('['));
        let (reduction, expr) = match reduce_op {
            None if scan => return Err("`scan` is followed by a reduction".to_string()),
            None => (None, cursor.expr()?),
            Some(op) => {
                cursor.expect(reduce_word)?;
                cursor.expect("[")?;
                let mut extents = Vec::new();
                // A reduction of a 0-d value reduces no dimension: `sum[](...)`.
                while !cursor.eat("]") {
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
                let pairwise = if cursor.eat("pairwise") {
                    Some(cursor.integer()?)
                } else {
                    None
                };
                let blas = cursor.eat("blas");
                let reduction = Reduction {
                    op,
                    extents,
                    divide_by,
                    scan,
                    pairwise,
                    blas,
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

    fn repeat_statement(&mut self, cursor: &mut Cursor<'_>) -> Result<Stmt, ParseError> {
        let site = (|| -> Parsed<_> {
            cursor.keyword("repeat")?;
            cursor.keyword("site")?;
            let site = cursor.integer()?;
            cursor.expect("{")?;
            cursor.end()?;
            Ok(site)
        })()
        .map_err(|m| self.error(m))?;
        self.next += 1;
        let body = self.block(1)?;
        self.close("}")?;
        Ok(Stmt::Repeat(Repeat { body, site }))
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

fn masked_sum(cursor: &mut Cursor<'_>) -> Parsed<Stmt> {
    cursor.keyword("masked_sum")?;
    let dst = cursor.buffer_id()?;
    cursor.expect("=")?;
    let values = cursor.buffer_id()?;
    cursor.expect("where")?;
    let mask = cursor.buffer_id()?;
    cursor.end()?;
    Ok(Stmt::MaskedSum { dst, values, mask })
}

fn print(cursor: &mut Cursor<'_>) -> Parsed<Stmt> {
    cursor.keyword("print")?;
    cursor.expect("print")?;
    let id = cursor.integer()?;
    let span = cursor.span()?;
    cursor.end()?;
    Ok(Stmt::Print { id, span })
}

fn random(cursor: &mut Cursor<'_>) -> Parsed<Stmt> {
    cursor.keyword("random")?;
    cursor.expect("draw")?;
    let id = cursor.integer()?;
    cursor.end()?;
    Ok(Stmt::Random { id })
}
