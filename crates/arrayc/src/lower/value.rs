//! Values and shapes for lowering: `Value` (an element expression over a static shape plus
//! its run-time index checks), NumPy broadcasting of shapes, C-order offsets, and the small
//! expression builders (`select`, `signs_outward`). Takes IR expressions, knows no syntax.

use crate::ir::{self, Binary, BufferId, DType, Expr, Index, IndexCheck, Scalar, Unary};

/// An array value not yet stored anywhere: an element expression over its shape's
/// dimensions, plus the run-time index checks its reads need.
#[derive(Debug, Clone)]
pub(super) struct Value {
    pub(super) shape: Vec<usize>,
    pub(super) expr: Expr,
    pub(super) checks: Vec<IndexCheck>,
    pub(super) height: u32,
    /// A Python scalar (a literal, a param, a scope index, or arithmetic among them): it
    /// takes the dtype of the array it meets (NEP 50). Only scalars are weak.
    pub(super) weak: bool,
}

impl Value {
    pub(super) fn scalar(value: f64) -> Value {
        Value {
            shape: Vec::new(),
            expr: Expr::f64(value),
            checks: Vec::new(),
            height: 1,
            weak: true,
        }
    }

    /// A Python `int`: a weak int64 scalar.
    pub(super) fn weak_int(value: i64) -> Value {
        Value {
            expr: Expr::Const(Scalar::I64(value)),
            ..Value::scalar(0.0)
        }
    }

    pub(super) fn of(shape: Vec<usize>, expr: Expr) -> Value {
        Value {
            shape,
            expr,
            checks: Vec::new(),
            height: 1,
            weak: false,
        }
    }

    /// The value of a scalar constant of any dtype, as a float64 (a bool as 1.0 or 0.0).
    pub(super) fn constant(&self) -> Option<f64> {
        if self.shape.is_empty() {
            self.expr.as_scalar().map(Scalar::to_f64)
        } else {
            None
        }
    }

    /// Rewrites the value for a new dimension layout: old dimension `d` becomes `map[d]`.
    pub(super) fn remap(&self, shape: Vec<usize>, map: &[Index]) -> Value {
        Value {
            weak: self.weak && shape.is_empty(),
            shape,
            expr: self.expr.map_indices(&|index| index.substitute(map)),
            checks: self.checks.clone(),
            height: self.height,
        }
    }

    /// Calls `f` on every buffer the value reads, its index checks included.
    pub(super) fn for_each_buffer(&self, f: &mut dyn FnMut(BufferId)) {
        self.expr.for_each_load(&mut |buffer, _| f(buffer));
        for check in &self.checks {
            check.value.for_each_load(&mut |buffer, _| f(buffer));
        }
    }

    /// Whether the value is only reads and constants (cheap to evaluate twice).
    pub(super) fn is_plain(&self) -> bool {
        matches!(
            self.expr,
            Expr::Load { .. } | Expr::Const(_) | Expr::Slot(_)
        )
    }
}

pub(super) fn strides(shape: &[usize]) -> Vec<i64> {
    let mut strides = vec![0i64; shape.len()];
    let mut stride = 1i64;
    for d in (0..shape.len()).rev() {
        strides[d] = stride;
        stride = stride.saturating_mul(shape[d] as i64);
    }
    strides
}

/// The flat offset of element `(i0, .., ik)` of a C-order array of `shape`.
pub(super) fn canonical(shape: &[usize]) -> Index {
    let mut affine = ir::Affine::constant(0);
    for (d, stride) in strides(shape).into_iter().enumerate() {
        affine.coefficients[d] = stride;
    }
    Index::Affine(affine)
}

pub(super) fn identity_map(rank: usize) -> Vec<Index> {
    (0..rank).map(Index::dim).collect()
}

