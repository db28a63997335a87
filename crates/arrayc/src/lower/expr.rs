//! Expressions: numbers, names, unary and binary operators with broadcasting, powers and
//! array literals, folded when constant and materialised when an expression grows too tall.

use super::dtype::{binary_operands, gives_float16, promote, unary_operand};
use super::value::{broadcast_shapes, select_tree, shape_text, signs_outward, Value};
use super::{Failed, LResult, Lowerer, MAX_EXPR_HEIGHT};
use crate::ast::{self, ExprKind};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{
    binary_scalar, unary_scalar, Binary, BufferInit, ConstData, DType, Expr, Index, Scalar, Unary,
    MAX_RANK,
};
use crate::numeric;

impl<'a> Lowerer<'a> {
    pub(super) fn expr(&mut self, expr: &'a ast::Expr) -> LResult<Value> {
        if self.masked_reads.is_some() {
            return self.expr_with_masked_reads(expr);
        }
        self.expr_inner(expr)
    }

    /// `expr` without looking at masked reads (`masks.rs` decides when to).
    pub(super) fn expr_plain(&mut self, expr: &'a ast::Expr) -> LResult<Value> {
        self.expr_inner(expr)
    }

    fn expr_inner(&mut self, expr: &'a ast::Expr) -> LResult<Value> {
        let span = expr.span;
        // Inlining can multiply work exponentially (f calls g twice, g calls h twice, ...):
        // bound the expressions lowered, and the IR grown, by the unroll budget.
        self.work += 1;
        if self.work > self.limits.unroll_budget.saturating_mul(4)
            || self.ops > self.limits.unroll_budget
        {
            if !self.over_budget {
                self.over_budget = true;
                self.diagnostics.push(
                    Diagnostic::new(
                        ErrorKind::Limit,
                        format!(
                            "the program grows too large when its functions are inlined and its `for` scopes unrolled (more than the unroll budget of {} IR ops)",
                            self.limits.unroll_budget
                        ),
                        span,
                    )
                    .with_note("use `loop` instead of `for`, call functions fewer times, or raise the budget with --max-unroll"),
                );
            }
            return Err(Failed);
        }
        match &expr.kind {
            ExprKind::Number(value) => Ok(Value::scalar(*value)),
            // `2` is a Python int: a weak int64 (NEP 50), as Python types it.
            ExprKind::Int(value) => Ok(Value::weak_int(*value)),
            // `True` is a Python bool: it promotes as a NumPy bool (`True + 1` is 2,
            // `f32_array * True` float32) and prints `True`.
            ExprKind::Bool(value) => Ok(Value {
                expr: Expr::Const(Scalar::Bool(*value)),
                weak: false,
                ..Value::scalar(0.0)
            }),
            ExprKind::Name(name) => match self.checked.constants.get(&span) {
                Some(&value) => Ok(Value::scalar(value)),
                None if self.checked.dtypes.contains_key(&span) => self.error(
                    format!("`{name}` is a dtype, not a value: convert with `{name}(x)` or `astype(x, {name})`"),
                    span,
                ),
                None => self.value_of_name(name, span),
            },
            ExprKind::Keyword { value, .. } => self.expr(value),
            ExprKind::Str(text) => self.error(
                format!(
                    "a string (\"{text}\") can only be a mode, such as `pad(a, 1, mode=\"edge\")`"
                ),
                span,
            ),
            ExprKind::Unary(op, operand) => {
                let operand = self.expr(operand)?;
                self.unary(numeric::Unary::from(*op), operand, span)
            }
            ExprKind::Binary(ast::BinaryOp::Pow, lhs, rhs) => {
                let base = self.expr(lhs)?;
                let exponent = self.expr(rhs)?;
                self.power(base, exponent, true, span)
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let a = self.expr(lhs)?;
                let b = self.expr(rhs)?;
                self.binary(numeric::Binary::from(*op), a, b, span)
            }
            ExprKind::Array(items) => self.array_literal(items, span),
            ExprKind::Index { base, indices } => {
                let base = self.expr(base)?;
                self.index(base, indices, span)
            }
            ExprKind::Call { callee, args } => self.call(callee, args, span),
            ExprKind::Tuple(_) => self.error(
                "several values `(a, b)` can only be returned by a function and taken apart (`let (a, b) = f(...)`)",
                span,
            ),
        }
    }

