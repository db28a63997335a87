//! Control flow: `for` (unrolled here, one copy per trip, under the unroll budget), `loop`
//! (kept as an IR loop over a slot), `while` (an IR `Repeat` that tests its condition first),
//! and `if` (a constant condition keeps one branch, a
//! run-time one becomes an IR `if`).

use super::value::{shape_text, Value};
use super::{Binding, Continuation, Failed, LResult, Lowerer};
use crate::ast::{self, ScopeKind};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{self, Expr, Stmt};
use crate::scope::Repetition;

impl<'a> Lowerer<'a> {
    /// An `if` condition: a scalar.
    pub(super) fn if_condition(&mut self, condition: &'a ast::Expr) -> LResult<Value> {
        self.scalar_of(condition, "an `if` condition")
    }

    /// An expression that must be a scalar; `what` names it in the diagnostic.
    pub(super) fn scalar_of(&mut self, expr: &'a ast::Expr, what: &str) -> LResult<Value> {
        let value = self.expr(expr)?;
        if !value.shape.is_empty() {
            return self.error(
                format!(
                    "{what} must be a scalar, not an array of shape {}",
                    shape_text(&value.shape)
                ),
                expr.span,
            );
        }
        Ok(value)
    }

    /// Appends a run-time `if` on `condition` (any dtype: nonzero is true) whose branches
    /// were lowered already (their statements were counted as they were emitted).
    pub(super) fn emit_if(&mut self, condition: Expr, then_body: Vec<Stmt>, else_body: Vec<Stmt>) {
        let dtype = condition
            .dtype(self.buffers.table())
            .unwrap_or(crate::ir::DType::F64);
        let condition = super::value::truth(condition, dtype);
        self.ops += 1 + condition.node_count();
        if let Some(list) = self.lists.last_mut() {
            list.push(Stmt::If {
                condition,
                then_body,
                else_body,
            });
        }
    }

