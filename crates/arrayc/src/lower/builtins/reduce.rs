//! Reductions: `sum`, `mean`, `min`, `max`, `prod`, `std`, `var`, `any`, `all`, `argmin`,
//! `argmax` (whole, along an axis or along several), `cumsum`, `dot` and `matmul`, each
//! computed by reduction kernels into buffers of their own.

use crate::ast::{self, ExprKind};
use crate::diagnostic::Span;
use crate::ir::{Binary, DType, Expr, Index, Kernel, ReduceOp, Reduction, Scalar, Stmt, Unary};
use crate::lower::value::{as_f64, identity_map, shape_text, Value};
use crate::lower::{LResult, Lowerer};

impl<'a> Lowerer<'a> {
    pub(in crate::lower) fn reduce_call(
        &mut self,
        op: ReduceOp,
        mean: bool,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let value = self.accumulated(value, op, mean);
        let axes = self.reduced_axes(args.get(1), value.shape.len())?;
        self.reduce_axes(value, op, axes, mean, span)
    }

    /// The dtype NumPy reduces in: `sum` and `prod` of bools in int64, `mean` (and `std`,
    /// `var`) of bools and ints in float64; floats in their own dtype.
    fn accumulated(&self, value: Value, op: ReduceOp, mean: bool) -> Value {
        let target = super::super::dtype::accumulated(op, mean, self.dtype(&value));
        Value {
            weak: false,
            ..self.cast(value, target)
        }
    }

