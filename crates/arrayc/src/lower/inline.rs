//! Calls and inlining: a user function is lowered in place at each call, in a frame of its
//! own; an early `return` inside a run-time `if` runs the rest of the function on each path
//! and stores the function's value into one result buffer.

use super::value::{shape_text, Value};
use super::{Binding, Failed, LResult, Lowerer, MAX_INLINE_DEPTH};
use crate::ast::{self, visit, FnBody, StmtKind};
use crate::check::Callee;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{BufferId, BufferInit};

/// What follows the current block inside a function body.
#[derive(Clone)]
pub(super) enum Continuation<'a> {
    /// The rest of each enclosing block, innermost first, up to the end of the function.
    Known(Vec<&'a [ast::Stmt]>),
    /// Inside a `for` or `loop` body: control returns to the scope, not to a block.
    Scope,
}

/// Early `return` inside the function being inlined: its value, where the rest of the
/// function continues, and the result buffer every path stores into once a `return` sits
/// inside a run-time `if`. One per inlined call; the caller's is saved while the callee's
/// body is lowered.
#[derive(Default)]
pub(super) struct ReturnState<'a> {
    /// The value of a `return` that ended the function being inlined.
    pub(super) value: Option<Value>,
    /// The span of the last `return` lowered.
    pub(super) span: Span,
    /// The buffer every path of the function being inlined stores its value into, once a
    /// `return` inside a run-time `if` needs one.
    pub(super) sink: Option<BufferId>,
    /// `value` is a read of `sink`, which every path has already written.
    pub(super) into_sink: bool,
    /// Where lowering is inside a function body: what follows the current block.
    pub(super) continuation: Option<Continuation<'a>>,
}

impl<'a> ReturnState<'a> {
    /// Starts a function body; returns the caller's state, for `leave_function`.
    fn enter_function(&mut self) -> ReturnState<'a> {
        let callee = ReturnState {
            value: None,
            span: self.span,
            sink: None,
            into_sink: false,
            continuation: Some(Continuation::Known(Vec::new())),
        };
        std::mem::replace(self, callee)
    }

    /// Ends a function body: restores the caller's state and returns the value of the
    /// body's `return`, if one ran. The span of the last `return` stays the callee's.
    fn leave_function(&mut self, caller: ReturnState<'a>) -> Option<Value> {
        let callee = std::mem::replace(self, caller);
        self.span = callee.span;
        callee.value
    }
}

impl<'a> Lowerer<'a> {
    /// An `if` inside a function with a `return` in a branch. A constant condition keeps
    /// the branch taken. A condition known at run time becomes a branch in which each path
    /// runs its side, then (unless it returned) the rest of the function — `rest` of this
    /// block, then the rest of every enclosing block (`self.return_state.continuation`) — and stores the
    /// function's value into one result buffer.
    pub(super) fn if_with_return(
        &mut self,
        condition: &'a ast::Expr,
        then_block: &'a ast::Block,
        else_block: Option<&'a ast::Block>,
        rest: &'a [ast::Stmt],
        span: Span,
    ) -> LResult<Option<Value>> {
        let value = self.if_condition(condition)?;
        let mut chain = vec![rest];
        if let Some(Continuation::Known(outer)) = &self.return_state.continuation {
            chain.extend(outer.iter().copied());
        }
        if let Some(c) = value.constant() {
            let continuation = Some(Continuation::Known(chain));
            self.constant_branch(c, then_block, else_block, continuation)?;
            if self.return_state.value.is_some() {
                return Ok(None);
            }
            return self.block(rest);
        }
        if !matches!(self.return_state.continuation, Some(Continuation::Known(_))) {
            return self.error(
                "a `return` inside an `if` decided at run time is not supported inside a `for`; move the `if` out of the `for`, or use `where`",
                span,
            );
        }
        let condition_expr = self.scalar_expr(value, condition.span)?;
        self.resolve_snapshots(None, span)?;
        let mut bodies = Vec::new();
        for block in [Some(then_block), else_block] {
            self.lists.push(Vec::new());
            let path = self.return_path(block, &chain);
            let body = self.lists.pop().unwrap_or_default();
            path?;
            bodies.push(body);
        }
        if self.tuple_values.take().is_some() {
            return self.error(
                "several values cannot be returned from inside an `if` decided at run time; return them after it",
                span,
            );
        }
        let else_body = bodies.pop().unwrap_or_default();
        let then_body = bodies.pop().unwrap_or_default();
        self.emit_if(condition_expr, then_body, else_body);
        let Some(sink) = self.return_state.sink else {
            return self.error("this function returns no value", condition.span);
        };
        self.return_state.value = Some(self.load(sink));
        self.return_state.into_sink = true;
        Ok(None)
    }

