//! A function body's value where `return` is not only its last statement. The statements
//! before the first one that holds a `return` run as they are; from there the body is read
//! as a tree of `if`s whose leaves are `return`s (an `if` without `else` continues with
//! the statements after it). A condition known at compile time takes its branch; one
//! decided at run time chooses between the branches' values with `where`, which is exact
//! only when choosing is all the branches do: so on such paths every statement before the
//! `return` is refused, and so is a value whose computation writes, draws or calls
//! something that does. A `return` inside a loop is refused with the loop to write instead.

use super::comprehensions::is_python_int;
use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    /// The value of a `def`'s body: `Value::Nothing` when it ends without a `return`.
    pub(super) fn body_value(&mut self, body: &[py::Stmt], name: &str) -> Result<Value> {
        let statements: Vec<&py::Stmt> = body.iter().collect();
        let value = self.tail_value(&statements, false, name)?;
        match value {
            Value::Nothing => Ok(Value::Nothing),
            value => {
                let at = body.last().map_or(Span::new(0, 0), span);
                self.settle_return(value, name, at)
            }
        }
    }

    /// The value of `statements` run to their first `return`; `chosen` when a condition
    /// decided at run time led here (the value is then one side of a `where`).
    fn tail_value<'b>(
        &mut self,
        statements: &[&'b py::Stmt],
        chosen: bool,
        name: &str,
    ) -> Result<Value> {
        for (k, statement) in statements.iter().enumerate() {
            if !holds_return(statement) {
                if matches!(statement, py::Stmt::Pass(_)) {
                    continue;
                }
                if chosen {
                    return Err(self.refuse(
                        span(*statement),
                        format!("a statement before a `return` chosen at run time is not supported (in `{name}`)"),
                        "compute the value into a name in each branch and `return` it after the `if`",
                    ));
                }
                // Errors are reported; translation goes on, as for any body.
                let _ = self.statement(statement);
                continue;
            }
            let rest = &statements[k + 1..];
            return match statement {
                py::Stmt::Return(ret) => match &ret.value {
                    None => Ok(Value::Nothing),
                    Some(value) if chosen => self.chosen_value(value),
                    Some(value) => self.expr(value),
                },
                py::Stmt::If(node) => {
                    let mut branches: Vec<(Option<&'b py::Expr>, &'b [py::Stmt])> =
                        vec![(Some(&node.test), &node.body)];
                    for clause in &node.elif_else_clauses {
                        branches.push((clause.test.as_ref(), &clause.body));
                    }
                    self.branches_value(&branches, rest, chosen, name)
                }
                other => Err(self.refuse(
                    first_return(other).unwrap_or(span(*other)),
                    format!("a `return` inside a loop (or `with`, `try`) is not supported (in `{name}`)"),
                    "bind the result to a name, `break` out of the loop, and `return` the name after it",
                )),
            };
        }
        Ok(Value::Nothing)
    }

    /// An `if`/`elif`/`else` chain holding a `return`, then `rest` on the paths that do
    /// not return.
    fn branches_value<'b>(
        &mut self,
        branches: &[(Option<&'b py::Expr>, &'b [py::Stmt])],
        rest: &[&'b py::Stmt],
        chosen: bool,
        name: &str,
    ) -> Result<Value> {
        let path = |body: &'b [py::Stmt]| -> Vec<&'b py::Stmt> {
            body.iter().chain(rest.iter().copied()).collect::<Vec<_>>()
        };
        let Some(&(test, body)) = branches.first() else {
            let rest: Vec<&py::Stmt> = rest.to_vec();
            return self.tail_value(&rest, chosen, name);
        };
        let Some(test) = test else {
            return self.tail_value(&path(body), chosen, name);
        };
        let before = self.emitted();
        let condition = self.condition(test)?;
        if chosen {
            self.only_declarations(before, span(test))?;
        }
        if let ExprKind::Bool(holds) = condition.kind {
            return if holds {
                self.tail_value(&path(body), chosen, name)
            } else {
                self.branches_value(&branches[1..], rest, chosen, name)
            };
        }
        let then_value = self.tail_value(&path(body), true, name)?;
        let else_value = self.branches_value(&branches[1..], rest, true, name)?;
        self.choose(condition, then_value, else_value, span(test), name)
    }

    /// `where(condition, a, b)` of two returned values.
    fn choose(
        &mut self,
        condition: Expr,
        then_value: Value,
        else_value: Value,
        at: Span,
        name: &str,
    ) -> Result<Value> {
        let mut sides = Vec::new();
        for value in [then_value, else_value] {
            match value {
                Value::Alias(reference) if reference.rank != Some(0) => {
                    return Err(self.refuse(
                        at,
                        format!("`{name}` returns different arrays depending on this condition, decided at run time"),
                        "return a new array on every path (`a.copy()`), or one array chosen with `np.where(c, a, b)`",
                    ))
                }
                Value::Nothing => {
                    return Err(self.refuse(
                        at,
                        format!("`{name}` returns a value on one path of this `if` and `None` on another"),
                        "return a value on every path",
                    ))
                }
                Value::Tuple(_) | Value::Text(_) | Value::Function(_) => {
                    return Err(self.refuse(
                        at,
                        format!("`{name}` returns a tuple, a string or a function chosen at run time, which is not supported"),
                        "return numbers or arrays, or choose with a condition known at compile time",
                    ))
                }
                value => sides.push(self.value_expr(value, at)?),
            }
        }
        let (orelse, orelse_rank) = sides.pop().ok_or(Failed)?;
        let (body, body_rank) = sides.pop().ok_or(Failed)?;
        if is_python_int(&body) != is_python_int(&orelse) {
            return Err(self.refuse(
                at,
                format!("`{name}` returns an int on one path of this `if` and maybe a float on the other: Python keeps each path's type"),
                "return the same type on every path (`0.0` and `1.0`, or `int(...)` of both)",
            ));
        }
        Ok(Value::New(
            Expr {
                kind: call_kind("where", vec![condition, body, orelse], at),
                span: at,
            },
            broadcast_rank(&[body_rank, orelse_rank]),
        ))
    }

    /// A returned value on a path chosen at run time: computing it may only declare
    /// values (both sides of a `where` are computed).
    fn chosen_value(&mut self, value: &py::Expr) -> Result<Value> {
        if super::control::draws_random(value) {
            return Err(self.refuse(
                span(value),
                "a random draw in a `return` chosen at run time is not supported",
                "draw before the `if` and return the number in each branch",
            ));
        }
        let before = self.emitted();
        let res = self.expr(value)?;
        self.only_declarations(before, span(value))?;
        Ok(res)
    }

    fn emitted(&self) -> usize {
        self.blocks.last().map_or(0, Vec::len)
    }

    /// Refuses when the statements emitted since `before` do more than declare values.
    fn only_declarations(&mut self, before: usize, at: Span) -> Result<()> {
        let block = self.blocks.last().map_or(&[][..], Vec::as_slice);
        let writes = block[before.min(block.len())..].iter().any(|statement| {
            !matches!(statement.kind, StmtKind::Var { .. } | StmtKind::Let { .. })
        });
        if writes {
            return Err(self.refuse(
                at,
                "this computes with side effects (a write, a print, a call that changes an array) on a path chosen at run time",
                "do the work before the `if`, and return plain values in its branches",
            ));
        }
        Ok(())
    }
}

