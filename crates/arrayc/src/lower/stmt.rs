//! Statements: blocks, `input`, `let`, `var`, assignment, `out`, `print`, `return` and
//! expression statements, each lowered to IR statements. Scopes and `if` are in `control`,
//! calls in `inline`.

use super::inline::block_returns;
use super::value::Value;
use super::{Binding, Failed, LResult, Lowerer};
use std::collections::HashSet;

use crate::ast::{self, StmtKind};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{self, BufferInit, Expr, Stmt};

impl<'a> Lowerer<'a> {
    pub(super) fn block(&mut self, statements: &'a [ast::Stmt]) -> LResult<Option<Value>> {
        let mut last = None;
        for (k, statement) in statements.iter().enumerate() {
            if self.return_state.value.is_some() {
                break;
            }
            if let StmtKind::If {
                condition,
                then_block,
                else_block,
            } = &statement.kind
            {
                let returns =
                    block_returns(then_block) || else_block.as_ref().is_some_and(block_returns);
                if returns && self.inline_depth > 0 {
                    return self.if_with_return(
                        condition,
                        then_block,
                        else_block.as_ref(),
                        &statements[k + 1..],
                        statement.span,
                    );
                }
            }
            self.last_in_block = k + 1 == statements.len();
            last = self.statement(statement)?;
        }
        self.last_in_block = false;
        Ok(last)
    }

    /// Lowers one statement; an expression statement gives its value (a function's result).
    pub(super) fn statement(&mut self, statement: &'a ast::Stmt) -> LResult<Option<Value>> {
        let result = self.statement_inner(statement);
        if result.is_err() {
            let declared: &[ast::Ident] = match &statement.kind {
                StmtKind::Input { name, .. }
                | StmtKind::Let { name, .. }
                | StmtKind::Var { name, .. }
                | StmtKind::Out { name, .. } => std::slice::from_ref(name),
                StmtKind::Destructure {
                    kind: ast::DestructureKind::Let | ast::DestructureKind::Var,
                    names,
                    ..
                } => names,
                StmtKind::Param { .. }
                | StmtKind::Fn { .. }
                | StmtKind::Assign { .. }
                | StmtKind::Print(_)
                | StmtKind::Scope { .. }
                | StmtKind::If { .. }
                | StmtKind::While { .. }
                | StmtKind::Destructure {
                    kind: ast::DestructureKind::Assign,
                    ..
                }
                | StmtKind::Break
                | StmtKind::Continue
                | StmtKind::Return(_)
                | StmtKind::Expr(_) => &[],
            };
            for name in declared {
                if self.lookup(name.span).is_none()
                    || !matches!(statement.kind, StmtKind::Out { .. })
                {
                    self.bind(name, Binding::Poisoned);
                }
            }
        }
        result
    }