    /// One path of `if_with_return`: the branch, then (unless it returned) each block of
    /// `chain` in turn; the value of the function (a `return`, or the last expression of the
    /// function body, which is the last block of the chain) goes to the result buffer.
    pub(super) fn return_path(
        &mut self,
        block: Option<&'a ast::Block>,
        chain: &[&'a [ast::Stmt]],
    ) -> LResult<()> {
        self.push_frame();
        let outer = self
            .return_state
            .continuation
            .replace(Continuation::Known(chain.to_vec()));
        let mut result = match block {
            Some(block) => self.block(&block.statements).map(|_| None),
            None => Ok(None),
        };
        for (k, statements) in chain.iter().enumerate() {
            if result.is_err() || self.return_state.value.is_some() {
                break;
            }
            self.return_state.continuation = Some(Continuation::Known(chain[k + 1..].to_vec()));
            // Only the function body's own last expression is the function's value.
            result = self
                .block(statements)
                .map(|last| if k + 1 == chain.len() { last } else { None });
        }
        self.return_state.continuation = outer;
        let returned = self.return_state.value.take();
        let from_sink = std::mem::take(&mut self.return_state.into_sink);
        let outcome = match (result, returned) {
            (Err(failed), _) => Err(failed),
            (Ok(_), Some(value)) => Ok((Some(value), from_sink)),
            (Ok(last), None) => Ok((last, false)),
        };
        let stored = match outcome {
            Err(failed) => Err(failed),
            Ok((Some(_), true)) => Ok(()),
            Ok((Some(value), false)) => self.store_result(value),
            Ok((None, _)) => {
                let span = self.return_state.span;
                self.error("a path through this function ends without a value", span)
            }
        };
        self.pop_frame(None);
        stored
    }

    /// Stores one path's value into the function's result buffer.
    pub(super) fn store_result(&mut self, value: Value) -> LResult<()> {
        let span = self.return_state.span;
        let sink = match self.return_state.sink {
            Some(sink) => sink,
            None => {
                let dtype = self.dtype(&value);
                let sink =
                    self.new_buffer(&value.shape, dtype, "result", BufferInit::Scratch, span)?;
                self.return_state.sink = Some(sink);
                sink
            }
        };
        let shape = self.buffers.shape(sink).to_vec();
        if shape != value.shape {
            return self.error(
                format!(
                    "the function returns values of different shapes: {} and {}",
                    shape_text(&shape),
                    shape_text(&value.shape)
                ),
                span,
            );
        }
        self.store(sink, value, span);
        Ok(())
    }

    /// A call the checker resolved: a user function is inlined, a builtin lowered.
    pub(super) fn call(
        &mut self,
        callee: &'a ast::Ident,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        match self.checked.calls.get(&callee.span) {
            Some(Callee::Function(id)) => match self.functions.get(id) {
                Some(&(params, body)) => self.inline(callee, params, body, args, span),
                None => self.unresolved(callee.span),
            },
            Some(Callee::Builtin(builtin)) => {
                self.direct_result = false;
                // Keyword arguments out of order were put in parameter order by the checker.
                let args = self
                    .checked
                    .arguments
                    .get(&callee.span)
                    .map_or(args, Vec::as_slice);
                self.builtin(*builtin, args, span)
            }
            None => self.unresolved(callee.span),
        }
    }

    /// The checker resolves every call of a program it accepts; lowering only ever sees those.
    fn unresolved(&mut self, span: Span) -> LResult<Value> {
        self.diagnostics.push(Diagnostic::new(
            ErrorKind::Internal,
            "a call reached lowering without a resolution from the checker",
            span,
        ));
        Err(Failed)
    }

    /// A function's value: one expression, or several as a tuple (`return a, b`, a last
    /// expression `(a, b)`), kept in `tuple_values` for the destructuring that takes them.
    pub(super) fn result_expr(&mut self, expr: &'a ast::Expr) -> LResult<Value> {
        match &expr.kind {
            ast::ExprKind::Tuple(items) if self.inline_depth > 0 => {
                let mut values = Vec::new();
                for item in items {
                    values.push(self.expr(item)?);
                }
                if self.return_state.sink.is_some() {
                    return self.error(
                        "several values cannot be returned from inside an `if` decided at run time; return them after it",
                        expr.span,
                    );
                }
                self.tuple_values = Some(values);
                Ok(Value::scalar(0.0))
            }
            _ => self.expr(expr),
        }
    }

