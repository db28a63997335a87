//! Evaluation at compile time: the value of an index or an expression at points of an
//! iteration space, reading constant buffers (constant folding of small kernels).

use super::verify::find_checked;
use super::{Binary, Buffer, BufferInit, Expr, Index, Scalar, Unary};
use crate::numeric;

/// `op(x)` on a constant, in the operand's dtype (`not` gives a bool); `None` for an
/// operation the dtype does not have (`verify` refuses those).
pub fn unary_scalar(op: Unary, x: Scalar) -> Option<Scalar> {
    if op == Unary::Not {
        return match x {
            Scalar::Bool(v) => Some(Scalar::Bool(!v)),
            Scalar::F64(_) | Scalar::F32(_) | Scalar::I64(_) => None,
        };
    }
    Some(match x {
        Scalar::F64(v) => Scalar::F64(numeric::unary(op, v)),
        Scalar::F32(v) => Scalar::F32(numeric::unary_f32(op, v)?),
        Scalar::I64(v) => Scalar::I64(numeric::unary_i64(op, v)?),
        Scalar::Bool(_) => return None,
    })
}

/// `op(a, b)` on constants of one dtype (comparisons and logic give bools); `None` for
/// operands of different dtypes or an operation the dtype does not have.
pub fn binary_scalar(op: Binary, a: Scalar, b: Scalar) -> Option<Scalar> {
    let comparison = matches!(
        op,
        Binary::Eq | Binary::Ne | Binary::Lt | Binary::Le | Binary::Gt | Binary::Ge
    );
    Some(match (a, b) {
        (Scalar::F64(a), Scalar::F64(b)) => match op {
            _ if comparison => Scalar::Bool(numeric::compare(op, a, b)?),
            Binary::And | Binary::Or => return None,
            _ => Scalar::F64(numeric::binary(op, a, b)),
        },
        (Scalar::F32(a), Scalar::F32(b)) => match numeric::compare(op, a, b) {
            Some(truth) => Scalar::Bool(truth),
            None => Scalar::F32(numeric::binary_f32(op, a, b)?),
        },
        (Scalar::I64(a), Scalar::I64(b)) => match numeric::compare(op, a, b) {
            Some(truth) => Scalar::Bool(truth),
            None => Scalar::I64(numeric::binary_i64(op, a, b)?),
        },
        (Scalar::Bool(a), Scalar::Bool(b)) => Scalar::Bool(numeric::binary_bool(op, a, b)?),
        _ => return None,
    })
}

impl Index {
    /// The index at one point of the kernel's iteration space; `None` for a run-time index.
    pub fn evaluate(&self, dims: &[i64]) -> Option<i64> {
        Some(match self {
            Index::Affine(a) => {
                let mut total = a.constant;
                for (d, &c) in a.coefficients.iter().enumerate() {
                    if c != 0 {
                        total += c * dims.get(d).copied().unwrap_or(0);
                    }
                }
                total
            }
            Index::Add(a, b) => a.evaluate(dims)? + b.evaluate(dims)?,
            Index::Scale(a, factor) => a.evaluate(dims)? * factor,
            Index::Clamp(a, lo, hi) => a.evaluate(dims)?.clamp(*lo, *hi),
            Index::Wrap(a, n) => a.evaluate(dims)?.rem_euclid(*n),
            Index::Checked(_) => return None,
        })
    }
}

/// Every point of an iteration space, in C order: the dimension values of each.
pub struct Points {
    rank: usize,
    values: Vec<i64>,
}

impl Points {
    pub fn of(shape: &[usize]) -> Points {
        let count: usize = shape.iter().product();
        let rank = shape.len();
        let mut values = Vec::with_capacity(count * rank);
        let mut dims = vec![0i64; rank];
        for _ in 0..count {
            values.extend_from_slice(&dims);
            for d in (0..rank).rev() {
                dims[d] += 1;
                if dims[d] < shape[d] as i64 {
                    break;
                }
                dims[d] = 0;
            }
        }
        Points { rank, values }
    }

    pub fn len(&self) -> usize {
        self.values.len().checked_div(self.rank).unwrap_or(1)
    }

    pub fn iter(&self) -> impl Iterator<Item = &[i64]> {
        let rank = self.rank;
        let count = self.len();
        (0..count).map(move |k| &self.values[k * rank..(k + 1) * rank])
    }
}

impl Expr {
    /// The values at every point of `points` (each a list of dimension values), node by
    /// node over all points at once; `None` when anything is only known at run time.
    pub fn evaluate_all(&self, points: &Points, data: &[Buffer]) -> Option<Vec<Scalar>> {
        Some(match self {
            Expr::Const(value) => vec![*value; points.len()],
            Expr::Slot(_) => return None,
            Expr::Load { buffer, offset } => {
                let BufferInit::Constant(values) = &data.get(*buffer as usize)?.init else {
                    return None;
                };
                let mut out = Vec::with_capacity(points.len());
                for dims in points.iter() {
                    out.push(values.get(usize::try_from(offset.evaluate(dims)?).ok()?)?);
                }
                out
            }
            Expr::IndexValue(index) => {
                let mut out = Vec::with_capacity(points.len());
                for dims in points.iter() {
                    out.push(Scalar::I64(index.evaluate(dims)?));
                }
                out
            }
            Expr::Cast(dtype, a) => {
                let mut values = a.evaluate_all(points, data)?;
                for value in &mut values {
                    *value = value.cast(*dtype);
                }
                values
            }
            Expr::Unary(op, a) => {
                let mut values = a.evaluate_all(points, data)?;
                for value in &mut values {
                    *value = unary_scalar(*op, *value)?;
                }
                values
            }
            Expr::Binary(op, a, b) => {
                let mut values = a.evaluate_all(points, data)?;
                let others = b.evaluate_all(points, data)?;
                for (value, other) in values.iter_mut().zip(others) {
                    *value = binary_scalar(*op, *value, other)?;
                }
                values
            }
            Expr::Select(c, a, b) => {
                let conditions = c.evaluate_all(points, data)?;
                let mut values = a.evaluate_all(points, data)?;
                let others = b.evaluate_all(points, data)?;
                for ((value, other), condition) in values.iter_mut().zip(others).zip(conditions) {
                    match condition {
                        Scalar::Bool(true) => {}
                        Scalar::Bool(false) => *value = other,
                        Scalar::F64(_) | Scalar::F32(_) | Scalar::I64(_) => return None,
                    }
                }
                values
            }
        })
    }

    /// Whether the expression reads only constant buffers and no run-time value.
    pub fn is_constant(&self, buffers: &[Buffer]) -> bool {
        let mut constant = true;
        self.for_each_load(&mut |buffer, _| {
            constant &= matches!(
                buffers.get(buffer as usize).map(|b| &b.init),
                Some(BufferInit::Constant(_))
            );
        });
        let mut runtime_index = false;
        self.for_each_index(&mut |index| {
            let mut found = false;
            find_checked(index, &mut |_| found = true);
            runtime_index |= found;
        });
        constant && !runtime_index && !self.uses_slot()
    }
}

impl Expr {
    /// Whether the expression reads a `loop` index.
    pub fn uses_slot(&self) -> bool {
        match self {
            Expr::Slot(_) => true,
            Expr::Const(_) | Expr::Load { .. } | Expr::IndexValue(_) => false,
            Expr::Cast(_, a) | Expr::Unary(_, a) => a.uses_slot(),
            Expr::Binary(_, a, b) => a.uses_slot() || b.uses_slot(),
            Expr::Select(c, a, b) => c.uses_slot() || a.uses_slot() || b.uses_slot(),
        }
    }
}
