//! NumPy's comparisons and matrix helpers written with others of the language:
//! `np.linalg.norm` (NumPy's order: `sqrt(dot(x, x))` of the flattened array, or the
//! vector norms along an axis), `np.isclose`/`np.allclose` (NumPy's formula) and
//! `np.diag` of a vector. Forms outside these are refused with what to write.

use super::span;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind, IndexArg};
use crate::diagnostic::Span;
use ruff_python_ast as py;

fn number(value: f64, at: Span) -> Expr {
    Expr {
        kind: ExprKind::Number(value),
        span: at,
    }
}

/// `x / 1`: NumPy's conversion of an integer or bool array to float64 before a norm or
/// a closeness test (`x.astype(float)`, `result_type(y, 1.0)`); floats are unchanged.
fn as_inexact(x: Expr, at: Span) -> Expr {
    binary(BinaryOp::Div, x, int_literal(1, at), at)
}

/// A 1-D array as a row (`axis` 0: `v[None, :]`) or a column (`v[:, None]`).
fn with_new_axis(array: Expr, axis: usize, at: Span) -> Expr {
    let full = IndexArg::Slice {
        start: None,
        end: None,
        step: None,
        span: at,
    };
    let indices = match axis {
        0 => vec![IndexArg::NewAxis(at), full],
        _ => vec![full, IndexArg::NewAxis(at)],
    };
    Expr {
        kind: ExprKind::Index {
            base: Box::new(array),
            indices,
        },
        span: at,
    }
}

/// The integer a literal spells (`3`, `-1`), if it is one.
pub(super) fn int_literal_value(expr: &py::Expr) -> Option<i64> {
    match expr {
        py::Expr::NumberLiteral(number) => match &number.value {
            py::Number::Int(value) => value.as_i64(),
            _ => None,
        },
        py::Expr::UnaryOp(node) if matches!(node.op, py::UnaryOp::USub) => {
            int_literal_value(&node.operand).map(|v| -v)
        }
        _ => None,
    }
}

/// `ord=` of `np.linalg.norm`, as far as the forms here go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Order {
    Default,
    Two,
    One,
    Frobenius,
    Infinity,
    MinusInfinity,
}

