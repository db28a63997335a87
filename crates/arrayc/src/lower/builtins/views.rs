//! Builtins that view an array under new dimensions: `reshape`, `transpose`, `broadcast`.
//! A general reshape materialises its operand; the rest only remap indices.

use crate::ast::{self, ExprKind};
use crate::diagnostic::Span;
use crate::ir::{Expr, Index};
use crate::lower::value::{canonical, format_extents, shape_text, Value};
use crate::lower::{LResult, Lowerer};

impl<'a> Lowerer<'a> {
    /// `extent(a, axis)`: `a.shape[axis]` as a Python int, known at compile time (the
    /// Python front end's `.shape`, `len` and `.size`).
    pub(in crate::lower) fn extent(&mut self, args: &'a [ast::Expr]) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let axis_value = self.expr(ast::Expr::without_keyword(&args[1]))?;
        let axis = self.axis(&axis_value, value.shape.len(), args[1].span)?;
        Ok(Value::weak_int(value.shape[axis] as i64))
    }

    pub(in crate::lower) fn reshape_call(
        &mut self,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        let arg_span = |k: usize| args.get(k).map_or(span, |a| a.span);
        let value = self.expr(&args[0])?;
        let mut shape = match &ast::Expr::without_keyword(&args[1]).kind {
            ExprKind::Array(items) => {
                // One extent may be -1: it is inferred, as in NumPy.
                let mut extents = Vec::new();
                for item in items {
                    let v = self.expr(item)?;
                    extents.push(self.constant_int(&v, item.span, "an extent")?);
                }
                extents
            }
            _ => self
                .shape_argument(&args[1])?
                .into_iter()
                .map(|e| e as i64)
                .collect(),
        };
        let total: usize = value.shape.iter().product();
        let unknown: Vec<usize> = (0..shape.len()).filter(|&d| shape[d] == -1).collect();
        let known: i64 = shape.iter().filter(|&&e| e != -1).product();
        if unknown.len() > 1 || shape.iter().any(|&e| e < -1) {
            return self.error(
                "a reshape takes non-negative extents and at most one -1",
                arg_span(1),
            );
        }
        if let [d] = unknown.as_slice() {
            if known == 0 || total as i64 % known != 0 {
                return self.error(
                    format!(
                        "cannot reshape an array of shape {} with {}",
                        shape_text(&value.shape),
                        format_extents(&shape)
                    ),
                    span,
                );
            }
            shape[*d] = total as i64 / known;
        }
        let shape: Vec<usize> = shape.into_iter().map(|e| e as usize).collect();
        let shape = self.check_rank(shape, arg_span(1))?;
        if shape.iter().product::<usize>() != total {
            return self.error(
                format!(
                    "cannot reshape an array of shape {} ({total} elements) into shape {}",
                    shape_text(&value.shape),
                    shape_text(&shape)
                ),
                span,
            );
        }
        self.reshape(value, shape, span)
    }

    pub(in crate::lower) fn transpose(&mut self, args: &'a [ast::Expr]) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let rank = value.shape.len();
        let map: Vec<Index> = (0..rank).map(|d| Index::dim(rank - 1 - d)).collect();
        let shape: Vec<usize> = value.shape.iter().rev().cloned().collect();
        Ok(value.remap(shape, &map))
    }

    pub(in crate::lower) fn broadcast(
        &mut self,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let shape = self.shape_argument(&args[1])?;
        self.broadcast_to(value, &shape, span)
    }

    pub(in crate::lower) fn reshape(
        &mut self,
        value: Value,
        shape: Vec<usize>,
        span: Span,
    ) -> LResult<Value> {
        // Adding or removing axes of length 1 only renumbers dimensions.
        let old: Vec<usize> = (0..value.shape.len())
            .filter(|&d| value.shape[d] != 1)
            .collect();
        let new: Vec<usize> = (0..shape.len()).filter(|&d| shape[d] != 1).collect();
        let old_extents: Vec<usize> = old.iter().map(|&d| value.shape[d]).collect();
        let new_extents: Vec<usize> = new.iter().map(|&d| shape[d]).collect();
        if old_extents == new_extents {
            let mut map = vec![Index::constant(0); value.shape.len()];
            for (o, n) in old.iter().zip(&new) {
                map[*o] = Index::dim(*n);
            }
            return Ok(value.remap(shape, &map));
        }
        let stored = match self.whole_buffer(&value) {
            Some(_) => value,
            None => self.materialize(value, "reshape", span)?,
        };
        let Expr::Load { buffer, .. } = stored.expr else {
            return self.error("reshape of this value is not supported", span);
        };
        let offset = canonical(&shape);
        Ok(Value::of(shape, Expr::Load { buffer, offset }))
    }
}
