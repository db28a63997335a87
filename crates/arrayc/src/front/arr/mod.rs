//! The `.arr` front end: source text to the syntax tree (`ast::Program`) and syntax
//! diagnostics, by recursive descent with one `parse_*` function per production of
//! `grammar/arrayc.ebnf` (a `// name = ...` comment above each). Knows nothing of names'
//! meanings (the checker's), of the IR or of Cranelift.
//!
//! Laid out by job, in the manner of rust-analyzer's `crates/parser/src/grammar/`:
//! `lexer.rs` (tokens), `cursor.rs` (the token stream: peeking, `expect`, recovery, the
//! nesting bounds), `statements.rs` and `expressions.rs` (the productions), `hints.rs`
//! (the diagnostics for Python spellings: `def`, `np.`, `.copy()`, `and` ...), and
//! `tools.rs` (questions about program text for the REPL and `sweep`).
//!
//! Nesting is bounded (`MAX_NESTING` open constructs, `MAX_HEIGHT` levels of expression
//! tree), so no input can overflow the stack here or in the stages that walk the tree.

mod cursor;
mod expressions;
mod hints;
pub mod lexer;
mod statements;
pub mod tools;

#[cfg(test)]
mod grammar_tidy;

use crate::ast::*;
use crate::diagnostic::{Diagnostic, Span};
use lexer::{lex, Token};

/// Open parentheses, brackets, blocks and prefix operators allowed inside each other.
pub const MAX_NESTING: u32 = 200;
/// The height of an expression tree: a chain `a + b + c ...` is as high as it is long.
pub const MAX_HEIGHT: u32 = 10_000;
/// Parsing stops after this many errors; the rest would mostly be echoes of the first.
const MAX_ERRORS: usize = 20;

/// Parses a whole program, collecting every syntax error it can recover from.
pub fn parse(source: &str) -> (Program, Vec<Diagnostic>) {
    let (program, diagnostics, _) = parse_measured(source);
    (program, diagnostics)
}

/// How deep the parsed program goes: what later stages' recursion depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    /// The tallest expression tree.
    pub height: u32,
    /// The most brackets, blocks and prefix operators open at once.
    pub nesting: u32,
}

/// `parse`, also measuring the program's depth.
pub fn parse_measured(source: &str) -> (Program, Vec<Diagnostic>, Depth) {
    let (tokens, mut diagnostics) = lex(source);
    let mut parser = Parser {
        source,
        tokens,
        position: 0,
        nesting: 0,
        list_height: 0,
        depth: Depth::default(),
        diagnostics: Vec::new(),
    };
    let program = parser.parse_program();
    // Parse errors after a bad character are mostly its echoes: report the lexer's alone.
    if diagnostics.is_empty() {
        diagnostics.append(&mut parser.diagnostics);
    }
    diagnostics.truncate(MAX_ERRORS);
    (program, diagnostics, parser.depth)
}

/// An error was recorded; the caller recovers at the next statement.
struct Failed;

type PResult<T> = Result<T, Failed>;

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<(Token, Span)>,
    position: usize,
    nesting: u32,
    /// The height of the tallest item in the list or index being parsed.
    list_height: u32,
    depth: Depth,
    diagnostics: Vec<Diagnostic>,
}

/// An expression with the height of its tree.
type Tall = (Expr, u32);
