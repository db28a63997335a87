//! Ruff's Python tree in, `ast::Program` out: one method per construct. Names are resolved
//! to storages and views (`names`) as statements are translated, functions are inlined with
//! their parameters bound to the caller's references, and at every join (after an `if`, at a
//! loop's back edge) each name must refer to the same storage on every path, or the program
//! is refused with both bindings shown. What is outside the subset is refused at its line
//! with what to write instead.

use super::complex::{Complex, Precision};
use super::functions::Function;
use super::inputs::{self, Given};
use super::liveness::{loop_locals, used_after, LoopLocals, UsedAfter};
use super::names::{self, Reference, Storage};
use super::params::module_params;
use super::passes::{
    assigned_names, let_where_never_assigned, name_outputs_after_their_storage, UniqueSpans,
};
use super::text::Text;
use crate::ast::visit::walk_statements_mut;
use crate::ast::{BinaryOp, Expr, ExprKind, Ident, Program, Stmt, StmtKind};
use crate::diagnostic::{line_of, Diagnostic, ErrorKind, Span};
use ruff_python_ast as py;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// A construct was refused; its diagnostic is in `Translator::diagnostics`.
#[derive(Debug)]
pub(super) struct Failed;

pub(super) type Result<T> = std::result::Result<T, Failed>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Module {
    Numpy,
    Math,
    Arrayc,
    /// matplotlib: statements that only draw are skipped.
    Plot,
    /// A NumPy submodule (`numpy.random`, `numpy.linalg`): its name.
    NumpySubmodule(&'static str),
}

#[derive(Debug, Clone)]
pub(super) enum Binding {
    Module(Module),
    /// `from numpy import zeros` (or `from math import sqrt`): the name in that module.
    Imported(Module, String),
    /// A `def` or a `lambda` (also a parameter given one): inlined where it is called.
    Function(Rc<Function>),
    /// A string known at compile time, or text with formatted values (`f"{x:.3f}"`).
    Text(Text),
    /// A module-level name bound once to a constant: an `.arr` `param` of this name.
    Param(String),
    Value(Reference),
    /// A tuple bound to one name (`offsets = ((-1, 0), (1, 0))`): its items, settled when
    /// it was bound (`iteration::settle_item`), taken apart or looped over later.
    Tuple(Vec<Value>),
    /// A complex value: its parts are bound to the hidden names `NAME.real` and `NAME.imag`.
    Complex(Precision),
    /// `np.where(c)` with one argument, its mask settled when it was bound (`masks.rs`).
    Indices(Box<Value>),
    /// Bound inside a block (loop or `if` body) that has ended.
    Gone(Span),
    /// Its binding was refused already: uses say nothing more.
    Poisoned,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Frame {
    pub(super) names: HashMap<String, Binding>,
    /// Names a function declared `global`.
    pub(super) globals: HashSet<String>,
    /// This frame's identity, which the functions defined in it remember.
    pub(super) id: u32,
    /// The index of the frame of the function this one's function was defined in, whose
    /// names it reads (a closure); the module's frame is 0.
    pub(super) parent: usize,
}

/// A Python expression's meaning.
#[derive(Debug, Clone)]
pub(super) enum Value {
    /// An existing array (a name, or a view of one): no copy.
    Alias(Reference),
    /// A new array or a scalar, with its number of dimensions when known.
    New(Expr, Option<usize>),
    /// Several values (a tuple display or a function's `return a, b`).
    Tuple(Vec<Value>),
    /// A function that returns nothing.
    Nothing,
    /// A function (a `def` or a `lambda`) as a value: passed, bound, called.
    Function(Rc<Function>),
    /// A string, or text with formatted values.
    Text(Text),
    /// A complex number or array: its real and imaginary parts (`complex`).
    Complex(Box<Complex>),
    /// `np.where(c)` / `np.nonzero(c)`: the index arrays of `c`'s true elements, held as
    /// the mask `c` itself (a bool array); it can only index (`masks.rs`).
    Indices(Box<Value>),
}

/// Translates a module's statements into a program, or refuses it.
pub fn module(source: &str, body: &[py::Stmt], given: &Given) -> (Program, Vec<Diagnostic>) {
    let mut translator = Translator::new(source);
    translator.given = given.clone();
    translator.params = module_params(body);
    translator.used.extend(inputs::loaded_inputs(body));
    translator.loop_locals = loop_locals(body);
    translator.used_after = used_after(body);
    translator.reserve_outputs(body);
    translator.statements(body);
    let mut statements = translator.blocks.pop().unwrap_or_default();
    name_outputs_after_their_storage(&mut statements);
    let assigned = assigned_names(&statements);
    let_where_never_assigned(&mut statements, &assigned);
    let mut spans = UniqueSpans {
        next: source.len() as u32 + 1,
    };
    walk_statements_mut(&mut spans, &mut statements);
    (Program { statements }, translator.diagnostics)
}

pub(super) struct Translator<'s> {
    pub(super) source: &'s str,
    pub(super) storages: Vec<Storage>,
    /// Every name the generated program declares or calls, so fresh names never collide.
    pub(super) used: HashSet<String>,
    /// The statements of each open block, the innermost last.
    pub(super) blocks: Vec<Vec<Stmt>>,
    pub(super) frames: Vec<Frame>,
    /// The user functions being inlined (recursion is refused).
    pub(super) calls: Vec<String>,
    pub(super) params: HashSet<String>,
    /// Output names (`np.save("y.npy", ...)` outputs `y`).
    pub(super) outputs: HashSet<String>,
    /// The inputs' shapes and the entry, from the host.
    pub(super) given: Given,
    /// The `input`s declared so far (at the program's start).
    pub(super) inputs: Vec<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The names each loop may give new storage every iteration (`liveness`).
    pub(super) loop_locals: LoopLocals,
    /// For each loop, the names code after it may read (`liveness`).
    pub(super) used_after: UsedAfter,
    /// The loops being translated, innermost last.
    pub(super) loops: Vec<OpenLoop>,
    /// The id the next function frame gets.
    pub(super) next_frame: u32,
    /// `from numpy import *`: a name not bound otherwise is NumPy's.
    pub(super) numpy_star: bool,
    /// A structured array just made (`records`): its call's span and fields, until a name
    /// is bound to it.
    pub(super) pending_record: Option<(Span, Vec<String>)>,
    /// The storages every assignment of which so far was a comparison: surely bool arrays,
    /// masks (`complex::is_bool_mask`).
    pub(super) bool_storages: HashSet<String>,
    /// Storages that hold an integer the front end knows, by name (`comprehensions`).
    pub(super) constants: HashMap<String, i64>,
}

/// A loop being translated.
#[derive(Debug)]
pub(super) struct OpenLoop {
    /// Its body's block depth.
    pub(super) depth: usize,
    /// The frame it runs in.
    pub(super) frame: usize,
    /// Its iteration-local names (`liveness`).
    pub(super) locals: HashSet<String>,
    /// The names code after it may read (`liveness`).
    pub(super) used_after: HashSet<String>,
    /// The names it or code after it may read: other names of its frame are dead.
    pub(super) live: HashSet<String>,
    /// The bindings at its start.
    pub(super) before: Vec<Frame>,
    /// Scalars bound inside it that outlive it: the name and its storage declared before the
    /// loop, which the body assigns at its end and before each `break` and `continue`.
    pub(super) outliving: Vec<(String, usize)>,
    /// With an `else:` clause, the scalar set by `break` (the `else` runs when it is not).
    pub(super) broke: Option<usize>,
}

impl<'s> Translator<'s> {
    pub(super) fn new(source: &'s str) -> Translator<'s> {
        let mut used: HashSet<String> = crate::builtins::BUILTINS
            .iter()
            .map(|row| row.name.to_string())
            .collect();
        for name in ["pi", "e", "f64", "f32", "i64", "bool", "int"] {
            used.insert(name.to_string());
        }
        Translator {
            source,
            storages: Vec::new(),
            used,
            blocks: vec![Vec::new()],
            frames: vec![Frame::default()],
            calls: Vec::new(),
            params: HashSet::new(),
            outputs: HashSet::new(),
            given: Given::default(),
            inputs: Vec::new(),
            diagnostics: Vec::new(),
            loop_locals: LoopLocals::new(),
            used_after: UsedAfter::new(),
            loops: Vec::new(),
            next_frame: 1,
            numpy_star: false,
            pending_record: None,
            bool_storages: HashSet::new(),
            constants: HashMap::new(),
        }
    }

    // -----------------------------------------------------------------------------------
    // Diagnostics, blocks and names

    pub(super) fn refuse(
        &mut self,
        span: Span,
        message: impl Into<String>,
        note: impl Into<String>,
    ) -> Failed {
        let note = note.into();
        let mut diagnostic = Diagnostic::new(ErrorKind::Semantic, message, span);
        if !note.is_empty() {
            diagnostic = diagnostic.with_note(note);
        }
        // A function inlined at several calls reports an error in its body once.
        if !self.diagnostics.contains(&diagnostic) {
            self.diagnostics.push(diagnostic);
        }
        Failed
    }

    /// A refusal with labels that show the other lines involved (both bindings of a name).
    pub(super) fn refuse_labelled(
        &mut self,
        span: Span,
        message: impl Into<String>,
        labels: Vec<(Span, String)>,
        note: impl Into<String>,
    ) -> Failed {
        let note = note.into();
        let mut diagnostic = Diagnostic::new(ErrorKind::Semantic, message, span);
        for (at, text) in labels {
            if at != span {
                diagnostic = diagnostic.with_label(at, text);
            }
        }
        if !note.is_empty() {
            diagnostic = diagnostic.with_note(note);
        }
        self.diagnostics.push(diagnostic);
        Failed
    }

    pub(super) fn depth(&self) -> usize {
        self.blocks.len() - 1
    }

    pub(super) fn emit(&mut self, kind: StmtKind, span: Span) {
        let block = self.blocks.last_mut().expect("a block is always open");
        block.push(Stmt { kind, span });
    }

    pub(super) fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    pub(super) fn new_storage(&mut self, base: &str, rank: Option<usize>) -> usize {
        // The parts of a complex name are bound to `z.real` and `z.imag`.
        let name = self.fresh(&base.replace('.', "_"));
        self.storages.push(Storage {
            name,
            depth: self.depth(),
            rank,
            fields: Vec::new(),
        });
        self.storages.len() - 1
    }

    pub(super) fn ident(&self, storage: usize, span: Span) -> Ident {
        Ident {
            name: self.storages[storage].name.clone(),
            span,
        }
    }

    /// A name's binding: in the innermost function's frame, then in the frames of the
    /// functions it was defined in (closures), then in the module's.
    pub(super) fn lookup(&self, name: &str) -> Option<&Binding> {
        let mut index = self.frames.len() - 1;
        loop {
            if let Some(binding) = self.frames[index].names.get(name) {
                return Some(binding);
            }
            if index == 0 {
                return None;
            }
            index = self.frames[index].parent.min(index - 1);
        }
    }

    /// The frame a binding of `name` goes to (the module's for `global` names).
    pub(super) fn binding_frame(&mut self, name: &str) -> &mut Frame {
        let top = self.frames.len() - 1;
        if self.frames[top].globals.contains(name) {
            &mut self.frames[0]
        } else {
            &mut self.frames[top]
        }
    }

    pub(super) fn bind(&mut self, name: &str, binding: Binding) {
        self.binding_frame(name)
            .names
            .insert(name.to_string(), binding);
    }

    pub(super) fn line(&self, span: Span) -> String {
        let (line, line_start) = line_of(self.source, span.start as usize);
        let column = self.source[line_start..span.start as usize].chars().count() + 1;
        format!("{line}:{column}")
    }

    pub(super) fn read(&self, reference: &Reference, span: Span) -> Expr {
        names::read(&self.storages[reference.storage], reference, span)
    }
}

// ---------------------------------------------------------------------------------------
// Helpers

/// A call of the builtin `callee`, spanning `at`.
pub(super) fn call_of(callee: &str, args: Vec<Expr>, at: Span) -> Expr {
    Expr {
        kind: call_kind(callee, args, at),
        span: at,
    }
}

/// `lhs op rhs`, spanning `at`.
pub(super) fn binary(op: BinaryOp, lhs: Expr, rhs: Expr, at: Span) -> Expr {
    Expr {
        kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
        span: at,
    }
}

pub(super) fn call_kind(callee: &str, args: Vec<Expr>, span: Span) -> ExprKind {
    ExprKind::Call {
        callee: Ident {
            name: callee.to_string(),
            span,
        },
        args,
    }
}

pub(super) fn int_literal(value: i64, span: Span) -> Expr {
    Expr {
        kind: ExprKind::Int(value),
        span,
    }
}

/// NumPy's broadcast result has as many dimensions as its largest operand.
pub(super) fn broadcast_rank(ranks: &[Option<usize>]) -> Option<usize> {
    let mut res = 0;
    for rank in ranks {
        res = res.max((*rank)?);
    }
    Some(res)
}
