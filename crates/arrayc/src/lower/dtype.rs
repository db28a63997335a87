//! Static dtypes in lowering: NumPy 2 promotion (NEP 50) in one table, with Python scalars
//! (literals, params, loop indices and arithmetic among them) *weak*: they take the dtype of
//! the array they meet (`f32_array * 0.5` stays float32). Takes dtypes, knows no syntax.

use super::value::{select_raw, truth, Value};
use super::{LResult, Lowerer};
use crate::ast;
use crate::builtins::Builtin;
use crate::check::NameId;
use crate::diagnostic::Span;
use crate::ir::{Binary, DType, Expr, ReduceOp, Unary};
use std::collections::{HashMap, HashSet};

/// What a value contributes to promotion: an array or NumPy scalar of a dtype, or a Python
/// scalar, which adapts to the other operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// The kind both operands of `op` are brought to: their promotion, a float for true
/// division and powers.
pub(super) fn binary_operands(op: Binary, a: Kind, b: Kind) -> Kind {
    let kind = promote(a, b);
    match op {
        Binary::Div | Binary::Pow => float_of(kind),
        Binary::Add
        | Binary::Sub
        | Binary::Mul
        | Binary::FloorDiv
        | Binary::Rem
        | Binary::Min
        | Binary::Max
        | Binary::Eq
        | Binary::Ne
        | Binary::Lt
        | Binary::Le
        | Binary::Gt
        | Binary::Ge
        | Binary::And
        | Binary::Or => kind,
    }
}

/// What `a op b` gives (elementwise, not `**`, which has its own rule): a bool for a
/// comparison or a logical operator, else the operands' kind; `None` where NumPy refuses
/// two bools (`-`, `//`, `%`, `**`).
pub(super) fn binary_result(op: Binary, a: Kind, b: Kind) -> Option<Kind> {
    let kind = binary_operands(op, a, b);
    let refused = kind.dtype() == DType::Bool
        && matches!(
            op,
            Binary::Sub | Binary::FloorDiv | Binary::Rem | Binary::Pow
        );
    match () {
        () if refused => None,
        () if op.gives_bool() => Some(Kind::Strong(DType::Bool)),
        () => Some(kind),
    }
}

/// The kind `a ** b` computes in when it is a float (the integer power is lowered by
/// value, so its kind is not decided by the operands' alone): `None` for ints and bools.
pub(super) fn float_power(base: Kind, exponent: Kind) -> Option<Kind> {
    let kind = promote(base, exponent);
    match kind.dtype() {
        DType::F64 | DType::F32 => Some(kind),
        DType::I64 | DType::Bool => None,
    }
}

/// What `a ** b` gives. Floats: their promotion (`float_power`). Ints: an int power in
/// their promotion, except that a Python int to a negative Python int is a Python float
/// (`2 ** -1` is 0.5); `exponent_negative` says whether the exponent is a negative constant
/// (`None`: a constant not known here). Two bools are refused (`None`).
pub(super) fn power_result(
    base: Kind,
    exponent: Kind,
    exponent_negative: Option<bool>,
) -> Option<Kind> {
    if let Some(kind) = float_power(base, exponent) {
        return Some(kind);
    }
    match promote(base, exponent) {
        Kind::Strong(DType::Bool) => None,
        Kind::WeakInt => match exponent_negative? {
            true => Some(Kind::WeakFloat),
            false => Some(Kind::WeakInt),
        },
        kind => Some(kind),
    }
}

/// The dtype `concatenate` and `stack` join their arrays in: NumPy makes each an array
/// first (a Python scalar becomes a float64 or int64 one), then promotes them.
pub(super) fn joined(kinds: impl IntoIterator<Item = Kind>) -> Option<DType> {
    kinds
        .into_iter()
        .map(|kind| kind.dtype())
        .reduce(result_type)
}

/// What `grad` of an array of `dtype` gives: NumPy's `gradient` computes in the array's
/// float dtype (ints in float64) and gives that; bools are refused (`None`), as NumPy
/// refuses subtracting them.
pub(super) fn grad_result(dtype: DType) -> Option<DType> {
    match dtype {
        DType::Bool => None,
        DType::F64 | DType::F32 | DType::I64 => Some(float_of(Kind::Strong(dtype)).dtype()),
    }
}

/// What `diff` of an array of `dtype` gives: the difference of neighbours in its dtype
/// (`None` for bools, whose `-` is refused).
pub(super) fn diff_result(dtype: DType) -> Option<DType> {
    binary_result(Binary::Sub, Kind::Strong(dtype), Kind::Strong(dtype)).map(Kind::dtype)
}

/// What `dot` and `matmul` of arrays of kinds `a` and `b` give: their promotion (`None`
/// for bools, not supported).
pub(super) fn product_result(a: Kind, b: Kind) -> Option<DType> {
    if a.dtype() == DType::Bool || b.dtype() == DType::Bool {
        return None;
    }
    binary_result(Binary::Mul, a, b).map(Kind::dtype)
}