pub(super) fn shape_text(shape: &[usize]) -> String {
    let items: Vec<String> = shape.iter().map(|e| e.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// NumPy broadcasting of two shapes.
pub(super) fn broadcast_shapes(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let rank = a.len().max(b.len());
    let mut shape = vec![0; rank];
    for d in 0..rank {
        let x = if d + a.len() >= rank {
            a[d + a.len() - rank]
        } else {
            1
        };
        let y = if d + b.len() >= rank {
            b[d + b.len() - rank]
        } else {
            1
        };
        shape[d] = if x == y || y == 1 {
            x
        } else if x == 1 {
            y
        } else {
            return None;
        };
    }
    Some(shape)
}

/// Builds `op(a, b)`, moving negations outward where IEEE arithmetic makes that exact:
/// rounding is symmetric, so `(-a) * b == -(a * b)`, `(-a) / b == -(a / b)`,
/// `c * -x == (-c) * x` and `a + (-b) == a - b` hold bit for bit (zeros included; only the
/// sign of a NaN may differ). `density + dt * (-v * g)` thus needs no negation at all.
pub(super) fn signs_outward(op: Binary, a: Expr, b: Expr) -> Expr {
    let negate = |expr: Expr| match expr {
        Expr::Unary(Unary::Neg, inner) => *inner,
        Expr::Const(Scalar::F64(c)) => Expr::f64(-c),
        other => Expr::Unary(Unary::Neg, Box::new(other)),
    };
    let binary = |op, a, b| Expr::Binary(op, Box::new(a), Box::new(b));
    match (op, a, b) {
        (Binary::Mul | Binary::Div, Expr::Unary(Unary::Neg, a), b) => match b {
            Expr::Const(Scalar::F64(c)) => binary(op, *a, Expr::f64(-c)),
            b => negate(signs_outward(op, *a, b)),
        },
        (Binary::Mul | Binary::Div, a, Expr::Unary(Unary::Neg, b)) => match a {
            Expr::Const(Scalar::F64(c)) => binary(op, Expr::f64(-c), *b),
            a => negate(signs_outward(op, a, *b)),
        },
        (Binary::Add, a, Expr::Unary(Unary::Neg, b)) => binary(Binary::Sub, a, *b),
        (Binary::Add, Expr::Unary(Unary::Neg, a), b) => binary(Binary::Sub, b, *a),
        (Binary::Sub, a, Expr::Unary(Unary::Neg, b)) => binary(Binary::Add, a, *b),
        (op, a, b) => binary(op, a, b),
    }
}

pub(super) fn format_extents(extents: &[i64]) -> String {
    let items: Vec<String> = extents.iter().map(|e| e.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// Whether `expr` is a bool by its form: a comparison, logic, a cast to bool or a bool
/// constant.
fn is_bool_form(expr: &Expr) -> bool {
    match expr {
        Expr::Const(value) => value.dtype() == DType::Bool,
        Expr::Cast(dtype, _) => *dtype == DType::Bool,
        Expr::Unary(op, _) => *op == Unary::Not,
        Expr::Binary(op, ..) => op.gives_bool(),
        Expr::Slot(_) | Expr::Load { .. } | Expr::IndexValue(_) | Expr::Select(..) => false,
    }
}

/// A value of `dtype` as a bool, `x != 0` (NaN is true): the comparison a float64 truth
/// value was cast from, or a new one.
pub(super) fn truth(expr: Expr, dtype: DType) -> Expr {
    match expr {
        Expr::Cast(DType::F64, inner) if is_bool_form(&inner) => *inner,
        Expr::Const(c) => Expr::Const(c.cast(DType::Bool)),
        expr if dtype == DType::Bool || is_bool_form(&expr) => expr,
        expr => {
            let zero = Expr::Const(Scalar::F64(0.0).cast(dtype));
            Expr::Binary(Binary::Ne, Box::new(expr), Box::new(zero))
        }
    }
}

/// A bool or an int64 as a float64 value (1.0 or 0.0 for a bool).
pub(super) fn as_f64(expr: Expr) -> Expr {
    Expr::Cast(DType::F64, Box::new(expr))
}

/// `condition ? a : b`: the condition a bool (see `Lowerer::truth`), `a` and `b` of one
/// dtype.
pub(super) fn select_raw(condition: Value, a: Value, b: Value) -> Value {
    let mut checks = condition.checks;
    checks.extend(a.checks);
    checks.extend(b.checks);
    Value {
        shape: a.shape,
        weak: false,
        expr: Expr::Select(Box::new(condition.expr), Box::new(a.expr), Box::new(b.expr)),
        checks,
        height: condition.height.max(a.height).max(b.height) + 1,
    }
}

/// Picks `values[i0 - first]` by halving the range of dimension 0.
pub(super) fn select_tree(mut values: Vec<Value>, first: usize) -> Value {
    if values.len() == 1 {
        return values.pop().unwrap_or_else(|| Value::scalar(0.0));
    }
    let half = values.len() / 2;
    let upper = values.split_off(half);
    let shape = values[0].shape.clone();
    let lower = select_tree(values, first);
    let upper = select_tree(upper, first + half);
    let condition = Value {
        shape,
        expr: Expr::Binary(
            Binary::Lt,
            Box::new(Expr::IndexValue(Index::dim(0))),
            Box::new(Expr::Const(Scalar::I64((first + half) as i64))),
        ),
        checks: Vec::new(),
        height: 2,
        weak: false,
    };
    select_raw(condition, lower, upper)
}
