//! Front ends: program text to the one syntax tree every later stage reads.
//!
//! A front end takes source text and produces an `ast::Program` plus diagnostics, each
//! with a byte span (`diagnostic::Span`) into that text: every AST node carries the span
//! it came from, so the checker's and lowering's diagnostics point into the user's own
//! source whatever language it was written in. A front end collects errors rather than
//! stopping at the first, bounds the nesting of what it builds (later stages recurse over
//! the tree), and never mentions names' meanings, the IR or Cranelift: the checker
//! (`check/`) resolves names, and everything after it is shared.
//!
//! Each front end is a folder here: `arr/` reads `.arr` programs. A new one goes in its
//! own folder beside it (the Python front end goes in `python/`), and is the only module
//! that imports its parser's crates.

pub mod arr;
