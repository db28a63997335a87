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
        // A whole sum may read through a mask (`sum(f(a[m]))`, `masks.rs`).
        let (value, mask) = if op == ReduceOp::Sum && args.len() == 1 {
            self.with_masked_reads(None, &args[0])?
        } else {
            (self.expr(&args[0])?, None)
        };
        let before = self.dtype(&value);
        let value = self.accumulated(value, op, mean);
        let cast = self.dtype(&value) != before;
        if let Some(mask) = mask {
            return self.masked_sum(value, mask, mean, cast, span);
        }
        let axes = self.reduced_axes(args.get(1), value.shape.len())?;
        if op == ReduceOp::Sum {
            return self.sum_axes(value, axes, mean, cast, span);
        }
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
        let before = self.dtype(&value);
        let value = self.accumulated(value, ReduceOp::Sum, true);
        let cast = self.dtype(&value) != before;
        let axes = self.reduced_axes(args.get(1), value.shape.len())?;
        // NumPy sums the operand (cast in buffers of 8,192 elements) for the mean, then
        // the squared deviations, a new array.
        let mean = self.sum_axes(value.clone(), axes.clone(), true, cast, span)?;
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "variance", span)?
        };
        let mean = self.expand(mean, &value.shape, axes.as_deref());
        let deviation = self.binary(Binary::Sub, value, mean, span)?;
        let deviation = self.materialize_if_tall(deviation, span)?;
        let square = self.binary(Binary::Mul, deviation.clone(), deviation, span)?;
        let variance = self.sum_axes(square, axes, true, false, span)?;
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
                pairwise: None,
                blas: false,
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
        // NumPy's `dot` with a scalar operand is `multiply` (a NumPy value), except that
        // of floats with more than one element it is BLAS's axpy into zeros, `0 + s * x`,
        // which skips a zero `s` (`inf * 0` stays 0 there) and makes a `-0.0` product 0.0.
        if a.shape.is_empty() || b.shape.is_empty() {
            let elements: usize = a.shape.iter().chain(&b.shape).product();
            let scalar = if a.shape.is_empty() { a.clone() } else { b.clone() };
            let product = self.binary(Binary::Mul, a, b, span)?;
            let product = if self.dtype(&product).is_float() && elements > 1 {
                let shape = product.shape.clone();
                let axpy = self.binary(Binary::Add, Value::scalar(0.0), product, span)?;
                let skipped = self.binary(Binary::Eq, scalar, Value::scalar(0.0), span)?;
                let skipped = self.broadcast_to(skipped, &shape, span)?;
                let zero = self.broadcast_to(Value::scalar(0.0), &shape, span)?;
                self.select(skipped, zero, axpy, span)?
            } else {
                product
            };
            return Ok(Value {
                weak: false,
                ..product
            });
        }
        if let Some((a, b)) = self.bool_product_operands(&a, &b) {
            let product = self.dot_values(a, b, span)?;
            return self.binary(Binary::Ne, product, Value::scalar(0.0), span);
        }
        self.dot_values(a, b, span)
    }

    /// Two bool operands of `dot`/`matmul` as int64 (NumPy's bool loop is `any(a & b)`,
    /// which is the int64 product of the 0/1 values, compared with 0), or `None`.
    fn bool_product_operands(&mut self, a: &Value, b: &Value) -> Option<(Value, Value)> {
        if self.dtype(a) == DType::Bool && self.dtype(b) == DType::Bool {
            Some((
                self.cast(a.clone(), DType::I64),
                self.cast(b.clone(), DType::I64),
            ))
        } else {
            None
        }
    }

    fn dot_values(&mut self, a: Value, b: Value, span: Span) -> LResult<Value> {
        // NumPy's `dot` of a matrix with a matrix or a vector is its `matmul`; in float64,
        // of two vectors too (both `DOUBLE_dot`), on the operands BLAS is given.
        let ranks = (a.shape.len(), b.shape.len());
        let blas = self.blas_product_dtype(&a, &b)
            && matches!(ranks, (1, 1) | (2, 1) | (1, 2) | (2, 2))
            && (ranks != (1, 1) || a.shape == b.shape);
        let (a, b) = if blas {
            (self.dot_operand(a, span)?, self.dot_operand(b, span)?)
        } else {
            (a, b)
        };
        if blas || matches!(ranks, (2, 1) | (1, 2) | (2, 2)) {
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
        if let Some((a, b)) = self.bool_product_operands(&a, &b) {
            let product = self.matmul_values(a, b, name, span)?;
            return self.binary(Binary::Ne, product, Value::scalar(0.0), span);
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
        if self.blas_product_dtype(&a, &b) {
            return self.blas_matrix_product(a, b, span);
        }
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

    /// `sum` (and the sums of `mean`, `std`, `var`) over `axes`, in NumPy's order: for a
    /// float sum, the kernel's reduced dimensions are those NumPy's iterator visits, in its
    /// order, and the innermost block it hands to `pairwise_sum` becomes one dimension
    /// summed pairwise in NumPy's pieces (see `numpy_sum_plan`). `cast`: NumPy casts the
    /// operand as it reads it (`mean` of ints), in buffers. Integer sums are exact in any
    /// order and keep the plain kernel.
    fn sum_axes(
        &mut self,
        value: Value,
        axes: Option<Vec<usize>>,
        mean: bool,
        cast: bool,
        span: Span,
    ) -> LResult<Value> {
        let rank = value.shape.len();
        if !self.dtype(&value).is_float() || rank == 0 {
            return self.reduce_axes(value, ReduceOp::Sum, axes, mean, span);
        }
        let reduced: Vec<bool> = (0..rank)
            .map(|d| axes.as_ref().is_none_or(|axes| axes.contains(&d)))
            .collect();
        let strides = view_strides(&value.expr, rank, cast)
            .unwrap_or_else(|| crate::lower::value::strides(&value.shape));
        let plan = numpy_sum_plan(&value.shape, &strides, &reduced, cast);
        let count: usize = (0..rank)
            .filter(|&d| reduced[d])
            .map(|d| value.shape[d])
            .product();
        let divide_by = mean.then_some(count as f64);
        // The kernel's dimensions: kept axes, the other reduced axes in NumPy's order, the block.
        let kept: Vec<usize> = (0..rank).filter(|&d| !reduced[d]).collect();
        let outer: Vec<usize> = plan
            .order
            .iter()
            .copied()
            .filter(|&d| reduced[d] && !plan.block.contains(&d))
            .collect();
        let positions: Vec<usize> = kept
            .iter()
            .chain(outer.iter())
            .chain(plan.block.iter())
            .copied()
            .collect();
        let mut map = vec![Index::constant(0); rank];
        for (position, &d) in positions.iter().enumerate() {
            map[d] = Index::dim(position);
        }
        let shape: Vec<usize> = kept.iter().map(|&d| value.shape[d]).collect();
        let all: Vec<usize> = positions.iter().map(|&d| value.shape[d]).collect();
        if plan.block.is_empty() {
            let reduced_extents = all[kept.len()..].to_vec();
            return self.reduction_kernel_in(
                value,
                shape,
                reduced_extents,
                &map,
                divide_by,
                None,
                span,
            );
        }
        let first = kept.len() + outer.len();
        let mut remapped = value.remap(all.clone(), &map);
        if !coalesces(&remapped.expr, &all, first) {
            // NumPy copies such a block into its buffer: so do we, in C order.
            let stored = self.materialize(value, "sum", span)?;
            remapped = stored.remap(all.clone(), &map);
            if !coalesces(&remapped.expr, &all, first) {
                // Only a transposed view whose block NumPy buffers gets here: summed in
                // the iteration order, with one running value.
                let reduced_extents = all[kept.len()..].to_vec();
                return self.reduction_kernel_in(
                    stored,
                    shape,
                    reduced_extents,
                    &map,
                    divide_by,
                    None,
                    span,
                );
            }
        }
        // The block's dimensions become one: its last, running over the flattened block.
        let block: usize = all[first..].iter().product();
        let mut merge: Vec<Index> = (0..all.len()).map(Index::dim).collect();
        for index in merge.iter_mut().skip(first) {
            *index = Index::constant(0);
        }
        merge[all.len() - 1] = Index::dim(first);
        let mut merged_extents = all[kept.len()..first].to_vec();
        merged_extents.push(block);
        let mut flat = all[..first].to_vec();
        flat.push(block);
        let value = remapped.remap(flat, &merge);
        let identity: Vec<Index> = (0..first + 1).map(Index::dim).collect();
        self.reduction_kernel_in(
            value,
            shape,
            merged_extents,
            &identity,
            divide_by,
            Some(plan.chunk.min(block).max(1)),
            span,
        )
    }

    /// A sum kernel: `reduction_kernel` with NumPy's pairwise pieces.
    #[allow(clippy::too_many_arguments)] // The parts of a reduction, each used once.
    fn reduction_kernel_in(
        &mut self,
        value: Value,
        shape: Vec<usize>,
        reduced: Vec<usize>,
        map: &[Index],
        divide_by: Option<f64>,
        pairwise: Option<usize>,
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
                op: ReduceOp::Sum,
                extents: reduced,
                divide_by,
                scan: false,
                pairwise,
                blas: false,
            }),
            checks: value.checks,
            expr: value.expr,
            span,
        }));
        Ok(self.load(dst))
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
                pairwise: None,
                blas: false,
            }),
            checks: value.checks,
            expr: value.expr,
            span,
        }));
        Ok(self.load(dst))
    }
}