    pub(super) fn height_guard(&mut self, value: Value, span: Span) -> LResult<Value> {
        if value.height > MAX_EXPR_HEIGHT {
            self.materialize(value, "temporary", span)
        } else {
            Ok(value)
        }
    }

    pub(super) fn unary(&mut self, op: Unary, operand: Value, span: Span) -> LResult<Value> {
        let Some(operand_kind) = unary_operand(op, self.kind(&operand)) else {
            let what = match op {
                Unary::Neg => "`-` of a bool (NumPy refuses it: use `!`)".to_string(),
                Unary::Sign => "`sign` of a bool (NumPy refuses it)".to_string(),
                _ => format!(
                    "`{0}` of a bool (NumPy computes it in float16, which arrayc does not have: \
                     write `{0}(astype(x, f32))` or `f64`)",
                    op.name()
                ),
            };
            return self.unsupported(&what, span);
        };
        // `abs`, `floor`, `ceil` and `trunc` of bools are bools, unchanged (NumPy's bool loops).
        if self.kind(&operand).dtype() == DType::Bool && op != Unary::Not {
            return Ok(operand);
        }
        let operand = match op {
            Unary::Sqrt
            | Unary::Exp
            | Unary::Log
            | Unary::Sin
            | Unary::Cos
            | Unary::Tan
            | Unary::Tanh => self.cast_to_kind(operand, operand_kind),
            Unary::Not
            | Unary::Neg
            | Unary::Abs
            | Unary::Floor
            | Unary::Ceil
            | Unary::Trunc
            | Unary::Round
            | Unary::Sign => operand,
        };
        let weak = operand.weak;
        if operand.shape.is_empty() {
            if let Some(c) = operand.expr.as_scalar() {
                let folded = match op {
                    Unary::Not => unary_scalar(op, c.cast(DType::Bool)),
                    _ => unary_scalar(op, c),
                };
                if let Some(folded) = folded {
                    if weak && matches!(c, Scalar::I64(i64::MIN)) && matches!(op, Unary::Neg | Unary::Abs) {
                        return self.python_int_overflow("2 ^ 63".to_string(), span);
                    }
                    return Ok(Value {
                        expr: Expr::Const(folded),
                        weak: weak && op != Unary::Not,
                        ..Value::scalar(0.0)
                    });
                }
            }
        }
        let operand = self.height_guard(operand, span)?;
        let expr = match op {
            Unary::Not => Expr::Unary(op, Box::new(self.truth(&operand))),
            _ => Expr::Unary(op, Box::new(operand.expr)),
        };
        Ok(Value {
            shape: operand.shape,
            expr,
            checks: operand.checks,
            height: operand.height + 1,
            weak: weak && op != Unary::Not,
        })
    }

    /// The error for arithmetic of Python ints whose value (`exact`) leaves int64: Python's
    /// ints are unbounded, so NumPy would go on with the exact value, and arrayc's are
    /// int64s, which would wrap.
    fn python_int_overflow<T>(&mut self, exact: String, span: Span) -> LResult<T> {
        self.error(
            format!(
                "this arithmetic of Python ints gives {exact}, beyond int64 (Python's ints are unbounded, arrayc's wrap at 64 bits): write a float, `1e19`"
            ),
            span,
        )
    }

    /// The error for a dtype combination NumPy has but arrayc does not build yet (or
    /// NumPy refuses, as the message says).
    pub(super) fn unsupported<T>(&mut self, what: &str, span: Span) -> LResult<T> {
        self.error(format!("{what} is not supported"), span)
    }

