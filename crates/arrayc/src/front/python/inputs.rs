//! What the host tells the Python front end before it translates (`Given`): the shape and
//! dtype of each file the script loads, and, for `@arrayc.jit`, which function to compile
//! for which signature (`entry.rs`). Also `loads`, the files a script loads, so that a host
//! can read their headers first. Dtypes are their `.arr` names (`f64`, `f32`, `i64`,
//! `bool`): the front end comes before the IR's `DType`. Knows nothing of `.npy` files.

use super::span;
use super::translate::{Result, Translator, Value};
use crate::ast::{Expr, ExprKind, Ident, Stmt, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// What the host knows before the translation.
#[derive(Debug, Clone, Default)]
pub struct Given {
    pub inputs: Vec<GivenInput>,
    pub entry: Option<GivenEntry>,
}

/// An input's shape and dtype (`.arr` name), as `InputSpec`.
#[derive(Debug, Clone)]
pub struct GivenInput {
    pub name: String,
    pub shape: Vec<usize>,
    pub dtype: &'static str,
}

/// `Entry`, with dtypes by name.
#[derive(Debug, Clone)]
pub struct GivenEntry {
    pub function: String,
    pub arguments: Vec<(String, GivenValue)>,
    pub globals: Vec<(String, GivenValue)>,
}

/// `EntryValue`, with dtypes by name.
#[derive(Debug, Clone)]
pub enum GivenValue {
    Array {
        shape: Vec<usize>,
        dtype: &'static str,
    },
    Scalar(&'static str),
    Int(i64),
    Float(f64),
    Bool(bool),
    SameAs(String),
    Module(String),
    Imported(String, String),
}

/// One `np.load("x.npy")` or `np.save("x.npy", a)` of a script: the array's name (the
/// input or output `x`), the file as written, and the call's span.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub name: String,
    pub file: String,
    pub span: Span,
}

/// The array a loaded or saved file is: `"data/u0.npy"` is the input or output `u0`.
pub(super) fn array_name(file: &str) -> Option<String> {
    let stem = file.strip_suffix(".npy")?;
    let stem = stem.rsplit('/').next()?;
    let valid = stem
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| stem.to_string())
}

/// Every `….load("FILE.npy")` call of a script whose file is a string naming an input, in
/// source order, each input once (the translation refuses the loads it cannot compile:
/// this list is what a host reads before compiling). A source that does not parse has none.
pub fn loads(source: &str) -> Vec<Load> {
    let Ok(parsed) = ruff_python_parser::parse_module(source) else {
        return Vec::new();
    };
    let mut finder = LoadFinder { loads: Vec::new() };
    py::visitor::walk_body(&mut finder, &parsed.syntax().body);
    finder.loads
}

/// Every `np.save("FILE.npy", a)` statement of a script whose file is a string naming an
/// output, in source order: the files a host writes the outputs to (as CPython would,
/// relative to the working directory). A source that does not parse has none.
pub fn saves(source: &str) -> Vec<Load> {
    let Ok(parsed) = ruff_python_parser::parse_module(source) else {
        return Vec::new();
    };
    let mut saved = Vec::new();
    super::statements::collect_saved_files(&parsed.syntax().body, &mut saved);
    let mut saves: Vec<Load> = Vec::new();
    for (file, span) in saved {
        if let Some(name) = array_name(&file) {
            if !saves.iter().any(|save| save.name == name) {
                saves.push(Load { name, file, span });
            }
        }
    }
    saves
}

struct LoadFinder {
    loads: Vec<Load>,
}

impl<'a> py::visitor::Visitor<'a> for LoadFinder {
    fn visit_expr(&mut self, expr: &'a py::Expr) {
        if let py::Expr::Call(call) = expr {
            if let Some(file) = loaded_file(call) {
                if let Some(name) = array_name(&file) {
                    if !self.loads.iter().any(|load| load.name == name) {
                        self.loads.push(Load {
                            name,
                            file,
                            span: span(call),
                        });
                    }
                }
            }
        }
        py::visitor::walk_expr(self, expr);
    }
}

