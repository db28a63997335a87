//! `for` over what is not a `range`: a tuple or list display (`for start in (1, 2)`,
//! `for Z in (U, V)`), a name bound to one, and `zip`/`enumerate` of them. The loop is
//! unrolled at compile time, as Python runs it: the items are evaluated once, before the
//! first iteration, and the body is translated once per item with the target bound to it
//! (arrays by reference), so each copy may have shapes of its own (`u[start:-1:2]`).

use super::span;
use super::translate::*;
use crate::ast::{Block, Expr, ExprKind, IndexArg, ScopeKind, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    /// The items of an iterable that is unrolled, or `None` when it is not one (a `range`).
    pub(super) fn unrolled_items(&mut self, iter: &py::Expr) -> Result<Option<Vec<Value>>> {
        match iter {
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => {
                let mut items = Vec::new();
                for element in elts {
                    if matches!(element, py::Expr::Starred(_)) {
                        return Err(self.refuse(
                            span(element),
                            "`*` in a loop's tuple is not supported",
                            "list the items",
                        ));
                    }
                    let value = self.expr(element)?;
                    items.push(self.settle_item(value, span(element))?);
                }
                Ok(Some(items))
            }
            py::Expr::Name(name) => match self.lookup(name.id.as_str()) {
                Some(Binding::Tuple(items)) => Ok(Some(items.clone())),
                _ => Ok(None),
            },
            py::Expr::Call(call)
                if call.arguments.keywords.is_empty()
                    && matches!(call.func.as_ref(), py::Expr::Name(func)
                        if matches!(func.id.as_str(), "zip" | "enumerate")
                            && self.lookup(func.id.as_str()).is_none()) =>
            {
                let py::Expr::Name(func) = call.func.as_ref() else {
                    return Ok(None);
                };
                let mut sources = Vec::new();
                for arg in call.arguments.args.iter() {
                    match self.unrolled_items(arg)? {
                        Some(items) => sources.push(items),
                        None => {
                            return Err(self.refuse(
                                span(arg),
                                format!("`{}` of this is not supported", func.id.as_str()),
                                "`zip` and `enumerate` take tuples or lists written out (`(a, b)`), or names bound to them",
                            ))
                        }
                    }
                }
                let at = span(iter);
                if func.id.as_str() == "enumerate" {
                    let [items] = sources.as_slice() else {
                        return Err(self.refuse(at, "`enumerate` takes one iterable here", ""));
                    };
                    let numbered = items
                        .iter()
                        .enumerate()
                        .map(|(index, item)| {
                            Value::Tuple(vec![
                                Value::New(int_literal(index as i64, at), Some(0)),
                                item.clone(),
                            ])
                        })
                        .collect();
                    return Ok(Some(numbered));
                }
                // `zip` stops at the shortest.
                let count = sources.iter().map(Vec::len).min().unwrap_or(0);
                let zipped = (0..count)
                    .map(|index| Value::Tuple(sources.iter().map(|s| s[index].clone()).collect()))
                    .collect();
                Ok(Some(zipped))
            }
            _ => Ok(None),
        }
    }

    /// An item as Python holds it from the start: arrays by reference, new values and
    /// scalars computed now, into storage of their own (the body may change what they read).
    pub(super) fn settle_item(&mut self, value: Value, at: Span) -> Result<Value> {
        match value {
            Value::Alias(reference) if reference.rank != Some(0) => Ok(Value::Alias(reference)),
            Value::Tuple(items) => {
                let mut settled = Vec::new();
                for item in items {
                    settled.push(self.settle_item(item, at)?);
                }
                Ok(Value::Tuple(settled))
            }
            Value::New(expr, rank) if is_literal(&expr) => Ok(Value::New(expr, rank)),
            Value::Text(text) => Ok(Value::Text(self.settle_text(text, at))),
            Value::Nothing => Err(self.refuse(
                at,
                "this function returns nothing (`None`)",
                "return a value from the function",
            )),
            other => {
                let (expr, rank) = self.value_expr(other, at)?;
                let storage = self.new_storage("item", rank);
                let ident = self.ident(storage, at);
                self.emit(
                    StmtKind::Var {
                        name: ident,
                        value: expr,
                    },
                    at,
                );
                Ok(Value::Alias(super::names::Reference {
                    storage,
                    view: Vec::new(),
                    rank,
                    bound_at: at,
                }))
            }
        }
    }

    /// `for TARGET in ITEMS:` unrolled: the body once per item, in the current block.
    pub(super) fn for_items(
        &mut self,
        node: &py::StmtFor,
        items: Vec<Value>,
        at: Span,
    ) -> Result<()> {
        if let Some(jump) = first_jump(&node.body) {
            if let Some(columns) = number_columns(&node.target, &items) {
                return self.table_loop(node, columns, at);
            }
            return Err(self.refuse(
                jump,
                "`break` and `continue` are supported in a loop over a tuple or list of numbers only (one of arrays is unrolled)",
                "loop over indices with `for i in range(len(...))` and index an array of the items, or test a flag in each item's code",
            ));
        }
        let mut result = Ok(());
        for item in items {
            if let Err(failed) = self.bind_target(&node.target, item) {
                result = Err(failed);
                break;
            }
            self.statements(&node.body);
        }
        if result.is_ok() && !node.orelse.is_empty() {
            // Without `break`, the `else` always runs after the last item.
            self.statements(&node.orelse);
        }
        let _ = at;
        result
    }

    /// A loop over numbers with `break` or `continue`: a real loop over the items' index,
    /// each target name reading its column, an array declared before the loop.
    fn table_loop(
        &mut self,
        node: &py::StmtFor,
        columns: Vec<(String, Span, Vec<Expr>)>,
        at: Span,
    ) -> Result<()> {
        let count = columns.first().map_or(0, |(_, _, column)| column.len());
        let mut tables = Vec::new();
        for (name, name_span, column) in columns {
            let storage = self.new_storage(&format!("{name}_items"), Some(1));
            let ident = self.ident(storage, name_span);
            self.emit(
                StmtKind::Var {
                    name: ident,
                    value: Expr {
                        kind: ExprKind::Array(column),
                        span: name_span,
                    },
                },
                name_span,
            );
            tables.push((name, name_span, storage));
        }
        let broke = self.loop_else_flag(&node.body, &node.orelse, at);
        self.enter_loop(at.start);
        self.set_broke(broke);
        self.blocks.push(Vec::new());
        let index = self.new_storage("item_index", Some(0));
        let index_ident = self.ident(index, span(node.target.as_ref()));
        let mut result = Ok(());
        for (name, name_span, storage) in tables {
            let read = Expr {
                kind: ExprKind::Index {
                    base: Box::new(Expr {
                        kind: ExprKind::Name(self.storages[storage].name.clone()),
                        span: name_span,
                    }),
                    indices: vec![IndexArg::Single(Expr {
                        kind: ExprKind::Name(self.storages[index].name.clone()),
                        span: name_span,
                    })],
                },
                span: name_span,
            };
            if let Err(failed) = self.assign_name(&name, Value::New(read, Some(0)), name_span) {
                result = Err(failed);
            }
        }
        self.statements(&node.body);
        let joined = self.join_loop();
        let statements = self.blocks.pop().unwrap_or_default();
        self.end_loop();
        self.emit(
            StmtKind::Scope {
                kind: ScopeKind::Loop,
                index: index_ident,
                start: int_literal(0, at),
                end: int_literal(count as i64, at),
                unroll: None,
                body: Block {
                    statements,
                    span: at,
                },
            },
            at,
        );
        let finished = self.loop_else(broke, &node.orelse, at);
        result.and(joined).and(finished)
    }

    /// Binds a loop target (a name, or names in a tuple) to an item.
    fn bind_target(&mut self, target: &py::Expr, item: Value) -> Result<()> {
        match target {
            py::Expr::Name(name) => self.assign_name(name.id.as_str(), item, span(name)),
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => {
                let Value::Tuple(values) = item else {
                    return Err(self.refuse(
                        span(target),
                        "this item is not a tuple, so it cannot be taken apart",
                        "",
                    ));
                };
                if values.len() != elts.len() {
                    return Err(self.refuse(
                        span(target),
                        format!("{} names but {} values", elts.len(), values.len()),
                        "",
                    ));
                }
                for (element, value) in elts.iter().zip(values) {
                    self.bind_target(element, value)?;
                }
                Ok(())
            }
            _ => Err(self.refuse(
                span(target),
                "only names can be a loop's target",
                "loop with a name and assign the subscript in the body",
            )),
        }
    }
}

