//! Static dtypes in lowering: NumPy 2 promotion (NEP 50) in one table, with Python scalars
//! (literals, params, loop indices and arithmetic among them) *weak*: they take the dtype of
//! the array they meet (`f32_array * 0.5` stays float32). Takes dtypes, knows no syntax.

use super::value::{select_raw, truth, Value};
use super::{LResult, Lowerer};
use crate::ast;
use crate::diagnostic::Span;
use crate::ir::{DType, Expr};

/// What a value contributes to promotion: an array or NumPy scalar of a dtype, or a Python
/// scalar, which adapts to the other operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Strong(DType),
    /// A Python `int`.
    WeakInt,
    /// A Python `float`.
    WeakFloat,
}

impl Kind {
    /// The dtype a value of this kind is held in: Python ints as int64, floats as float64.
    pub(super) fn dtype(self) -> DType {
        match self {
            Kind::Strong(dtype) => dtype,
            Kind::WeakInt => DType::I64,
            Kind::WeakFloat => DType::F64,
        }
    }

    pub(super) fn is_weak(self) -> bool {
        match self {
            Kind::Strong(_) => false,
            Kind::WeakInt | Kind::WeakFloat => true,
        }
    }

    /// The kind of a value of `dtype`, weak or not.
    pub(super) fn of(dtype: DType, weak: bool) -> Kind {
        match (weak, dtype) {
            (true, DType::F64 | DType::F32) => Kind::WeakFloat,
            (true, DType::I64) => Kind::WeakInt,
            (true, DType::Bool) | (false, _) => Kind::Strong(dtype),
        }
    }
}

/// `numpy.result_type` of two dtypes (no weak operand).
pub(super) fn result_type(a: DType, b: DType) -> DType {
    use DType::{Bool, F32, F64, I64};
    match (a, b) {
        (x, y) if x == y => x,
        (Bool, other) | (other, Bool) => other,
        (I64, F32) | (F32, I64) => F64,
        (F64, _) | (_, F64) => F64,
        // Every pair is covered above; the compiler cannot see it through the guard.
        (I64, I64) | (F32, F32) => a,
    }
}

/// NEP 50 promotion of two operands: strong dtypes by `result_type`; a weak scalar takes
/// the other operand's dtype unless it is of a higher kind (a float meeting an int or a
/// bool array gives float64, an int meeting a bool array gives int64); two weak scalars
/// stay weak (a float if either is).
pub(super) fn promote(a: Kind, b: Kind) -> Kind {
    match (a, b) {
        (Kind::Strong(x), Kind::Strong(y)) => Kind::Strong(result_type(x, y)),
        (Kind::Strong(x), weak) | (weak, Kind::Strong(x)) => Kind::Strong(match (x, weak) {
            (DType::F64 | DType::F32, _) => x,
            (DType::I64, Kind::WeakInt) => DType::I64,
            (DType::Bool, Kind::WeakInt) => DType::I64,
            (DType::I64 | DType::Bool, _) => DType::F64,
        }),
        (Kind::WeakInt, Kind::WeakInt) => Kind::WeakInt,
        (Kind::WeakFloat | Kind::WeakInt, Kind::WeakFloat | Kind::WeakInt) => Kind::WeakFloat,
    }
}

/// The dtype NumPy's true division (and the transcendental functions) compute in for
/// operands of `dtype`: floats keep theirs, ints and bools give float64.
pub(super) fn float_of(kind: Kind) -> Kind {
    match kind {
        Kind::Strong(DType::F64 | DType::F32) | Kind::WeakFloat => kind,
        Kind::Strong(DType::I64 | DType::Bool) => Kind::Strong(DType::F64),
        Kind::WeakInt => Kind::WeakFloat,
    }
}

/// The dtype NumPy names `numpy` (`"float32"`).
pub(super) fn from_numpy(numpy: &str) -> Option<DType> {
    DType::ALL.into_iter().find(|d| d.numpy_name() == numpy)
}

