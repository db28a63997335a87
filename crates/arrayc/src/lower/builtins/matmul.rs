//! Float64 `matmul`, `@` and `dot` as a `blas` reduction kernel: the operands become two
//! plain reads affine in the kernel's dimensions (stored first when they are anything
//! else, as NumPy computes them into arrays first), and codegen computes the product in
//! NumPy's order on this machine (`codegen/blas/`). `dot` also copies an operand that
//! NumPy's `cblas_matrixproduct` would copy (negative or non-BLAS strides).

use crate::diagnostic::Span;
use crate::ir::{Binary, DType, Expr, Index, Kernel, ReduceOp, Reduction, Stmt};
use crate::lower::dtype::binary_operands;
use crate::lower::value::Value;
use crate::lower::{LResult, Lowerer};

impl<'a> Lowerer<'a> {
    /// Whether the product of `a` and `b` is float64 (NumPy's BLAS route for `matmul`).
    pub(in crate::lower) fn blas_product_dtype(&self, a: &Value, b: &Value) -> bool {
        binary_operands(Binary::Mul, self.kind(a), self.kind(b)).dtype() == DType::F64
    }

    /// The `[m, n]` float64 product of an `[m, k]` and a `[k, n]` array as a blas kernel.
    pub(in crate::lower) fn blas_matrix_product(
        &mut self,
        a: Value,
        b: Value,
        span: Span,
    ) -> LResult<Value> {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1]);
        let a = self.blas_operand(a, span)?;
        let b = self.blas_operand(b, span)?;
        let a3 = a.remap(vec![m, n, k], &[Index::dim(0), Index::dim(2)]);
        let b3 = b.remap(vec![m, n, k], &[Index::dim(2), Index::dim(1)]);
        let expr = Expr::Binary(Binary::Mul, Box::new(a3.expr), Box::new(b3.expr));
        let shape = vec![m, n];
        let dst = self.allocate(&shape, DType::F64, "matmul", span)?;
        self.emit(Stmt::Kernel(Kernel {
            dst,
            store: Index::row_major(&shape),
            shape,
            reduction: Some(Reduction {
                op: ReduceOp::Sum,
                extents: vec![k],
                divide_by: None,
                scan: false,
                pairwise: None,
                blas: true,
            }),
            checks: Vec::new(),
            expr,
            span,
        }));
        Ok(self.load(dst))
    }

    /// A float64 operand that is a plain read affine in its two dimensions, stored first if
    /// it is anything else.
    fn blas_operand(&mut self, value: Value, span: Span) -> LResult<Value> {
        let value = if self.dtype(&value) == DType::F64 {
            value
        } else {
            self.cast(value, DType::F64)
        };
        let plain = value.checks.is_empty()
            && matches!(&value.expr, Expr::Load { offset, .. }
                if (0..value.shape.len()).all(|d| offset.linear_coefficient(d).is_some()));
        if plain {
            Ok(value)
        } else {
            self.materialize(value, "matmul", span)
        }
    }

    /// An operand of float64 `dot` as NumPy's `cblas_matrixproduct` takes it: a vector with
    /// a positive stride or a matrix with one unit stride (and the other at least the
    /// extent along the unit one) is read where it lies; anything else is copied first.
    pub(in crate::lower) fn dot_operand(&mut self, value: Value, span: Span) -> LResult<Value> {
        let strides = match &value.expr {
            Expr::Load { offset, .. } if value.checks.is_empty() => (0..value.shape.len())
                .map(|d| offset.linear_coefficient(d))
                .collect::<Option<Vec<i64>>>(),
            _ => None,
        };
        let shape = &value.shape;
        let direct = match strides.as_deref() {
            Some(&[stride]) => stride > 0,
            Some(&[rows, cols]) => {
                (cols == 1 && rows >= shape[1] as i64) || (rows == 1 && cols >= shape[0] as i64)
            }
            _ => false,
        };
        if direct {
            Ok(value)
        } else {
            self.materialize(value, "dot", span)
        }
    }
}
