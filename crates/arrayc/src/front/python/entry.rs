//! A function entry (`@arrayc.jit`): one `def` of a module compiled for a signature. The
//! module's other statements are not translated; the host says what each global name the
//! function reads is (`GivenEntry::globals`). Array arguments and array globals are inputs,
//! each with a storage of its own as a script's arrays have; ints and given constants are
//! compiled in by value; the body is inlined as a call would be. Outputs follow the naming
//! of `options::Entry`: the returned values, and the final contents of every argument or
//! array global the function writes into, which the host copies back into the caller's
//! array (inputs are never written in place).

use super::functions::Code;
use super::inputs::{loaded_inputs, GivenEntry, GivenInput, GivenValue};
use super::names::Reference;
use super::passes::{
    assigned_names, let_where_never_assigned, name_outputs_after_their_storage, UniqueSpans,
};
use super::translate::{Binding, Failed, Result, Translator, Value};
use crate::ast::visit::walk_statements_mut;
use crate::ast::{AssignOp, BinaryOp, Expr, ExprKind, Ident, Program, Stmt, StmtKind, UnaryOp};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use ruff_python_ast as py;
use std::collections::HashMap;

/// An argument or array global that is an object of the caller's: its name and the
/// storage that holds it.
struct CallerArray {
    name: String,
    storage: usize,
}

/// Translates `entry.function` of a module for the entry's signature.
pub(super) fn function(
    source: &str,
    body: &[py::Stmt],
    given: &super::Given,
    entry: &GivenEntry,
) -> (Program, Vec<Diagnostic>) {
    let mut translator = Translator::new(source);
    translator.given = given.clone();
    translator.used.extend(loaded_inputs(body));
    for (name, _) in entry.arguments.iter().chain(&entry.globals) {
        translator.used.insert(name.clone());
        translator.used.insert(written_name(name));
    }
    translator.used.insert("return".to_string());
    translator.used_after = super::liveness::used_after(body);
    let statements = match translator.entry(body, entry) {
        Ok(()) => {
            let mut statements = translator.blocks.pop().unwrap_or_default();
            name_outputs_after_their_storage(&mut statements);
            let assigned = assigned_names(&statements);
            let_where_never_assigned(&mut statements, &assigned);
            let mut spans = UniqueSpans {
                next: source.len() as u32 + 1,
            };
            walk_statements_mut(&mut spans, &mut statements);
            statements
        }
        Err(_) => Vec::new(),
    };
    if translator.diagnostics.is_empty() && statements.is_empty() {
        translator.diagnostics.push(Diagnostic::without_span(
            ErrorKind::Semantic,
            "the function compiled to nothing",
        ));
    }
    (Program { statements }, translator.diagnostics)
}

/// The output holding the final contents of the caller's array `name`.
pub(super) fn written_name(name: &str) -> String {
    format!("{name}__written")
}