    /// The axes a reduction removes: `None` for all, else one axis or a list `[0, 1]`,
    /// sorted, each at most once.
    fn reduced_axes(
        &mut self,
        arg: Option<&'a ast::Expr>,
        rank: usize,
    ) -> LResult<Option<Vec<usize>>> {
        let Some(arg) = arg else {
            return Ok(None);
        };
        let arg = ast::Expr::without_keyword(arg);
        let items: Vec<&'a ast::Expr> = match &arg.kind {
            ExprKind::Array(items) => items.iter().collect(),
            _ => vec![arg],
        };
        let mut axes = Vec::new();
        for item in items {
            let value = self.expr(item)?;
            let axis = self.axis(&value, rank, item.span)?;
            if axes.contains(&axis) {
                return self.error(format!("axis {axis} is reduced twice"), item.span);
            }
            axes.push(axis);
        }
        axes.sort_unstable();
        Ok(Some(axes))
    }

    /// `var` and `std` (ddof 0, NumPy's formula): the mean of the squared deviations
    /// from the mean, and its square root.
    pub(in crate::lower) fn variance(
        &mut self,
        args: &'a [ast::Expr],
        root: bool,
        span: Span,
    ) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let value = self.accumulated(value, ReduceOp::Sum, true);
        let axes = self.reduced_axes(args.get(1), value.shape.len())?;
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "variance", span)?
        };
        let mean = self.reduce_axes(value.clone(), ReduceOp::Sum, axes.clone(), true, span)?;
        let mean = self.expand(mean, &value.shape, axes.as_deref());
        let deviation = self.binary(Binary::Sub, value, mean, span)?;
        let deviation = self.materialize_if_tall(deviation, span)?;
        let square = self.binary(Binary::Mul, deviation.clone(), deviation, span)?;
        let variance = self.reduce_axes(square, ReduceOp::Sum, axes, true, span)?;
        if root {
            self.unary(Unary::Sqrt, variance, span)
        } else {
            Ok(variance)
        }
    }

    /// A reduced value seen at the shape it was reduced from (the removed axes broadcast).
    fn expand(&self, reduced: Value, shape: &[usize], axes: Option<&[usize]>) -> Value {
        let kept: Vec<usize> = (0..shape.len())
            .filter(|d| axes.is_some_and(|axes| !axes.contains(d)))
            .collect();
        let map: Vec<Index> = kept.iter().map(|&d| Index::dim(d)).collect();
        reduced.remap(shape.to_vec(), &map)
    }

    /// `any` (`all` when `every`): whether some (every) element is non-zero.
    pub(in crate::lower) fn truth_reduction(
        &mut self,
        args: &'a [ast::Expr],
        every: bool,
        span: Span,
    ) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let axes = self.reduced_axes(args.get(1), value.shape.len())?;
        let count: usize = match &axes {
            None => value.shape.iter().product(),
            Some(axes) => axes.iter().map(|&d| value.shape[d]).product(),
        };
        if count == 0 {
            // NumPy: `any` of nothing is false, `all` of nothing is true.
            let shape: Vec<usize> = (0..value.shape.len())
                .filter(|d| axes.as_ref().is_some_and(|axes| !axes.contains(d)))
                .map(|d| value.shape[d])
                .collect();
            return Ok(Value::of(shape, Expr::Const(Scalar::Bool(every))));
        }
        let truth = Value {
            expr: self.truth(&value),
            weak: false,
            ..value
        };
        let op = if every { ReduceOp::Min } else { ReduceOp::Max };
        self.reduce_axes(truth, op, axes, false, span)
    }

    /// `argmin`/`argmax`: the first index of the extreme (the first NaN if there is one,
    /// as NumPy), along an axis or in the flattened array.
    pub(in crate::lower) fn arg_extreme(
        &mut self,
        args: &'a [ast::Expr],
        op: ReduceOp,
        span: Span,
    ) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let rank = value.shape.len();
        let axis = match args.get(1) {
            Some(arg) => {
                let axis_value = self.expr(arg)?;
                Some(self.axis(&axis_value, rank, arg.span)?)
            }
            None => None,
        };
        let count: usize = match axis {
            Some(axis) => value.shape[axis],
            None => value.shape.iter().product(),
        };
        if count == 0 {
            let name = if op == ReduceOp::Max {
                "argmax"
            } else {
                "argmin"
            };
            return self.error(
                format!("`{name}` of an empty array is undefined (NumPy raises an error too)"),
                span,
            );
        }
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "argument of the extreme", span)?
        };
        let axes = axis.map(|axis| vec![axis]);
        let extreme = self.reduce_axes(value.clone(), op, axes.clone(), false, span)?;
        let extreme = self.expand(extreme, &value.shape, axes.as_deref());
        let position = match axis {
            Some(axis) => Index::dim(axis),
            None => Index::row_major(&value.shape),
        };
        let equal = self.binary(Binary::Eq, value.clone(), extreme, span)?;
        let not_a_number = self.binary(Binary::Ne, value.clone(), value.clone(), span)?;
        let found = self.binary(Binary::Or, equal, not_a_number, span)?;
        let candidates = self.select(
            found,
            Value::of(value.shape.clone(), as_f64(Expr::IndexValue(position))),
            Value::of(value.shape.clone(), Expr::f64(f64::INFINITY)),
            span,
        )?;
        // The index is an int64, as NumPy's (exact: indices stay below 2^53).
        let index = self.reduce_axes(candidates, ReduceOp::Min, axes, false, span)?;
        Ok(self.cast(index, DType::I64))
    }

    /// `cumsum`: each element is the sum of those before it and itself along the axis (of
    /// the flattened array without one), added in order as NumPy does. Computed as a scan:
    /// one running sum per line along the axis, stored at every step (linear in the axis).
    pub(in crate::lower) fn cumsum(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let value = self.accumulated(value, ReduceOp::Sum, false);
        let (value, axis) = match args.get(1) {
            Some(arg) => {
                let axis_value = self.expr(arg)?;
                let axis = self.axis(&axis_value, value.shape.len(), arg.span)?;
                (value, axis)
            }
            None => {
                let count = value.shape.iter().product();
                (self.reshape(value, vec![count], span)?, 0)
            }
        };
        // The kernel's box is every axis but the scanned one, which becomes its last
        // (reduced) dimension.
        let shape = value.shape.clone();
        let rank = shape.len();
        let mut outer = shape.clone();
        let extent = outer.remove(axis);
        let map: Vec<Index> = (0..rank)
            .map(|d| match d.cmp(&axis) {
                std::cmp::Ordering::Less => Index::dim(d),
                std::cmp::Ordering::Equal => Index::dim(rank - 1),
                std::cmp::Ordering::Greater => Index::dim(d - 1),
            })
            .collect();
        let mut all = outer.clone();
        all.push(extent);
        let value = value.remap(all, &map);
        let dtype = self.dtype(&value);
        let dst = self.allocate(&shape, dtype, "cumsum", span)?;
        self.emit(Stmt::Kernel(Kernel {
            dst,
            store: Index::row_major(&shape).substitute(&map),
            shape: outer,
            reduction: Some(Reduction {
                op: ReduceOp::Sum,
                extents: vec![extent],
                divide_by: None,
                scan: true,
            }),
            checks: value.checks,
            expr: value.expr,
            span,
        }));
        Ok(self.load(dst))
    }

    pub(in crate::lower) fn dot(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let a = self.expr(&args[0])?;
        let b = self.expr(&args[1])?;
        if self.dtype(&a) == DType::Bool || self.dtype(&b) == DType::Bool {
            return self.unsupported("`dot` of bools", span);
        }
        // NumPy's `dot` of a matrix with a matrix or a vector is its `matmul`.
        let ranks = (a.shape.len(), b.shape.len());
        if matches!(ranks, (2, 1) | (1, 2) | (2, 2)) {
            return self.matmul_values(a, b, "`dot`", span);
        }
        if a.shape.len() != 1 || b.shape.len() != 1 || a.shape != b.shape {
            return self.error(
                format!(
                    "`dot` takes two rank-1 arrays of the same length, or a rank-2 array and a rank-1 or rank-2 one, not shapes {} and {}",
                    shape_text(&a.shape),
                    shape_text(&b.shape)
                ),
                span,
            );
        }
        let n = a.shape[0];
        let product = self.binary(Binary::Mul, a, b, span)?;
        self.reduction_kernel(
            product,
            Vec::new(),
            vec![n],
            &identity_map(1),
            ReduceOp::Sum,
            None,
            span,
        )
    }

    pub(in crate::lower) fn matmul(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let a = self.expr(&args[0])?;
        let b = self.expr(&args[1])?;
        self.matmul_values(a, b, "`matmul` (`@`)", span)
    }

    /// `matmul` of two evaluated operands; `name` is how the error names the builtin.
    fn matmul_values(&mut self, a: Value, b: Value, name: &str, span: Span) -> LResult<Value> {
        if self.dtype(&a) == DType::Bool || self.dtype(&b) == DType::Bool {
            return self.unsupported(&format!("{name} of bools"), span);
        }
        // NumPy's rank-1 operands: a vector on the left is a row, on the right a column,
        // and the added axis is removed from the result.
        let (a_vector, b_vector) = (a.shape.len() == 1, b.shape.len() == 1);
        let fits = matches!(a.shape.len(), 1 | 2)
            && matches!(b.shape.len(), 1 | 2)
            && a.shape[a.shape.len() - 1] == b.shape[0];
        if !fits {
            return self.error(
                format!(
                    "{name} takes [m, k] or [k] and [k, n] or [k] arrays, not shapes {} and {}",
                    shape_text(&a.shape),
                    shape_text(&b.shape)
                ),
                span,
            );
        }
        let a = if a_vector {
            a.remap(vec![1, a.shape[0]], &[Index::dim(1)])
        } else {
            a
        };
        let b = if b_vector {
            b.remap(vec![b.shape[0], 1], &[Index::dim(0)])
        } else {
            b
        };
        let product = self.matrix_product(a, b, span)?;
        let (m, n) = (product.shape[0], product.shape[1]);
        Ok(match (a_vector, b_vector) {
            (false, false) => product,
            (true, false) => product.remap(vec![n], &[Index::constant(0), Index::dim(0)]),
            (false, true) => product.remap(vec![m], &[Index::dim(0), Index::constant(0)]),
            (true, true) => product.remap(Vec::new(), &[Index::constant(0), Index::constant(0)]),
        })
    }

    /// The product of an [m, k] and a [k, n] array.
    fn matrix_product(&mut self, a: Value, b: Value, span: Span) -> LResult<Value> {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1]);
        // Operands are read n and m times: store them unless they are plain reads.
        let a = if a.is_plain() {
            a
        } else {
            self.materialize(a, "matmul", span)?
        };
        let b = if b.is_plain() {
            b
        } else {
            self.materialize(b, "matmul", span)?
        };
        // Kernel dimensions: i, j, then the reduced k.
        let a3 = a.remap(vec![m, n, k], &[Index::dim(0), Index::dim(2)]);
        let b3 = b.remap(vec![m, n, k], &[Index::dim(2), Index::dim(1)]);
        // The [m, n, k] products are summed as they are computed, never stored: only the
        // operands and the [m, n] result count against the memory limit.
        let product = self.binary_sized(Binary::Mul, a3, b3, false, span)?;
        self.reduction_kernel(
            product,
            vec![m, n],
            vec![k],
            &identity_map(3),
            ReduceOp::Sum,
            None,
            span,
        )
    }

    /// Reduces `value` over `axes` (sorted, distinct), or over every axis when `None`.
    pub(in crate::lower) fn reduce_axes(
        &mut self,
        value: Value,
        op: ReduceOp,
        axes: Option<Vec<usize>>,
        mean: bool,
        span: Span,
    ) -> LResult<Value> {
        let rank = value.shape.len();
        let (shape, reduced, map): (Vec<usize>, Vec<usize>, Vec<Index>) = match axes {
            None => (Vec::new(), value.shape.clone(), identity_map(rank)),
            Some(axes) => {
                // The kept axes come first in the kernel's box, then the reduced ones.
                let kept: Vec<usize> = (0..rank).filter(|d| !axes.contains(d)).collect();
                let mut map = vec![Index::constant(0); rank];
                for (position, &d) in kept.iter().chain(axes.iter()).enumerate() {
                    map[d] = Index::dim(position);
                }
                let shape = kept.iter().map(|&d| value.shape[d]).collect();
                let reduced = axes.iter().map(|&d| value.shape[d]).collect();
                (shape, reduced, map)
            }
        };
        let count: usize = reduced.iter().product();
        if count == 0 && matches!(op, ReduceOp::Min | ReduceOp::Max) {
            return self.error(
                "the minimum or maximum of an empty array is undefined (NumPy raises an error too)",
                span,
            );
        }
        let divide_by = if mean { Some(count as f64) } else { None };
        self.reduction_kernel(value, shape, reduced, &map, op, divide_by, span)
    }

    #[allow(clippy::too_many_arguments)] // The parts of a reduction, each used once.
    pub(in crate::lower) fn reduction_kernel(
        &mut self,
        value: Value,
        shape: Vec<usize>,
        reduced: Vec<usize>,
        map: &[Index],
        op: ReduceOp,
        divide_by: Option<f64>,
        span: Span,
    ) -> LResult<Value> {
        let mut all = shape.clone();
        all.extend_from_slice(&reduced);
        let value = value.remap(all, map);
        let dtype = self.dtype(&value);
        let dst = self.allocate(&shape, dtype, "reduction", span)?;
        self.emit(Stmt::Kernel(Kernel {
            dst,
            store: Index::row_major(&shape),
            shape,
            reduction: Some(Reduction {
                op,
                extents: reduced,
                divide_by,
                scan: false,
            }),
            checks: value.checks,
            expr: value.expr,
            span,
        }));
        Ok(self.load(dst))
    }
}