/// The element strides of a value that is a view NumPy would reduce in place: a plain
/// read (through the accumulation's cast, when `cast`) whose offset is affine in the
/// value's dimensions. `None` for anything NumPy computes into a new array first.
fn view_strides(expr: &Expr, rank: usize, cast: bool) -> Option<Vec<i64>> {
    let read: &Expr = match expr {
        Expr::Cast(_, read) if cast => read,
        read => read,
    };
    match read {
        Expr::Load {
            offset: Index::Affine(affine),
            ..
        } => Some(affine.coefficients[..rank].to_vec()),
        _ => None,
    }
}

/// Whether the dimensions `first..` of the box `extents` can be walked as one flattened
/// dimension by every index of `expr` (each `c_d * i_d` term with `c_d = c_(d+1) * n_(d+1)`).
fn coalesces(expr: &Expr, extents: &[usize], first: usize) -> bool {
    let mut ok = true;
    expr.for_each_index(&mut |index| {
        for d in first..extents.len().saturating_sub(1) {
            match (index.linear_coefficient(d), index.linear_coefficient(d + 1)) {
                (Some(outer), Some(inner)) => ok &= outer == inner * extents[d + 1] as i64,
                _ => ok = false,
            }
        }
        for d in first..extents.len() {
            ok &= index.linear_coefficient(d).is_some();
        }
    });
    ok
}