impl Translator<'_> {
    fn entry(&mut self, body: &[py::Stmt], entry: &GivenEntry) -> Result<()> {
        let at = Span::new(0, 0);
        // The module's functions and imports; nothing else of the module runs.
        for statement in body {
            match statement {
                py::Stmt::FunctionDef(def) => {
                    let function = self.define(Code::Def(def.clone()));
                    self.bind(def.name.as_str(), Binding::Function(function))
                }
                py::Stmt::Import(_) | py::Stmt::ImportFrom(_) => {
                    let _ = self.statement(statement);
                }
                _ => {}
            }
        }
        let mut callers = Vec::new();
        for (name, value) in &entry.globals {
            self.entry_global(name, value, &mut callers, at)?;
        }
        let def = match self.lookup(&entry.function) {
            Some(Binding::Function(def)) => def.clone(),
            _ => {
                self.diagnostics.push(Diagnostic::without_span(
                    ErrorKind::Semantic,
                    format!("no function `{}` in the source", entry.function),
                ));
                return Err(Failed);
            }
        };
        let def_span = match &def.code {
            Code::Def(def) => super::span(def),
            Code::Lambda(lambda) => super::span(lambda),
        };
        let mut values = Vec::new();
        for (name, value) in &entry.arguments {
            let value = match value {
                GivenValue::SameAs(other) => {
                    let position = entry.arguments.iter().position(|(n, _)| n == other);
                    match position.and_then(|p| values.get(p).cloned()) {
                        Some(Some(value)) => value,
                        _ => return Err(self.refuse(def_span, format!("argument `{name}` is the same array as `{other}`, which is not an array argument before it"), "")),
                    }
                }
                _ => self.entry_value(name, value, &mut callers, def_span)?,
            };
            values.push(Some(value));
        }
        let parameters = &def.parameters;
        let count = parameters.posonlyargs.len() + parameters.args.len();
        let parameters_span = super::span(parameters);
        if values.len() != count
            || parameters.vararg.is_some()
            || parameters.kwarg.is_some()
            || !parameters.kwonlyargs.is_empty()
        {
            return Err(self.refuse(
                parameters_span,
                format!(
                    "`{}` is compiled with {} positional parameters, given {} arguments",
                    entry.function,
                    count,
                    values.len()
                ),
                "`*args`, `**kwargs` and keyword-only parameters are not supported yet",
            ));
        }
        let returned = self.inline_values(&def, values, def_span)?;
        self.entry_outputs(returned, &callers, def_span)?;
        self.write_back(&callers, def_span)
    }

    /// A global name of the entry: a module, an imported name, a constant or an array.
    fn entry_global(
        &mut self,
        name: &str,
        value: &GivenValue,
        callers: &mut Vec<CallerArray>,
        at: Span,
    ) -> Result<()> {
        let module = super::modules::module_named;
        let binding = match value {
            GivenValue::Module(full) => match module(full) {
                Some(module) => Binding::Module(module),
                None => return Ok(()),
            },
            GivenValue::Imported(full, imported) => match module(full) {
                Some(module) => Binding::Imported(module, imported.clone()),
                None => return Ok(()),
            },
            GivenValue::Int(_) | GivenValue::Float(_) => {
                let value = match value {
                    GivenValue::Int(value) => {
                        signed(ExprKind::Int(value.unsigned_abs() as i64), *value < 0, at)
                    }
                    GivenValue::Float(value) => {
                        signed(ExprKind::Number(value.abs()), value.is_sign_negative(), at)
                    }
                    _ => unreachable!("an int or a float"),
                };
                self.emit(
                    StmtKind::Param {
                        name: Ident {
                            name: name.to_string(),
                            span: at,
                        },
                        value,
                    },
                    at,
                );
                Binding::Param(name.to_string())
            }
            _ => match self.entry_value(name, value, callers, at)? {
                Value::Alias(reference) => Binding::Value(reference),
                Value::New(expr, rank) => {
                    let storage = self.new_storage(name, rank);
                    let ident = self.ident(storage, at);
                    self.emit(
                        StmtKind::Var {
                            name: ident,
                            value: expr,
                        },
                        at,
                    );
                    Binding::Value(Reference {
                        storage,
                        view: Vec::new(),
                        rank,
                        bound_at: at,
                    })
                }
                _ => return Ok(()),
            },
        };
        self.frames[0].names.insert(name.to_string(), binding);
        Ok(())
    }

    /// An argument's (or array global's) value: an array input with a storage of its own,
    /// a scalar input, or a constant.
    fn entry_value(
        &mut self,
        name: &str,
        value: &GivenValue,
        callers: &mut Vec<CallerArray>,
        at: Span,
    ) -> Result<Value> {
        let literal = |kind| Value::New(Expr { kind, span: at }, Some(0));
        Ok(match value {
            GivenValue::Array { shape, dtype } => {
                let input = GivenInput {
                    name: name.to_string(),
                    shape: shape.clone(),
                    dtype,
                };
                self.declare_input(&input, at);
                let rank = Some(shape.len());
                let storage = self.new_storage(name, rank);
                let ident = self.ident(storage, at);
                let read = Expr {
                    kind: ExprKind::Name(name.to_string()),
                    span: at,
                };
                self.emit(
                    StmtKind::Var {
                        name: ident,
                        value: read,
                    },
                    at,
                );
                callers.push(CallerArray {
                    name: name.to_string(),
                    storage,
                });
                Value::Alias(Reference {
                    storage,
                    view: Vec::new(),
                    rank,
                    bound_at: at,
                })
            }
            GivenValue::Scalar(dtype) => {
                let input = GivenInput {
                    name: name.to_string(),
                    shape: Vec::new(),
                    dtype,
                };
                self.declare_input(&input, at);
                literal(ExprKind::Name(name.to_string()))
            }
            GivenValue::Int(value) => Value::New(
                signed(ExprKind::Int(value.unsigned_abs() as i64), *value < 0, at),
                Some(0),
            ),
            GivenValue::Float(value) => Value::New(
                signed(ExprKind::Number(value.abs()), value.is_sign_negative(), at),
                Some(0),
            ),
            GivenValue::Bool(value) => literal(ExprKind::Bool(*value)),
            GivenValue::SameAs(_) | GivenValue::Module(_) | GivenValue::Imported(..) => {
                return Err(self.refuse(
                    at,
                    format!("`{name}` is not a value the function can take"),
                    "",
                ))
            }
        })
    }

    /// The returned value(s) as outputs `return`, `return_K`, `..._is_NAME`.
    fn entry_outputs(&mut self, returned: Value, callers: &[CallerArray], at: Span) -> Result<()> {
        match returned {
            Value::Nothing => Ok(()),
            Value::Tuple(items) => {
                for (k, item) in items.into_iter().enumerate() {
                    self.entry_output(&format!("return_{k}"), item, callers, at)?;
                }
                Ok(())
            }
            single => self.entry_output("return", single, callers, at),
        }
    }

    fn entry_output(
        &mut self,
        base: &str,
        value: Value,
        callers: &[CallerArray],
        at: Span,
    ) -> Result<()> {
        let (name, value) = match value {
            Value::Alias(reference) => {
                let caller = callers
                    .iter()
                    .find(|caller| caller.storage == reference.storage);
                // A caller's array whose storage was rebound or swapped may hold another
                // array by the end: its values are returned (a new array).
                let kept = |this: &Self, storage| {
                    !this.rebound(storage) && swap_group(&this.blocks[0], storage, this).is_empty()
                };
                match caller {
                    Some(caller) if reference.is_whole() && kept(self, caller.storage) => (
                        format!("{base}_is_{}", caller.name),
                        Expr {
                            kind: ExprKind::Bool(false),
                            span: at,
                        },
                    ),
                    Some(caller) if kept(self, caller.storage) => {
                        return Err(self.refuse(
                            reference.bound_at,
                            format!("returning a view of the caller's array `{}` is not supported", caller.name),
                            "NumPy would return a view that shares the caller's memory; return a copy (`.copy()`) or the whole array",
                        ))
                    }
                    _ => (base.to_string(), self.read(&reference, at)),
                }
            }
            Value::New(expr, _) => (base.to_string(), expr),
            Value::Tuple(_) | Value::Indices(_) => {
                return Err(self.refuse(at, "a tuple inside a returned tuple is not supported", ""))
            }
            Value::Nothing => return Err(self.refuse(at, "a returned value is `None`", "")),
            Value::Function(_) | Value::Text(_) => {
                return Err(self.refuse(
                    at,
                    "a returned value is a function or a string",
                    "`@arrayc.jit` returns arrays and numbers",
                ))
            }
        };
        self.used.insert(name.clone());
        self.emit(
            StmtKind::Out {
                name: Ident { name, span: at },
                value: Some(value),
            },
            at,
        );
        Ok(())
    }

    /// Whether a caller's array's storage was given another array (`u = u + 1` in a loop
    /// body): from then on it no longer holds the caller's array.
    fn rebound(&self, storage: usize) -> bool {
        let name = &self.storages[storage].name;
        let mut rebound = false;
        walk_all(&self.blocks[0], &mut |statement: &Stmt| {
            if let StmtKind::Assign {
                target,
                indices: None,
                ..
            } = &statement.kind
            {
                rebound |= &target.name == name;
            }
        });
        rebound
    }

    /// Every caller's array the function writes into gets the output `NAME__written` with
    /// its final contents. A caller's array swapped with others (`u, un = un, u`) among
    /// storages of the function's top level is followed at run time (`follow_swaps`): the
    /// output reads the storage that holds it at the end. What cannot be decided statically
    /// is refused: a caller's array written and then rebound in a loop (also by giving
    /// its storage to a new array of the loop's body).
    fn write_back(&mut self, callers: &[CallerArray], at: Span) -> Result<()> {
        let statements = self.blocks[0].clone();
        let mut done: Vec<usize> = Vec::new();
        for caller in callers {
            if done.contains(&caller.storage) {
                continue;
            }
            done.push(caller.storage);
            let name = self.storages[caller.storage].name.clone();
            let group = swap_group(&statements, caller.storage, self);
            let written_storage = |storage_name: &str| {
                let mut written = false;
                walk_all(&statements, &mut |statement: &Stmt| {
                    if let StmtKind::Assign {
                        target,
                        indices: Some(_),
                        ..
                    } = &statement.kind
                    {
                        written |= target.name == storage_name;
                    }
                });
                written
            };
            let written = written_storage(&name);
            let followed = !group.is_empty()
                && group.iter().all(|&storage| {
                    declared_at_top(&statements, &self.storages[storage].name)
                        && !self.rebound(storage)
                });
            if followed {
                let any_written = group
                    .iter()
                    .any(|&storage| written_storage(&self.storages[storage].name));
                if any_written {
                    let value = self.follow_swaps(caller.storage, &group, at);
                    self.emit(
                        StmtKind::Out {
                            name: Ident {
                                name: written_name(&caller.name),
                                span: at,
                            },
                            value: Some(value),
                        },
                        at,
                    );
                }
                continue;
            }
            if self.rebound(caller.storage) || !group.is_empty() {
                if written {
                    return Err(self.refuse(
                        at,
                        format!("the caller's array `{}` is written and rebound to another array in a loop or `if`", caller.name),
                        format!("which writes reach the caller's `{0}` would be decided at run time; work on a copy (`{0} = {0}.copy()` first) and return the result", caller.name),
                    ));
                }
                continue;
            }
            if written {
                let output = written_name(&caller.name);
                self.emit(
                    StmtKind::Out {
                        name: Ident {
                            name: output,
                            span: at,
                        },
                        value: Some(Expr {
                            kind: ExprKind::Name(name),
                            span: at,
                        }),
                    },
                    at,
                );
            }
        }
        Ok(())
    }
}

