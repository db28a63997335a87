//! Compile-time integers: shapes, extents, axes and other arguments that must be constant,
//! with the rank and size limits every array obeys.

use super::value::{shape_text, Value};
use super::{Failed, LResult, Lowerer};
use crate::ast::{self, ExprKind};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{BufferInit, ConstData, MAX_RANK};

impl<'a> Lowerer<'a> {
    pub(super) fn constant_int(&mut self, value: &Value, span: Span, what: &str) -> LResult<i64> {
        match value.constant() {
            Some(c) if c == c.trunc() && c.abs() < 9.0e15 => Ok(c as i64),
            Some(c) if c == c.trunc() => {
                self.diagnostics.push(Diagnostic::new(
                    ErrorKind::Limit,
                    format!("{what} of {c:e} is too large"),
                    span,
                ));
                Err(Failed)
            }
            Some(c) => self.error(format!("{what} must be an integer, not {c}"), span),
            None if !value.shape.is_empty() => self.error(
                format!(
                    "{what} must be a scalar, not an array of shape {}",
                    shape_text(&value.shape)
                ),
                span,
            ),
            None => {
                let uses_slot = value.expr.uses_slot();
                let mut diagnostic = Diagnostic::new(
                    ErrorKind::Semantic,
                    format!("{what} must be a compile-time constant"),
                    span,
                );
                if uses_slot {
                    diagnostic = diagnostic.with_note(
                        "a `loop` index is a run-time value; a `for` index is a compile-time constant",
                    );
                }
                self.diagnostics.push(diagnostic);
                Err(Failed)
            }
        }
    }

    /// A shape argument: `[nx, ny]` of constant non-negative integers, or one integer.
    pub(super) fn shape_argument(&mut self, expr: &'a ast::Expr) -> LResult<Vec<usize>> {
        let expr = ast::Expr::without_keyword(expr);
        match &expr.kind {
            ExprKind::Array(items) => self.shape_list(items, expr.span),
            _ => {
                let value = self.expr(expr)?;
                if let Some(buffer) = self.whole_buffer(&value) {
                    if let BufferInit::Constant(ConstData::F64(data)) =
                        &self.buffers.get(buffer).init
                    {
                        if value.shape.len() == 1 {
                            let data = data.clone();
                            let mut extents = Vec::new();
                            for c in data.iter() {
                                let c = *c;
                                if c < 0.0 || c != c.trunc() {
                                    return self.error(format!("a shape's extents must be non-negative integers, not {c}"), expr.span);
                                }
                                extents.push(c as usize);
                            }
                            return self.check_rank(extents, expr.span);
                        }
                    }
                }
                if !value.shape.is_empty() {
                    return self.error(
                        "a shape must be an array literal of constant integers, like [nx, ny]",
                        expr.span,
                    );
                }
                let extent = self.constant_int(&value, expr.span, "a shape")?;
                if extent < 0 {
                    return self.error(
                        format!("a shape's extents must be non-negative, not {extent}"),
                        expr.span,
                    );
                }
                Ok(vec![extent as usize])
            }
        }
    }

    pub(super) fn shape_list(&mut self, items: &'a [ast::Expr], span: Span) -> LResult<Vec<usize>> {
        let mut extents = Vec::new();
        for item in items {
            let value = self.expr(item)?;
            let extent = self.constant_int(&value, item.span, "an extent")?;
            if extent < 0 {
                return self.error(
                    format!("an extent must be non-negative, not {extent}"),
                    item.span,
                );
            }
            extents.push(extent as usize);
        }
        self.check_rank(extents, span)
    }

    pub(super) fn check_rank(&mut self, extents: Vec<usize>, span: Span) -> LResult<Vec<usize>> {
        if extents.len() > MAX_RANK {
            return self.error(
                format!(
                    "arrays have at most {MAX_RANK} dimensions, not {}",
                    extents.len()
                ),
                span,
            );
        }
        self.check_size(&extents, span)?;
        Ok(extents)
    }

    /// Every array, stored or not, is bounded by the memory limit as if it were stored:
    /// a kernel's work is then bounded too.
    pub(super) fn check_size(&mut self, shape: &[usize], span: Span) -> LResult<()> {
        let elements = shape.iter().try_fold(1usize, |acc, &e| acc.checked_mul(e));
        match elements {
            Some(count) if count <= self.limits.max_memory_bytes / 8 => Ok(()),
            _ => self.too_large(
                &format!("an array of shape {} would be too large", shape_text(shape)),
                shape.iter().map(|&e| e as f64).product::<f64>() * 8.0,
                span,
            ),
        }
    }

    pub(super) fn axis(&mut self, value: &Value, rank: usize, span: Span) -> LResult<usize> {
        let axis = self.constant_int(value, span, "an axis")?;
        let normalized = if axis < 0 { axis + rank as i64 } else { axis };
        if normalized < 0 || normalized >= rank as i64 {
            return self.error(
                format!("axis {axis} is out of range for an array of rank {rank}"),
                span,
            );
        }
        Ok(normalized as usize)
    }
}