    /// Lowers the body of a function in place of a call; the checker has verified the
    /// argument count and that no function calls itself.
    pub(super) fn inline(
        &mut self,
        callee: &'a ast::Ident,
        params: &'a [ast::Ident],
        body: &'a FnBody,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        if self.inline_depth >= MAX_INLINE_DEPTH {
            return self.error(
                format!("calls nested more than {MAX_INLINE_DEPTH} deep"),
                span,
            );
        }
        // Only this call's results may be taken apart, not those of calls in its arguments.
        let tuple_wanted = std::mem::take(&mut self.tuple_wanted);
        // Likewise only this call's result goes straight into an assignment.
        let direct = std::mem::take(&mut self.direct_result);
        let mut values = Vec::new();
        for arg in args {
            values.push(self.expr(arg)?);
        }
        self.inline_depth += 1;
        let outer_tuple = self.tuple_values.take();
        let diagnostics_before = self.diagnostics.len();
        self.push_frame();
        for (param, value) in params.iter().zip(values) {
            let assigned = self
                .checked
                .names
                .get(&param.span)
                .is_some_and(|id| self.checked.assigned_parameters.contains(id));
            if assigned {
                // The body changes it: a `var` of the call's own, so the caller's value
                // stays as it was.
                let (dtype, weak) = self.var_declared(param, &value);
                let home = match self.allocate(&value.shape, dtype, &param.name, param.span) {
                    Ok(home) => home,
                    Err(failed) => {
                        self.pop_frame(None);
                        self.inline_depth -= 1;
                        return Err(failed);
                    }
                };
                let shape = value.shape.clone();
                self.store(home, value, param.span);
                self.buffers.mark_mutable(home);
                let frame = self.env.depth();
                self.bind(
                    param,
                    Binding::Var {
                        home,
                        spare: None,
                        shape,
                        frame,
                        weak,
                    },
                );
            } else {
                self.bind(param, Binding::Value(value));
            }
        }
        let caller = self.return_state.enter_function();
        let result = match body {
            FnBody::Expr(expr) => self.result_expr(expr).map(Some),
            FnBody::Block(block) => self.block(&block.statements),
        };
        let returned = self.return_state.leave_function(caller);
        let tuple = std::mem::replace(&mut self.tuple_values, outer_tuple);
        let result = match (&tuple, tuple_wanted, result) {
            (_, _, Err(failed)) => Err(failed),
            (Some(values), false, Ok(_)) => self.error(
                format!(
                    "`{}` returns {} values: take them apart with `let ({}) = {}(...)`",
                    callee.name,
                    values.len(),
                    (0..values.len())
                        .map(|k| format!("v{k}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    callee.name
                ),
                span,
            ),
            (None, true, Ok(_)) => self.error(
                format!(
                    "`{}` returns one value, which cannot be taken apart",
                    callee.name
                ),
                span,
            ),
            (_, _, Ok(result)) => Ok(result),
        };
        if let (Some(values), Ok(_)) = (tuple, &result) {
            // Results that read buffers of the function outlive its frame.
            let mut kept = Vec::new();
            for value in values {
                let value = if self.reads_mutable(&value) {
                    match self.materialize(value, &callee.name, span) {
                        Ok(value) => value,
                        Err(failed) => {
                            self.pop_frame(None);
                            self.inline_depth -= 1;
                            return Err(failed);
                        }
                    }
                } else {
                    value
                };
                kept.push(value);
            }
            self.pop_frame_keeping(&kept);
            self.inline_depth -= 1;
            self.tuple_values = Some(kept);
            return Ok(Value::scalar(0.0));
        }
        let value = match (result, returned) {
            (Err(Failed), _) => Err(Failed),
            (Ok(_), Some(value)) => Ok(value),
            (Ok(Some(value)), None) => Ok(value),
            (Ok(None), None) => self.error(
                format!(
                    "function `{}` must end with an expression or `return`",
                    callee.name
                ),
                span,
            ),
        };
        // Results that read buffers of the function outlive its frame (unless an
        // assignment stores the result at once: then the frame keeps them until it has).
        let value = match value {
            Ok(value) if self.reads_mutable(&value) && !direct => {
                self.materialize(value, &callee.name, span).map(Some)
            }
            Ok(value) => Ok(Some(value)),
            Err(failed) => Err(failed),
        };
        let value = value.map(|v| v.unwrap_or_else(|| Value::scalar(0.0)));
        self.pop_frame(value.as_ref().ok());
        self.inline_depth -= 1;
        if value.is_err() {
            for diagnostic in &mut self.diagnostics[diagnostics_before..] {
                let outside = diagnostic
                    .span
                    .is_some_and(|s| !(s.start >= span.start && s.end <= span.end));
                // Only the innermost call is named.
                if outside && diagnostic.call.is_none() {
                    diagnostic.call = Some((callee.name.clone(), span));
                }
            }
        }
        value
    }
}

/// Whether a `return` appears anywhere in the block (functions cannot nest, so any
/// `return` belongs to the function being lowered).
pub(super) fn block_returns(block: &ast::Block) -> bool {
    let mut returns = false;
    for statement in &block.statements {
        visit::walk(statement, visit::Functions::Skip, &mut |nested| {
            returns |= matches!(nested.kind, StmtKind::Return(_));
        });
    }
    returns
}