    pub(super) fn broadcast_to(
        &mut self,
        value: Value,
        shape: &[usize],
        span: Span,
    ) -> LResult<Value> {
        if value.shape == shape {
            return Ok(value);
        }
        // Stretching an expression that calls exp, log, ... would repeat each call for every
        // copy: compute it once at its own shape first, as NumPy does.
        let value = if value.expr.calls_host()
            && shape.iter().product::<usize>() > value.shape.iter().product::<usize>()
        {
            self.materialize(value, "broadcast", span)?
        } else {
            value
        };
        if value.shape.len() > shape.len() {
            return self.error(
                format!(
                    "cannot broadcast shape {} to {}",
                    shape_text(&value.shape),
                    shape_text(shape)
                ),
                span,
            );
        }
        let offset = shape.len() - value.shape.len();
        let mut map = Vec::new();
        for (d, &extent) in value.shape.iter().enumerate() {
            if extent == shape[d + offset] {
                map.push(Index::dim(d + offset));
            } else if extent == 1 {
                map.push(Index::constant(0));
            } else {
                return self.error(
                    format!(
                        "cannot broadcast shape {} to {}",
                        shape_text(&value.shape),
                        shape_text(shape)
                    ),
                    span,
                );
            }
        }
        Ok(value.remap(shape.to_vec(), &map))
    }

    pub(super) fn binary(&mut self, op: Binary, a: Value, b: Value, span: Span) -> LResult<Value> {
        self.binary_sized(op, a, b, true, span)
    }

    /// `binary`, with the result's size checked against the memory limit when `bounded`.
    /// Only a value that is reduced as it is computed and never stored (`matmul`'s
    /// [m, n, k] products) skips it: its operands and result are checked themselves.
    pub(super) fn binary_sized(
        &mut self,
        op: Binary,
        a: Value,
        b: Value,
        bounded: bool,
        span: Span,
    ) -> LResult<Value> {
        if gives_float16(op, self.kind(&a), self.kind(&b)) {
            return self.unsupported(
                &format!("`{}` of two bools (NumPy gives float16)", op.name()),
                span,
            );
        }
        let kind = binary_operands(op, self.kind(&a), self.kind(&b));
        let op = if kind.dtype() == DType::Bool {
            // NumPy on two bools: `+` and `maximum` are `or`, `*` and `minimum` are `and`.
            match op {
                Binary::Add | Binary::Max => Binary::Or,
                Binary::Mul | Binary::Min => Binary::And,
                Binary::Sub => {
                    return self.unsupported("`-` of two bools (NumPy refuses it: use `!=`)", span)
                }
                Binary::FloorDiv | Binary::Rem | Binary::Pow | Binary::Fmod => {
                    return self.unsupported(
                        &format!("`{}` of two bools (NumPy gives int8)", op.name()),
                        span,
                    )
                }
                Binary::Div
                | Binary::Eq
                | Binary::Ne
                | Binary::Lt
                | Binary::Le
                | Binary::Gt
                | Binary::Ge
                | Binary::And
                | Binary::Or
                | Binary::Atan2
                | Binary::Hypot
                | Binary::Copysign
                | Binary::Logaddexp => op,
            }
        } else {
            op
        };
        let (a, b) = match op {
            Binary::And | Binary::Or => (a, b),
            _ => (self.cast_to_kind(a, kind), self.cast_to_kind(b, kind)),
        };
        if a.shape.is_empty() && b.shape.is_empty() {
            if let (Some(x), Some(y)) = (a.expr.as_scalar(), b.expr.as_scalar()) {
                let folded = match op {
                    Binary::And | Binary::Or => {
                        binary_scalar(op, x.cast(DType::Bool), y.cast(DType::Bool))
                    }
                    _ => binary_scalar(op, x, y),
                };
                if let Some(folded) = folded {
                    let weak = kind.is_weak() && !op.gives_bool();
                    if let (true, Scalar::I64(x), Scalar::I64(y)) = (weak, x, y) {
                        let exact = match op {
                            Binary::Add => Some(i128::from(x) + i128::from(y)),
                            Binary::Sub => Some(i128::from(x) - i128::from(y)),
                            Binary::Mul => Some(i128::from(x) * i128::from(y)),
                            Binary::FloorDiv if y == -1 => Some(-i128::from(x)),
                            _ => None,
                        };
                        if let Some(exact) = exact.filter(|e| i64::try_from(*e).is_err()) {
                            return self.python_int_overflow(exact.to_string(), span);
                        }
                    }
                    return Ok(Value {
                        expr: Expr::Const(folded),
                        weak,
                        ..Value::scalar(0.0)
                    });
                }
            }
        }
        let Some(shape) = broadcast_shapes(&a.shape, &b.shape) else {
            return self.error(
                format!(
                    "shapes {} and {} cannot be broadcast together",
                    shape_text(&a.shape),
                    shape_text(&b.shape)
                ),
                span,
            );
        };
        if bounded {
            self.check_size(&shape, span)?;
        }
        let a = self.height_guard(a, span)?;
        let b = self.height_guard(b, span)?;
        let a = self.broadcast_to(a, &shape, span)?;
        let b = self.broadcast_to(b, &shape, span)?;
        let height = a.height.max(b.height) + 1;
        let truths =
            matches!(op, Binary::And | Binary::Or).then(|| (self.truth(&a), self.truth(&b)));
        let mut checks = a.checks;
        checks.extend(b.checks);
        let expr = match (op, truths) {
            (_, Some((x, y))) => Expr::Binary(op, Box::new(x), Box::new(y)),
            _ if op.gives_bool() => Expr::Binary(op, Box::new(a.expr), Box::new(b.expr)),
            (_, None) => signs_outward(op, a.expr, b.expr),
        };
        // Arithmetic among Python scalars known only at run time (a `loop` index) stays a
        // Python scalar, as the same constants folded do.
        let weak = kind.is_weak() && !op.gives_bool() && shape.is_empty();
        Ok(Value {
            shape,
            expr,
            checks,
            height,
            weak,
        })
    }

