//! The Python front end: a NumPy script's source in, the same `ast::Program` the `.arr`
//! parser produces out, with NumPy's reference semantics resolved statically (`names`).
//!
//! Ruff's parser reads the source; only this folder imports the ruff crates, so a version
//! bump touches nothing else. Spans stay byte ranges into the `.py` source, so diagnostics
//! render Python's lines and columns. Nothing here knows the IR or Cranelift.

mod assign;
mod calls;
mod composed;
mod comprehensions;
mod control;
mod entry;
mod expressions;
mod functions;
mod grids;
mod inputs;
mod iteration;
mod linalg;
mod liveness;
mod masks;
mod modules;
mod names;
mod numpy;
mod params;
mod passes;
mod random;
mod returns;
mod shapes;
mod statements;
mod text;
mod translate;

pub use inputs::{loads, saves, Given, GivenEntry, GivenInput, GivenValue, Load};

use crate::ast;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use ruff_text_size::{Ranged, TextRange};

/// Parses a Python script and translates its module-level code (or, with `given.entry`,
/// one function for a signature) into a program: the program, or the diagnostics that
/// refuse it.
pub fn parse(source: &str, given: &Given) -> (ast::Program, Vec<Diagnostic>) {
    let empty = ast::Program {
        statements: Vec::new(),
    };
    let parsed = match ruff_python_parser::parse_module(source) {
        Ok(parsed) => parsed,
        Err(error) => {
            let diagnostic = Diagnostic::new(
                ErrorKind::Syntax,
                format!("invalid Python syntax: {}", error.error),
                span_of_range(source, error.range()),
            );
            return (empty, vec![diagnostic]);
        }
    };
    match &given.entry {
        Some(entry) => entry::function(source, &parsed.syntax().body, given, entry),
        None => translate::module(source, &parsed.syntax().body, given),
    }
}

/// The byte span of a ruff range; an empty range (an error at the end of a line) is widened
/// to one character where the source has one, so the caret shows.
fn span_of_range(source: &str, range: TextRange) -> Span {
    let start = range.start().to_usize();
    let mut end = range.end().to_usize();
    if end == start && end < source.len() {
        end = source[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    Span::new(start, end)
}

fn span(node: &impl Ranged) -> Span {
    let range = node.range();
    Span::new(range.start().to_usize(), range.end().to_usize())
}
