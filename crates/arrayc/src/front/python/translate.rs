//! Ruff's Python tree in, `ast::Program` out: one method per construct. Names are resolved
//! to storages and views (`names`) as statements are translated, functions are inlined with
//! their parameters bound to the caller's references, and at every join (after an `if`, at a
//! loop's back edge) each name must refer to the same storage on every path, or the program
//! is refused with both bindings shown. What is outside the subset is refused at its line
//! with what to write instead.

use super::inputs::{self, Given, GivenInput};
use super::names::{self, Reference, Storage, ViewStep};
use super::passes::{
    assigned_names, let_where_never_assigned, name_outputs_after_their_storage, Rename, UniqueSpans,
};
use super::span;
use crate::ast::{
    AssignOp, BinaryOp, Block, DestructureKind, Expr, ExprKind, Ident, IndexArg, Program,
    ScopeKind, Stmt, StmtKind, UnaryOp,
};
use crate::diagnostic::{line_of, Diagnostic, ErrorKind, Span};
use ruff_python_ast as py;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// A construct was refused; its diagnostic is in `Translator::diagnostics`.
#[derive(Debug)]
struct Failed;

type Result<T> = std::result::Result<T, Failed>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Module {
    Numpy,
    Math,
    Arrayc,
    /// matplotlib: statements that only draw are skipped.
    Plot,
}

#[derive(Debug, Clone)]
enum Binding {
    Module(Module),
    /// `from numpy import zeros` (or `from math import sqrt`): the name in that module.
    Imported(Module, String),
    Function(Rc<py::StmtFunctionDef>),
    /// A module-level name bound once to a constant: an `.arr` `param` of this name.
    Param(String),
    Value(Reference),
    /// Bound inside a block (loop or `if` body) that has ended.
    Gone(Span),
    /// Its binding was refused already: uses say nothing more.
    Poisoned,
}

#[derive(Debug, Clone, Default)]
struct Frame {
    names: HashMap<String, Binding>,
    /// Names a function declared `global`.
    globals: HashSet<String>,
}

/// A Python expression's meaning.
#[derive(Debug, Clone)]
enum Value {
    /// An existing array (a name, or a view of one): no copy.
    Alias(Reference),
    /// A new array or a scalar, with its number of dimensions when known.
    New(Expr, Option<usize>),
    /// Several values (a tuple display or a function's `return a, b`).
    Tuple(Vec<Value>),
    /// A function that returns nothing.
    Nothing,
}

/// Translates a module's statements into a program, or refuses it.
pub fn module(source: &str, body: &[py::Stmt], given: &Given) -> (Program, Vec<Diagnostic>) {
    let mut translator = Translator::new(source);
    translator.given = given.clone();
    translator.params = module_params(body);
    translator.used.extend(inputs::loaded_inputs(body));
    translator.reserve_outputs(body);
    translator.statements(body);
    let mut statements = translator.blocks.pop().unwrap_or_default();
    name_outputs_after_their_storage(&mut statements);
    let assigned = assigned_names(&statements);
    let_where_never_assigned(&mut statements, &assigned);
    let mut spans = UniqueSpans {
        next: source.len() as u32 + 1,
    };
    spans.statements(&mut statements);
    (Program { statements }, translator.diagnostics)
}