/// Whether a statement holds a `return` of the function it is in (not of a nested `def`).
pub(super) fn holds_return(statement: &py::Stmt) -> bool {
    let any = |body: &[py::Stmt]| body.iter().any(holds_return);
    match statement {
        py::Stmt::Return(_) => true,
        py::Stmt::If(node) => {
            any(&node.body)
                || node
                    .elif_else_clauses
                    .iter()
                    .any(|clause| any(&clause.body))
        }
        py::Stmt::For(node) => any(&node.body) || any(&node.orelse),
        py::Stmt::While(node) => any(&node.body) || any(&node.orelse),
        py::Stmt::With(node) => any(&node.body),
        py::Stmt::Try(node) => {
            any(&node.body)
                || any(&node.orelse)
                || any(&node.finalbody)
                || node.handlers.iter().any(|handler| match handler {
                    py::ExceptHandler::ExceptHandler(handler) => any(&handler.body),
                })
        }
        _ => false,
    }
}

/// The span of the first `return` a statement holds.
fn first_return(statement: &py::Stmt) -> Option<Span> {
    let first = |body: &[py::Stmt]| body.iter().find_map(first_return);
    match statement {
        py::Stmt::Return(_) => Some(span(statement)),
        py::Stmt::If(node) => first(&node.body).or_else(|| {
            node.elif_else_clauses
                .iter()
                .find_map(|clause| first(&clause.body))
        }),
        py::Stmt::For(node) => first(&node.body).or_else(|| first(&node.orelse)),
        py::Stmt::While(node) => first(&node.body).or_else(|| first(&node.orelse)),
        py::Stmt::With(node) => first(&node.body),
        py::Stmt::Try(node) => first(&node.body)
            .or_else(|| first(&node.orelse))
            .or_else(|| first(&node.finalbody)),
        _ => None,
    }
}
