//! Masked reads (`a[mask]`) whose result never needs its data-dependent shape, NumPy-exact:
//! - in a masked assignment with the same mask, an elementwise function of masked reads
//!   is that function of the whole arrays, selected by the mask (`u[m] = f(u[m])` is
//!   `u = where(m, f(u), u)`: elementwise operations do not look at neighbours, so the
//!   compacted order does not matter);
//! - in a whole `sum` or `mean`, an elementwise function of masked reads with one mask is
//!   summed over the selected elements only, as one compacted array (`ir::Stmt::MaskedSum`:
//!   NumPy's pairwise pieces follow the number selected, so zeros in place of the
//!   unselected elements would change the bits).
//!
//! Every masked read must index an array of the mask's shape with a bool mask, and every
//! other operand must be a scalar (NumPy broadcasts the compacted array, whose length is
//! known only at run time, against it). Anything else keeps the refusal of `index.rs`.
//! Knows no syntax beyond the expression kinds that keep a masked read elementwise.

use super::value::{shape_text, Value};
use super::{Failed, LResult, Lowerer};
use crate::ast::{self, ExprKind, IndexArg};
use crate::check::Callee;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{DType, Scalar, Stmt};
use crate::numeric::Binary;

/// Elements summed by NumPy in one pairwise call when the sum converts them first (its
/// buffer size): a longer compacted array with a conversion would be summed in pieces.
const NUMPY_BUFFER: usize = 8192;

/// The masked reads allowed while an expression is lowered.
pub(super) struct MaskedReads {
    /// The mask every masked read must use: the assignment's, or the first one read.
    mask: Option<Value>,
    /// Whether a masked read was lowered.
    used: bool,
    /// The first array operand that is not a masked read.
    other_array: Option<Span>,
}

impl<'a> Lowerer<'a> {
    /// Lowers `expr` allowing masked reads with `mask` (any one mask when `None`): the
    /// value, with every masked read standing for its whole array, and the mask when one
    /// was read. Without a masked read the value is the plain one.
    pub(super) fn with_masked_reads(
        &mut self,
        mask: Option<Value>,
        expr: &'a ast::Expr,
    ) -> LResult<(Value, Option<Value>)> {
        let outer = self.masked_reads.replace(MaskedReads {
            mask,
            used: false,
            other_array: None,
        });
        let value = self.expr(expr);
        let reads = std::mem::replace(&mut self.masked_reads, outer);
        let value = value?;
        let Some(reads) = reads.filter(|reads| reads.used) else {
            return Ok((value, None));
        };
        if let Some(other) = reads.other_array {
            self.diagnostics.push(
                Diagnostic::new(
                    ErrorKind::Semantic,
                    "a masked read `a[mask]` is combined here with an array: the read's length is the number of true elements, known only at run time",
                    other,
                )
                .with_note("combine masked reads with scalars only, or mask the whole expression: `where(mask, a * b, 0)`"),
            );
            return Err(Failed);
        }
        Ok((value, reads.mask))
    }

    /// `expr` while masked reads are allowed: a masked read is its whole array, elementwise
    /// operations keep the permission for their operands, everything else is lowered
    /// without it (and an array it gives is an operand the masked reads cannot meet).
    pub(super) fn expr_with_masked_reads(&mut self, expr: &'a ast::Expr) -> LResult<Value> {
        if let ExprKind::Index { base, indices } = &expr.kind {
            if let [IndexArg::Single(position)] = indices.as_slice() {
                let reads = self.masked_reads.take();
                let lowered = self
                    .expr(base)
                    .and_then(|base| Ok((base, self.expr(position)?)));
                self.masked_reads = reads;
                let (base, position) = lowered?;
                if position.shape.is_empty() {
                    let value = self.index_with(base, indices, expr.span, Some(position))?;
                    self.note_operand(&value, expr.span);
                    return Ok(value);
                }
                let at = position_span(position_expr(indices));
                return self.masked_read(base, position, at, expr.span);
            }
        }
        let keeps = match &expr.kind {
            ExprKind::Unary(..) | ExprKind::Binary(..) | ExprKind::Keyword { .. } => true,
            ExprKind::Call { callee, .. } => self.is_elementwise(callee),
            _ => false,
        };
        if keeps {
            return self.expr_plain(expr);
        }
        let reads = self.masked_reads.take();
        let value = self.expr_plain(expr);
        self.masked_reads = reads;
        let value = value?;
        self.note_operand(&value, expr.span);
        Ok(value)
    }

    /// Records an array operand that is not a masked read.
    fn note_operand(&mut self, value: &Value, span: Span) {
        if let Some(reads) = &mut self.masked_reads {
            if !value.shape.is_empty() && reads.other_array.is_none() {
                reads.other_array = Some(span);
            }
        }
    }

