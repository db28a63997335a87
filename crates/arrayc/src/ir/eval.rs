//! Evaluation at compile time: the value of an index or an expression at points of an
//! iteration space, reading constant buffers (constant folding of small kernels).

use super::verify::find_checked;
use super::{Buffer, BufferInit, Expr, Index};

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
    pub fn evaluate_all(&self, points: &Points, data: &[Buffer]) -> Option<Vec<f64>> {
        Some(match self {
            Expr::Const(value) => vec![*value; points.len()],
            Expr::Slot(_) => return None,
            Expr::Load { buffer, offset } => {
                let BufferInit::Constant(values) = &data.get(*buffer as usize)?.init else {
                    return None;
                };
                let mut out = Vec::with_capacity(points.len());
                for dims in points.iter() {
                    out.push(*values.get(usize::try_from(offset.evaluate(dims)?).ok()?)?);
                }
                out
            }
            Expr::IndexValue(index) => {
                let mut out = Vec::with_capacity(points.len());
                for dims in points.iter() {
                    out.push(index.evaluate(dims)? as f64);
                }
                out
            }
            Expr::Unary(op, a) => {
                let mut values = a.evaluate_all(points, data)?;
                for value in &mut values {
                    *value = crate::numeric::unary(*op, *value);
                }
                values
            }
            Expr::Binary(op, a, b) => {
                let mut values = a.evaluate_all(points, data)?;
                let others = b.evaluate_all(points, data)?;
                for (value, other) in values.iter_mut().zip(others) {
                    *value = crate::numeric::binary(*op, *value, other);
                }
                values
            }
            Expr::Select(c, a, b) => {
                let conditions = c.evaluate_all(points, data)?;
                let mut values = a.evaluate_all(points, data)?;
                let others = b.evaluate_all(points, data)?;
                for ((value, other), condition) in values.iter_mut().zip(others).zip(conditions) {
                    if condition == 0.0 {
                        *value = other;
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
            Expr::Unary(_, a) => a.uses_slot(),
            Expr::Binary(_, a, b) => a.uses_slot() || b.uses_slot(),
            Expr::Select(c, a, b) => c.uses_slot() || a.uses_slot() || b.uses_slot(),
        }
    }
}