impl Lowerer<'_> {
    /// The value's dtype.
    pub(super) fn dtype(&self, value: &Value) -> DType {
        value.expr.dtype(self.buffers.table()).unwrap_or(DType::F64)
    }

    /// What the value contributes to promotion.
    pub(super) fn kind(&self, value: &Value) -> Kind {
        Kind::of(self.dtype(value), value.weak && value.shape.is_empty())
    }

    /// The value converted to `dtype` (`astype`): constants are converted here.
    pub(super) fn cast(&self, value: Value, dtype: DType) -> Value {
        if self.dtype(&value) == dtype {
            return value;
        }
        // A constant is converted here, no taller than it was (`x * 2` with a float `x`
        // is the same expression as `x * 2.0`).
        let (expr, height) = match value.expr {
            Expr::Const(c) => (Expr::Const(c.cast(dtype)), value.height),
            expr => (Expr::Cast(dtype, Box::new(expr)), value.height + 1),
        };
        Value {
            expr,
            height,
            ..value
        }
    }

    /// The value converted to the dtype of `kind`, and weak as `kind` says.
    pub(super) fn cast_to_kind(&self, value: Value, kind: Kind) -> Value {
        let value = self.cast(value, kind.dtype());
        Value {
            weak: kind.is_weak(),
            ..value
        }
    }

    /// The dtype of the `var` `name` whose first value is `value`: the value's, widened to
    /// what later assignments need (found by an earlier round of lowering).
    pub(super) fn var_dtype_of(&self, name: &ast::Ident, value: &Value) -> DType {
        let kind = self.kind(value);
        let known = self
            .checked
            .names
            .get(&name.span)
            .and_then(|id| self.var_dtypes.get(id));
        match known {
            Some(&dtype) => promote(Kind::Strong(dtype), kind).dtype(),
            None => kind.dtype(),
        }
    }

    /// Whether the `var` `name` whose first value is `value` is weak: a scalar Python value
    /// that no assignment (found by an earlier round of lowering) makes a NumPy one.
    pub(super) fn var_is_weak(&self, name: &ast::Ident, value: &Value) -> bool {
        let strong = self
            .checked
            .names
            .get(&name.span)
            .is_some_and(|id| self.strong_vars.contains(id));
        value.weak && value.shape.is_empty() && !strong
    }

    /// A run-time index or loop bound as the IR takes it: a float64 or an int64.
    pub(super) fn index_number(&self, value: Value) -> Value {
        match self.dtype(&value) {
            DType::F64 | DType::I64 => value,
            DType::F32 | DType::Bool => self.cast(value, DType::F64),
        }
    }

    /// The value as a bool expression (`x != 0`, NaN true), for a condition.
    pub(super) fn truth(&self, value: &Value) -> Expr {
        truth(value.expr.clone(), self.dtype(value))
    }

    /// `condition ? a : b` elementwise (`where`): the condition as a bool, `a` and `b`
    /// promoted to one dtype; shapes must already agree.
    pub(super) fn select(
        &mut self,
        condition: Value,
        a: Value,
        b: Value,
        _span: Span,
    ) -> LResult<Value> {
        let kind = promote(self.kind(&a), self.kind(&b));
        let (a, b) = (self.cast_to_kind(a, kind), self.cast_to_kind(b, kind));
        let condition = Value {
            expr: self.truth(&condition),
            ..condition
        };
        Ok(select_raw(condition, a, b))
    }

    /// The dtype a dtype argument names (`f32` in `zeros([n], f32)`).
    pub(super) fn dtype_argument(&mut self, arg: &ast::Expr) -> LResult<DType> {
        let arg = ast::Expr::without_keyword(arg);
        let numpy = match &arg.kind {
            ast::ExprKind::Name(_) => self.checked.dtypes.get(&arg.span).copied(),
            _ => None,
        };
        match numpy.and_then(from_numpy) {
            Some(dtype) => Ok(dtype),
            None => self.error("expected a dtype: f64, f32, i64 or bool", arg.span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_follows_nep_50() {
        use DType::{Bool, F32, F64, I64};
        let s = Kind::Strong;
        assert_eq!(promote(s(F32), Kind::WeakFloat), s(F32));
        assert_eq!(promote(s(I64), Kind::WeakInt), s(I64));
        assert_eq!(promote(s(I64), Kind::WeakFloat), s(F64));
        assert_eq!(promote(s(Bool), Kind::WeakInt), s(I64));
        assert_eq!(promote(s(F32), s(I64)), s(F64));
        assert_eq!(promote(s(F32), s(F64)), s(F64));
        assert_eq!(promote(s(Bool), s(F32)), s(F32));
        assert_eq!(promote(Kind::WeakInt, Kind::WeakFloat), Kind::WeakFloat);
        assert_eq!(float_of(s(I64)), s(F64));
        assert_eq!(float_of(s(F32)), s(F32));
    }
}