    /// `a ^ b`, with NumPy's fast paths for the exponents it special-cases.
    /// `a ^ b`, with NumPy's fast paths for the exponents it special-cases (`x * x` for 2,
    /// `sqrt` for 0.5, `1 / x` for -1, `x` for 1). A scalar exponent known only at run time
    /// (a `loop` index) picks the same path at run time, so `for` and `loop` agree.
    ///
    /// `operator` is `a ^ b` (Python's `**`), not `pow(a, b)` (`np.power`): of two scalars
    /// it is Python's or NumPy's scalar power, which calls C's `pow` with no fast path
    /// (`(-0.0) ** 0.5` is `0.0` and `(-inf) ** 0.5` is `inf`, where `sqrt` gives `-0.0`
    /// and NaN); NumPy's arrays and its `power` ufunc take the fast paths.
    pub(super) fn power(
        &mut self,
        base: Value,
        exponent: Value,
        operator: bool,
        span: Span,
    ) -> LResult<Value> {
        let kind = promote(self.kind(&base), self.kind(&exponent));
        if matches!(kind.dtype(), DType::I64 | DType::Bool) {
            return self.integer_power(base, exponent, kind, span);
        }
        // The base in the result's float dtype (`i64_array ^ 2.0` is float64, as NumPy's).
        let base = self.cast_to_kind(base, kind);
        if operator && base.shape.is_empty() && exponent.shape.is_empty() {
            return self.binary(Binary::Pow, base, exponent, span);
        }
        if let (Some(a), Some(b)) = (base.constant(), exponent.constant()) {
            if kind.dtype() == DType::F64 {
                return Ok(Value {
                    weak: kind.is_weak(),
                    ..Value::scalar(numeric::power(a, b))
                });
            }
        }
        match exponent.constant() {
            Some(2.0) => {
                let base = if base.is_plain() {
                    base
                } else {
                    self.materialize_if_tall(base, span)?
                };
                self.binary(Binary::Mul, base.clone(), base, span)
            }
            Some(1.0) => Ok(base),
            Some(0.5) => self.unary(Unary::Sqrt, base, span),
            Some(-1.0) => self.binary(Binary::Div, Value::scalar(1.0), base, span),
            Some(_) => self.binary(Binary::Pow, base, exponent, span),
            None if exponent.shape.is_empty() => {
                let base = if base.is_plain() {
                    base
                } else {
                    self.materialize(base, "power", span)?
                };
                let exponent = if exponent.is_plain() {
                    exponent
                } else {
                    self.materialize(exponent, "power", span)?
                };
                let general = self.binary(Binary::Pow, base.clone(), exponent.clone(), span)?;
                let paths = [
                    (1.0, base.clone()),
                    (
                        -1.0,
                        self.binary(Binary::Div, Value::scalar(1.0), base.clone(), span)?,
                    ),
                    (0.5, self.unary(Unary::Sqrt, base.clone(), span)?),
                    (
                        2.0,
                        self.binary(Binary::Mul, base.clone(), base.clone(), span)?,
                    ),
                ];
                let mut result = general;
                for (special, value) in paths {
                    let is_special =
                        self.binary(Binary::Eq, exponent.clone(), Value::scalar(special), span)?;
                    let value = self.broadcast_to(value, &result.shape.clone(), span)?;
                    let is_special = self.broadcast_to(is_special, &result.shape.clone(), span)?;
                    result = self.select(is_special, value, result, span)?;
                }
                Ok(result)
            }
            None => self.binary(Binary::Pow, base, exponent, span),
        }
    }

