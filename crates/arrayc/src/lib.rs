//! arrayc: a compiler for a tiny array language, JIT-compiled to native code with Cranelift.
//!
//! A `for` scope is unrolled at compile time; a `loop` scope becomes a machine loop; the
//! compile report says what each phase and each scope cost. This crate is the whole
//! compiler and runtime; the `arrayc` command line is a thin layer over it.
//!
//! ```
//! let source = "param n = 4\nvar x = linspace(0, 1, n)\nloop i in 0..3 { x = x * 2 }\nout x";
//! let program = arrayc::compile(source, &arrayc::Options::default()).map_err(|e| e.to_string())?;
//! let result = program.run(&[]).map_err(|e| e.to_string())?;
//! let x = result.output("x").unwrap();
//! assert_eq!(x.shape, vec![4]);
//! assert_eq!(x.dtype(), arrayc::DType::F64);
//! assert_eq!(x.as_f64(), Some(&[0.0, 8.0 / 3.0, 16.0 / 3.0, 8.0][..]));
//! println!("compiled in {:.0} µs", program.report().total_us);
//! # Ok::<(), String>(())
//! ```
//!
//! Stages, each using only the ones before it: `diagnostic → scope → ast → front (the `.arr` lexer and parser) →
//! builtins → check → ir → lower → codegen → runtime`, with `numeric` (the scalar meaning
//! of every operation) shared by folding and generated code; `pipeline` runs them in
//! order and is where a front end plugs in. `.npy` files are the
//! `arrayc-npy` crate's job. The stages are private: the API is `compile`, `check`,
//! `ir_text`, `Options`, `Program`, `Array`, `ArrayView`, `Error` and the reports, plus
//! `tools` for the REPL and `sweep`. An `Array` holds float64, float32, int64 or bool
//! elements (`ArrayData`); inputs of another dtype than declared are converted under
//! NumPy's `same_kind` rule. With the `ir-tests` feature (for the IR file tests, not for
//! programs) `parse_ir` and `compile_ir` read IR text and compile it.

mod array;
mod ast;
mod builtins;
mod cache;
mod check;
mod codegen;
mod diagnostic;
mod format;
mod front;
mod hash;
mod ir;
mod lower;
mod numeric;
mod options;
mod pipeline;
mod program;
mod pyformat;
pub mod random;
mod report;
mod runtime;
mod scope;

/// The README's Rust examples, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

pub use array::{can_cast_same_kind, Array, ArrayData, ArrayView, DataMut, DataView, Element};
pub use diagnostic::{line_column, line_of, Diagnostic, Error, ErrorKind, Span};
pub use format::{format_array, format_scalar};
pub use front::arr::tools::{
    needs_more_input, outline, rewrite_scopes, syntax_tree, Declaration, DeclarationKind, Outline,
};
pub use front::python::{loads as python_loads, saves as python_saves, Load as PythonLoad};
pub use ir::DType;
pub use options::{Entry, EntryValue, InputSpec, Language, Options, MAX_THREADS_PER_CORE};
pub use pipeline::{check, compile, ir_text};
pub use program::{InPlace, Program, RunResult};
pub use report::{CompileReport, Origin, ScopeReport};
pub use runtime::Interrupt;
pub use scope::ScopeKind;

/// The IR and its text form, for the IR file tests: `parse_ir` reads the `arrayc ir`
/// output back into a program, whose `to_text` prints it again and `verify` checks it;
/// `compile_ir` compiles it. The IR is the compiler's internal contract, so this is a
/// feature programs do not turn on.
#[cfg(feature = "ir-tests")]
pub use ir::{parse as parse_ir, parse_located as parse_ir_located, VerifyError};
#[cfg(feature = "ir-tests")]
pub use pipeline::compile_ir;
