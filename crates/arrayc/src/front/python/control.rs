//! Control flow and joins: `for`, `while`, `if`; at a loop's back edge and after an `if`
//! each name must refer to the same storage and view on every path, or it is refused.

use super::names::Reference;
use super::span;
use super::translate::*;
use crate::ast::{Block, Expr, ExprKind, ScopeKind, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;
use std::collections::HashSet;

impl Translator<'_> {
    pub(super) fn for_statement(&mut self, node: &py::StmtFor, at: Span) -> Result<()> {
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
        self.enter_loop(at.start);
        self.statements(&node.body);
        let locals = self
            .loops
            .pop()
            .map(|(_, _, names)| names)
            .unwrap_or_default();
        let statements = self.blocks.pop().unwrap_or_default();
        let joined = self.join_loop(&before, &locals, at);
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

    pub(super) fn is_unroll(&self, func: &py::Expr) -> bool {
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
    pub(super) fn range(&mut self, iter: &py::Expr) -> Result<(Expr, Expr)> {
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

    pub(super) fn while_statement(&mut self, node: &py::StmtWhile, at: Span) -> Result<()> {
        if !node.orelse.is_empty() {
            return Err(self.refuse(at, "`while ... else` is not supported", ""));
        }
        let condition = self.expr(&node.test)?;
        let condition = self.scalar(condition)?;
        let before = self.frames.clone();
        self.blocks.push(Vec::new());
        self.enter_loop(at.start);
        self.statements(&node.body);
        let locals = self
            .loops
            .pop()
            .map(|(_, _, names)| names)
            .unwrap_or_default();
        let statements = self.blocks.pop().unwrap_or_default();
        let joined = self.join_loop(&before, &locals, at);
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
    pub(super) fn join_loop(
        &mut self,
        before: &[Frame],
        locals: &HashSet<String>,
        at: Span,
    ) -> Result<()> {
        let mut result = Ok(());
        let top = self.frames.len() - 1;
        for (frame_index, before_frame) in before.iter().enumerate().take(self.frames.len()) {
            let mut names: Vec<&String> = before_frame.names.keys().collect();
            names.sort();
            for name in names {
                if frame_index == top && locals.contains(name) {
                    continue;
                }
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
        // Iteration-local names are never read after the loop (`liveness`).
        for name in locals {
            if let Some(binding @ Binding::Value(_)) = self.frames[top].names.get_mut(name) {
                if let Binding::Value(reference) = binding {
                    *binding = Binding::Gone(reference.bound_at);
                }
            }
        }
        if result.is_err() {
            let _ = at;
        }
        result
    }

    /// Opens the loop whose statement starts at `start`: its iteration-local names.
    fn enter_loop(&mut self, start: u32) {
        let locals = self.loop_locals.get(&start).cloned().unwrap_or_default();
        self.loops
            .push((self.depth(), self.frames.len() - 1, locals));
    }

    /// Whether `name`, assigned here, may take new storage although it was bound before
    /// the enclosing loop: the loop's body is the current block and nothing observes the
    /// name's old array.
    pub(super) fn is_iteration_local(&self, name: &str) -> bool {
        let top = self.frames.len() - 1;
        self.loops.last().is_some_and(|(depth, frame, names)| {
            *depth == self.depth()
                && *frame == top
                && names.contains(name)
                && !self.frames[top].globals.contains(name)
        })
    }

    /// After a block: names that refer to storage declared inside it are gone.
    pub(super) fn end_block(&mut self) {
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

    pub(super) fn if_statement(&mut self, node: &py::StmtIf) -> Result<()> {
        let at = span(node);
        let mut branches: Vec<(Option<&py::Expr>, &[py::Stmt], Span)> =
            vec![(Some(&node.test), &node.body, at)];
        for clause in &node.elif_else_clauses {
            branches.push((clause.test.as_ref(), &clause.body, span(clause)));
        }
        self.if_chain(&branches)
    }

    pub(super) fn if_chain(
        &mut self,
        branches: &[(Option<&py::Expr>, &[py::Stmt], Span)],
    ) -> Result<()> {
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
        // A condition known at compile time (a string compared): only its branch runs.
        if let ExprKind::Bool(holds) = condition.kind {
            if holds {
                self.statements(body);
                return Ok(());
            }
            return self.if_chain(&branches[1..]);
        }
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
        let joined = self.join_branches(&before, &then_frames, &else_frames, at);
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
    pub(super) fn join_branches(
        &mut self,
        before: &[Frame],
        then_frames: &[Frame],
        else_frames: &[Frame],
        at: Span,
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
                    (Some(a @ (Binding::Function(_) | Binding::Text(_))), Some(b))
                    | (Some(b), Some(a @ (Binding::Function(_) | Binding::Text(_))))
                        if !same_object(a, b) =>
                    {
                        let message = format!("`{name}` is bound to different functions or strings after the two branches of this `if`");
                        result = Err(self.refuse(
                            at,
                            message,
                            "which one would be decided at run time; choose with a condition known at compile time",
                        ));
                        Binding::Poisoned
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
}

/// Whether two bindings of a function or a string are the same one.
fn same_object(a: &Binding, b: &Binding) -> bool {
    match (a, b) {
        (Binding::Function(a), Binding::Function(b)) => std::rc::Rc::ptr_eq(a, b),
        (Binding::Text(a), Binding::Text(b)) => a == b,
        _ => false,
    }
}