    /// `a ^ b` of ints: an int64 (overflow wraps), for a constant exponent of at least 0
    /// (NumPy refuses negative ones), by repeated squaring.
    fn integer_power(
        &mut self,
        base: Value,
        exponent: Value,
        kind: super::dtype::Kind,
        span: Span,
    ) -> LResult<Value> {
        let base = self.cast_to_kind(base, kind);
        let Some(e) = exponent.constant() else {
            if kind.dtype() == DType::Bool {
                return self.unsupported("an int power with an array exponent", span);
            }
            return self.integer_power_at_run_time(base, exponent, kind, span);
        };
        let result =
            super::dtype::power_result(self.kind(&base), self.kind(&exponent), Some(e < 0.0));
        if result == Some(super::dtype::Kind::WeakFloat) {
            // Python ints: `2 ** -1` is the float 0.5.
            let float = super::dtype::Kind::WeakFloat;
            let (base, exponent) = (
                self.cast_to_kind(base, float),
                self.cast_to_kind(exponent, float),
            );
            return self.power(base, exponent, true, span);
        }
        if e < 0.0 {
            return self.error(
                "integers to negative integer powers are not allowed (NumPy refuses them): write a float, `2.0 ^ -1`",
                span,
            );
        }
        if e > 64.0 {
            // Beyond 64 squarings a power is the host's loop (`numeric::power_i64`).
            return self.integer_power_at_run_time(base, exponent, kind, span);
        }
        let mut e = e as u32;
        if let (true, Some(Scalar::I64(b))) = (base.weak, base.expr.as_scalar()) {
            if b.checked_pow(e).is_none() {
                return self.python_int_overflow(format!("{b} ^ {e}"), span);
            }
        }
        if let Some(Scalar::I64(b)) = base.expr.as_scalar() {
            return Ok(Value {
                expr: Expr::Const(Scalar::I64(b.wrapping_pow(e))),
                ..base
            });
        }
        let one = Value {
            expr: Expr::Const(Scalar::I64(1)),
            ..Value::scalar(1.0)
        };
        let mut square = if base.is_plain() {
            base
        } else {
            self.materialize(base, "power", span)?
        };
        let mut result: Option<Value> = None;
        while e > 0 {
            if e & 1 == 1 {
                result = Some(match result {
                    None => square.clone(),
                    Some(r) => self.binary(Binary::Mul, r, square.clone(), span)?,
                });
            }
            e >>= 1;
            if e > 0 {
                square = self.binary(Binary::Mul, square.clone(), square, span)?;
                square = self.materialize_if_tall(square, span)?;
            }
        }
        match result {
            Some(result) => Ok(result),
            None => {
                let shape = square.shape.clone();
                let one = self.binary(
                    Binary::Mul,
                    one,
                    Value {
                        weak: false,
                        ..square
                    },
                    span,
                )?;
                let _ = shape;
                // x ^ 0 is 1 everywhere (x * 0 + 1 would keep NaN; ints have none).
                Ok(Value {
                    expr: Expr::Const(Scalar::I64(1)),
                    ..one
                })
            }
        }
    }