fn is_literal(expr: &crate::ast::Expr) -> bool {
    match &expr.kind {
        ExprKind::Int(_) | ExprKind::Number(_) | ExprKind::Bool(_) => true,
        ExprKind::Unary(_, inner) => is_literal(inner),
        _ => false,
    }
}

/// The first `break` or `continue` of this loop's body (not of a loop inside it).
fn first_jump(body: &[py::Stmt]) -> Option<Span> {
    for statement in body {
        let found = match statement {
            py::Stmt::Break(_) | py::Stmt::Continue(_) => Some(span(statement)),
            py::Stmt::If(node) => first_jump(&node.body).or_else(|| {
                node.elif_else_clauses
                    .iter()
                    .find_map(|clause| first_jump(&clause.body))
            }),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether this loop's body (not a loop inside it) has a `break`.
pub(super) fn has_break(body: &[py::Stmt]) -> bool {
    body.iter().any(|statement| match statement {
        py::Stmt::Break(_) => true,
        py::Stmt::If(node) => {
            has_break(&node.body)
                || node
                    .elif_else_clauses
                    .iter()
                    .any(|clause| has_break(&clause.body))
        }
        _ => false,
    })
}

/// For a target and items that are all numbers written out (`for dx, dy in ((-1, 0), ...)`):
/// each target name with its column of numbers.
fn number_columns(target: &py::Expr, items: &[Value]) -> Option<Vec<(String, Span, Vec<Expr>)>> {
    let mut columns: Vec<(String, Span, Vec<Expr>)> = Vec::new();
    for item in items {
        let mut leaves = Vec::new();
        number_leaves(target, item, &mut leaves)?;
        if columns.is_empty() {
            columns = leaves
                .into_iter()
                .map(|(name, at, expr)| (name, at, vec![expr]))
                .collect();
        } else {
            for (column, (_, _, expr)) in columns.iter_mut().zip(leaves) {
                column.2.push(expr);
            }
        }
    }
    if columns.is_empty() {
        return None;
    }
    Some(columns)
}

fn number_leaves(
    target: &py::Expr,
    item: &Value,
    leaves: &mut Vec<(String, Span, Expr)>,
) -> Option<()> {
    match (target, item) {
        (py::Expr::Name(name), Value::New(expr, Some(0))) if is_literal(expr) => {
            leaves.push((name.id.as_str().to_string(), span(name), expr.clone()));
            Some(())
        }
        (
            py::Expr::Tuple(py::ExprTuple { elts, .. }) | py::Expr::List(py::ExprList { elts, .. }),
            Value::Tuple(values),
        ) if elts.len() == values.len() => {
            for (element, value) in elts.iter().zip(values) {
                number_leaves(element, value, leaves)?;
            }
            Some(())
        }
        _ => None,
    }
}