impl Translator<'_> {
    /// Where the array that starts in `storage` is at the end, when swaps (tuple
    /// assignments among the storages of `group`) move it: a scalar declared first holds
    /// the index of the storage that holds it, updated after every swap; the result reads
    /// the storage it names.
    fn follow_swaps(&mut self, storage: usize, group: &[usize], at: Span) -> Expr {
        let location = self.new_storage(&format!("{}_at", self.storages[storage].name), Some(0));
        let location_name = self.storages[location].name.clone();
        let index_of: HashMap<String, usize> = group
            .iter()
            .map(|&member| (self.storages[member].name.clone(), member))
            .collect();
        let name = |text: &str| Expr {
            kind: ExprKind::Name(text.to_string()),
            span: at,
        };
        let int = |value: usize| Expr {
            kind: ExprKind::Int(value as i64),
            span: at,
        };
        let here = |member: usize| Expr {
            kind: ExprKind::Binary(
                BinaryOp::Eq,
                Box::new(name(&location_name)),
                Box::new(int(member)),
            ),
            span: at,
        };
        let select = |condition: Expr, then: Expr, otherwise: Expr| Expr {
            kind: ExprKind::Call {
                callee: Ident {
                    name: "where".to_string(),
                    span: at,
                },
                args: vec![condition, then, otherwise],
            },
            span: at,
        };
        let update = |moves: &[(usize, usize)]| {
            let mut value = name(&location_name);
            for &(from, to) in moves.iter().rev() {
                value = select(here(from), int(to), value);
            }
            Stmt {
                kind: StmtKind::Assign {
                    target: Ident {
                        name: location_name.clone(),
                        span: at,
                    },
                    indices: None,
                    op: AssignOp::Set,
                    value,
                },
                span: at,
            }
        };
        insert_after_swaps(&mut self.blocks[0], &index_of, &update);
        self.blocks[0].insert(
            0,
            Stmt {
                kind: StmtKind::Var {
                    name: Ident {
                        name: location_name.clone(),
                        span: at,
                    },
                    value: int(storage),
                },
                span: at,
            },
        );
        let (last, others) = group.split_last().expect("a group has members");
        let mut value = name(&self.storages[*last].name);
        for &member in others.iter().rev() {
            value = select(here(member), name(&self.storages[member].name), value);
        }
        value
    }
}