    /// `a ^ b` of int64s with a scalar exponent known only at run time (a `loop` index, an
    /// element), an array exponent known here, or a large one: NumPy's integer power,
    /// wrapping, computed per element by the host's repeated squaring
    /// (`numeric::power_i64`). A negative exponent is refused, or stops the run when it is
    /// known only then, as NumPy raises. Both operands are in `kind` (an int64 kind).
    fn integer_power_at_run_time(
        &mut self,
        base: Value,
        exponent: Value,
        kind: super::dtype::Kind,
        span: Span,
    ) -> LResult<Value> {
        let base = self.cast_to_kind(base, kind);
        let mut exponent = self.cast_to_kind(exponent, kind);
        if !exponent.shape.is_empty() {
            // An array exponent must be known here, so that its signs are (a check runs
            // once per kernel, not per element).
            let table = self.buffers.table();
            let count: usize = exponent.shape.iter().product();
            let values = (count <= super::FOLD_ELEMENTS
                && exponent.checks.is_empty()
                && exponent.expr.is_constant(table))
            .then(|| {
                exponent
                    .expr
                    .evaluate_all(&crate::ir::Points::of(&exponent.shape), table)
            })
            .flatten();
            let Some(values) = values else {
                return self.unsupported(
                    "an int power with an array exponent known only at run time",
                    span,
                );
            };
            if values.iter().any(|value| value.to_f64() < 0.0) {
                return self.error(
                    "integers to negative integer powers are not allowed (NumPy refuses them): write a float, `2.0 ^ e`",
                    span,
                );
            }
        } else if exponent.constant().is_none() {
            // `e - 2^62` (wrapping) is in `-2^62..2^62` exactly when `e` is in `0..2^63`.
            if !exponent.is_plain() || !exponent.checks.is_empty() {
                exponent = self.materialize(exponent, "exponent", span)?;
            }
            let offset = Expr::Const(Scalar::I64(1 << 62));
            let id = self.program.checks;
            self.program.checks += 1;
            let site = self.site(crate::ir::NEGATIVE_POWER.to_string(), span);
            exponent.checks.push(crate::ir::IndexCheck {
                id,
                value: Expr::Binary(
                    Binary::Sub,
                    Box::new(exponent.expr.clone()),
                    Box::new(offset),
                ),
                extent: 1 << 62,
                site,
            });
        }
        let Some(shape) = broadcast_shapes(&base.shape, &exponent.shape) else {
            return self.error(
                format!(
                    "shapes {} and {} cannot be broadcast together",
                    shape_text(&base.shape),
                    shape_text(&exponent.shape)
                ),
                span,
            );
        };
        self.check_size(&shape, span)?;
        let base = self.height_guard(base, span)?;
        let base = self.broadcast_to(base, &shape, span)?;
        let exponent = self.broadcast_to(exponent, &shape, span)?;
        let height = base.height.max(exponent.height) + 1;
        let mut checks = base.checks;
        checks.extend(exponent.checks);
        Ok(Value {
            weak: kind.is_weak() && shape.is_empty(),
            shape,
            expr: Expr::Binary(Binary::Pow, Box::new(base.expr), Box::new(exponent.expr)),
            checks,
            height,
        })
    }