    pub(super) fn statement_inner(&mut self, statement: &'a ast::Stmt) -> LResult<Option<Value>> {
        let span = statement.span;
        match &statement.kind {
            StmtKind::Param { name, value: text } => {
                let Some(&value) = self.params.get(&name.name) else {
                    self.diagnostics.push(Diagnostic::new(
                        ErrorKind::Internal,
                        format!("the param `{}` reached lowering without a value", name.name),
                        name.span,
                    ));
                    return Err(Failed);
                };
                // A param is a Python scalar of its expression's type: `param n = 64` is an
                // int, unless an override made it a fraction.
                let int = param_is_int(text, &self.int_params);
                let value = if param_is_bool(text) && (value == 0.0 || value == 1.0) {
                    // `param flag = True` is a bool, as the Python name is.
                    self.int_params.remove(&name.name);
                    Value::of(Vec::new(), Expr::Const(ir::Scalar::Bool(value != 0.0)))
                } else if int && value.fract() == 0.0 && value.abs() < 9.2e18 {
                    self.int_params.insert(name.name.clone());
                    Value::weak_int(value as i64)
                } else {
                    self.int_params.remove(&name.name);
                    Value::scalar(value)
                };
                self.bind(name, Binding::Value(value));
            }
            StmtKind::Fn { .. } => {}
            StmtKind::Input { name, dtype, shape } => {
                let extents = match shape {
                    Some((extents, span)) => self.shape_list(extents, *span)?,
                    None => Vec::new(),
                };
                let dtype = match dtype {
                    Some(dtype) => {
                        let numpy = self.checked.dtypes.get(&dtype.span).copied();
                        match numpy.and_then(super::dtype::from_numpy) {
                            Some(dtype) => dtype,
                            None => {
                                return self
                                    .error("expected a dtype: f64, f32, i64 or bool", dtype.span)
                            }
                        }
                    }
                    None => ir::DType::F64,
                };
                let id = self.new_buffer(
                    &extents,
                    dtype,
                    &name.name,
                    BufferInit::Input(name.name.clone()),
                    name.span,
                )?;
                let value = self.load(id);
                self.bind(name, Binding::Value(value));
            }
            StmtKind::Let { name, value } => {
                let value = self.expr(value)?;
                self.bind_let(name, value, span)?;
            }
            StmtKind::Var { name, value } => {
                let value = self.expr(value)?;
                self.bind_var(name, value, span)?;
            }
            StmtKind::Assign {
                target,
                indices,
                op,
                value,
            } => self.assign(target, indices.as_deref(), *op, value, span)?,
            StmtKind::Out { name, value } => {
                let value = match value {
                    Some(expr) => self.expr(expr)?,
                    None => self.value_of_name(&name.name, name.span)?,
                };
                // Outputs are read when the program ends. A `var` named by `out x` is read
                // then (its final value); an immutable stored array is read in place; only
                // other values need a buffer of their own.
                let named_var = match (value_is_name(statement), self.lookup(name.span)) {
                    (true, Some(Binding::Var { home, .. })) => Some(*home),
                    _ => None,
                };
                let weak = value.weak && value.shape.is_empty();
                let buffer = match (named_var, self.whole_buffer(&value)) {
                    (Some(home), _) => home,
                    (None, Some(buffer))
                        if !self.buffers.is_mutable(buffer)
                            && self.buffers.shape(buffer) == value.shape =>
                    {
                        buffer
                    }
                    _ => {
                        let dtype = self.dtype(&value);
                        let id = self.new_buffer(
                            &value.shape,
                            dtype,
                            &name.name,
                            BufferInit::Scratch,
                            span,
                        )?;
                        self.store(id, value, span);
                        id
                    }
                };
                if named_var.is_none() {
                    // `out y = expr` also binds `y`, to the value as it is now.
                    let stored = Value {
                        weak,
                        ..self.load(buffer)
                    };
                    self.bind(name, Binding::Value(stored));
                }
                self.program.outputs.push(ir::Output {
                    name: name.name.clone(),
                    buffer,
                });
            }
            StmtKind::Print(parts) => {
                let mut printed = Vec::new();
                for part in parts {
                    printed.push(match part {
                        ast::PrintPart::Text(text) => ir::PrintPart::Text(text.clone()),
                        ast::PrintPart::Value { value, spec } => self.print_value(value, spec)?,
                    });
                }
                let id = self.program.prints.len() as u32;
                self.program.prints.push(printed);
                self.emit(Stmt::Print { id, span });
            }
            StmtKind::Scope {
                kind,
                index,
                start,
                end,
                unroll,
                body,
            } => self.scope(*kind, index, start, end, unroll.as_ref(), body, span)?,
            StmtKind::If {
                condition,
                then_block,
                else_block,
            } => self.if_statement(condition, then_block, else_block.as_ref())?,
            StmtKind::While { condition, body } => self.while_statement(condition, body, span)?,
            StmtKind::Break => self.emit(Stmt::Break),
            StmtKind::Continue => self.emit(Stmt::Continue),
            StmtKind::Destructure { kind, names, value } => {
                self.destructure(*kind, names, value, span)?
            }
            StmtKind::Return(expr) => {
                let value = self.result_expr(expr)?;
                self.return_state.value = Some(value);
                self.return_state.span = span;
            }
            StmtKind::Expr(expr) => return Ok(Some(self.result_expr(expr)?)),
        }
        Ok(None)
    }

    /// `let name = value`: a snapshot. Constants and views of immutable data are bound as
    /// they are; anything else is stored once (a later change of a `var` it reads must not
    /// change it).
    pub(super) fn bind_let(&mut self, name: &ast::Ident, value: Value, span: Span) -> LResult<()> {
        if self.snapshot(name, &value) {
            return Ok(());
        }
        let value = if value.constant().is_some()
            || (!self.reads_mutable(&value) && self.is_view(&value))
        {
            value
        } else {
            self.materialize(value, &name.name, span)?
        };
        self.bind(name, Binding::Value(value));
        Ok(())
    }