/// The storages a tuple assignment of whole storages (`names = (values)`) moves arrays
/// among, joined with `storage` through such assignments: empty when it takes part in
/// none.
fn swap_group(statements: &[Stmt], storage: usize, translator: &Translator<'_>) -> Vec<usize> {
    let index_of = |text: &str| {
        translator
            .storages
            .iter()
            .position(|candidate| candidate.name == text)
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    walk_all(statements, &mut |statement: &Stmt| {
        if let Some(moves) = swap_moves(statement) {
            for (target, source) in moves {
                if let (Some(target), Some(source)) = (index_of(target), index_of(source)) {
                    pairs.push((target, source));
                }
            }
        }
    });
    let mut group = vec![storage];
    let mut grown = true;
    while grown {
        grown = false;
        for &(a, b) in &pairs {
            for (x, y) in [(a, b), (b, a)] {
                if group.contains(&x) && !group.contains(&y) {
                    group.push(y);
                    grown = true;
                }
            }
        }
    }
    if group.len() == 1 {
        return Vec::new();
    }
    group.sort_unstable();
    group
}

/// A tuple assignment of whole storages: each target's name with the name of the storage
/// whose array it takes.
fn swap_moves(statement: &Stmt) -> Option<Vec<(&str, &str)>> {
    let StmtKind::Destructure {
        names,
        value: Expr {
            kind: ExprKind::Tuple(items),
            ..
        },
        ..
    } = &statement.kind
    else {
        return None;
    };
    let mut moves = Vec::new();
    for (target, item) in names.iter().zip(items) {
        let ExprKind::Name(source) = &item.kind else {
            return None;
        };
        moves.push((target.name.as_str(), source.as_str()));
    }
    Some(moves)
}

/// After every tuple assignment that moves arrays among the storages `index_of` names,
/// the statement `update` makes of its moves (as storage indices, from, to).
fn insert_after_swaps(
    statements: &mut Vec<Stmt>,
    index_of: &HashMap<String, usize>,
    update: &impl Fn(&[(usize, usize)]) -> Stmt,
) {
    let mut k = 0;
    while k < statements.len() {
        for block in statements[k].blocks_mut() {
            insert_after_swaps(&mut block.statements, index_of, update);
        }
        let moves: Vec<(usize, usize)> = swap_moves(&statements[k])
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(target, source)| Some((*index_of.get(source)?, *index_of.get(target)?)))
            .collect();
        if !moves.is_empty() {
            statements.insert(k + 1, update(&moves));
            k += 1;
        }
        k += 1;
    }
}

/// Whether `name` is declared by a statement of the function's top level (not inside a
/// loop or `if`, where a new array would take its storage on every pass).
fn declared_at_top(statements: &[Stmt], name: &str) -> bool {
    statements.iter().any(|statement| {
        matches!(&statement.kind, StmtKind::Var { name: declared, .. } if declared.name == name)
    })
}

/// Every statement of a list, nested ones too.
fn walk_all<'a>(statements: &'a [Stmt], visit: &mut impl FnMut(&'a Stmt)) {
    for statement in statements {
        crate::ast::visit::walk(statement, crate::ast::visit::Functions::Skip, visit);
    }
}

/// A literal, negated when `negative` (`-3` is `Neg(3)` in the tree).
fn signed(kind: ExprKind, negative: bool, at: Span) -> Expr {
    let literal = Expr { kind, span: at };
    if negative {
        Expr {
            kind: ExprKind::Unary(UnaryOp::Neg, Box::new(literal)),
            span: at,
        }
    } else {
        literal
    }
}