/// NumPy's buffer size, in elements (`np.getbufsize()`).
const NUMPY_BUFFER: usize = 8192;

/// How NumPy 2's iterator hands `np.sum(a, axis)` to `pairwise_sum`: the axes in its
/// iteration order (outermost first), the innermost reduced axes it flattens into one
/// block (empty: the innermost iteration runs over outputs, a running sum per output),
/// and the pieces of that block each `pairwise_sum` call gets.
#[derive(Debug, PartialEq)]
struct SumPlan {
    order: Vec<usize>,
    block: Vec<usize>,
    chunk: usize,
}

/// `SumPlan` for an operand of `shape` and element `strides` (a new array: C order),
/// reducing the axes marked in `reduced`; `cast` when NumPy reads it through a cast (then
/// it is buffered). Follows NumPy 2.4's `nditer_constr.c`: the axes sorted by stride
/// (extent-1 axes ignored), adjacent axes coalesced where the strides allow, then
/// `npyiter_find_buffering_setup`'s choice of the buffered core and its size (at most
/// 8,192 elements, a multiple of the core). Checked against NumPy by
/// `tests/fixtures/sums.py`. Negative strides are taken as C order (NumPy would walk
/// the memory backwards; documented as a difference).
fn numpy_sum_plan(shape: &[usize], strides: &[i64], reduced: &[bool], cast: bool) -> SumPlan {
    let rank = shape.len();
    let contiguous = crate::lower::value::strides(shape);
    let strides = if strides.iter().any(|&s| s < 0) {
        &contiguous[..]
    } else {
        strides
    };
    let live: Vec<usize> = (0..rank).filter(|&d| shape[d] > 1).collect();
    let mut sorted = live.clone();
    sorted.sort_by_key(|&d| std::cmp::Reverse(strides[d]));
    let kept_order =
        |axes: &[usize]| -> Vec<usize> { axes.iter().copied().filter(|&d| !reduced[d]).collect() };
    // The output's axes are in C order: an order that would reverse two of them is
    // ambiguous to NumPy, which then keeps C order.
    if kept_order(&sorted) != kept_order(&live) {
        sorted = live.clone();
    }
    let mut order: Vec<usize> = (0..rank).filter(|&d| shape[d] <= 1).collect();
    order.extend_from_slice(&sorted);
    // Coalesced groups, innermost first: (axes outermost first, extent, reduced).
    let mut groups: Vec<(Vec<usize>, usize, bool)> = Vec::new();
    for &axis in sorted.iter().rev() {
        if let Some((axes, extent, group_reduced)) = groups.last_mut() {
            let inner = axes[0];
            if *group_reduced == reduced[axis]
                && strides[axis] == strides[inner] * shape[inner] as i64
            {
                axes.insert(0, axis);
                *extent *= shape[axis];
                continue;
            }
        }
        groups.push((vec![axis], shape[axis], reduced[axis]));
    }
    let running = SumPlan {
        order: order.clone(),
        block: Vec::new(),
        chunk: 0,
    };
    match groups.first() {
        Some((_, _, true)) => {}
        _ => return running,
    }
    // `npyiter_find_buffering_setup` with two operands, the output and the input.
    let mut cost = 1 + usize::from(cast);
    let mut size = groups[0].1;
    let (mut best_dim, mut best_cost, mut best_size, mut best_core) = (0, cost, size, 1);
    let (mut input_single, mut output_single) = (1, 1);
    let mut outer_reduce = 0;
    for dim in 1..groups.len() {
        if outer_reduce != 0 || (size >= NUMPY_BUFFER && cost > 1) {
            break;
        }
        let (previous, current) = (&groups[dim - 1], &groups[dim]);
        let inner = previous.0[0];
        let outer = *current.0.last().expect("a group has an axis");
        if input_single == dim {
            if strides[outer] == strides[inner] * shape[inner] as i64 {
                input_single += 1;
            } else if !cast {
                cost += 1;
            }
        }
        if output_single == dim {
            if current.2 == previous.2 {
                output_single += 1;
            } else {
                cost += 1;
            }
        }
        if current.2 != previous.2 {
            outer_reduce = dim;
        }
        let core = size;
        size *= current.1;
        let buffer = if size > NUMPY_BUFFER && cost > 1 {
            NUMPY_BUFFER
        } else {
            size
        };
        if cost as f64 * best_size as f64 <= best_cost as f64 * buffer as f64 {
            (best_cost, best_core, best_size, best_dim) = (cost, core, size, dim);
        }
    }
    let (groups_in_block, chunk) = if outer_reduce != 0 && best_dim == outer_reduce {
        // NumPy's reduce mode: one call per core.
        (best_dim, best_core)
    } else {
        let buffered = cast || input_single <= best_dim;
        let chunk = if buffered && NUMPY_BUFFER < best_size {
            best_core * (NUMPY_BUFFER / best_core)
        } else {
            best_size
        };
        (best_dim + 1, chunk)
    };
    let mut block = Vec::new();
    for (axes, _, _) in groups[..groups_in_block].iter().rev() {
        block.extend_from_slice(axes);
    }
    SumPlan {
        order,
        block,
        chunk,
    }
}