    pub(super) fn materialize_if_tall(&mut self, value: Value, span: Span) -> LResult<Value> {
        if value.height > MAX_EXPR_HEIGHT / 2 {
            self.materialize(value, "temporary", span)
        } else {
            Ok(value)
        }
    }

    pub(super) fn array_literal(&mut self, items: &'a [ast::Expr], span: Span) -> LResult<Value> {
        if items.is_empty() {
            return self.constant_buffer(vec![0], Vec::new(), span);
        }
        let mut values = Vec::new();
        for item in items {
            values.push(self.expr(item)?);
        }
        // NumPy's `array([...])`: one dtype for all items, their promotion (Python scalars
        // alone give float64 for floats).
        let kind = values
            .iter()
            .map(|value| self.kind(value))
            .reduce(promote)
            .map_or(super::dtype::Kind::WeakFloat, |kind| kind);
        let values: Vec<Value> = values
            .into_iter()
            .map(|value| {
                let value = self.cast(value, kind.dtype());
                Value {
                    weak: false,
                    ..value
                }
            })
            .collect();
        let shape = values[0].shape.clone();
        for (value, item) in values.iter().zip(items) {
            if value.shape != shape {
                return self.error(
                    format!(
                        "array literal items must all have the same shape: {} differs from {}",
                        shape_text(&value.shape),
                        shape_text(&shape)
                    ),
                    item.span,
                );
            }
        }
        let mut result_shape = vec![items.len()];
        result_shape.extend_from_slice(&shape);
        if result_shape.len() > MAX_RANK {
            return self.error(format!("arrays have at most {MAX_RANK} dimensions"), span);
        }
        // All-constant literals become constant data.
        let mut data = Vec::new();
        let mut all_constant = true;
        if kind.dtype() != DType::F64 {
            // Other dtypes: scalars and constant arrays, element by element.
            let mut scalars = Vec::new();
            for value in &values {
                if let Some(c) = value.expr.as_scalar().filter(|_| value.shape.is_empty()) {
                    scalars.push(c);
                } else if let Some(BufferInit::Constant(constants)) = self
                    .whole_buffer(value)
                    .map(|buffer| &self.buffers.get(buffer).init)
                {
                    scalars.extend((0..constants.len()).filter_map(|k| constants.get(k)));
                } else {
                    all_constant = false;
                    break;
                }
            }
            if all_constant {
                if let Some(data) = ConstData::from_scalars(kind.dtype(), &scalars) {
                    return self.constant_data(result_shape, data, span);
                }
            }
            all_constant = false;
        }
        let candidates = if all_constant { &values[..] } else { &[] };
        for value in candidates {
            if let Some(c) = value.constant() {
                data.push(c);
            } else if let Some(buffer) = self.whole_buffer(value) {
                match &self.buffers.get(buffer).init {
                    BufferInit::Constant(ConstData::F64(values)) => {
                        if data.try_reserve(values.len()).is_err() {
                            let count = data.len().saturating_add(values.len());
                            return self.constant_refused(count, span);
                        }
                        data.extend_from_slice(values)
                    }
                    BufferInit::Constant(
                        ConstData::F32(_) | ConstData::I64(_) | ConstData::Bool(_),
                    )
                    | BufferInit::Input(_)
                    | BufferInit::Scratch => all_constant = false,
                }
            } else {
                all_constant = false;
            }
        }
        if all_constant {
            return self.constant_buffer(result_shape, data, span);
        }
        // Otherwise a balanced tree of selects on the first dimension.
        let shifted: Vec<Value> = values
            .into_iter()
            .map(|value| {
                let map: Vec<Index> = (0..value.shape.len()).map(|d| Index::dim(d + 1)).collect();
                value.remap(result_shape.clone(), &map)
            })
            .collect();
        Ok(select_tree(shifted, 0))
    }
}
