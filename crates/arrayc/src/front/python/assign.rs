//! Assignment: names bound to references or new storage, tuple assignment and buffer
//! swaps, augmented assignment, and writes through a name or view into its storage.

use super::expressions::*;
use super::names::{self, Reference, ViewStep};
use super::passes::Rename;
use super::span;
use super::translate::*;
use crate::ast::visit::walk_indices_mut;
use crate::ast::{AssignOp, DestructureKind, Expr, ExprKind, Ident, IndexArg, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;
use std::collections::{HashMap, HashSet};

impl Translator<'_> {
    pub(super) fn assign(&mut self, target: &py::Expr, value: &py::Expr, at: Span) -> Result<()> {
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
                let indices = self.indices(&subscript.slice)?;
                if self.is_complex_name(&subscript.value) {
                    return self.complex_write(&subscript.value, Some(indices), rhs, at);
                }
                let (rhs, _) = self.value_expr(rhs, at)?;
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
    pub(super) fn assign_name(&mut self, name: &str, value: Value, at: Span) -> Result<()> {
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
            Value::Tuple(items) => {
                let mut settled = Vec::new();
                for item in items {
                    settled.push(self.settle_item(item, at)?);
                }
                self.bind(name, Binding::Tuple(settled));
                Ok(())
            }
            Value::Complex(complex) => self.assign_complex(name, *complex, at),
            Value::Nothing => Err(self.refuse(
                at,
                "this function returns nothing (`None`)",
                "return a value from the function, or call it on its own line",
            )),
            Value::Function(function) => {
                self.bind(name, Binding::Function(function));
                Ok(())
            }
            Value::Text(text) => {
                let text = self.settle_text(text, at);
                self.bind(name, Binding::Text(text));
                Ok(())
            }
            Value::Indices(mask) => self.bind_indices(name, *mask, at),
        }
    }

    /// `name = <new array or scalar>`. A name bound outside the current block to a storage
    /// of its own is assigned in place (the storage is carried around the loop, or across the
    /// `if`); other names of that storage keep the old array, in a copy. Otherwise the name
    /// gets new storage in the current block.
    pub(super) fn assign_new(
        &mut self,
        name: &str,
        expr: Expr,
        rank: Option<usize>,
        at: Span,
    ) -> Result<()> {
        let fields = self.take_record(&expr).unwrap_or_default();
        let current = match self.binding_frame(name).names.get(name) {
            Some(Binding::Value(reference)) => Some(reference.clone()),
            _ => None,
        };
        if let Some(reference) = current.filter(|_| fields.is_empty()) {
            let storage = reference.storage;
            if reference.is_whole()
                && self.storages[storage].depth < self.depth()
                && !self.is_iteration_local(name)
            {
                self.refuse_if_indexing_a_view(name, storage, at)?;
                self.move_other_references(name, storage, at);
                let target = self.ident(storage, at);
                self.note_bool_storage(&target.name, &expr);
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
        self.storages[storage].fields = fields;
        let ident = self.ident(storage, at);
        self.note_bool_storage(&ident.name, &expr);
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
    pub(super) fn refuse_if_indexing_a_view(
        &mut self,
        name: &str,
        storage: usize,
        at: Span,
    ) -> Result<()> {
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
                            walk_indices_mut(&mut mentions, &mut indices);
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
    /// array: a copy in new storage. A name that neither the enclosing loop nor the code
    /// after it reads (`liveness`) needs no copy: it is gone.
    pub(super) fn move_other_references(&mut self, name: &str, storage: usize, at: Span) {
        let top = self.frames.len() - 1;
        let name_frame = if self.frames[top].globals.contains(name) {
            0
        } else {
            top
        };
        let dead = |this: &Self, frame_index: usize, other: &str| {
            this.loops.last().is_some_and(|open| {
                open.frame == frame_index
                    && !open.live.contains(other)
                    && !this.frames[frame_index].globals.contains(other)
            })
        };
        let mut others = Vec::new();
        let mut gone = Vec::new();
        for (frame_index, frame) in self.frames.iter().enumerate() {
            for (other, binding) in &frame.names {
                if let Binding::Value(reference) = binding {
                    if reference.storage == storage && !(frame_index == name_frame && other == name)
                    {
                        if dead(self, frame_index, other) {
                            gone.push((frame_index, other.clone(), reference.bound_at));
                        } else {
                            others.push((frame_index, other.clone()));
                        }
                    }
                }
            }
        }
        for (frame_index, other, bound_at) in gone {
            self.frames[frame_index]
                .names
                .insert(other, Binding::Gone(bound_at));
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
    pub(super) fn tuple_assign(
        &mut self,
        targets: &[py::Expr],
        value: &py::Expr,
        at: Span,
    ) -> Result<()> {
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
        let all_names = targets.iter().all(|t| matches!(t, py::Expr::Name(_)));
        if all_names {
            let names: Vec<(String, Span)> = targets
                .iter()
                .filter_map(|target| match target {
                    py::Expr::Name(name) => Some((name.id.as_str().to_string(), span(name))),
                    _ => None,
                })
                .collect();
            if self.try_swap(&names, &values, at) {
                return Ok(());
            }
        }
        // Snapshot new values first: a later target's in-place assignment must not change
        // what an earlier value read. (Views stay views, as in NumPy: `a[0:2], b[0:2] =
        // b[0:2], a[0:2]` reads the second after the first is written.)
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
                Value::Alias(reference) if reference.rank == Some(0) && targets.len() > 1 => {
                    // An element read (`a[1]`) is a NumPy scalar: a copy, taken now.
                    let expr = self.read(&reference, at);
                    let storage = self.new_storage("tuple_item", Some(0));
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
                    Value::New(read, Some(0))
                }
                other => other,
            });
        }
        let mut result = Ok(());
        for (target, value) in targets.iter().zip(settled) {
            let assigned = match target {
                py::Expr::Name(name) => self.assign_name(name.id.as_str(), value, span(name)),
                py::Expr::Subscript(subscript) => {
                    self.value_expr(value, at).and_then(|(rhs, _)| {
                        let indices = self.indices(&subscript.slice)?;
                        self.write(
                            &subscript.value,
                            Some(indices),
                            AssignOp::Set,
                            rhs,
                            span(target),
                        )
                    })
                }
                _ => Err(self.refuse(
                    span(target),
                    "only names and subscripts can be assigned from a tuple",
                    "assign it on its own line",
                )),
            };
            if let Err(failed) = assigned {
                result = Err(failed);
            }
        }
        result
    }

    /// A permutation of whole arrays among names that refer to them whole: the `.arr`
    /// buffer swap `a, b = b, a` of their storages; other names follow their arrays.
    pub(super) fn try_swap(
        &mut self,
        names: &[(String, Span)],
        values: &[Value],
        at: Span,
    ) -> bool {
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

    pub(super) fn augmented_assign(
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
    pub(super) fn write(
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
}
