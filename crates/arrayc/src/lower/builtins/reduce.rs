//! Reductions: `sum`, `mean`, `min`, `max` (whole or along an axis), `dot` and `matmul`,
//! each computed by a reduction kernel into a buffer of its own.

use crate::ast;
use crate::diagnostic::Span;
use crate::ir::{Binary, Index, Kernel, ReduceOp, Reduction, Stmt};
use crate::lower::value::{identity_map, shape_text, Value};
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
        let axis = match args.get(1) {
            Some(arg) => {
                let axis_value = self.expr(arg)?;
                Some(self.axis(&axis_value, value.shape.len(), arg.span)?)
            }
            None => None,
        };
        self.reduce(value, op, axis, mean, span)
    }

    pub(in crate::lower) fn dot(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let a = self.expr(&args[0])?;
        let b = self.expr(&args[1])?;
        if a.shape.len() != 1 || b.shape.len() != 1 || a.shape != b.shape {
            return self.error(
                format!(
                    "`dot` takes two rank-1 arrays of the same length, not shapes {} and {}",
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
        if a.shape.len() != 2 || b.shape.len() != 2 || a.shape[1] != b.shape[0] {
            return self.error(
                format!(
                    "`matmul` takes [m, k] and [k, n] arrays, not shapes {} and {}",
                    shape_text(&a.shape),
                    shape_text(&b.shape)
                ),
                span,
            );
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
        let product = self.binary(Binary::Mul, a3, b3, span)?;
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

    pub(in crate::lower) fn reduce(
        &mut self,
        value: Value,
        op: ReduceOp,
        axis: Option<usize>,
        mean: bool,
        span: Span,
    ) -> LResult<Value> {
        let rank = value.shape.len();
        let (shape, reduced, map): (Vec<usize>, Vec<usize>, Vec<Index>) = match axis {
            None => (Vec::new(), value.shape.clone(), identity_map(rank)),
            Some(axis) => {
                let mut shape = value.shape.clone();
                let extent = shape.remove(axis);
                let map = (0..rank)
                    .map(|d| match d.cmp(&axis) {
                        std::cmp::Ordering::Less => Index::dim(d),
                        std::cmp::Ordering::Equal => Index::dim(rank - 1),
                        std::cmp::Ordering::Greater => Index::dim(d - 1),
                    })
                    .collect();
                (shape, vec![extent], map)
            }
        };
        let count: usize = reduced.iter().product();
        if count == 0 && op != ReduceOp::Sum {
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
        let dst = self.allocate(&shape, "reduction", span)?;
        self.emit(Stmt::Kernel(Kernel {
            dst,
            store: Index::row_major(&shape),
            shape,
            reduction: Some(Reduction {
                op,
                extents: reduced,
                divide_by,
            }),
            checks: value.checks,
            expr: value.expr,
            span,
        }));
        Ok(self.load(dst))
    }
}