struct Translator<'s> {
    source: &'s str,
    storages: Vec<Storage>,
    /// Every name the generated program declares or calls, so fresh names never collide.
    used: HashSet<String>,
    /// The statements of each open block, the innermost last.
    blocks: Vec<Vec<Stmt>>,
    frames: Vec<Frame>,
    /// The user functions being inlined (recursion is refused).
    calls: Vec<String>,
    params: HashSet<String>,
    /// Output names (`np.save("y.npy", ...)` outputs `y`).
    outputs: HashSet<String>,
    /// The inputs' shapes and the entry, from the host.
    given: Given,
    /// The `input`s declared so far (at the program's start).
    inputs: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'s> Translator<'s> {
    fn new(source: &'s str) -> Translator<'s> {
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
        }
    }

    // -----------------------------------------------------------------------------------
    // Diagnostics, blocks and names

    fn refuse(
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
        self.diagnostics.push(diagnostic);
        Failed
    }

    fn depth(&self) -> usize {
        self.blocks.len() - 1
    }

    fn emit(&mut self, kind: StmtKind, span: Span) {
        let block = self.blocks.last_mut().expect("a block is always open");
        block.push(Stmt { kind, span });
    }

    fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    fn new_storage(&mut self, base: &str, rank: Option<usize>) -> usize {
        let name = self.fresh(base);
        self.storages.push(Storage {
            name,
            depth: self.depth(),
            rank,
        });
        self.storages.len() - 1
    }

    fn ident(&self, storage: usize, span: Span) -> Ident {
        Ident {
            name: self.storages[storage].name.clone(),
            span,
        }
    }

    fn lookup(&self, name: &str) -> Option<&Binding> {
        let top = self.frames.last().expect("a frame is always open");
        top.names
            .get(name)
            .or_else(|| self.frames[0].names.get(name))
    }

    /// The frame a binding of `name` goes to (the module's for `global` names).
    fn binding_frame(&mut self, name: &str) -> &mut Frame {
        let top = self.frames.len() - 1;
        if self.frames[top].globals.contains(name) {
            &mut self.frames[0]
        } else {
            &mut self.frames[top]
        }
    }

    fn bind(&mut self, name: &str, binding: Binding) {
        self.binding_frame(name)
            .names
            .insert(name.to_string(), binding);
    }

    fn line(&self, span: Span) -> String {
        let (line, line_start) = line_of(self.source, span.start as usize);
        let column = self.source[line_start..span.start as usize].chars().count() + 1;
        format!("{line}:{column}")
    }

    fn read(&self, reference: &Reference, span: Span) -> Expr {
        names::read(&self.storages[reference.storage], reference, span)
    }

    // -----------------------------------------------------------------------------------
    // Statements

    fn statements(&mut self, body: &[py::Stmt]) {
        for statement in body {
            let _ = self.statement(statement);
        }
    }

    fn statement(&mut self, statement: &py::Stmt) -> Result<()> {
        let at = span(statement);
        match statement {
            py::Stmt::Expr(node) => self.expression_statement(&node.value),
            py::Stmt::Assign(node) => {
                if node.targets.len() != 1 {
                    return Err(self.refuse(
                        at,
                        "chained assignment (`a = b = ...`) is not supported",
                        "assign each name on its own line",
                    ));
                }
                self.assign(&node.targets[0], &node.value, at)
            }
            py::Stmt::AnnAssign(node) => match &node.value {
                Some(value) => self.assign(&node.target, value, at),
                None => Ok(()),
            },
            py::Stmt::AugAssign(node) => {
                self.augmented_assign(&node.target, node.op, &node.value, at)
            }
            py::Stmt::For(node) => self.for_statement(node, at),
            py::Stmt::While(node) => self.while_statement(node, at),
            py::Stmt::If(node) => self.if_statement(node),
            py::Stmt::FunctionDef(node) => {
                if !node.decorator_list.is_empty() || node.is_async {
                    return Err(self.refuse(
                        at,
                        "decorated and async functions are not supported",
                        "define a plain `def`",
                    ));
                }
                self.bind(node.name.as_str(), Binding::Function(Rc::new(node.clone())));
                Ok(())
            }
            py::Stmt::Return(_) => Err(self.refuse(
                at,
                "`return` is supported only as the last statement of a function",
                "compute the result into a name and return it at the end",
            )),
            py::Stmt::Import(node) => self.import(node),
            py::Stmt::ImportFrom(node) => self.import_from(node, at),
            py::Stmt::Global(node) => {
                if self.frames.len() > 1 {
                    let top = self.frames.len() - 1;
                    for name in &node.names {
                        self.frames[top].globals.insert(name.as_str().to_string());
                    }
                }
                Ok(())
            }
            py::Stmt::Pass(_) => Ok(()),
            py::Stmt::Break(_) => {
                self.emit(StmtKind::Break, at);
                Ok(())
            }
            py::Stmt::Continue(_) => {
                self.emit(StmtKind::Continue, at);
                Ok(())
            }
            py::Stmt::ClassDef(_) => {
                Err(self.refuse(at, "classes are not supported", "use functions and arrays"))
            }
            py::Stmt::Delete(_) => {
                Err(self.refuse(at, "`del` is not supported", "remove the line"))
            }
            py::Stmt::With(_) => Err(self.refuse(at, "`with` is not supported", "")),
            py::Stmt::Try(_) | py::Stmt::Raise(_) => {
                Err(self.refuse(at, "exceptions (`try`, `raise`) are not supported", ""))
            }
            py::Stmt::Assert(_) => Err(self.refuse(
                at,
                "`assert` is not supported yet",
                "remove the line (it does not change the results)",
            )),
            py::Stmt::Nonlocal(_) => Err(self.refuse(at, "`nonlocal` is not supported", "")),
            py::Stmt::Match(_) => {
                Err(self.refuse(at, "`match` is not supported", "use `if`/`elif`"))
            }
            py::Stmt::TypeAlias(_) | py::Stmt::IpyEscapeCommand(_) => {
                Err(self.refuse(at, "this statement is not supported", ""))
            }
        }
    }

    fn import(&mut self, node: &py::StmtImport) -> Result<()> {
        for alias in &node.names {
            let full = alias.name.as_str();
            let module = match full {
                "numpy" => Module::Numpy,
                "math" => Module::Math,
                "arrayc" => Module::Arrayc,
                _ if full == "matplotlib" || full.starts_with("matplotlib.") => Module::Plot,
                _ => {
                    return Err(self.refuse(
                        span(alias),
                        format!("module `{full}` is not supported"),
                        "arrayc compiles NumPy (`import numpy as np`), `math` and `arrayc`",
                    ))
                }
            };
            let name = match &alias.asname {
                Some(asname) => asname.as_str(),
                None => full.split('.').next().unwrap_or(full),
            };
            self.bind(name, Binding::Module(module));
        }
        Ok(())
    }

    fn import_from(&mut self, node: &py::StmtImportFrom, at: Span) -> Result<()> {
        let module_name = node.module.as_ref().map_or("", |m| m.as_str());
        let module = match module_name {
            "numpy" => Module::Numpy,
            "math" => Module::Math,
            "arrayc" => Module::Arrayc,
            _ if module_name.starts_with("matplotlib") => Module::Plot,
            _ => {
                return Err(self.refuse(
                    at,
                    format!("module `{module_name}` is not supported"),
                    "arrayc compiles NumPy, `math` and `arrayc`",
                ))
            }
        };
        for alias in &node.names {
            let name = alias.name.as_str();
            if name == "*" {
                return Err(self.refuse(
                    span(alias),
                    "`import *` is not supported",
                    format!("import the names you use: `from {module_name} import zeros, exp`"),
                ));
            }
            let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
            self.bind(bound, Binding::Imported(module, name.to_string()));
        }
        Ok(())
    }

    fn expression_statement(&mut self, value: &py::Expr) -> Result<()> {
        let at = span(value);
        match value {
            // Docstrings and other bare strings.
            py::Expr::StringLiteral(_) => Ok(()),
            py::Expr::Call(call) => {
                if self.is_plot(&call.func) {
                    return Ok(());
                }
                if let py::Expr::Name(name) = call.func.as_ref() {
                    if name.id.as_str() == "print" && self.lookup("print").is_none() {
                        return self.print(call, at);
                    }
                }
                if let py::Expr::Attribute(attribute) = call.func.as_ref() {
                    let attr = attribute.attr.as_str();
                    if self.module_of(&attribute.value) == Some(Module::Numpy) && attr == "save" {
                        return self.save(call, at);
                    }
                    if attr == "fill" && self.module_of(&attribute.value).is_none() {
                        let fill = self.single_argument(call, "fill")?;
                        let fill = self.expr(fill)?;
                        let fill = self.scalar(fill)?;
                        return self.write(&attribute.value, None, AssignOp::Set, fill, at);
                    }
                }
                self.expr(value).map(|_| ())
            }
            _ => self.expr(value).map(|_| ()),
        }
    }

    fn is_plot(&self, func: &py::Expr) -> bool {
        let mut base = func;
        loop {
            match base {
                py::Expr::Attribute(attribute) => base = &attribute.value,
                py::Expr::Call(call) => base = &call.func,
                py::Expr::Name(name) => {
                    return matches!(
                        self.lookup(name.id.as_str()),
                        Some(Binding::Module(Module::Plot) | Binding::Imported(Module::Plot, _))
                    )
                }
                _ => return false,
            }
        }
    }

    fn module_of(&self, expr: &py::Expr) -> Option<Module> {
        match expr {
            py::Expr::Name(name) => match self.lookup(name.id.as_str()) {
                Some(Binding::Module(module)) => Some(*module),
                _ => None,
            },
            _ => None,
        }
    }

    fn single_argument<'a>(&mut self, call: &'a py::ExprCall, what: &str) -> Result<&'a py::Expr> {
        if call.arguments.args.len() != 1 || !call.arguments.keywords.is_empty() {
            return Err(self.refuse(span(call), format!("`{what}` takes one argument here"), ""));
        }
        Ok(&call.arguments.args[0])
    }

    fn print(&mut self, call: &py::ExprCall, at: Span) -> Result<()> {
        let arguments = &call.arguments;
        if arguments.args.len() != 1
            || !arguments.keywords.is_empty()
            || matches!(
                arguments.args[0],
                py::Expr::StringLiteral(_) | py::Expr::FString(_)
            )
        {
            return Err(self.refuse(
                at,
                "`print` of text or of several values is not supported yet",
                "print one number or array per call: `print(err)`",
            ));
        }
        let value = self.expr(&arguments.args[0])?;
        let value = self.value_expr(value, at)?;
        self.emit(StmtKind::Print(value.0), at);
        Ok(())
    }

    fn save(&mut self, call: &py::ExprCall, at: Span) -> Result<()> {
        let arguments = &call.arguments;
        let file = match (arguments.args.first(), arguments.args.len()) {
            (Some(py::Expr::StringLiteral(file)), 2) if arguments.keywords.is_empty() => {
                file.value.to_str().to_string()
            }
            _ => {
                return Err(self.refuse(
                    at,
                    "`np.save` takes a file name written as a string and an array",
                    "write `np.save(\"y.npy\", y)`: the output is named `y`",
                ))
            }
        };
        let name = output_name(&file).ok_or_else(|| {
            self.refuse(
                span(&arguments.args[0]),
                format!("cannot name an output after `{file}`"),
                "save to a file named like a Python name, ending in `.npy`: `np.save(\"u_final.npy\", u)`",
            )
        })?;
        if self.depth() > 0 {
            return Err(self.refuse(
                at,
                "`np.save` inside a loop or an `if` is not supported",
                "save after the loop, at the top level of the script",
            ));
        }
        let value = self.expr(&arguments.args[1])?;
        let (value, _) = self.value_expr(value, at)?;
        self.emit(
            StmtKind::Out {
                name: Ident {
                    name,
                    span: span(&arguments.args[0]),
                },
                value: Some(value),
            },
            at,
        );
        Ok(())
    }

    /// Output names are reserved before translation so that no storage takes one.
    fn reserve_outputs(&mut self, body: &[py::Stmt]) {
        let mut files = Vec::new();
        collect_saved_files(body, &mut files);
        for file in files {
            if let Some(name) = output_name(&file) {
                self.used.insert(name.clone());
                self.outputs.insert(name);
            }
        }
        for param in self.params.clone() {
            self.used.insert(param);
        }
    }

    // -----------------------------------------------------------------------------------
    // Assignment

    fn assign(&mut self, target: &py::Expr, value: &py::Expr, at: Span) -> Result<()> {
        match target {
            py::Expr::Name(name) => {
                let id = name.id.as_str();
                if self.params.contains(id) && self.frames.len() == 1 && self.depth() == 0 {
                    // A module-level constant: `param` (overridable with `--set`).
                    let expr = self.expr(value);
                    let expr = match expr {
                        Ok(expr) => self.scalar(expr)?,
                        Err(failed) => {
                            self.bind(id, Binding::Poisoned);
                            return Err(failed);
                        }
                    };
                    self.emit(
                        StmtKind::Param {
                            name: Ident {
                                name: id.to_string(),
                                span: span(name),
                            },
                            value: expr,
                        },
                        at,
                    );
                    self.bind(id, Binding::Param(id.to_string()));
                    return Ok(());
                }
                match self.expr(value) {
                    Ok(value) => self.assign_name(id, value, span(name)),
                    Err(failed) => {
                        self.bind(id, Binding::Poisoned);
                        Err(failed)
                    }
                }
            }
            py::Expr::Subscript(subscript) => {
                let rhs = self.expr(value)?;
                let (rhs, _) = self.value_expr(rhs, at)?;
                let indices = self.indices(&subscript.slice)?;
                self.write(&subscript.value, Some(indices), AssignOp::Set, rhs, at)
            }
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => self.tuple_assign(elts, value, at),
            _ => Err(self.refuse(
                span(target),
                "this assignment target is not supported",
                "assign a name, a subscript (`a[1:-1] = ...`) or a tuple of names",
            )),
        }
    }

    /// `name = value`: a new reference for an existing array, new storage for a new one.
    fn assign_name(&mut self, name: &str, value: Value, at: Span) -> Result<()> {
        match value {
            Value::Alias(reference) if reference.rank != Some(0) => {
                self.bind(
                    name,
                    Binding::Value(Reference {
                        bound_at: at,
                        ..reference
                    }),
                );
                Ok(())
            }
            Value::Alias(reference) => {
                let expr = self.read(&reference, at);
                self.assign_new(name, expr, Some(0), at)
            }
            Value::New(expr, rank) => self.assign_new(name, expr, rank, at),
            Value::Tuple(_) => Err(self.refuse(
                at,
                "a tuple bound to one name is not supported",
                "take it apart: `a, b = ...`",
            )),
            Value::Nothing => Err(self.refuse(
                at,
                "this function returns nothing (`None`)",
                "return a value from the function, or call it on its own line",
            )),
        }
    }

    /// `name = <new array or scalar>`. A name bound outside the current block to a storage
    /// of its own is assigned in place (the storage is carried around the loop, or across the
    /// `if`); other names of that storage keep the old array, in a copy. Otherwise the name
    /// gets new storage in the current block.
    fn assign_new(&mut self, name: &str, expr: Expr, rank: Option<usize>, at: Span) -> Result<()> {
        let current = match self.binding_frame(name).names.get(name) {
            Some(Binding::Value(reference)) => Some(reference.clone()),
            _ => None,
        };
        if let Some(reference) = current {
            let storage = reference.storage;
            if reference.is_whole() && self.storages[storage].depth < self.depth() {
                self.refuse_if_indexing_a_view(name, storage, at)?;
                self.move_other_references(name, storage, at);
                let target = self.ident(storage, at);
                self.emit(
                    StmtKind::Assign {
                        target,
                        indices: None,
                        op: AssignOp::Set,
                        value: expr,
                    },
                    at,
                );
                self.storages[storage].rank = rank;
                self.bind(
                    name,
                    Binding::Value(Reference {
                        storage,
                        view: Vec::new(),
                        rank,
                        bound_at: at,
                    }),
                );
                return Ok(());
            }
        }
        let storage = self.new_storage(name, rank);
        let ident = self.ident(storage, at);
        self.emit(
            StmtKind::Var {
                name: ident,
                value: expr,
            },
            at,
        );
        self.bind(
            name,
            Binding::Value(Reference {
                storage,
                view: Vec::new(),
                rank,
                bound_at: at,
            }),
        );
        Ok(())
    }

    /// A view's indices are read when the view is used: a scalar in them must not change
    /// while the view is alive.
    fn refuse_if_indexing_a_view(&mut self, name: &str, storage: usize, at: Span) -> Result<()> {
        let storage_name = self.storages[storage].name.clone();
        let mut views = Vec::new();
        for frame in &self.frames {
            for (other, binding) in &frame.names {
                if let Binding::Value(reference) = binding {
                    for step in &reference.view {
                        if let ViewStep::Index(indices) = step {
                            let mut indices = indices.clone();
                            let mut mentions = Rename {
                                from: &storage_name,
                                to: &storage_name,
                                hits: 0,
                            };
                            mentions.indices(&mut indices);
                            if mentions.hits > 0 {
                                views.push(other.clone());
                            }
                        }
                    }
                }
            }
        }
        views.sort();
        match views.first() {
            None => Ok(()),
            Some(view) => Err(self.refuse(
                at,
                format!("`{name}` changes while the view `{view}` indexed with it is in use"),
                format!(
                    "take the view again after changing `{name}`, or index with a copy of `{name}`"
                ),
            )),
        }
    }

    /// Before `storage` is overwritten for `name`, every other name of it keeps the old
    /// array: a copy in new storage.
    fn move_other_references(&mut self, name: &str, storage: usize, at: Span) {
        let top = self.frames.len() - 1;
        let name_frame = if self.frames[top].globals.contains(name) {
            0
        } else {
            top
        };
        let mut others = Vec::new();
        for (frame_index, frame) in self.frames.iter().enumerate() {
            for (other, binding) in &frame.names {
                if let Binding::Value(reference) = binding {
                    if reference.storage == storage && !(frame_index == name_frame && other == name)
                    {
                        others.push((frame_index, other.clone()));
                    }
                }
            }
        }
        if others.is_empty() {
            return;
        }
        others.sort();
        let base = format!("{}_old", self.storages[storage].name);
        let copy = self.new_storage(&base, self.storages[storage].rank);
        let value = Expr {
            kind: ExprKind::Name(self.storages[storage].name.clone()),
            span: at,
        };
        let ident = self.ident(copy, at);
        self.emit(StmtKind::Var { name: ident, value }, at);
        for (frame_index, other) in others {
            if let Some(Binding::Value(reference)) = self.frames[frame_index].names.get_mut(&other)
            {
                reference.storage = copy;
            }
        }
    }

    /// `a, b = x, y`: the right side is evaluated first. Whole arrays that trade places
    /// (`u, un = un, u`) swap their buffers without a copy.
    fn tuple_assign(&mut self, targets: &[py::Expr], value: &py::Expr, at: Span) -> Result<()> {
        let values = match value {
            py::Expr::Tuple(py::ExprTuple { elts, .. }) | py::Expr::List(py::ExprList { elts, .. }) => {
                let mut values = Vec::new();
                for element in elts {
                    values.push(self.expr(element)?);
                }
                values
            }
            _ => match self.expr(value)? {
                Value::Tuple(values) => values,
                _ => {
                    return Err(self.refuse(
                        at,
                        "only a tuple (`a, b = x, y`) or a function's returned tuple can be taken apart here",
                        "",
                    ))
                }
            },
        };
        if values.len() != targets.len() {
            return Err(self.refuse(
                at,
                format!("{} names but {} values", targets.len(), values.len()),
                "",
            ));
        }
        let mut names = Vec::new();
        for target in targets {
            match target {
                py::Expr::Name(name) => names.push((name.id.as_str().to_string(), span(name))),
                _ => {
                    return Err(self.refuse(
                        span(target),
                        "only names can be assigned from a tuple",
                        "assign the subscript on its own line",
                    ))
                }
            }
        }
        if self.try_swap(&names, &values, at) {
            return Ok(());
        }
        // Snapshot new values first: a later target's in-place assignment must not change
        // what an earlier value read.
        let mut settled = Vec::new();
        for value in values {
            settled.push(match value {
                Value::New(expr, rank) if targets.len() > 1 => {
                    let storage = self.new_storage("tuple_item", rank);
                    let ident = self.ident(storage, at);
                    self.emit(
                        StmtKind::Var {
                            name: ident,
                            value: expr,
                        },
                        at,
                    );
                    let read = Expr {
                        kind: ExprKind::Name(self.storages[storage].name.clone()),
                        span: at,
                    };
                    Value::New(read, rank)
                }
                other => other,
            });
        }
        let mut result = Ok(());
        for ((name, name_span), value) in names.into_iter().zip(settled) {
            if let Err(failed) = self.assign_name(&name, value, name_span) {
                result = Err(failed);
            }
        }
        result
    }

    /// A permutation of whole arrays among names that refer to them whole: the `.arr`
    /// buffer swap `a, b = b, a` of their storages; other names follow their arrays.
    fn try_swap(&mut self, names: &[(String, Span)], values: &[Value], at: Span) -> bool {
        let mut targets = Vec::new();
        let mut sources = Vec::new();
        for ((name, _), value) in names.iter().zip(values) {
            let target = match self.binding_frame(name).names.get(name) {
                Some(Binding::Value(reference)) if reference.is_whole() => reference.storage,
                _ => return false,
            };
            let Value::Alias(source) = value else {
                return false;
            };
            if !source.is_whole() {
                return false;
            }
            targets.push(target);
            sources.push(source.storage);
        }
        let mut sorted_targets = targets.clone();
        sorted_targets.sort();
        let mut sorted_sources = sources.clone();
        sorted_sources.sort();
        let distinct = sorted_targets.windows(2).all(|pair| pair[0] != pair[1]);
        if sorted_targets != sorted_sources || !distinct || targets == sources {
            return targets == sources && distinct;
        }
        let names_out: Vec<Ident> = targets.iter().map(|&t| self.ident(t, at)).collect();
        let reads: Vec<Expr> = sources
            .iter()
            .map(|&s| Expr {
                kind: ExprKind::Name(self.storages[s].name.clone()),
                span: at,
            })
            .collect();
        self.emit(
            StmtKind::Destructure {
                kind: DestructureKind::Assign,
                names: names_out,
                value: Expr {
                    kind: ExprKind::Tuple(reads),
                    span: at,
                },
            },
            at,
        );
        // The array that was in storage `sources[i]` is now in `targets[i]`.
        let moved: HashMap<usize, usize> = sources
            .iter()
            .copied()
            .zip(targets.iter().copied())
            .collect();
        let target_names: HashSet<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        let top = self.frames.len() - 1;
        let top_globals = self.frames[top].globals.clone();
        for frame_index in 0..self.frames.len() {
            for (name, binding) in self.frames[frame_index].names.iter_mut() {
                let is_target = target_names.contains(name.as_str())
                    && (frame_index == top || (frame_index == 0 && top_globals.contains(name)));
                if is_target {
                    continue;
                }
                if let Binding::Value(reference) = binding {
                    if let Some(&to) = moved.get(&reference.storage) {
                        reference.storage = to;
                    }
                }
            }
        }
        for ((name, name_span), target) in names.iter().zip(&targets) {
            let rank = self.storages[*target].rank;
            self.bind(
                name,
                Binding::Value(Reference {
                    storage: *target,
                    view: Vec::new(),
                    rank,
                    bound_at: *name_span,
                }),
            );
        }
        true
    }

    fn augmented_assign(
        &mut self,
        target: &py::Expr,
        op: py::Operator,
        value: &py::Expr,
        at: Span,
    ) -> Result<()> {
        let rhs = self.expr(value)?;
        let (rhs, _) = self.value_expr(rhs, at)?;
        let (base, indices) = match target {
            py::Expr::Name(name) => {
                let id = name.id.as_str();
                let rank = match self.lookup(id) {
                    Some(Binding::Value(reference)) => reference.rank,
                    Some(Binding::Param(_)) => Some(0),
                    _ => None,
                };
                if rank == Some(0) {
                    // Scalars are immutable: `t += dt` rebinds `t`.
                    let old = self.expr(target)?;
                    let (old, _) = self.value_expr(old, at)?;
                    let binary = binary_op(op).ok_or_else(|| self.unsupported_operator(op, at))?;
                    let expr = Expr {
                        kind: ExprKind::Binary(binary, Box::new(old), Box::new(rhs)),
                        span: at,
                    };
                    return self.assign_new(id, expr, Some(0), span(name));
                }
                if rank.is_none() && matches!(self.lookup(id), Some(Binding::Value(_))) {
                    return Err(self.refuse(
                        at,
                        format!("cannot tell whether `{id}` is an array (updated in place) or a scalar (rebound)"),
                        format!("write `{id} = {id} + ...` to rebind it, or `{id}[...] += ...` to update the array"),
                    ));
                }
                (target, None)
            }
            py::Expr::Subscript(subscript) => {
                let indices = self.indices(&subscript.slice)?;
                (subscript.value.as_ref(), Some(indices))
            }
            _ => {
                return Err(self.refuse(
                    span(target),
                    "this augmented assignment target is not supported",
                    "",
                ))
            }
        };
        let assign_op = match op {
            py::Operator::Add => AssignOp::Add,
            py::Operator::Sub => AssignOp::Sub,
            py::Operator::Mult => AssignOp::Mul,
            py::Operator::Div => AssignOp::Div,
            _ => {
                return Err(self.refuse(
                    at,
                    format!(
                        "in-place `{}=` on an array is not supported yet",
                        op.as_str()
                    ),
                    "write `a[...] = a[...] OP b`",
                ))
            }
        };
        self.write(base, indices, assign_op, rhs, at)
    }

    /// A write through `base` (a name or a view of one) at `indices` (`None`: all of it):
    /// a region assignment of the storage it refers to.
    fn write(
        &mut self,
        base: &py::Expr,
        indices: Option<Vec<IndexArg>>,
        op: AssignOp,
        value: Expr,
        at: Span,
    ) -> Result<()> {
        let reference = match self.expr(base)? {
            Value::Alias(reference) => reference,
            _ => {
                return Err(self.refuse(
                    span(base),
                    "a write into a temporary array has no effect",
                    "write into a name or a slice of one",
                ))
            }
        };
        let storage = reference.storage;
        let region = names::write_region(&reference.view, self.storages[storage].rank, indices)
            .map_err(|reason| {
                self.refuse(
                    at,
                    reason,
                    "write into the array the view was taken from, with the indices combined",
                )
            })?;
        let target = self.ident(storage, span(base));
        // A write into the whole array is `a[...] op= e`: in place, keeping `a`'s dtype
        // (`a op= e` of a whole `.arr` `var` would rebind it, possibly to another dtype).
        let region = region.unwrap_or_else(|| vec![IndexArg::Ellipsis(at)]);
        self.emit(
            StmtKind::Assign {
                target,
                indices: Some(region),
                op,
                value,
            },
            at,
        );
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // Control flow

    fn for_statement(&mut self, node: &py::StmtFor, at: Span) -> Result<()> {
        if !node.orelse.is_empty() {
            return Err(self.refuse(at, "`for ... else` is not supported", ""));
        }
        let py::Expr::Name(target) = node.target.as_ref() else {
            return Err(self.refuse(
                span(node.target.as_ref()),
                "only `for NAME in range(...)` is supported",
                "loop over indices: `for i in range(n)`",
            ));
        };
        let (kind, range) = match node.iter.as_ref() {
            py::Expr::Call(call) if self.is_unroll(&call.func) => {
                let inner = self.single_argument(call, "arrayc.unroll")?;
                (ScopeKind::For, inner)
            }
            other => (ScopeKind::Loop, other),
        };
        let (start, end) = self.range(range)?;
        let before = self.frames.clone();
        self.blocks.push(Vec::new());
        let index = self.new_storage(target.id.as_str(), Some(0));
        let index_ident = self.ident(index, span(target));
        self.bind(
            target.id.as_str(),
            Binding::Value(Reference {
                storage: index,
                view: Vec::new(),
                rank: Some(0),
                bound_at: span(target),
            }),
        );
        self.statements(&node.body);
        let statements = self.blocks.pop().unwrap_or_default();
        let joined = self.join_loop(&before, at);
        self.emit(
            StmtKind::Scope {
                kind,
                index: index_ident,
                start,
                end,
                unroll: None,
                body: Block {
                    statements,
                    span: at,
                },
            },
            at,
        );
        joined
    }

    fn is_unroll(&self, func: &py::Expr) -> bool {
        match func {
            py::Expr::Attribute(attribute) => {
                attribute.attr.as_str() == "unroll"
                    && self.module_of(&attribute.value) == Some(Module::Arrayc)
            }
            py::Expr::Name(name) => matches!(
                self.lookup(name.id.as_str()),
                Some(Binding::Imported(Module::Arrayc, imported)) if imported == "unroll"
            ),
            _ => false,
        }
    }

    /// `range(n)` or `range(a, b)` (or `range(a, b, 1)`): the bounds.
    fn range(&mut self, iter: &py::Expr) -> Result<(Expr, Expr)> {
        let refuse = |this: &mut Self| {
            this.refuse(
                span(iter),
                "only `range(...)` with a step of 1 can be looped over",
                "loop over indices: `for i in range(n)` (or `arrayc.unroll(range(n))` to unroll)",
            )
        };
        let py::Expr::Call(call) = iter else {
            return Err(refuse(self));
        };
        let is_range = matches!(call.func.as_ref(), py::Expr::Name(name) if name.id.as_str() == "range" && self.lookup("range").is_none());
        if !is_range || !call.arguments.keywords.is_empty() {
            return Err(refuse(self));
        }
        let args = &call.arguments.args;
        let mut bounds = Vec::new();
        for arg in args.iter() {
            let value = self.expr(arg)?;
            bounds.push(self.scalar(value)?);
        }
        match bounds.len() {
            1 => {
                let end = bounds.pop().expect("one bound");
                Ok((int_literal(0, span(iter)), end))
            }
            2 => {
                let end = bounds.pop().expect("two bounds");
                Ok((bounds.pop().expect("two bounds"), end))
            }
            3 if matches!(&args[2], py::Expr::NumberLiteral(n) if matches!(&n.value, py::Number::Int(i) if i.as_i64() == Some(1))) =>
            {
                bounds.pop();
                let end = bounds.pop().expect("three bounds");
                Ok((bounds.pop().expect("three bounds"), end))
            }
            _ => Err(refuse(self)),
        }
    }

    fn while_statement(&mut self, node: &py::StmtWhile, at: Span) -> Result<()> {
        if !node.orelse.is_empty() {
            return Err(self.refuse(at, "`while ... else` is not supported", ""));
        }
        let condition = self.expr(&node.test)?;
        let condition = self.scalar(condition)?;
        let before = self.frames.clone();
        self.blocks.push(Vec::new());
        self.statements(&node.body);
        let statements = self.blocks.pop().unwrap_or_default();
        let joined = self.join_loop(&before, at);
        self.emit(
            StmtKind::While {
                condition,
                body: Block {
                    statements,
                    span: at,
                },
            },
            at,
        );
        joined
    }

    /// At a loop's back edge every name bound before the loop must refer to what it did at
    /// the loop's start; names bound only inside the loop end with it.
    fn join_loop(&mut self, before: &[Frame], at: Span) -> Result<()> {
        let mut result = Ok(());
        for (frame_index, before_frame) in before.iter().enumerate().take(self.frames.len()) {
            let mut names: Vec<&String> = before_frame.names.keys().collect();
            names.sort();
            for name in names {
                let old = &before_frame.names[name];
                let new = self.frames[frame_index].names.get(name);
                if let (Binding::Value(old), Some(Binding::Value(new))) = (old, new) {
                    if old.storage != new.storage || old.view != new.view {
                        let message = format!(
                            "`{name}` refers to another array at the end of the loop body than at its start"
                        );
                        let note = format!(
                            "bound at {} before the loop and at {} in it; a name carried around a loop must keep its array (write `{name}[...] = ...` to update it in place, or swap whole arrays with `a, b = b, a`)",
                            self.line(old.bound_at),
                            self.line(new.bound_at)
                        );
                        result = Err(self.refuse(new.bound_at, message, note));
                    }
                }
            }
        }
        self.end_block();
        if result.is_err() {
            let _ = at;
        }
        result
    }

    /// After a block: names that refer to storage declared inside it are gone.
    fn end_block(&mut self) {
        let depth = self.depth();
        for frame in self.frames.iter_mut() {
            for binding in frame.names.values_mut() {
                if let Binding::Value(reference) = binding {
                    if self.storages[reference.storage].depth > depth {
                        *binding = Binding::Gone(reference.bound_at);
                    }
                }
            }
        }
    }

    fn if_statement(&mut self, node: &py::StmtIf) -> Result<()> {
        let at = span(node);
        let mut branches: Vec<(Option<&py::Expr>, &[py::Stmt], Span)> =
            vec![(Some(&node.test), &node.body, at)];
        for clause in &node.elif_else_clauses {
            branches.push((clause.test.as_ref(), &clause.body, span(clause)));
        }
        self.if_chain(&branches)
    }

    fn if_chain(&mut self, branches: &[(Option<&py::Expr>, &[py::Stmt], Span)]) -> Result<()> {
        let Some(&(test, body, at)) = branches.first() else {
            return Ok(());
        };
        let Some(test) = test else {
            // A trailing `else:` reached through the chain.
            self.statements(body);
            return Ok(());
        };
        let condition = self.expr(test)?;
        let condition = self.scalar(condition)?;
        let before = self.frames.clone();
        self.blocks.push(Vec::new());
        self.statements(body);
        let then_statements = self.blocks.pop().unwrap_or_default();
        let then_frames = std::mem::replace(&mut self.frames, before.clone());
        let else_block = if branches.len() > 1 {
            self.blocks.push(Vec::new());
            let chained = self.if_chain(&branches[1..]);
            let statements = self.blocks.pop().unwrap_or_default();
            chained?;
            Some(Block {
                statements,
                span: branches[1].2,
            })
        } else {
            None
        };
        let else_frames = std::mem::replace(&mut self.frames, before.clone());
        let joined = self.join_branches(&before, &then_frames, &else_frames);
        self.emit(
            StmtKind::If {
                condition,
                then_block: Block {
                    statements: then_statements,
                    span: at,
                },
                else_block,
            },
            at,
        );
        joined
    }

    /// After `if`/`else`: a name must refer to the same array after both branches.
    fn join_branches(
        &mut self,
        before: &[Frame],
        then_frames: &[Frame],
        else_frames: &[Frame],
    ) -> Result<()> {
        let depth = self.depth();
        let mut result = Ok(());
        for (frame_index, before_frame) in before.iter().enumerate() {
            let mut names: Vec<String> = then_frames[frame_index]
                .names
                .keys()
                .chain(else_frames[frame_index].names.keys())
                .cloned()
                .collect();
            names.sort();
            names.dedup();
            for name in names {
                let then_binding = then_frames[frame_index].names.get(&name);
                let else_binding = else_frames[frame_index].names.get(&name);
                let joined = match (then_binding, else_binding) {
                    (Some(Binding::Value(a)), Some(Binding::Value(b)))
                        if a.storage == b.storage && a.view == b.view =>
                    {
                        if self.storages[a.storage].depth > depth {
                            Binding::Gone(a.bound_at)
                        } else {
                            Binding::Value(a.clone())
                        }
                    }
                    (Some(Binding::Value(a)), Some(Binding::Value(b))) => {
                        let was_bound = before_frame.names.contains_key(&name);
                        let a_inner = self.storages[a.storage].depth > depth;
                        let b_inner = self.storages[b.storage].depth > depth;
                        if was_bound || (!a_inner && !b_inner) {
                            let message = format!("`{name}` refers to different arrays after the two branches of this `if`");
                            let note = format!(
                                "bound at {} and at {}; which one is decided at run time, so a later read or write could not be compiled (bind `{name}` before the `if` and assign into it with `{name}[...] = ...`, or copy with `.copy()` in both branches)",
                                self.line(a.bound_at),
                                self.line(b.bound_at)
                            );
                            result = Err(self.refuse(b.bound_at, message, note));
                            Binding::Poisoned
                        } else {
                            Binding::Gone(a.bound_at)
                        }
                    }
                    (Some(Binding::Value(a)), _) | (_, Some(Binding::Value(a))) => {
                        Binding::Gone(a.bound_at)
                    }
                    (Some(binding), _) | (_, Some(binding)) => binding.clone(),
                    (None, None) => continue,
                };
                self.frames[frame_index].names.insert(name, joined);
            }
            self.frames[frame_index].globals = then_frames[frame_index].globals.clone();
        }
        result
    }

    // -----------------------------------------------------------------------------------
    // Expressions

    /// An expression's value as `.arr` source: a view is read, a tuple refused.
    fn value_expr(&mut self, value: Value, at: Span) -> Result<(Expr, Option<usize>)> {
        match value {
            Value::Alias(reference) => Ok((self.read(&reference, at), reference.rank)),
            Value::New(expr, rank) => Ok((expr, rank)),
            Value::Tuple(_) => Err(self.refuse(
                at,
                "a tuple is not an array here",
                "take it apart first: `a, b = ...`",
            )),
            Value::Nothing => Err(self.refuse(at, "this function returns nothing (`None`)", "")),
        }
    }

    fn scalar(&mut self, value: Value) -> Result<Expr> {
        let at = match &value {
            Value::New(expr, _) => expr.span,
            Value::Alias(reference) => reference.bound_at,
            _ => Span::new(0, 0),
        };
        self.value_expr(value, at).map(|(expr, _)| expr)
    }

    fn operand(&mut self, expr: &py::Expr) -> Result<(Expr, Option<usize>)> {
        let value = self.expr(expr)?;
        self.value_expr(value, span(expr))
    }

    fn expr(&mut self, expr: &py::Expr) -> Result<Value> {
        let at = span(expr);
        let new =
            |kind: ExprKind, rank: Option<usize>| Ok(Value::New(Expr { kind, span: at }, rank));
        match expr {
            py::Expr::NumberLiteral(number) => match &number.value {
                py::Number::Int(value) => match value.as_i64() {
                    Some(value) => new(ExprKind::Int(value), Some(0)),
                    None => Err(self.refuse(at, "this integer does not fit in 64 bits", "")),
                },
                py::Number::Float(value) => new(ExprKind::Number(*value), Some(0)),
                py::Number::Complex { .. } => {
                    Err(self.refuse(at, "complex numbers are not supported yet", ""))
                }
            },
            py::Expr::BooleanLiteral(literal) => new(ExprKind::Bool(literal.value), Some(0)),
            py::Expr::Name(name) => self.name(name.id.as_str(), at),
            py::Expr::BinOp(node) => {
                let (lhs, lhs_rank) = self.operand(&node.left)?;
                let (rhs, rhs_rank) = self.operand(&node.right)?;
                let rank = broadcast_rank(&[lhs_rank, rhs_rank]);
                match node.op {
                    py::Operator::MatMult => new(call_kind("matmul", vec![lhs, rhs], at), None),
                    py::Operator::BitAnd => new(
                        ExprKind::Binary(BinaryOp::And, Box::new(lhs), Box::new(rhs)),
                        rank,
                    ),
                    py::Operator::BitOr => new(
                        ExprKind::Binary(BinaryOp::Or, Box::new(lhs), Box::new(rhs)),
                        rank,
                    ),
                    op => {
                        let binary =
                            binary_op(op).ok_or_else(|| self.unsupported_operator(op, at))?;
                        new(ExprKind::Binary(binary, Box::new(lhs), Box::new(rhs)), rank)
                    }
                }
            }
            py::Expr::UnaryOp(node) => {
                let (operand, rank) = self.operand(&node.operand)?;
                match node.op {
                    py::UnaryOp::UAdd => new(operand.kind, rank),
                    py::UnaryOp::USub => {
                        new(ExprKind::Unary(UnaryOp::Neg, Box::new(operand)), rank)
                    }
                    py::UnaryOp::Not | py::UnaryOp::Invert => {
                        new(ExprKind::Unary(UnaryOp::Not, Box::new(operand)), rank)
                    }
                }
            }
            py::Expr::BoolOp(node) => {
                let op = match node.op {
                    py::BoolOp::And => BinaryOp::And,
                    py::BoolOp::Or => BinaryOp::Or,
                };
                let mut res: Option<Expr> = None;
                for value in &node.values {
                    let (operand, rank) = self.operand(value)?;
                    if rank != Some(0) {
                        return Err(self.refuse(
                            span(value),
                            "`and`/`or` of arrays is ambiguous in NumPy",
                            "use `&`/`|` for elementwise logic",
                        ));
                    }
                    res = Some(match res {
                        None => operand,
                        Some(lhs) => Expr {
                            kind: ExprKind::Binary(op, Box::new(lhs), Box::new(operand)),
                            span: at,
                        },
                    });
                }
                Ok(Value::New(res.ok_or(Failed)?, Some(0)))
            }
            py::Expr::Compare(node) => {
                let mut left = self.operand(&node.left)?;
                let mut res: Option<Expr> = None;
                let mut ranks = vec![left.1];
                for (op, right) in node.ops.iter().zip(node.comparators.iter()) {
                    let right = self.operand(right)?;
                    ranks.push(right.1);
                    let op = match op {
                        py::CmpOp::Eq => BinaryOp::Eq,
                        py::CmpOp::NotEq => BinaryOp::Ne,
                        py::CmpOp::Lt => BinaryOp::Lt,
                        py::CmpOp::LtE => BinaryOp::Le,
                        py::CmpOp::Gt => BinaryOp::Gt,
                        py::CmpOp::GtE => BinaryOp::Ge,
                        _ => {
                            return Err(self.refuse(
                                at,
                                format!("`{}` is not supported", op.as_str()),
                                "compare numbers with `==`, `<`, ...",
                            ))
                        }
                    };
                    let comparison = Expr {
                        kind: ExprKind::Binary(
                            op,
                            Box::new(left.0.clone()),
                            Box::new(right.0.clone()),
                        ),
                        span: at,
                    };
                    res = Some(match res {
                        None => comparison,
                        Some(lhs) => Expr {
                            kind: ExprKind::Binary(
                                BinaryOp::And,
                                Box::new(lhs),
                                Box::new(comparison),
                            ),
                            span: at,
                        },
                    });
                    left = right;
                }
                Ok(Value::New(res.ok_or(Failed)?, broadcast_rank(&ranks)))
            }
            py::Expr::If(node) => {
                let condition = self.expr(&node.test)?;
                let condition = self.scalar(condition)?;
                let body = self.expr(&node.body)?;
                let orelse = self.expr(&node.orelse)?;
                if let (Value::Alias(a), _) | (_, Value::Alias(a)) = (&body, &orelse) {
                    if a.rank != Some(0) {
                        return Err(self.refuse(
                            at,
                            "`x if c else y` of arrays: which array a name refers to would be decided at run time",
                            "copy both (`a.copy() if c else b.copy()`) or use `np.where(c, a, b)`",
                        ));
                    }
                }
                let (body, body_rank) = self.value_expr(body, at)?;
                let (orelse, orelse_rank) = self.value_expr(orelse, at)?;
                new(
                    call_kind("where", vec![condition, body, orelse], at),
                    broadcast_rank(&[body_rank, orelse_rank]),
                )
            }
            py::Expr::Call(call) => self.call(call),
            py::Expr::Attribute(attribute) => self.attribute(attribute),
            py::Expr::Subscript(subscript) => self.subscript(subscript),
            py::Expr::Tuple(tuple) => {
                let mut values = Vec::new();
                for element in &tuple.elts {
                    values.push(self.expr(element)?);
                }
                Ok(Value::Tuple(values))
            }
            py::Expr::List(list) => {
                let mut items = Vec::new();
                let mut ranks = Vec::new();
                for element in &list.elts {
                    let (item, rank) = self.operand(element)?;
                    items.push(item);
                    ranks.push(rank);
                }
                let rank = match ranks.first() {
                    Some(Some(r)) if ranks.iter().all(|x| *x == Some(*r)) => Some(r + 1),
                    None => Some(1),
                    _ => None,
                };
                new(ExprKind::Array(items), rank)
            }
            py::Expr::NoneLiteral(_) => {
                Err(self.refuse(at, "`None` is supported only in indexing (a new axis)", ""))
            }
            py::Expr::StringLiteral(_) | py::Expr::FString(_) | py::Expr::BytesLiteral(_) => {
                Err(self.refuse(
                    at,
                    "strings are supported only as file names (`np.save`) and docstrings",
                    "",
                ))
            }
            py::Expr::ListComp(_) | py::Expr::Generator(_) => Err(self.refuse(
                at,
                "comprehensions are not supported yet",
                "build the array with NumPy functions (`np.arange`, `np.linspace`) or a loop",
            )),
            py::Expr::Dict(_) | py::Expr::DictComp(_) => {
                Err(self.refuse(at, "dicts are not supported", "use separate names"))
            }
            py::Expr::Set(_) | py::Expr::SetComp(_) => {
                Err(self.refuse(at, "sets are not supported", ""))
            }
            py::Expr::Lambda(_) => Err(self.refuse(
                at,
                "`lambda` is not supported",
                "define a function with `def`",
            )),
            _ => Err(self.refuse(at, "this expression is not supported", "")),
        }
    }

    fn name(&mut self, id: &str, at: Span) -> Result<Value> {
        match self.lookup(id).cloned() {
            Some(Binding::Value(reference)) => {
                if reference.rank == Some(0) {
                    Ok(Value::New(self.read(&reference, at), Some(0)))
                } else {
                    Ok(Value::Alias(reference))
                }
            }
            Some(Binding::Param(name)) => Ok(Value::New(Expr { kind: ExprKind::Name(name), span: at }, Some(0))),
            Some(Binding::Gone(bound_at)) => Err(self.refuse(
                at,
                format!("`{id}` was bound inside a loop or `if` body and is used after it"),
                format!(
                    "bound at {}; bind `{id}` before the loop or `if` (e.g. `{id} = np.zeros_like(...)` or `{id} = 0.0`) and assign it inside",
                    self.line(bound_at)
                ),
            )),
            Some(Binding::Poisoned) => Err(Failed),
            Some(Binding::Imported(Module::Numpy, name)) => self.numpy_constant(&name, at),
            Some(Binding::Imported(Module::Math, name)) => self.math_constant(&name, at),
            Some(Binding::Module(_) | Binding::Imported(..) | Binding::Function(_)) => Err(self.refuse(
                at,
                format!("`{id}` is a module or a function, not a value"),
                "",
            )),
            None => Err(self.refuse(at, format!("name `{id}` is not defined"), "")),
        }
    }

    fn numpy_constant(&mut self, name: &str, at: Span) -> Result<Value> {
        let expr = |kind| Ok(Value::New(Expr { kind, span: at }, Some(0)));
        let number = |value: f64| Expr {
            kind: ExprKind::Number(value),
            span: at,
        };
        match name {
            "pi" => expr(ExprKind::Name("pi".to_string())),
            "e" => expr(ExprKind::Name("e".to_string())),
            "inf" => expr(ExprKind::Binary(
                BinaryOp::Div,
                Box::new(number(1.0)),
                Box::new(number(0.0)),
            )),
            "nan" => expr(ExprKind::Binary(
                BinaryOp::Div,
                Box::new(number(0.0)),
                Box::new(number(0.0)),
            )),
            _ => Err(self.refuse(at, format!("`numpy.{name}` is not supported here"), "")),
        }
    }

    fn math_constant(&mut self, name: &str, at: Span) -> Result<Value> {
        match name {
            "pi" | "e" | "inf" | "nan" => self.numpy_constant(name, at),
            _ => Err(self.refuse(at, format!("`math.{name}` is not supported here"), "")),
        }
    }

    fn attribute(&mut self, attribute: &py::ExprAttribute) -> Result<Value> {
        let at = span(attribute);
        let attr = attribute.attr.as_str();
        match self.module_of(&attribute.value) {
            Some(Module::Numpy) => return self.numpy_constant(attr, at),
            Some(Module::Math) => return self.math_constant(attr, at),
            Some(_) => {
                return Err(self.refuse(
                    at,
                    format!("`.{attr}` of this module is not supported"),
                    "",
                ))
            }
            None => {}
        }
        let base = self.expr(&attribute.value)?;
        match attr {
            "T" => match base {
                Value::Alias(mut reference) => {
                    reference.view.push(ViewStep::Transpose);
                    Ok(Value::Alias(reference))
                }
                other => {
                    let (expr, rank) = self.value_expr(other, at)?;
                    Ok(Value::New(
                        Expr {
                            kind: call_kind("transpose", vec![expr], at),
                            span: at,
                        },
                        rank,
                    ))
                }
            },
            "shape" | "size" | "ndim" | "dtype" => Err(self.refuse(
                at,
                format!("`.{attr}` is not supported yet"),
                "use the sizes the array was made with (the module's constants)",
            )),
            _ => Err(self.refuse(at, format!("the attribute `.{attr}` is not supported"), "")),
        }
    }

    fn subscript(&mut self, subscript: &py::ExprSubscript) -> Result<Value> {
        let at = span(subscript);
        let base = self.expr(&subscript.value)?;
        let indices = self.indices(&subscript.slice)?;
        let base_rank = match &base {
            Value::Alias(reference) => reference.rank,
            Value::New(_, rank) => *rank,
            _ => None,
        };
        let rank = indexed_rank(base_rank, &indices, self);
        match base {
            Value::Alias(mut reference) if rank != Some(0) && rank.is_some() => {
                reference.view.push(ViewStep::Index(indices));
                reference.rank = rank;
                Ok(Value::Alias(reference))
            }
            Value::Alias(reference) if rank.is_none() => {
                // A mask or an index array: a new array.
                let read = self.read(&reference, at);
                Ok(Value::New(
                    Expr {
                        kind: ExprKind::Index {
                            base: Box::new(read),
                            indices,
                        },
                        span: at,
                    },
                    None,
                ))
            }
            other => {
                let (expr, _) = self.value_expr(other, at)?;
                Ok(Value::New(
                    Expr {
                        kind: ExprKind::Index {
                            base: Box::new(expr),
                            indices,
                        },
                        span: at,
                    },
                    rank,
                ))
            }
        }
    }

    fn indices(&mut self, slice: &py::Expr) -> Result<Vec<IndexArg>> {
        let items: Vec<&py::Expr> = match slice {
            py::Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        let mut res = Vec::new();
        for item in items {
            let at = span(item);
            res.push(match item {
                py::Expr::Slice(node) => {
                    let mut part = |part: &Option<Box<py::Expr>>| -> Result<Option<Expr>> {
                        match part {
                            None => Ok(None),
                            Some(expr) => {
                                let value = self.expr(expr)?;
                                self.scalar(value).map(Some)
                            }
                        }
                    };
                    IndexArg::Slice {
                        start: part(&node.lower)?,
                        end: part(&node.upper)?,
                        step: part(&node.step)?,
                        span: at,
                    }
                }
                py::Expr::NoneLiteral(_) => IndexArg::NewAxis(at),
                py::Expr::EllipsisLiteral(_) => IndexArg::Ellipsis(at),
                py::Expr::Attribute(attribute)
                    if attribute.attr.as_str() == "newaxis"
                        && self.module_of(&attribute.value) == Some(Module::Numpy) =>
                {
                    IndexArg::NewAxis(at)
                }
                other => {
                    let value = self.expr(other)?;
                    let (expr, rank) = self.value_expr(value, at)?;
                    let _ = rank;
                    IndexArg::Single(expr)
                }
            });
        }
        Ok(res)
    }

    fn unsupported_operator(&mut self, op: py::Operator, at: Span) -> Failed {
        let note = match op {
            py::Operator::BitXor => "for booleans, `a != b` is their exclusive or",
            _ => "",
        };
        self.refuse(
            at,
            format!("the operator `{}` is not supported yet", op.as_str()),
            note,
        )
    }

    // -----------------------------------------------------------------------------------
    // Calls

    fn call(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        match call.func.as_ref() {
            py::Expr::Name(name) => {
                let id = name.id.as_str();
                match self.lookup(id).cloned() {
                    Some(Binding::Function(def)) => self.inline(&def, call),
                    Some(Binding::Imported(Module::Numpy, imported)) => {
                        self.numpy_call(&imported, call)
                    }
                    Some(Binding::Imported(Module::Math, imported)) => {
                        self.math_call(&imported, call)
                    }
                    Some(_) => Err(self.refuse(at, format!("`{id}` cannot be called"), "")),
                    None => self.python_builtin(id, call),
                }
            }
            py::Expr::Attribute(attribute) => {
                let attr = attribute.attr.as_str();
                match self.module_of(&attribute.value) {
                    Some(Module::Numpy) => self.numpy_call(attr, call),
                    Some(Module::Math) => self.math_call(attr, call),
                    Some(Module::Arrayc) => Err(self.refuse(
                        at,
                        format!("`arrayc.{attr}` is not supported here"),
                        "`arrayc.unroll(range(n))` is written as a `for` loop's iterable",
                    )),
                    Some(Module::Plot) => Err(self.refuse(
                        at,
                        "matplotlib is skipped only in statements that draw",
                        "",
                    )),
                    None => {
                        if let py::Expr::Attribute(inner) = attribute.value.as_ref() {
                            if self.module_of(&inner.value) == Some(Module::Numpy) {
                                return Err(self.refuse(
                                    at,
                                    format!(
                                        "`numpy.{}.{attr}` is not supported yet",
                                        inner.attr.as_str()
                                    ),
                                    "",
                                ));
                            }
                        }
                        self.method(&attribute.value, attr, call)
                    }
                }
            }
            _ => Err(self.refuse(at, "this call is not supported", "")),
        }
    }

    /// Positional and keyword arguments of a library call, translated.
    fn arguments(&mut self, call: &py::ExprCall) -> Result<(Vec<Expr>, Vec<Option<usize>>)> {
        let mut args = Vec::new();
        let mut ranks = Vec::new();
        for arg in call.arguments.args.iter() {
            if let py::Expr::Starred(_) = arg {
                return Err(self.refuse(span(arg), "`*args` is not supported here", ""));
            }
            let (expr, rank) = self.operand(arg)?;
            args.push(expr);
            ranks.push(rank);
        }
        for keyword in call.arguments.keywords.iter() {
            let Some(name) = &keyword.arg else {
                return Err(self.refuse(span(keyword), "`**kwargs` is not supported", ""));
            };
            let value = if name.as_str() == "dtype" {
                self.dtype(&keyword.value)?
            } else {
                self.operand(&keyword.value)?.0
            };
            args.push(Expr {
                kind: ExprKind::Keyword {
                    name: Ident {
                        name: name.as_str().to_string(),
                        span: span(name),
                    },
                    value: Box::new(value),
                },
                span: span(keyword),
            });
        }
        Ok((args, ranks))
    }

    /// A dtype as NumPy spells it (`np.float32`, `float`, `'f8'`, ...) as this language's name.
    fn dtype(&mut self, expr: &py::Expr) -> Result<Expr> {
        let at = span(expr);
        let spelled = match expr {
            py::Expr::Attribute(attribute)
                if self.module_of(&attribute.value) == Some(Module::Numpy) =>
            {
                attribute.attr.as_str().to_string()
            }
            py::Expr::Name(name) => name.id.as_str().to_string(),
            py::Expr::StringLiteral(text) => text.value.to_str().to_string(),
            _ => String::new(),
        };
        let name = match spelled.as_str() {
            "float64" | "float" | "double" | "f8" | "float_" => "f64",
            "float32" | "single" | "f4" => "f32",
            "int64" | "int" | "i8" | "int_" | "intp" => "i64",
            "bool" | "bool_" | "?" => "bool",
            _ => {
                return Err(self.refuse(
                    at,
                    "this dtype is not supported",
                    "supported: float64, float32, int64, bool",
                ))
            }
        };
        Ok(Expr {
            kind: ExprKind::Name(name.to_string()),
            span: at,
        })
    }

    /// A shape argument: a tuple or list of sizes, or one size.
    fn shape(&mut self, expr: &py::Expr) -> Result<(Expr, usize)> {
        let at = span(expr);
        let items: Vec<&py::Expr> = match expr {
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => elts.iter().collect(),
            other => vec![other],
        };
        let mut sizes = Vec::new();
        for item in &items {
            let value = self.expr(item)?;
            sizes.push(self.scalar(value)?);
        }
        let rank = sizes.len();
        Ok((
            Expr {
                kind: ExprKind::Array(sizes),
                span: at,
            },
            rank,
        ))
    }

    fn numpy_call(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let positional = &call.arguments.args;
        let call_expr = |callee: &str, args: Vec<Expr>| Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        match name {
            "zeros" | "ones" | "empty" | "full" => {
                let Some(first) = positional.first() else {
                    return Err(self.refuse(at, format!("`np.{name}` needs a shape"), ""));
                };
                let (shape, rank) = self.shape(first)?;
                let mut args = vec![shape];
                for arg in positional.iter().skip(1) {
                    args.push(self.operand(arg)?.0);
                }
                for keyword in call.arguments.keywords.iter() {
                    let Some(key) = &keyword.arg else {
                        return Err(self.refuse(at, "`**kwargs` is not supported", ""));
                    };
                    let value = match key.as_str() {
                        "dtype" => self.dtype(&keyword.value)?,
                        "fill_value" => self.operand(&keyword.value)?.0,
                        other => {
                            return Err(self.refuse(
                                span(keyword),
                                format!("`{other}=` is not supported here"),
                                "",
                            ))
                        }
                    };
                    args.push(Expr {
                        kind: ExprKind::Keyword {
                            name: Ident {
                                name: key.as_str().to_string(),
                                span: span(key),
                            },
                            value: Box::new(value),
                        },
                        span: span(keyword),
                    });
                }
                let callee = if name == "empty" { "zeros" } else { name };
                Ok(Value::New(call_expr(callee, args), Some(rank)))
            }
            "linspace" => {
                if call
                    .arguments
                    .keywords
                    .iter()
                    .any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() != "num"))
                {
                    return Err(self.refuse(
                        at,
                        "only `np.linspace(start, stop, num)` is supported",
                        "",
                    ));
                }
                let (mut args, _) = self.arguments(call)?;
                if args.len() == 2 {
                    args.push(int_literal(50, at));
                }
                let args = args
                    .into_iter()
                    .map(|a| Expr::without_keyword(&a).clone())
                    .collect();
                Ok(Value::New(call_expr("linspace", args), Some(1)))
            }
            "arange" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("arange", args), Some(1)))
            }
            "copy" | "array" => {
                let Some(first) = positional.first() else {
                    return Err(self.refuse(at, format!("`np.{name}` needs an argument"), ""));
                };
                let (expr, rank) = self.operand(first)?;
                let mut args = vec![expr];
                for keyword in call.arguments.keywords.iter() {
                    match keyword.arg.as_ref().map(|a| a.as_str()) {
                        Some("dtype") => {
                            let dtype = self.dtype(&keyword.value)?;
                            args = vec![call_expr("astype", vec![args.remove(0), dtype])];
                        }
                        _ => {
                            return Err(self.refuse(
                                span(keyword),
                                "this keyword is not supported here",
                                "",
                            ))
                        }
                    }
                }
                if positional.len() > 1 {
                    return Err(self.refuse(
                        at,
                        format!("`np.{name}` takes one positional argument here"),
                        "",
                    ));
                }
                let mut expr = args.remove(0);
                // `[1, 2, 3]` is an int64 array in NumPy (a list literal here is float64).
                if name == "array" && call.arguments.keywords.is_empty() && all_int_literals(first)
                {
                    let i64_name = Expr {
                        kind: ExprKind::Name("i64".to_string()),
                        span: at,
                    };
                    expr = call_expr("astype", vec![expr, i64_name]);
                }
                Ok(Value::New(call_expr("copy", vec![expr]), rank))
            }
            "asarray" => {
                let argument = self.single_argument_ref(call)?;
                let value = self.expr(argument)?;
                Ok(value)
            }
            "transpose" => {
                let argument = self.single_argument_ref(call)?;
                match self.expr(argument)? {
                    Value::Alias(mut reference) => {
                        reference.view.push(ViewStep::Transpose);
                        Ok(Value::Alias(reference))
                    }
                    other => {
                        let (expr, rank) = self.value_expr(other, at)?;
                        Ok(Value::New(call_expr("transpose", vec![expr]), rank))
                    }
                }
            }
            "reshape" => {
                if positional.len() != 2 || !call.arguments.keywords.is_empty() {
                    return Err(self.refuse(
                        at,
                        "`np.reshape(a, shape)` takes two arguments here",
                        "",
                    ));
                }
                let base = self.expr(&positional[0])?;
                let (shape, rank) = self.shape(&positional[1])?;
                self.reshape(base, shape, rank, at)
            }
            "exp" | "log" | "sqrt" | "abs" | "absolute" | "sin" | "cos" | "tan" | "tanh"
            | "floor" | "ceil" | "sign" | "round" | "around" | "minimum" | "maximum" | "clip"
            | "where" | "roll" | "power" | "zeros_like" | "ones_like" | "full_like"
            | "empty_like" | "cumsum" | "diff" | "pad" | "gradient" => {
                let (args, ranks) = self.arguments(call)?;
                let callee = match name {
                    "absolute" => "abs",
                    "around" => "round",
                    "power" => "pow",
                    "empty_like" => "zeros_like",
                    "gradient" => "grad",
                    other => other,
                };
                let rank = match name {
                    "zeros_like" | "ones_like" | "full_like" | "empty_like" | "cumsum" | "diff"
                    | "pad" | "roll" => ranks.first().copied().flatten(),
                    _ => broadcast_rank(&ranks),
                };
                let rank = if name == "cumsum"
                    && !args
                        .iter()
                        .any(|a| matches!(a.kind, ExprKind::Keyword { .. }))
                    && args.len() == 1
                {
                    Some(1)
                } else {
                    rank
                };
                Ok(Value::New(call_expr(callee, args), rank))
            }
            "sum" | "mean" | "min" | "max" | "amin" | "amax" | "prod" | "std" | "var" | "any"
            | "all" | "argmin" | "argmax" => {
                let (args, ranks) = self.arguments(call)?;
                let callee = match name {
                    "amin" => "min",
                    "amax" => "max",
                    other => other,
                };
                let has_axis = args.len() > 1;
                let rank = if has_axis {
                    ranks
                        .first()
                        .copied()
                        .flatten()
                        .map(|r| r.saturating_sub(1))
                } else {
                    Some(0)
                };
                Ok(Value::New(call_expr(callee, args), rank))
            }
            "dot" | "matmul" | "concatenate" | "stack" | "hstack" | "vstack" | "meshgrid"
            | "outer" => {
                if matches!(name, "hstack" | "vstack" | "meshgrid" | "outer") {
                    return Err(self.refuse(at, format!("`np.{name}` is not supported yet"), ""));
                }
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr(name, args), None))
            }
            "save" => Err(self.refuse(
                at,
                "`np.save` is a statement of its own",
                "write `np.save(\"y.npy\", y)` on its own line",
            )),
            "load" => self.load(call),
            _ => Err(self.refuse(at, format!("`numpy.{name}` is not supported yet"), "")),
        }
    }

    /// `np.load("x.npy")`: the input `x` (declared once, at the program's start), read as
    /// a new array.
    fn load(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let input = inputs::load(&self.given, call)
            .map_err(|(message, note)| self.refuse(at, message, note))?;
        self.declare_input(&input, at);
        let read = Expr {
            kind: ExprKind::Name(input.name),
            span: at,
        };
        Ok(Value::New(read, Some(input.shape.len())))
    }

    /// `input NAME: DTYPE[SHAPE]` at the program's start, once per name.
    fn declare_input(&mut self, input: &GivenInput, at: Span) {
        if self.inputs.contains(&input.name) {
            return;
        }
        let statement = Stmt {
            kind: inputs::declaration(input, at),
            span: at,
        };
        let position = self.inputs.len();
        self.blocks[0].insert(position, statement);
        self.inputs.push(input.name.clone());
        self.used.insert(input.name.clone());
    }

    fn single_argument_ref<'a>(&mut self, call: &'a py::ExprCall) -> Result<&'a py::Expr> {
        self.single_argument(call, "this function")
    }

    fn reshape(&mut self, base: Value, shape: Expr, rank: usize, at: Span) -> Result<Value> {
        match base {
            Value::Alias(mut reference) if reference.is_whole() => {
                reference.view.push(ViewStep::Reshape(shape));
                reference.rank = Some(rank);
                Ok(Value::Alias(reference))
            }
            // NumPy copies or not depending on the slice's layout: refused rather than guessed.
            Value::Alias(_) => Err(self.refuse(
                at,
                "`.reshape` of a slice is not supported yet (NumPy may or may not copy)",
                "reshape the whole array, or `.copy()` the slice first",
            )),
            other => {
                let (expr, _) = self.value_expr(other, at)?;
                Ok(Value::New(
                    Expr {
                        kind: call_kind("reshape", vec![expr, shape], at),
                        span: at,
                    },
                    Some(rank),
                ))
            }
        }
    }

    fn math_call(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let (args, _) = self.arguments(call)?;
        let call_expr = |callee: &str, args: Vec<Expr>| Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        let expr = match name {
            "sqrt" | "exp" | "log" | "sin" | "cos" | "tan" | "tanh" => call_expr(name, args),
            "fabs" => call_expr("abs", args),
            "pow" => call_expr("pow", args),
            // Python's `math.floor` and `math.ceil` return ints.
            "floor" | "ceil" => call_expr("int", vec![call_expr(name, args)]),
            _ => return Err(self.refuse(at, format!("`math.{name}` is not supported yet"), "")),
        };
        Ok(Value::New(expr, Some(0)))
    }

    fn python_builtin(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let call_expr = |callee: &str, args: Vec<Expr>| Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        match name {
            "abs" => {
                let (args, ranks) = self.arguments(call)?;
                Ok(Value::New(call_expr("abs", args), broadcast_rank(&ranks)))
            }
            "min" | "max" => {
                let (args, ranks) = self.arguments(call)?;
                if args.len() < 2 || ranks.iter().any(|r| *r != Some(0)) {
                    return Err(self.refuse(
                        at,
                        format!("`{name}` is supported for two or more numbers"),
                        format!("for an array write `np.{name}(a)` or `a.{name}()`"),
                    ));
                }
                let callee = if name == "min" { "minimum" } else { "maximum" };
                let mut args = args.into_iter();
                let mut res = args.next().ok_or(Failed)?;
                for arg in args {
                    res = call_expr(callee, vec![res, arg]);
                }
                Ok(Value::New(res, Some(0)))
            }
            "int" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("int", args), Some(0)))
            }
            "float" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("f64", args), Some(0)))
            }
            "print" => Err(self.refuse(at, "`print` is a statement of its own", "")),
            "len" | "range" | "zip" | "enumerate" | "round" | "sum" => Err(self.refuse(
                at,
                format!("`{name}(...)` is not supported here yet"),
                match name {
                    "range" => "`range` is supported as a `for` loop's iterable",
                    "sum" => "write `np.sum(a)`",
                    _ => "",
                },
            )),
            _ => Err(self.refuse(at, format!("name `{name}` is not defined"), "")),
        }
    }

    fn method(&mut self, object: &py::Expr, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let base = self.expr(object)?;
        match name {
            "copy" => {
                let (expr, rank) = self.value_expr(base, at)?;
                Ok(Value::New(
                    Expr {
                        kind: call_kind("copy", vec![expr], at),
                        span: at,
                    },
                    rank,
                ))
            }
            "reshape" => {
                let positional = &call.arguments.args;
                let (shape, rank) = match positional.len() {
                    1 => self.shape(&positional[0])?,
                    _ => {
                        let mut sizes = Vec::new();
                        for item in positional.iter() {
                            let value = self.expr(item)?;
                            sizes.push(self.scalar(value)?);
                        }
                        let rank = sizes.len();
                        (
                            Expr {
                                kind: ExprKind::Array(sizes),
                                span: at,
                            },
                            rank,
                        )
                    }
                };
                self.reshape(base, shape, rank, at)
            }
            "astype" => {
                let (expr, rank) = self.value_expr(base, at)?;
                let argument = self.single_argument_ref(call)?;
                let dtype = self.dtype(argument)?;
                Ok(Value::New(
                    Expr {
                        kind: call_kind("astype", vec![expr, dtype], at),
                        span: at,
                    },
                    rank,
                ))
            }
            "sum" | "mean" | "min" | "max" | "prod" | "std" | "var" | "any" | "all" | "argmin"
            | "argmax" | "cumsum" => {
                let (expr, rank) = self.value_expr(base, at)?;
                let (mut args, _) = self.arguments(call)?;
                let has_axis = !args.is_empty();
                args.insert(0, expr);
                let rank = match (name, has_axis) {
                    ("cumsum", false) => Some(1),
                    ("cumsum", true) => rank,
                    (_, true) => rank.map(|r| r.saturating_sub(1)),
                    (_, false) => Some(0),
                };
                Ok(Value::New(
                    Expr {
                        kind: call_kind(name, args, at),
                        span: at,
                    },
                    rank,
                ))
            }
            "fill" => Err(self.refuse(at, "`.fill` is a statement of its own", "")),
            _ => Err(self.refuse(
                at,
                format!("the method `.{name}()` is not supported yet"),
                "",
            )),
        }
    }

    /// A user function, inlined: its parameters are bound to the caller's references, so
    /// writes through them reach the caller's arrays.
    fn inline(&mut self, def: &py::StmtFunctionDef, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let name = def.name.as_str().to_string();
        if self.calls.contains(&name) {
            return Err(self.refuse(
                at,
                format!("recursion (`{name}` calls itself) is not supported"),
                "write the recursion as a loop",
            ));
        }
        let parameters = &def.parameters;
        if parameters.vararg.is_some()
            || parameters.kwarg.is_some()
            || !parameters.kwonlyargs.is_empty()
        {
            return Err(self.refuse(
                span(parameters.as_ref()),
                "`*args`, `**kwargs` and keyword-only parameters are not supported yet",
                "",
            ));
        }
        let params: Vec<&py::ParameterWithDefault> = parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .collect();
        if call.arguments.args.len() > params.len() {
            return Err(self.refuse(
                at,
                format!(
                    "`{name}` takes {} arguments but is given {}",
                    params.len(),
                    call.arguments.args.len()
                ),
                "",
            ));
        }
        let mut values: Vec<Option<Value>> = vec![None; params.len()];
        for (i, arg) in call.arguments.args.iter().enumerate() {
            values[i] = Some(self.expr(arg)?);
        }
        for keyword in call.arguments.keywords.iter() {
            let Some(key) = &keyword.arg else {
                return Err(self.refuse(span(keyword), "`**kwargs` is not supported", ""));
            };
            let Some(position) = params
                .iter()
                .position(|p| p.parameter.name.as_str() == key.as_str())
            else {
                return Err(self.refuse(
                    span(keyword),
                    format!("`{name}` has no parameter `{}`", key.as_str()),
                    "",
                ));
            };
            values[position] = Some(self.expr(&keyword.value)?);
        }
        for (i, param) in params.iter().enumerate() {
            if values[i].is_none() {
                match &param.default {
                    Some(default) => values[i] = Some(self.expr(default)?),
                    None => {
                        return Err(self.refuse(
                            at,
                            format!(
                                "`{name}` is missing the argument `{}`",
                                param.parameter.name.as_str()
                            ),
                            "",
                        ))
                    }
                }
            }
        }
        // Bind the parameters in the function's own frame.
        let mut frame = Frame::default();
        let mut pending = Vec::new();
        for (param, value) in params.iter().zip(values) {
            let id = param.parameter.name.as_str().to_string();
            match value.ok_or(Failed)? {
                Value::Alias(reference) if reference.rank != Some(0) => {
                    frame.names.insert(
                        id,
                        Binding::Value(Reference {
                            bound_at: span(&param.parameter),
                            ..reference
                        }),
                    );
                }
                other => pending.push((id, other, span(&param.parameter))),
            }
        }
        self.frames.push(frame);
        self.calls.push(name.clone());
        let mut result = Ok(());
        for (id, value, param_span) in pending {
            if let Err(failed) = self.assign_name(&id, value, param_span) {
                result = Err(failed);
            }
        }
        let mut returned = Ok(Value::Nothing);
        if result.is_ok() {
            let body = &def.body;
            let (last, rest) = match body.split_last() {
                Some((py::Stmt::Return(ret), rest)) => (Some(ret), rest),
                _ => (None, &body[..]),
            };
            self.statements(rest);
            if let Some(ret) = last {
                returned = match &ret.value {
                    None => Ok(Value::Nothing),
                    Some(value) => self
                        .expr(value)
                        .and_then(|value| self.settle_return(value, &name, span(ret))),
                };
            }
        }
        self.calls.pop();
        self.frames.pop();
        result?;
        returned
    }

    /// A function's result, kept so that later statements of the caller cannot change it:
    /// new values are stored in a fresh `var`.
    fn settle_return(&mut self, value: Value, function: &str, at: Span) -> Result<Value> {
        match value {
            Value::New(expr, rank) => {
                let storage = self.new_storage(&format!("{function}_result"), rank);
                let ident = self.ident(storage, at);
                self.emit(
                    StmtKind::Var {
                        name: ident,
                        value: expr,
                    },
                    at,
                );
                let read = Expr {
                    kind: ExprKind::Name(self.storages[storage].name.clone()),
                    span: at,
                };
                Ok(Value::New(read, rank))
            }
            Value::Tuple(values) => {
                let mut settled = Vec::new();
                for value in values {
                    settled.push(self.settle_return(value, function, at)?);
                }
                Ok(Value::Tuple(settled))
            }
            other => Ok(other),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Helpers

fn call_kind(callee: &str, args: Vec<Expr>, span: Span) -> ExprKind {
    ExprKind::Call {
        callee: Ident {
            name: callee.to_string(),
            span,
        },
        args,
    }
}

fn int_literal(value: i64, span: Span) -> Expr {
    Expr {
        kind: ExprKind::Int(value),
        span,
    }
}

fn binary_op(op: py::Operator) -> Option<BinaryOp> {
    match op {
        py::Operator::Add => Some(BinaryOp::Add),
        py::Operator::Sub => Some(BinaryOp::Sub),
        py::Operator::Mult => Some(BinaryOp::Mul),
        py::Operator::Div => Some(BinaryOp::Div),
        py::Operator::FloorDiv => Some(BinaryOp::FloorDiv),
        py::Operator::Mod => Some(BinaryOp::Rem),
        py::Operator::Pow => Some(BinaryOp::Pow),
        py::Operator::BitAnd => Some(BinaryOp::And),
        py::Operator::BitOr => Some(BinaryOp::Or),
        py::Operator::MatMult
        | py::Operator::BitXor
        | py::Operator::LShift
        | py::Operator::RShift => None,
    }
}

/// NumPy's broadcast result has as many dimensions as its largest operand.
fn broadcast_rank(ranks: &[Option<usize>]) -> Option<usize> {
    let mut res = 0;
    for rank in ranks {
        res = res.max((*rank)?);
    }
    Some(res)
}

/// The number of dimensions after indexing; `None` when unknown or when an index is an
/// array (a mask or fancy indexing, which makes a new array).
fn indexed_rank(
    base: Option<usize>,
    indices: &[IndexArg],
    _translator: &Translator,
) -> Option<usize> {
    let base = base?;
    let mut singles = 0;
    let mut new_axes = 0;
    for index in indices {
        match index {
            IndexArg::Single(expr) => {
                if !is_scalar_expr(expr) {
                    return None;
                }
                singles += 1
            }
            IndexArg::NewAxis(_) => new_axes += 1,
            IndexArg::Slice { .. } | IndexArg::Ellipsis(_) => {}
        }
    }
    (base + new_axes).checked_sub(singles)
}

/// Whether an index expression is certainly a scalar (numbers, names of scalars, arithmetic
/// of those): anything else may be an index array.
fn is_scalar_expr(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Int(_) | ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Name(_) => true,
        ExprKind::Unary(_, inner) => is_scalar_expr(inner),
        ExprKind::Binary(_, lhs, rhs) => is_scalar_expr(lhs) && is_scalar_expr(rhs),
        ExprKind::Call { callee, args } => callee.name == "int" && args.iter().all(is_scalar_expr),
        _ => false,
    }
}

/// `"u_final.npy"` names the output `u_final`.
fn output_name(file: &str) -> Option<String> {
    let stem = file.strip_suffix(".npy")?;
    let stem = stem.rsplit('/').next()?;
    let valid = stem
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| stem.to_string())
}