    /// `var name = value`: a home buffer of its own, written with the value.
    pub(super) fn bind_var(&mut self, name: &ast::Ident, value: Value, span: Span) -> LResult<()> {
        let (dtype, weak) = self.var_declared(name, &value);
        let home = self.allocate(&value.shape, dtype, &name.name, span)?;
        let shape = value.shape.clone();
        self.store(home, value, span);
        self.buffers.mark_mutable(home);
        let frame = self.env.depth();
        self.bind(
            name,
            Binding::Var {
                home,
                spare: None,
                shape,
                frame,
                weak,
            },
        );
        Ok(())
    }

    /// Views are reads with remapped indices: no arithmetic, nothing to recompute.
    pub(super) fn is_view(&self, value: &Value) -> bool {
        matches!(value.expr, Expr::Load { .. })
    }
}

/// Whether the statement is `out name` without a value.
pub(super) fn value_is_name(statement: &ast::Stmt) -> bool {
    matches!(statement.kind, StmtKind::Out { value: None, .. })
}

/// Whether a param's expression is a Python int: int literals and int params combined by
/// `+ - * // % **`, unary minus, `int`, `abs`, `min`, `max`, `minimum`, `maximum` and
/// `clip` (true division, floats and the float functions give floats).
/// Whether a param's expression is a bool: `True`, `False` or `!` of one.
pub(super) fn param_is_bool(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ast::ExprKind::Bool(_) => true,
        ast::ExprKind::Unary(ast::UnaryOp::Not, operand) => param_is_bool(operand),
        _ => false,
    }
}

pub(super) fn param_is_int(expr: &ast::Expr, int_params: &HashSet<String>) -> bool {
    use ast::{BinaryOp, ExprKind, UnaryOp};
    match &expr.kind {
        ExprKind::Int(_) => true,
        ExprKind::Bool(_) => false,
        ExprKind::Name(name) => int_params.contains(name),
        ExprKind::Unary(UnaryOp::Neg, operand) => param_is_int(operand, int_params),
        ExprKind::Unary(UnaryOp::Not, _) => false,
        ExprKind::Binary(op, a, b) => {
            let ints = param_is_int(a, int_params) && param_is_int(b, int_params);
            ints && matches!(
                op,
                BinaryOp::Add
                    | BinaryOp::Sub
                    | BinaryOp::Mul
                    | BinaryOp::FloorDiv
                    | BinaryOp::Rem
                    | BinaryOp::Pow
            )
        }
        ExprKind::Call { callee, args } => match callee.name.as_str() {
            "int" => true,
            "abs" | "min" | "max" | "minimum" | "maximum" | "clip" => {
                args.iter().all(|arg| param_is_int(arg, int_params))
            }
            _ => false,
        },
        ExprKind::Number(_)
        | ExprKind::Keyword { .. }
        | ExprKind::Str(_)
        | ExprKind::Array(_)
        | ExprKind::Index { .. }
        | ExprKind::Tuple(_) => false,
    }
}

impl<'a> Lowerer<'a> {
    /// One value of a `print`, in a buffer of its own shape, with a format spec its dtype
    /// takes (Python raises an error for the others: `f"{x:d}"` of a float).
    fn print_value(&mut self, expr: &'a ast::Expr, spec: &ir::Spec) -> LResult<ir::PrintPart> {
        if let Some(argument) = self.unique_argument(expr) {
            return self.print_unique(argument, spec, expr.span);
        }
        let value = self.expr(expr)?;
        let shape = value.shape.clone();
        if let Err(message) = spec.check(self.dtype(&value).format_kind()) {
            return self.error(format!("{message}: Python raises an error here"), expr.span);
        }
        if !shape.is_empty() && !spec.is_empty() {
            return self.error(
                format!("a format spec (`{spec}`) for an array: NumPy raises an error here"),
                expr.span,
            );
        }
        // `format(a, "")` of an array is `str(a)`.
        let spec = if shape.is_empty() {
            spec.clone()
        } else {
            ir::Spec::plain()
        };
        let buffer = match self.whole_buffer(&value) {
            Some(buffer) => buffer,
            None => {
                let stored = self.materialize(value, "print", expr.span)?;
                self.whole_buffer(&stored).ok_or(Failed)?
            }
        };
        Ok(ir::PrintPart::Value {
            buffer,
            shape,
            spec,
        })
    }
}