    #[allow(clippy::too_many_arguments)] // One parameter per part of the scope's syntax.
    pub(super) fn scope(
        &mut self,
        kind: ScopeKind,
        index: &'a ast::Ident,
        start: &'a ast::Expr,
        end: &'a ast::Expr,
        unroll: Option<&'a ast::Expr>,
        body: &'a ast::Block,
        span: Span,
    ) -> LResult<()> {
        let start_value = self.expr(start)?;
        let end_value = self.expr(end)?;
        for (value, expr) in [(&start_value, start), (&end_value, end)] {
            if !value.shape.is_empty() {
                return self.error(
                    format!(
                        "a range bound must be a scalar, not an array of shape {}",
                        shape_text(&value.shape)
                    ),
                    expr.span,
                );
            }
        }
        let scope_id = self.program.scopes.len() as u32;
        self.program.scopes.push(ir::ScopeInfo {
            kind: kind.into(),
            span,
            trips: None,
            unroll: 1,
            ir_ops: 0,
        });
        let ops_before = self.ops;
        match kind {
            ScopeKind::For => {
                let mut bounds = [0i64; 2];
                for (k, (value, expr)) in [(&start_value, start), (&end_value, end)]
                    .into_iter()
                    .enumerate()
                {
                    match value.constant() {
                        Some(c) if c == c.trunc() && c.abs() < 1e15 => bounds[k] = c as i64,
                        Some(c) if c == c.trunc() => {
                            return self.error(
                                format!(
                                    "a `for` bound must be an integer below 1e15 in magnitude, not {c:e}"
                                ),
                                expr.span,
                            )
                        }
                        Some(c) => {
                            return self.error(
                                format!("a `for` bound must be an integer, not {c}"),
                                expr.span,
                            )
                        }
                        None => {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    ErrorKind::Semantic,
                                    "a `for` bound must be a compile-time constant",
                                    expr.span,
                                )
                                .with_note("`for` is unrolled at compile time; use `loop` for a bound known only at run time"),
                            );
                            return Err(Failed);
                        }
                    }
                }
                let trips = (bounds[1] - bounds[0]).max(0) as u64;
                self.program.scopes[scope_id as usize].trips = Some(trips);
                for (iteration, i) in (bounds[0]..bounds[1]).enumerate() {
                    let before = self.ops;
                    self.push_frame();
                    self.bind(index, Binding::Value(Value::weak_int(i)));
                    let outer = self.return_state.continuation.replace(Continuation::Scope);
                    let result = self.block(&body.statements);
                    self.return_state.continuation = outer;
                    let returned = self.return_state.value.clone();
                    self.pop_frame(returned.as_ref());
                    result?;
                    if self.return_state.value.is_some() {
                        break;
                    }
                    let body_ops = self.ops - before;
                    let projected = self.ops.saturating_add(
                        body_ops.saturating_mul((trips as usize).saturating_sub(iteration + 1)),
                    );
                    // Each trip is a copy, so the trip count alone is bounded by the budget too
                    // (an empty body adds no operations but would still take that long).
                    if projected > self.limits.unroll_budget
                        || trips > self.limits.unroll_budget as u64
                    {
                        self.diagnostics.push(
                            Diagnostic::new(
                                ErrorKind::Limit,
                                if projected > self.limits.unroll_budget {
                                    format!(
                                        "unrolling this `for` ({trips} trips of a body of {body_ops} IR ops) would grow the program to about {projected} IR ops, past the unroll budget of {}",
                                        self.limits.unroll_budget
                                    )
                                } else {
                                    format!(
                                        "unrolling this `for` ({trips} trips of a body of {body_ops} IR ops) would make more copies than the unroll budget of {} allows",
                                        self.limits.unroll_budget
                                    )
                                },
                                span,
                            )
                            .with_note("use `loop` to compile the body once, or raise the budget with --max-unroll"),
                        );
                        return Err(Failed);
                    }
                }
            }
            ScopeKind::Loop => {
                let unroll = match unroll {
                    None => 1,
                    Some(expr) => {
                        let value = self.expr(expr)?;
                        match value.constant() {
                            Some(k) if k >= 1.0 && k == k.trunc() && k <= 1024.0 => k as u32,
                            _ => {
                                return self.error(
                                    "`unroll` takes a constant integer from 1 to 1024",
                                    expr.span,
                                )
                            }
                        }
                    }
                };
                let (mut start_value, mut end_value) =
                    (self.index_number(start_value), self.index_number(end_value));
                for (value, expr) in [(&start_value, start), (&end_value, end)] {
                    if let Some(c) = value.constant() {
                        if c != c.trunc() {
                            return self.error(
                                format!("a `loop` bound must be an integer, not {c}"),
                                expr.span,
                            );
                        }
                    }
                }
                match (start_value.constant(), end_value.constant()) {
                    // No trip, whatever the magnitudes (`1e300..1e300`): bounds that cannot
                    // overflow the machine counter.
                    (Some(a), Some(b)) if b <= a => {
                        start_value = Value::scalar(0.0);
                        end_value = Value::scalar(0.0);
                    }
                    _ => {
                        for (value, expr) in [(&start_value, start), (&end_value, end)] {
                            if let Some(c) = value.constant() {
                                if c.abs() >= MAX_LOOP_BOUND {
                                    return self.error(
                                        format!("a `loop` bound must be an integer below 9e15 in magnitude, not {c:e}"),
                                        expr.span,
                                    );
                                }
                            }
                        }
                    }
                }
                if let (Some(a), Some(b)) = (start_value.constant(), end_value.constant()) {
                    self.program.scopes[scope_id as usize].trips = Some((b - a).max(0.0) as u64);
                }
                self.program.scopes[scope_id as usize].unroll = unroll;
                let slot = self.program.slots;
                self.program.slots += 1;
                let start_expr = self.scalar_expr(start_value, start.span)?;
                let end_expr = self.scalar_expr(end_value, end.span)?;
                self.resolve_snapshots(None, span)?;
                self.lists.push(Vec::new());
                self.push_frame();
                // A scope index is a Python int in a `for` and a `loop` alike: the slot
                // counts in float64, exactly below 9e15.
                let counter = Value {
                    weak: true,
                    ..Value::of(Vec::new(), Expr::Slot(slot))
                };
                let index_value = self.cast(counter, ir::DType::I64);
                self.bind(index, Binding::Value(index_value));
                let outer = self.return_state.continuation.replace(Continuation::Scope);
                let result = self.block(&body.statements);
                self.return_state.continuation = outer;
                self.pop_frame(None);
                let statements = self.lists.pop().unwrap_or_default();
                result?;
                if self.return_state.value.is_some() {
                    let span = self.return_state.span;
                    return self.error(
                        "`return` inside a `loop` is not supported (a `loop` runs at run time); use `for`, or return after the loop",
                        span,
                    );
                }
                let site = self.site(
                    "the bounds of this `loop` must be integers below 9e15 in magnitude"
                        .to_string(),
                    span,
                );
                let loop_statement = ir::Loop {
                    scope: scope_id,
                    slot,
                    start: start_expr,
                    end: end_expr,
                    unroll,
                    body: statements,
                    site,
                };
                // The body's statements were counted as they were emitted.
                self.ops += 1 + loop_statement.start.node_count() + loop_statement.end.node_count();
                if let Some(list) = self.lists.last_mut() {
                    list.push(Stmt::Loop(loop_statement));
                }
            }
        }
        self.program.scopes[scope_id as usize].ir_ops = self.ops - ops_before;
        Ok(())
    }

    /// `while condition { body }`: an IR `Repeat` whose body computes the condition, breaks
    /// when it is zero, then runs the body. A condition that is constant zero runs nothing.
    pub(super) fn while_statement(
        &mut self,
        condition: &'a ast::Expr,
        body: &'a ast::Block,
        span: Span,
    ) -> LResult<()> {
        let ops_before = self.ops;
        self.resolve_snapshots(None, span)?;
        let scope_id = self.program.scopes.len();
        self.program.scopes.push(ir::ScopeInfo {
            kind: Repetition::While,
            span,
            trips: None,
            unroll: 1,
            ir_ops: 0,
        });
        self.lists.push(Vec::new());
        self.push_frame();
        let result = self.while_body(condition, body);
        self.pop_frame(None);
        let statements = self.lists.pop().unwrap_or_default();
        let runs = result?;
        if self.return_state.value.is_some() {
            let span = self.return_state.span;
            return self.error(
                "`return` inside a `while` is not supported (a `while` runs at run time); return after the loop",
                span,
            );
        }
        if !runs {
            self.ops = ops_before;
            return Ok(());
        }
        let site = self.site("this `while`".to_string(), span);
        self.ops += 1;
        if let Some(list) = self.lists.last_mut() {
            list.push(Stmt::Repeat(ir::Repeat {
                body: statements,
                site,
            }));
        }
        self.program.scopes[scope_id].ir_ops = self.ops - ops_before;
        Ok(())
    }

    /// The statements of a `while` loop's `Repeat`; false when the condition is constant
    /// zero (the loop never runs).
    fn while_body(&mut self, condition: &'a ast::Expr, body: &'a ast::Block) -> LResult<bool> {
        let value = self.scalar_of(condition, "a `while` condition")?;
        match value.constant() {
            Some(0.0) => return Ok(false),
            Some(_) => {}
            None => {
                let condition_expr = self.scalar_expr(value, condition.span)?;
                self.ops += 1;
                self.emit_if(condition_expr, Vec::new(), vec![Stmt::Break]);
            }
        }
        self.push_frame();
        let outer = self.return_state.continuation.replace(Continuation::Scope);
        let result = self.block(&body.statements);
        self.return_state.continuation = outer;
        self.pop_frame(None);
        result.map(|_| true)
    }

    /// A scalar used once outside any kernel: it must not need index checks.
    pub(super) fn scalar_expr(&mut self, value: Value, span: Span) -> LResult<Expr> {
        if value.checks.is_empty() {
            return Ok(value.expr);
        }
        let stored = self.materialize(value, "scalar", span)?;
        Ok(stored.expr)
    }

    /// The branch an `if` with the constant condition `c` takes, in a frame of its own
    /// (a `return` in it keeps its value alive), with `continuation` after it.
    pub(super) fn constant_branch(
        &mut self,
        c: f64,
        then_block: &'a ast::Block,
        else_block: Option<&'a ast::Block>,
        continuation: Option<Continuation<'a>>,
    ) -> LResult<()> {
        let taken = if c != 0.0 {
            Some(then_block)
        } else {
            else_block
        };
        let Some(block) = taken else {
            return Ok(());
        };
        self.push_frame();
        let outer = std::mem::replace(&mut self.return_state.continuation, continuation);
        let result = self.block(&block.statements);
        self.return_state.continuation = outer;
        let returned = self.return_state.value.clone();
        self.pop_frame(returned.as_ref());
        result.map(|_| ())
    }

    pub(super) fn if_statement(
        &mut self,
        condition: &'a ast::Expr,
        then_block: &'a ast::Block,
        else_block: Option<&'a ast::Block>,
    ) -> LResult<()> {
        let value = self.if_condition(condition)?;
        if let Some(c) = value.constant() {
            let continuation = self.return_state.continuation.clone();
            return self.constant_branch(c, then_block, else_block, continuation);
        }
        let condition_expr = self.scalar_expr(value, condition.span)?;
        self.resolve_snapshots(None, condition.span)?;
        let mut bodies = Vec::new();
        for block in [Some(then_block), else_block] {
            self.lists.push(Vec::new());
            if let Some(block) = block {
                self.push_frame();
                let result = self.block(&block.statements);
                self.pop_frame(None);
                if result.is_err() {
                    self.lists.pop();
                    return Err(Failed);
                }
                if self.return_state.value.is_some() {
                    self.lists.pop();
                    let span = self.return_state.span;
                    return self.error(
                        "`return` inside an `if` decided at run time is not supported; compute both values and use `where`",
                        span,
                    );
                }
            }
            bodies.push(self.lists.pop().unwrap_or_default());
        }
        let else_body = bodies.pop().unwrap_or_default();
        let then_body = bodies.pop().unwrap_or_default();
        self.emit_if(condition_expr, then_body, else_body);
        Ok(())
    }
}

/// Loop bounds must stay below this in magnitude (codegen checks run-time bounds against the
/// same figure): the machine counter is an `i64` and the index slot an `f64`, exact to 2^53.
const MAX_LOOP_BOUND: f64 = 9.0e15;
