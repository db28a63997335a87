//! Stencil builtins: `grad` (central differences, one-sided at the edges, as NumPy) and
//! `roll` (a wrapped shift), both reads of a plain operand at neighbouring indices.

use crate::ast;
use crate::diagnostic::Span;
use crate::ir::{Binary, Expr, Index};
use crate::lower::dtype::{float_of, grad_result};
use crate::lower::value::{identity_map, shape_text, Value};
use crate::lower::{LResult, Lowerer};

impl<'a> Lowerer<'a> {
    pub(in crate::lower) fn grad(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let axis_value = self.expr(&args[1])?;
        let axis = self.axis(&axis_value, value.shape.len(), args[1].span)?;
        let spacing = match args.get(2) {
            Some(arg) => {
                let h = self.expr(arg)?;
                if !h.shape.is_empty() {
                    return self.error("the spacing of `grad` must be a scalar", arg.span);
                }
                h
            }
            None => Value::scalar(1.0),
        };
        let n = value.shape[axis] as i64;
        if n < 2 {
            return self.error(
                format!(
                    "`grad` needs at least 2 points along axis {axis}, but the array has shape {}",
                    shape_text(&value.shape)
                ),
                args[0].span,
            );
        }
        // NumPy's `gradient` computes in the array's float dtype (an int array in float64)
        // and gives that dtype whatever the spacing's.
        let Some(float) = grad_result(self.dtype(&value)) else {
            return self.unsupported("`grad` of bools (NumPy refuses subtracting them)", span);
        };
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "grad", span)?
        };
        let value = self.cast(value, float);
        // (a[r] - a[l]) / (h * (r - l)) with l, r the neighbours clamped to the array:
        // (a[i+1] - a[i-1]) / (2h) inside and one-sided differences at both edges, as NumPy.
        let rank = value.shape.len();
        let right = Index::Clamp(
            Box::new(Index::dim(axis).plus(Index::constant(1))),
            0,
            n - 1,
        );
        let left = Index::Clamp(
            Box::new(Index::dim(axis).plus(Index::constant(-1))),
            0,
            n - 1,
        );
        let mut right_map = identity_map(rank);
        right_map[axis] = right.clone();
        let mut left_map = identity_map(rank);
        left_map[axis] = left.clone();
        let shape = value.shape.clone();
        let forward = value.remap(shape.clone(), &right_map);
        let backward = value.remap(shape.clone(), &left_map);
        let difference = self.binary(Binary::Sub, forward, backward, span)?;
        // The distance in the difference's float dtype, as NumPy divides by a Python float.
        let float = float_of(self.kind(&difference)).dtype();
        let distance = Value::of(shape.clone(), Expr::IndexValue(right.plus(left.scale(-1))));
        let distance = self.cast(distance, float);
        let power_of_two = spacing.constant().is_some_and(|h| {
            let bits = h.to_bits();
            h.is_normal() && bits & ((1u64 << 52) - 1) == 0
        });
        let divisor = if spacing.constant() == Some(1.0) {
            distance
        } else {
            self.binary(Binary::Mul, spacing, distance, span)?
        };
        if power_of_two {
            // Dividing by a power of two equals multiplying by its exact reciprocal, which
            // does not depend on the innermost index and so leaves the inner loop.
            let reciprocal = self.binary(Binary::Div, Value::scalar(1.0), divisor, span)?;
            let result = self.binary(Binary::Mul, difference, reciprocal, span)?;
            return Ok(self.cast(result, float));
        }
        let result = self.binary(Binary::Div, difference, divisor, span)?;
        Ok(self.cast(result, float))
    }

    pub(in crate::lower) fn roll(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let arg_span = |k: usize| args.get(k).map_or(span, |a| a.span);
        let value = self.expr(&args[0])?;
        let shift_value = self.expr(&args[1])?;
        let shift = self.constant_int(&shift_value, arg_span(1), "a roll shift")?;
        let Some(axis_arg) = args.get(2) else {
            // No axis: NumPy rolls the flattened array and restores the shape.
            let shape = value.shape.clone();
            if shape.len() <= 1 {
                return self.roll_axis(value, shift, 0, span);
            }
            let total = shape.iter().product();
            let flat = self.reshape(value, vec![total], span)?;
            let rolled = self.roll_axis(flat, shift, 0, span)?;
            return self.reshape(rolled, shape, span);
        };
        let axis_value = self.expr(axis_arg)?;
        let axis = self.axis(&axis_value, value.shape.len(), arg_span(2))?;
        self.roll_axis(value, shift, axis, span)
    }

    /// `value` rolled by `shift` along `axis` (a scalar is its own roll).
    fn roll_axis(&mut self, value: Value, shift: i64, axis: usize, span: Span) -> LResult<Value> {
        if value.shape.is_empty() {
            return Ok(value);
        }
        let n = value.shape[axis] as i64;
        if n == 0 {
            return Ok(value);
        }
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "roll", span)?
        };
        let shift = shift.rem_euclid(n);
        let mut map = identity_map(value.shape.len());
        map[axis] = Index::Wrap(Box::new(Index::dim(axis).plus(Index::constant(-shift))), n);
        Ok(value.remap(value.shape.clone(), &map))
    }
}