/// The file of a call shaped `X.load("FILE")` or `load("FILE")`.
pub(super) fn loaded_file(call: &py::ExprCall) -> Option<String> {
    let is_load = match call.func.as_ref() {
        py::Expr::Attribute(attribute) => attribute.attr.as_str() == "load",
        py::Expr::Name(name) => name.id.as_str() == "load",
        _ => false,
    };
    match call.arguments.args.first() {
        Some(py::Expr::StringLiteral(file)) if is_load => Some(file.value.to_str().to_string()),
        _ => None,
    }
}

/// Every input a script's body loads, for reserving their names before translation.
pub(super) fn loaded_inputs(body: &[py::Stmt]) -> Vec<String> {
    let mut finder = LoadFinder { loads: Vec::new() };
    py::visitor::walk_body(&mut finder, body);
    finder.loads.into_iter().map(|load| load.name).collect()
}

/// `np.load(FILE)`: the input it is (its name, `.arr` dtype and shape), or why it cannot
/// be compiled (a message and what to write instead).
pub(super) fn load(
    given: &Given,
    call: &py::ExprCall,
) -> std::result::Result<GivenInput, (String, String)> {
    let arguments = &call.arguments;
    let file = match loaded_file(call) {
        Some(file) if arguments.args.len() == 1 => file,
        _ => {
            return Err((
                "`np.load` takes one file name written as a string here".to_string(),
                "write `np.load(\"x.npy\")`: the file is the input `x`".to_string(),
            ))
        }
    };
    if let Some(keyword) = arguments.keywords.iter().find(|k| {
        k.arg
            .as_ref()
            .is_none_or(|arg| arg.as_str() != "mmap_mode" && arg.as_str() != "allow_pickle")
    }) {
        let name = keyword.arg.as_ref().map_or("**", |arg| arg.as_str());
        return Err((
            format!("`np.load` with `{name}=` is not supported"),
            "load a `.npy` file: `np.load(\"x.npy\")`".to_string(),
        ));
    }
    let Some(name) = array_name(&file) else {
        return Err((
            format!("cannot name an input after `{file}`"),
            "load a `.npy` file named like a Python name: `np.load(\"u0.npy\")` is the input `u0`"
                .to_string(),
        ));
    };
    match given.inputs.iter().find(|input| input.name == name) {
        Some(input) => Ok(input.clone()),
        None => Err((
            format!("the shape of `{file}` (the input `{name}`) is not known"),
            "arrays loaded with `np.load` are inputs whose shape and dtype are read from the file before compiling: `arrayc run` reads it (`--input NAME=FILE.npy` to load another file), a library caller passes `Options::input_specs`".to_string(),
        )),
    }
}

/// The `.arr` declaration of an input: `input NAME: DTYPE[SHAPE]` (`input NAME` for a
/// float64 scalar).
pub(super) fn declaration(input: &GivenInput, at: Span) -> StmtKind {
    let shape = (!input.shape.is_empty()).then(|| {
        let extents = input
            .shape
            .iter()
            .map(|&extent| Expr {
                kind: ExprKind::Int(extent as i64),
                span: at,
            })
            .collect();
        (extents, at)
    });
    StmtKind::Input {
        name: Ident {
            name: input.name.clone(),
            span: at,
        },
        dtype: (input.dtype != "f64").then(|| Ident {
            name: input.dtype.to_string(),
            span: at,
        }),
        shape,
    }
}

impl Translator<'_> {
    /// `np.load("x.npy")`: the input `x` (declared once, at the program's start), read as
    /// a new array.
    pub(super) fn load(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let input =
            load(&self.given, call).map_err(|(message, note)| self.refuse(at, message, note))?;
        self.declare_input(&input, at);
        let read = Expr {
            kind: ExprKind::Name(input.name),
            span: at,
        };
        Ok(Value::New(read, Some(input.shape.len())))
    }

    /// `input NAME: DTYPE[SHAPE]` at the program's start, once per name.
    pub(super) fn declare_input(&mut self, input: &GivenInput, at: Span) {
        if self.inputs.contains(&input.name) {
            return;
        }
        let statement = Stmt {
            kind: declaration(input, at),
            span: at,
        };
        let position = self.inputs.len();
        self.blocks[0].insert(position, statement);
        self.inputs.push(input.name.clone());
        self.used.insert(input.name.clone());
    }
}
