//! What NumPy knows about an array's layout: `.shape` (a tuple of ints), `.ndim`, `.size`
//! and `len(a)`. The number of dimensions comes from the names' analysis; each extent is
//! `extent(a, axis)`, an int the compiler knows once it has the array's static shape.

use super::span;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    /// The number of dimensions of `value`, or a refusal saying why it is needed.
    fn known_rank(&mut self, value: &Value, what: &str, at: Span) -> Result<usize> {
        let rank = match value {
            Value::Alias(reference) => reference.rank,
            Value::New(_, rank) => *rank,
            Value::Tuple(_)
            | Value::Nothing
            | Value::Function(_)
            | Value::Text(_)
            | Value::Indices(_) => None,
        };
        rank.ok_or_else(|| {
            self.refuse(
                at,
                format!("the number of dimensions of this array is not known here, so `{what}` cannot be taken"),
                "bind the array to a name made with a shape (`np.zeros((ny, nx))`) and take it from there",
            )
        })
    }

    /// `extent(a, axis)` for each axis of `value`.
    fn extents(&mut self, value: Value, what: &str, at: Span) -> Result<Vec<Expr>> {
        let rank = self.known_rank(&value, what, at)?;
        let (array, _) = self.value_expr(value, at)?;
        Ok((0..rank)
            .map(|axis| Expr {
                kind: call_kind(
                    "extent",
                    vec![array.clone(), int_literal(axis as i64, at)],
                    at,
                ),
                span: at,
            })
            .collect())
    }

    /// `a.shape`: a tuple of ints.
    pub(super) fn shape_attribute(&mut self, base: Value, at: Span) -> Result<Value> {
        let extents = self.extents(base, ".shape", at)?;
        Ok(Value::Tuple(
            extents
                .into_iter()
                .map(|extent| Value::New(extent, Some(0)))
                .collect(),
        ))
    }

    /// `a.ndim`: an int.
    pub(super) fn ndim_attribute(&mut self, base: Value, at: Span) -> Result<Value> {
        let rank = self.known_rank(&base, ".ndim", at)?;
        Ok(Value::New(int_literal(rank as i64, at), Some(0)))
    }

    /// `a.size`: the product of the extents, an int.
    pub(super) fn size_attribute(&mut self, base: Value, at: Span) -> Result<Value> {
        let extents = self.extents(base, ".size", at)?;
        let product = extents
            .into_iter()
            .reduce(|lhs, rhs| Expr {
                kind: ExprKind::Binary(BinaryOp::Mul, Box::new(lhs), Box::new(rhs)),
                span: at,
            })
            .unwrap_or_else(|| int_literal(1, at));
        Ok(Value::New(product, Some(0)))
    }

    /// `len(a)`: the first extent of an array, the length of a tuple.
    pub(super) fn len_call(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let argument = self.single_argument(call, "len")?;
        let value = self.expr(argument)?;
        if let Value::Tuple(items) = &value {
            return Ok(Value::New(int_literal(items.len() as i64, at), Some(0)));
        }
        if self.known_rank(&value, "len", at)? == 0 {
            return Err(self.refuse(at, "`len` of a scalar", ""));
        }
        let mut extents = self.extents(value, "len", at)?;
        Ok(Value::New(extents.remove(0), Some(0)))
    }

    /// `t[k]` and `t[a:b]` of a tuple (`u.shape[0]`, `u.shape[1:]`), with literal indices.
    pub(super) fn tuple_subscript(
        &mut self,
        items: Vec<Value>,
        slice: &py::Expr,
        at: Span,
    ) -> Result<Value> {
        let length = items.len() as i64;
        let literal = |expr: &py::Expr| -> Option<i64> {
            match expr {
                py::Expr::NumberLiteral(number) => match &number.value {
                    py::Number::Int(value) => value.as_i64(),
                    _ => None,
                },
                py::Expr::UnaryOp(node) if matches!(node.op, py::UnaryOp::USub) => {
                    match node.operand.as_ref() {
                        py::Expr::NumberLiteral(number) => match &number.value {
                            py::Number::Int(value) => value.as_i64().map(|v| -v),
                            _ => None,
                        },
                        _ => None,
                    }
                }
                _ => None,
            }
        };
        let normalize = |k: i64| if k < 0 { k + length } else { k };
        match slice {
            py::Expr::Slice(node) if node.step.is_none() => {
                let bound = |part: &Option<Box<py::Expr>>, default: i64| match part {
                    None => Some(default),
                    Some(expr) => literal(expr).map(|k| normalize(k).clamp(0, length)),
                };
                if let (Some(start), Some(end)) =
                    (bound(&node.lower, 0), bound(&node.upper, length))
                {
                    let taken = items
                        .into_iter()
                        .skip(start as usize)
                        .take((end - start).max(0) as usize)
                        .collect();
                    return Ok(Value::Tuple(taken));
                }
            }
            other => {
                if let Some(k) = literal(other) {
                    let index = normalize(k);
                    if (0..length).contains(&index) {
                        return items.into_iter().nth(index as usize).ok_or(Failed);
                    }
                    return Err(self.refuse(
                        at,
                        format!("index {k} is out of range for a tuple of {length}"),
                        "",
                    ));
                }
            }
        }
        Err(self.refuse(
            at,
            "a tuple is indexed only with an integer or a slice written as literals",
            "write `u.shape[0]` or `u.shape[1:]`",
        ))
    }
}