    /// Whether `callee` is a builtin applying one scalar operation to each element.
    fn is_elementwise(&self, callee: &ast::Ident) -> bool {
        let Some(Callee::Builtin(builtin)) = self.checked.calls.get(&callee.span) else {
            return false;
        };
        crate::builtins::lookup(&callee.name)
            .is_some_and(|info| info.builtin == *builtin && info.scalar.is_some())
    }

    /// `base[position]` with an array `position` while masked reads are allowed.
    fn masked_read(
        &mut self,
        base: Value,
        position: Value,
        position_span: Span,
        span: Span,
    ) -> LResult<Value> {
        let dtype = self.dtype(&position);
        let Some(reads) = &mut self.masked_reads else {
            self.internal(span);
            return Err(Failed);
        };
        let same_mask = match &reads.mask {
            Some(mask) => mask.shape == position.shape && mask.expr == position.expr,
            None => true,
        };
        if dtype != DType::Bool || base.shape != position.shape || !same_mask {
            let note = if dtype != DType::Bool {
                "an integer index array makes an array of its own shape; here only bool masks are read".to_string()
            } else if base.shape != position.shape {
                format!(
                    "a mask of shape {} reads an array of shape {} here; write `where(mask, a, 0)`",
                    shape_text(&position.shape),
                    shape_text(&base.shape)
                )
            } else {
                "every masked read in one expression must use the same mask (the assignment's, or the sum's first)".to_string()
            };
            self.diagnostics.push(
                Diagnostic::new(
                    ErrorKind::Semantic,
                    format!(
                        "an index must be a scalar, not an array of shape {}: reading `u[mask]` would make an array whose shape depends on the data",
                        shape_text(&position.shape)
                    ),
                    position_span,
                )
                .with_note(note),
            );
            return Err(Failed);
        }
        if reads.mask.is_none() {
            reads.mask = Some(position.clone());
        }
        reads.used = true;
        let mut value = base;
        for check in position.checks {
            if !value.checks.iter().any(|known| known.id == check.id) {
                value.checks.push(check);
            }
        }
        Ok(value)
    }

    /// `sum(value[mask])` (or `mean`), `value` standing for the whole array: NumPy's
    /// pairwise sum of the selected elements as one compacted array. `cast`: the elements
    /// were converted to the dtype summed in.
    pub(super) fn masked_sum(
        &mut self,
        value: Value,
        mask: Value,
        mean: bool,
        cast: bool,
        span: Span,
    ) -> LResult<Value> {
        let dtype = self.dtype(&value);
        // A masked read combined only with scalars has the mask's shape already; a sum of
        // scalars alone (`sum(2.0)`) reads no mask.
        let value = self.broadcast_to(value, &mask.shape, span)?;
        let count: usize = mask.shape.iter().product();
        if !dtype.is_float() {
            // An integer sum is exact in any order: the unselected elements add zero.
            let zero = Value::of(Vec::new(), crate::ir::Expr::Const(Scalar::I64(0)));
            let selected = super::value::select_raw(mask, value, zero);
            return self.reduce_axes(selected, crate::ir::ReduceOp::Sum, None, false, span);
        }
        if cast && count > NUMPY_BUFFER {
            return self.error(
                format!(
                    "this masked sum converts its elements first, and NumPy sums more than {NUMPY_BUFFER} converted elements in pieces whose bounds depend on the number selected"
                ),
                span,
            );
        }
        let values = match self.whole_buffer(&value) {
            Some(buffer) => buffer,
            None => {
                let stored = self.materialize(value, "masked", span)?;
                match self.whole_buffer(&stored) {
                    Some(buffer) => buffer,
                    None => {
                        self.internal(span);
                        return Err(Failed);
                    }
                }
            }
        };
        let mask_buffer = match self.whole_buffer(&mask) {
            Some(buffer) if self.buffers.get(buffer).dtype == DType::Bool => buffer,
            _ => {
                let stored = self.materialize(mask.clone(), "mask", span)?;
                match self.whole_buffer(&stored) {
                    Some(buffer) => buffer,
                    None => {
                        self.internal(span);
                        return Err(Failed);
                    }
                }
            }
        };
        let dst = self.allocate(&[], dtype, "masked_sum", span)?;
        self.emit(Stmt::MaskedSum {
            dst,
            values,
            mask: mask_buffer,
        });
        let sum = self.load(dst);
        if !mean {
            return Ok(sum);
        }
        // NumPy's `mean`: the sum divided by the number selected, in the sum's dtype.
        let selected = self.cast(mask, DType::I64);
        let selected = self.reduce_axes(selected, crate::ir::ReduceOp::Sum, None, false, span)?;
        let selected = self.cast(selected, dtype);
        self.binary(Binary::Div, sum, selected, span)
    }
}

/// The index expression of a one-index subscript.
fn position_expr(indices: &[IndexArg]) -> Option<&ast::Expr> {
    match indices {
        [IndexArg::Single(position)] => Some(position),
        _ => None,
    }
}

fn position_span(position: Option<&ast::Expr>) -> Span {
    position.map_or(Span::new(0, 0), |position| position.span)
}