fn collect_saved_files(body: &[py::Stmt], files: &mut Vec<String>) {
    for statement in body {
        match statement {
            py::Stmt::Expr(node) => {
                if let py::Expr::Call(call) = node.value.as_ref() {
                    if let (py::Expr::Attribute(attribute), Some(py::Expr::StringLiteral(file))) =
                        (call.func.as_ref(), call.arguments.args.first())
                    {
                        if attribute.attr.as_str() == "save" {
                            files.push(file.value.to_str().to_string());
                        }
                    }
                }
            }
            py::Stmt::If(node) => {
                collect_saved_files(&node.body, files);
                for clause in &node.elif_else_clauses {
                    collect_saved_files(&clause.body, files);
                }
            }
            py::Stmt::For(node) => collect_saved_files(&node.body, files),
            py::Stmt::While(node) => collect_saved_files(&node.body, files),
            py::Stmt::FunctionDef(node) => collect_saved_files(&node.body, files),
            _ => {}
        }
    }
}

/// Module-level names assigned exactly once, at the top level, to a constant expression of
/// numbers and earlier such names: the program's `param`s.
fn module_params(body: &[py::Stmt]) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    count_assignments(body, &mut counts, true);
    let mut params = HashSet::new();
    let mut modules = HashSet::new();
    for statement in body {
        match statement {
            py::Stmt::Import(node) => {
                for alias in &node.names {
                    if matches!(alias.name.as_str(), "numpy" | "math") {
                        let bound = alias
                            .asname
                            .as_ref()
                            .map_or(alias.name.as_str(), |a| a.as_str());
                        modules.insert(bound.to_string());
                    }
                }
            }
            py::Stmt::Assign(node) if node.targets.len() == 1 => {
                if let py::Expr::Name(name) = &node.targets[0] {
                    let id = name.id.as_str();
                    if counts.get(id) == Some(&1) && is_constant(&node.value, &params, &modules) {
                        params.insert(id.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    params
}

/// Counts each name's assignments; one inside a block (a loop or `if` body) counts twice,
/// so that such names are never params.
fn count_assignments(body: &[py::Stmt], counts: &mut HashMap<String, usize>, top: bool) {
    let weight = if top { 1 } else { 2 };
    let add = |counts: &mut HashMap<String, usize>, target: &py::Expr| {
        let mut names = Vec::new();
        target_names(target, &mut names);
        for name in names {
            *counts.entry(name).or_default() += weight;
        }
    };
    for statement in body {
        match statement {
            py::Stmt::Assign(node) => {
                for target in &node.targets {
                    add(counts, target);
                }
            }
            py::Stmt::AugAssign(node) => {
                add(counts, &node.target);
                add(counts, &node.target);
            }
            py::Stmt::AnnAssign(node) => add(counts, &node.target),
            py::Stmt::For(node) => {
                add(counts, &node.target);
                add(counts, &node.target);
                count_assignments(&node.body, counts, false);
            }
            py::Stmt::While(node) => count_assignments(&node.body, counts, false),
            py::Stmt::If(node) => {
                count_assignments(&node.body, counts, false);
                for clause in &node.elif_else_clauses {
                    count_assignments(&clause.body, counts, false);
                }
            }
            py::Stmt::FunctionDef(node) => {
                // Names a function declares `global` and assigns are not constants.
                for inner in &node.body {
                    if let py::Stmt::Global(global) = inner {
                        for name in &global.names {
                            *counts.entry(name.as_str().to_string()).or_default() += 2;
                        }
                    }
                }
                *counts.entry(node.name.as_str().to_string()).or_default() += 2;
            }
            _ => {}
        }
    }
}

fn target_names(target: &py::Expr, names: &mut Vec<String>) {
    match target {
        py::Expr::Name(name) => names.push(name.id.as_str().to_string()),
        py::Expr::Tuple(py::ExprTuple { elts, .. }) | py::Expr::List(py::ExprList { elts, .. }) => {
            for element in elts {
                target_names(element, names);
            }
        }
        _ => {}
    }
}

fn is_constant(expr: &py::Expr, params: &HashSet<String>, modules: &HashSet<String>) -> bool {
    match expr {
        py::Expr::NumberLiteral(number) => !matches!(number.value, py::Number::Complex { .. }),
        py::Expr::BooleanLiteral(_) => false,
        py::Expr::Name(name) => params.contains(name.id.as_str()),
        py::Expr::UnaryOp(node) => {
            matches!(node.op, py::UnaryOp::USub | py::UnaryOp::UAdd)
                && is_constant(&node.operand, params, modules)
        }
        py::Expr::BinOp(node) => {
            !matches!(
                node.op,
                py::Operator::MatMult
                    | py::Operator::BitAnd
                    | py::Operator::BitOr
                    | py::Operator::BitXor
                    | py::Operator::LShift
                    | py::Operator::RShift
            ) && is_constant(&node.left, params, modules)
                && is_constant(&node.right, params, modules)
        }
        py::Expr::Attribute(attribute) => {
            matches!(attribute.attr.as_str(), "pi" | "e")
                && matches!(attribute.value.as_ref(), py::Expr::Name(name) if modules.contains(name.id.as_str()))
        }
        _ => false,
    }
}

/// Whether a list display holds only integer literals (nested lists too).
fn all_int_literals(expr: &py::Expr) -> bool {
    match expr {
        py::Expr::List(py::ExprList { elts, .. }) | py::Expr::Tuple(py::ExprTuple { elts, .. }) => {
            !elts.is_empty() && elts.iter().all(all_int_literals)
        }
        py::Expr::NumberLiteral(number) => matches!(number.value, py::Number::Int(_)),
        py::Expr::UnaryOp(node) => {
            matches!(node.op, py::UnaryOp::USub) && all_int_literals(&node.operand)
        }
        _ => false,
    }
}