/// The kind the operand of `op` is brought to; `None` where a bool is refused.
pub(super) fn unary_operand(op: Unary, kind: Kind) -> Option<Kind> {
    let is_bool = kind.dtype() == DType::Bool;
    match op {
        // NumPy has bool loops for these: the identity on bools.
        Unary::Not | Unary::Abs | Unary::Floor | Unary::Ceil | Unary::Trunc => Some(kind),
        _ if is_bool => None,
        Unary::Sqrt
        | Unary::Exp
        | Unary::Log
        | Unary::Sin
        | Unary::Cos
        | Unary::Tan
        | Unary::Tanh => Some(float_of(kind)),
        Unary::Neg | Unary::Round | Unary::Sign => Some(kind),
    }
}

/// Whether a call of `builtin` of Python scalars gives a NumPy scalar (strong): NumPy's
/// ufuncs do (`exp(1.0)` is `np.float64`, `minimum(3, 3)` `np.int64`). In a Python script
/// `abs`, `min` and `max` (mapped onto `abs`, `minimum` and `maximum`) are Python's
/// builtins, whose results keep Python types.
pub(super) fn numpy_scalar_call(builtin: Builtin, language: crate::Language) -> bool {
    match builtin {
        Builtin::Abs | Builtin::Minimum | Builtin::Maximum => language != crate::Language::Python,
        Builtin::Exp
        | Builtin::Log
        | Builtin::Sqrt
        | Builtin::Sin
        | Builtin::Cos
        | Builtin::Tan
        | Builtin::Tanh
        | Builtin::Floor
        | Builtin::Ceil
        | Builtin::Round
        | Builtin::Sign
        | Builtin::Pow
        | Builtin::Clip => true,
        _ => false,
    }
}

/// What `op x` gives: a bool for `!`, else the operand's kind (see `unary_operand`).
pub(super) fn unary_result(op: Unary, kind: Kind) -> Option<Kind> {
    let operand = unary_operand(op, kind)?;
    Some(match op {
        Unary::Not => Kind::Strong(DType::Bool),
        _ => operand,
    })
}

/// The dtype NumPy reduces in: `sum` and `prod` of bools in int64, `mean` (and `std`,
/// `var`) of bools and ints in float64; floats in their own dtype.
pub(super) fn accumulated(op: ReduceOp, mean: bool, dtype: DType) -> DType {
    match (op, mean, dtype) {
        (_, true, DType::Bool | DType::I64) => DType::F64,
        (ReduceOp::Sum | ReduceOp::Prod, false, DType::Bool) => DType::I64,
        _ => dtype,
    }
}

/// What is known of each `var`'s dtype before lowering it: the dtype later assignments
/// widen it to, and whether a scalar one is ever given a NumPy value (then it is not weak).
/// Decided by `dtypes::decide`, before lowering, which only reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct VarDtypes {
    pub(super) widened: HashMap<NameId, DType>,
    pub(super) strong: HashSet<NameId>,
}

/// What one assignment to a `var` found: it gives a weak `var` a NumPy value, and the dtype
/// the `var` must be widened to.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) widened: Vec<(NameId, DType)>,
    pub(super) strengthened: Vec<NameId>,
}

impl VarDtypes {
    /// The dtype and weakness of the `var` `id` whose first value is of `first`: the
    /// value's dtype promoted with what later assignments need, weak while it is a Python
    /// scalar that no assignment makes a NumPy one.
    pub(super) fn declared(&self, id: Option<NameId>, first: Kind) -> (DType, bool) {
        let dtype = match id.and_then(|id| self.widened.get(&id)) {
            Some(&known) => promote(Kind::Strong(known), first).dtype(),
            None => first.dtype(),
        };
        let strong = id.is_some_and(|id| self.strong.contains(&id));
        (dtype, first.is_weak() && !strong)
    }

    /// Takes in what a round found; whether anything was new (then another round is due).
    pub(super) fn merge(&mut self, found: Found) -> bool {
        let new_strong: Vec<_> = found
            .strengthened
            .into_iter()
            .filter(|id| !self.strong.contains(id))
            .collect();
        if found.widened.is_empty() && new_strong.is_empty() {
            return false;
        }
        self.strong.extend(new_strong);
        for (id, dtype) in found.widened {
            let wider = match self.widened.get(&id) {
                Some(&known) => result_type(known, dtype),
                None => dtype,
            };
            self.widened.insert(id, wider);
        }
        true
    }
}

impl Found {
    /// Records the assignment of a value of `new` to the `var` `id` of `dtype` (weak or
    /// not); gives the dtype the value would promote the `var` to when that is not `dtype`
    /// (lowering refuses it in this round).
    pub(super) fn assigned(
        &mut self,
        id: NameId,
        dtype: DType,
        weak: bool,
        new: Kind,
    ) -> Option<DType> {
        // A weak `var` given a NumPy value becomes one from its first value on, of the
        // promotion of its weak first value with this one (`var err = 1.0` later given a
        // float32 maximum is a float32, as the Python name ends up).
        if weak && !new.is_weak() {
            self.strengthened.push(id);
            self.widened.push((id, new.dtype()));
        }
        let promoted = promote(Kind::Strong(dtype), new).dtype();
        if promoted == dtype {
            return None;
        }
        self.widened.push((id, promoted));
        Some(promoted)
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

    /// The dtype of the `var` `name` whose first value is `value`, and whether it is weak
    /// (decided before lowering: see `VarDtypes::declared`).
    pub(super) fn var_declared(&self, name: &ast::Ident, value: &Value) -> (DType, bool) {
        let id = self.checked.names.get(&name.span).copied();
        self.var_dtypes.declared(id, self.kind(value))
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