impl Translator<'_> {
    /// A call's arguments bound to the parameter names of NumPy's signature (positional
    /// first, then keywords); an unknown or repeated keyword is refused.
    pub(super) fn bind_arguments<'c>(
        &mut self,
        call: &'c py::ExprCall,
        name: &str,
        params: &[&str],
    ) -> Result<Vec<Option<&'c py::Expr>>> {
        let at = span(call);
        let mut given: Vec<Option<&py::Expr>> = vec![None; params.len()];
        for (k, arg) in call.arguments.args.iter().enumerate() {
            if k >= params.len() || matches!(arg, py::Expr::Starred(_)) {
                return Err(self.refuse(
                    at,
                    format!("`{name}` takes at most {} arguments here", params.len()),
                    "",
                ));
            }
            given[k] = Some(arg);
        }
        for keyword in call.arguments.keywords.iter() {
            let key = keyword.arg.as_ref().map(|a| a.as_str()).unwrap_or("**");
            match params.iter().position(|p| *p == key) {
                Some(k) if given[k].is_none() => given[k] = Some(&keyword.value),
                _ => {
                    return Err(self.refuse(
                        span(keyword),
                        format!("`{key}=` is not supported in `{name}`"),
                        format!("its arguments here: {}", params.join(", ")),
                    ))
                }
            }
        }
        Ok(given)
    }

    /// `np.linalg.NAME(...)`.
    pub(super) fn linalg_call(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        match name {
            "norm" => self.norm(call),
            _ => Err(self.refuse(
                span(call),
                format!("`numpy.linalg.{name}` is not supported yet"),
                "",
            )),
        }
    }

    fn norm_order(&mut self, expr: Option<&py::Expr>) -> Result<Order> {
        let Some(expr) = expr else {
            return Ok(Order::Default);
        };
        let infinity = |this: &Self, expr: &py::Expr| this.is_numpy_attr(expr, "inf");
        let order = match expr {
            py::Expr::NoneLiteral(_) => Some(Order::Default),
            py::Expr::StringLiteral(text) if text.value.to_str() == "fro" => Some(Order::Frobenius),
            py::Expr::UnaryOp(node)
                if matches!(node.op, py::UnaryOp::USub) && infinity(self, &node.operand) =>
            {
                Some(Order::MinusInfinity)
            }
            other if infinity(self, other) => Some(Order::Infinity),
            other => match int_literal_value(other) {
                Some(1) => Some(Order::One),
                Some(2) => Some(Order::Two),
                _ => None,
            },
        };
        order.ok_or_else(|| {
            self.refuse(
                span(expr),
                "this `ord=` of `np.linalg.norm` is not supported",
                "supported: None, 2, 1, np.inf, -np.inf for vectors, None or 'fro' for matrices",
            )
        })
    }

    /// `np.linalg.norm(x, ord=None, axis=None)`: with neither, NumPy flattens `x` and
    /// computes `sqrt(dot(x, x))`; a vector norm along one axis is a reduction.
    fn norm(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let given = self.bind_arguments(call, "np.linalg.norm", &["x", "ord", "axis"])?;
        let Some(x) = given[0] else {
            return Err(self.refuse(at, "`np.linalg.norm` needs an array", ""));
        };
        let order = self.norm_order(given[1])?;
        let axis = match given[2] {
            None | Some(py::Expr::NoneLiteral(_)) => None,
            Some(expr) => match int_literal_value(expr) {
                Some(axis) => Some(axis),
                None => {
                    return Err(self.refuse(
                        span(expr),
                        "`axis=` of `np.linalg.norm` is supported as one integer here",
                        "",
                    ))
                }
            },
        };
        let (x, rank) = self.operand(x)?;
        let x = as_inexact(x, at);
        let refuse_matrix = |this: &mut Self| {
            Err(this.refuse(
                at,
                "matrix norms other than the Frobenius norm are not supported",
                "for the largest absolute column or row sum write `np.max(np.sum(np.abs(a), axis=0))` or `axis=1`",
            ))
        };
        let whole = axis.is_none()
            && match (rank, order) {
                (Some(1), Order::Default | Order::Two) => true,
                (Some(2), Order::Default | Order::Frobenius) => true,
                (Some(2), _) => return refuse_matrix(self),
                _ => false,
            };
        if whole {
            let flat = match rank {
                Some(2) => {
                    let size = binary(
                        BinaryOp::Mul,
                        call_of("extent", vec![x.clone(), int_literal(0, at)], at),
                        call_of("extent", vec![x.clone(), int_literal(1, at)], at),
                        at,
                    );
                    let shape = Expr {
                        kind: ExprKind::Array(vec![size]),
                        span: at,
                    };
                    call_of("reshape", vec![x, shape], at)
                }
                _ => x,
            };
            let squares = call_of("dot", vec![flat.clone(), flat], at);
            return Ok(Value::New(call_of("sqrt", vec![squares], at), Some(0)));
        }
        if rank != Some(1) && axis.is_none() {
            return Err(self.refuse(
                at,
                "`np.linalg.norm` is supported for a 1-D or 2-D array, or along one `axis=`",
                "",
            ));
        }
        if order == Order::Frobenius {
            return refuse_matrix(self);
        }
        let reduce = |callee: &str, operand: Expr| {
            let mut args = vec![operand];
            if let Some(axis) = axis {
                args.push(int_literal(axis, at));
            }
            call_of(callee, args, at)
        };
        let expr = match order {
            Order::Default | Order::Two => {
                let squares = binary(BinaryOp::Mul, x.clone(), x, at);
                call_of("sqrt", vec![reduce("sum", squares)], at)
            }
            Order::One => reduce("sum", call_of("abs", vec![x], at)),
            Order::Infinity => reduce("max", call_of("abs", vec![x], at)),
            Order::MinusInfinity => reduce("min", call_of("abs", vec![x], at)),
            Order::Frobenius => return refuse_matrix(self),
        };
        let rank = match axis {
            None => Some(0),
            Some(_) => rank.map(|r| r.saturating_sub(1)),
        };
        Ok(Value::New(expr, rank))
    }

    /// `np.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)` as NumPy computes it:
    /// `(|a - b| <= atol + rtol * |b|) & isfinite(b) | (a == b)`, with `b` made inexact;
    /// `np.allclose` is `all` of it.
    pub(super) fn isclose(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let given = self.bind_arguments(
            call,
            &format!("np.{name}"),
            &["a", "b", "rtol", "atol", "equal_nan"],
        )?;
        let (Some(a), Some(b)) = (given[0], given[1]) else {
            return Err(self.refuse(at, format!("`np.{name}` needs two arrays"), ""));
        };
        let (x, x_rank) = self.operand(a)?;
        let (y, y_rank) = self.operand(b)?;
        let y = as_inexact(y, at);
        let tolerance = |this: &mut Self, expr: Option<&py::Expr>, default: f64| match expr {
            None => Ok(number(default, at)),
            Some(expr) => this.operand(expr).map(|(expr, _)| expr),
        };
        let rtol = tolerance(self, given[2], 1e-05)?;
        let atol = tolerance(self, given[3], 1e-08)?;
        let equal_nan = match given[4] {
            None => false,
            Some(py::Expr::BooleanLiteral(literal)) => literal.value,
            Some(other) => {
                return Err(self.refuse(
                    span(other),
                    "`equal_nan=` is supported as `True` or `False` written out",
                    "",
                ))
            }
        };
        let abs = |e: Expr| call_of("abs", vec![e], at);
        let difference = abs(binary(BinaryOp::Sub, x.clone(), y.clone(), at));
        let bound = binary(
            BinaryOp::Add,
            atol,
            binary(BinaryOp::Mul, rtol, abs(y.clone()), at),
            at,
        );
        let within = binary(BinaryOp::Le, difference, bound, at);
        let finite = binary(
            BinaryOp::Eq,
            binary(BinaryOp::Sub, y.clone(), y.clone(), at),
            int_literal(0, at),
            at,
        );
        let equal = binary(BinaryOp::Eq, x.clone(), y.clone(), at);
        let mut close = binary(
            BinaryOp::Or,
            binary(BinaryOp::And, within, finite, at),
            equal,
            at,
        );
        if equal_nan {
            let both_nan = binary(
                BinaryOp::And,
                binary(BinaryOp::Ne, x.clone(), x, at),
                binary(BinaryOp::Ne, y.clone(), y, at),
                at,
            );
            close = binary(BinaryOp::Or, close, both_nan, at);
        }
        Ok(match name {
            "allclose" => Value::New(call_of("all", vec![close], at), Some(0)),
            _ => Value::New(close, broadcast_rank(&[x_rank, y_rank])),
        })
    }

    /// `np.diag(v, k=0)` of a 1-D `v`: a square matrix of side `len(v) + |k|` holding `v`
    /// on its `k`-th diagonal and zeros elsewhere; of a 2-D `v`, a copy of its `k`-th
    /// diagonal.
    pub(super) fn diag(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let given = self.bind_arguments(call, "np.diag", &["v", "k"])?;
        let Some(v) = given[0] else {
            return Err(self.refuse(at, "`np.diag` needs an array", ""));
        };
        let k = match given[1] {
            None => 0,
            Some(expr) => match int_literal_value(expr) {
                Some(k) => k,
                None => {
                    return Err(self.refuse(
                        span(expr),
                        "`np.diag`'s `k` is supported as an integer written out",
                        "",
                    ))
                }
            },
        };
        let (v, rank) = self.operand(v)?;
        if rank == Some(2) {
            return Ok(Value::New(diagonal_of(v, k, at), Some(1)));
        }
        if rank != Some(1) {
            return Err(self.refuse(
                at,
                "`np.diag` is supported for a 1-D array (the matrix it makes) or a 2-D one (its diagonal)",
                "",
            ));
        }
        let side = binary(
            BinaryOp::Add,
            call_of("extent", vec![v.clone(), int_literal(0, at)], at),
            int_literal(k.abs(), at),
            at,
        );
        let widths = Expr {
            kind: ExprKind::Array(vec![int_literal(0, at), int_literal(k.abs(), at)]),
            span: at,
        };
        let padded = call_of("pad", vec![v, widths], at);
        // Row i holds v[i] at column i + k (k >= 0); column j holds v[j] at row j - k.
        let values = with_new_axis(padded, if k >= 0 { 1 } else { 0 }, at);
        let rows = with_new_axis(call_of("arange", vec![side.clone()], at), 1, at);
        let columns = with_new_axis(call_of("arange", vec![side], at), 0, at);
        let offset = binary(BinaryOp::Sub, columns, rows, at);
        let on_diagonal = binary(BinaryOp::Eq, offset, int_literal(k, at), at);
        Ok(Value::New(
            call_of("where", vec![on_diagonal, values, int_literal(0, at)], at),
            Some(2),
        ))
    }

    /// Python's `round(x)`: half to even, an int; `round(x, n)` rounds decimally as
    /// Python does, which NumPy's formula does not reproduce, so it is refused.
    pub(super) fn python_round(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let given = self.bind_arguments(call, "round", &["number", "ndigits"])?;
        let Some(number) = given[0] else {
            return Err(self.refuse(at, "`round` needs a number", ""));
        };
        if let Some(ndigits) = given[1] {
            if !matches!(ndigits, py::Expr::NoneLiteral(_)) {
                return Err(self.refuse(
                    at,
                    "`round(x, n)` is not supported: Python rounds decimally, which differs from NumPy's scaling in the last digit",
                    "write `np.round(x, n)` if NumPy's rounding is what you want",
                ));
            }
        }
        let (x, rank) = self.operand(number)?;
        if rank != Some(0) {
            return Err(self.refuse(
                at,
                "`round` is supported for a number",
                "for an array write `np.round(a)`",
            ));
        }
        let rounded = call_of("round", vec![x], at);
        Ok(Value::New(call_of("int", vec![rounded], at), Some(0)))
    }
}

/// The `k`-th diagonal of the 2-D `m` (of shape `[n, c]`), as NumPy's `np.diag` gives it:
/// the square block whose main diagonal it is (`m[:c - k, k:k + n]` for `k >= 0`,
/// `m[-k:-k + c, :n + k]` below), of side `L`, flattened, every `L + 1`-th element. The
/// bounds are extents, so they are compile-time numbers; a diagonal outside the matrix is
/// empty, as in NumPy.
fn diagonal_of(m: Expr, k: i64, at: Span) -> Expr {
    let extent = |axis: i64| call_of("extent", vec![m.clone(), int_literal(axis, at)], at);
    let plus = |e: Expr, d: i64| binary(BinaryOp::Add, e, int_literal(d, at), at);
    // `max(0, e)`: a bound past the matrix's edge must not count from the end.
    let at_least_zero = |e: Expr| call_of("maximum", vec![int_literal(0, at), e], at);
    let range = |start: Expr, end: Expr| IndexArg::Slice {
        start: Some(start),
        end: Some(end),
        step: None,
        span: at,
    };
    let (rows, columns) = if k >= 0 {
        (
            range(int_literal(0, at), at_least_zero(plus(extent(1), -k))),
            range(int_literal(k, at), plus(extent(0), k)),
        )
    } else {
        (
            range(int_literal(-k, at), plus(extent(1), -k)),
            range(int_literal(0, at), at_least_zero(plus(extent(0), k))),
        )
    };
    let block = Expr {
        kind: ExprKind::Index {
            base: Box::new(m.clone()),
            indices: vec![rows, columns],
        },
        span: at,
    };
    let side = call_of("extent", vec![block.clone(), int_literal(0, at)], at);
    let size = binary(BinaryOp::Mul, side.clone(), side.clone(), at);
    let flat = call_of(
        "reshape",
        vec![
            block,
            Expr {
                kind: ExprKind::Array(vec![size.clone()]),
                span: at,
            },
        ],
        at,
    );
    Expr {
        kind: ExprKind::Index {
            base: Box::new(flat),
            indices: vec![IndexArg::Slice {
                start: Some(int_literal(0, at)),
                end: Some(size),
                step: Some(plus(side, 1)),
                span: at,
            }],
        },
        span: at,
    }
}
