//! NumPy functions written with others of the language: ufunc names (`np.add`,
//! `np.less`, ...), `isnan`, `isfinite`, `outer`, `hstack`, `vstack`, `meshgrid`, `triu`,
//! `tril`. Each is the expression NumPy's definition gives, over arrays whose number of
//! dimensions the names' analysis knows; anything else is refused.

use super::span;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind, IndexArg, UnaryOp};
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// `a[:, None]` (`axis` 1) or `a[None, :]` (`axis` 0): a 1-D array as a column or a row.
fn with_new_axis(array: Expr, axis: usize, at: Span) -> Expr {
    let full = IndexArg::Slice {
        start: None,
        end: None,
        step: None,
        span: at,
    };
    let indices = if axis == 0 {
        vec![IndexArg::NewAxis(at), full]
    } else {
        vec![full, IndexArg::NewAxis(at)]
    };
    Expr {
        kind: ExprKind::Index {
            base: Box::new(array),
            indices,
        },
        span: at,
    }
}

fn extent(array: &Expr, axis: i64, at: Span) -> Expr {
    call_of("extent", vec![array.clone(), int_literal(axis, at)], at)
}

impl Translator<'_> {
    /// The positional arguments of a call without keywords, each with its rank.
    fn positional(
        &mut self,
        call: &py::ExprCall,
        name: &str,
        count: usize,
    ) -> Result<Vec<(Expr, Option<usize>)>> {
        let at = span(call);
        if call.arguments.args.len() != count || !call.arguments.keywords.is_empty() {
            return Err(self.refuse(
                at,
                format!("`np.{name}` takes {count} positional arguments here (no keywords)"),
                "",
            ));
        }
        let mut res = Vec::new();
        for arg in call.arguments.args.iter() {
            res.push(self.operand(arg)?);
        }
        Ok(res)
    }

    /// A ufunc called by name: the operator it is.
    pub(super) fn ufunc(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        if matches!(name, "negative" | "logical_not") {
            let mut args = self.positional(call, name, 1)?;
            let (operand, rank) = args.remove(0);
            let op = if name == "negative" {
                UnaryOp::Neg
            } else {
                UnaryOp::Not
            };
            return Ok(Value::New(
                Expr {
                    kind: ExprKind::Unary(op, Box::new(operand)),
                    span: at,
                },
                rank,
            ));
        }
        let op = match name {
            "add" => BinaryOp::Add,
            "subtract" => BinaryOp::Sub,
            "multiply" => BinaryOp::Mul,
            "divide" | "true_divide" => BinaryOp::Div,
            "floor_divide" => BinaryOp::FloorDiv,
            "mod" | "remainder" => BinaryOp::Rem,
            "less" => BinaryOp::Lt,
            "less_equal" => BinaryOp::Le,
            "greater" => BinaryOp::Gt,
            "greater_equal" => BinaryOp::Ge,
            "equal" => BinaryOp::Eq,
            "not_equal" => BinaryOp::Ne,
            "logical_and" => BinaryOp::And,
            "logical_or" => BinaryOp::Or,
            _ => return Err(self.refuse(at, format!("`numpy.{name}` is not supported yet"), "")),
        };
        let mut args = self.positional(call, name, 2)?;
        let (rhs, rhs_rank) = args.remove(1);
        let (lhs, lhs_rank) = args.remove(0);
        Ok(Value::New(
            binary(op, lhs, rhs, at),
            broadcast_rank(&[lhs_rank, rhs_rank]),
        ))
    }

    /// `np.isnan(x)` is `x != x`; `np.isfinite(x)` is `x - x == 0` (NaN for infinities and NaN).
    pub(super) fn float_class(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let mut args = self.positional(call, name, 1)?;
        let (x, rank) = args.remove(0);
        let expr = if name == "isnan" {
            binary(BinaryOp::Ne, x.clone(), x, at)
        } else {
            let difference = binary(BinaryOp::Sub, x.clone(), x, at);
            binary(BinaryOp::Eq, difference, int_literal(0, at), at)
        };
        Ok(Value::New(expr, rank))
    }

    /// `np.outer(a, b)` of 1-D arrays: `a[:, None] * b[None, :]`.
    pub(super) fn outer(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let mut args = self.positional(call, "outer", 2)?;
        let (b, b_rank) = args.remove(1);
        let (a, a_rank) = args.remove(0);
        if a_rank != Some(1) || b_rank != Some(1) {
            return Err(self.refuse(
                at,
                "`np.outer` is supported for two 1-D arrays",
                "flatten them first: `np.outer(a.reshape(-1), b.reshape(-1))`",
            ));
        }
        let product = binary(
            BinaryOp::Mul,
            with_new_axis(a, 1, at),
            with_new_axis(b, 0, at),
            at,
        );
        Ok(Value::New(product, Some(2)))
    }

    /// The arrays of a tuple or list display (`np.hstack((a, b))`), each with its rank.
    fn sequence(&mut self, expr: &py::Expr, name: &str) -> Result<Vec<(Expr, Option<usize>)>> {
        let elements = match expr {
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => elts,
            other => {
                return Err(self.refuse(
                    span(other),
                    format!("`np.{name}` takes a tuple or list of arrays written out here"),
                    format!("write `np.{name}((a, b))`"),
                ))
            }
        };
        let mut res = Vec::new();
        for element in elements {
            res.push(self.operand(element)?);
        }
        Ok(res)
    }

    /// `np.hstack` (1-D arrays: joined along axis 0; more: along axis 1) and `np.vstack`
    /// (1-D arrays: stacked as rows; more: joined along axis 0).
    pub(super) fn stack_along(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        if call.arguments.args.len() != 1 || !call.arguments.keywords.is_empty() {
            return Err(self.refuse(at, format!("`np.{name}` takes one tuple of arrays"), ""));
        }
        let arrays = self.sequence(&call.arguments.args[0], name)?;
        let rank = match arrays.first() {
            Some((_, Some(rank))) if arrays.iter().all(|(_, r)| *r == Some(*rank)) => *rank,
            _ => {
                return Err(self.refuse(
                    at,
                    format!(
                        "`np.{name}` is supported for arrays of one known number of dimensions"
                    ),
                    "use `np.concatenate([...], axis=...)`",
                ))
            }
        };
        let items: Vec<Expr> = arrays.into_iter().map(|(expr, _)| expr).collect();
        let list = Expr {
            kind: ExprKind::Array(items),
            span: at,
        };
        let (callee, axis, result_rank) = match (name, rank) {
            (_, 0) => {
                return Err(self.refuse(
                    at,
                    format!("`np.{name}` of scalars is not supported"),
                    "use `np.array([...])`",
                ))
            }
            ("hstack", 1) => ("concatenate", 0, 1),
            ("hstack", _) => ("concatenate", 1, rank),
            (_, 1) => ("stack", 0, 2),
            _ => ("concatenate", 0, rank),
        };
        Ok(Value::New(
            call_of(callee, vec![list, int_literal(axis, at)], at),
            Some(result_rank),
        ))
    }

    /// `X, Y = np.meshgrid(x, y)` of two 1-D arrays (`indexing='xy'`, NumPy's default, or
    /// `'ij'`): two new arrays, each its argument broadcast along the other's axis.
    pub(super) fn meshgrid(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let mut matrix = false;
        for keyword in call.arguments.keywords.iter() {
            let indexing = match (keyword.arg.as_ref().map(|a| a.as_str()), &keyword.value) {
                (Some("indexing"), py::Expr::StringLiteral(text)) => text.value.to_str(),
                _ => "",
            };
            match indexing {
                "xy" => matrix = false,
                "ij" => matrix = true,
                _ => {
                    return Err(self.refuse(
                        span(keyword),
                        "only `indexing='xy'` or `indexing='ij'` is supported here",
                        "",
                    ))
                }
            }
        }
        let args: Vec<&py::Expr> = call.arguments.args.iter().collect();
        if args.len() != 2 {
            return Err(self.refuse(at, "`np.meshgrid` is supported for two 1-D arrays", ""));
        }
        let (x, x_rank) = self.operand(args[0])?;
        let (y, y_rank) = self.operand(args[1])?;
        if x_rank != Some(1) || y_rank != Some(1) {
            return Err(self.refuse(at, "`np.meshgrid` is supported for two 1-D arrays", ""));
        }
        let shape = |first: &Expr, second: &Expr| Expr {
            kind: ExprKind::Array(vec![extent(first, 0, at), extent(second, 0, at)]),
            span: at,
        };
        let (grid_x, grid_y) = if matrix {
            let grid = shape(&x, &y);
            (
                call_of("broadcast", vec![with_new_axis(x, 1, at), grid.clone()], at),
                call_of("broadcast", vec![with_new_axis(y, 0, at), grid], at),
            )
        } else {
            let grid = shape(&y, &x);
            (
                call_of("broadcast", vec![with_new_axis(x, 0, at), grid.clone()], at),
                call_of("broadcast", vec![with_new_axis(y, 1, at), grid], at),
            )
        };
        Ok(Value::Tuple(vec![
            Value::New(grid_x, Some(2)),
            Value::New(grid_y, Some(2)),
        ]))
    }

    /// `np.triu(m, k)` keeps the elements with `j - i >= k`, `np.tril(m, k)` those with
    /// `j - i <= k`, of a 2-D `m`; the others are 0 in `m`'s dtype.
    pub(super) fn triangle(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let mut offset = int_literal(0, at);
        let positional = &call.arguments.args;
        if positional.is_empty() || positional.len() > 2 {
            return Err(self.refuse(
                at,
                format!("`np.{name}` takes a matrix and an offset `k`"),
                "",
            ));
        }
        if let Some(k) = positional.get(1) {
            let value = self.expr(k)?;
            offset = self.scalar(value)?;
        }
        for keyword in call.arguments.keywords.iter() {
            if keyword.arg.as_ref().map(|a| a.as_str()) != Some("k") {
                return Err(self.refuse(span(keyword), "only `k=` is supported here", ""));
            }
            let value = self.expr(&keyword.value)?;
            offset = self.scalar(value)?;
        }
        let (matrix, rank) = self.operand(&positional[0])?;
        if rank != Some(2) {
            return Err(self.refuse(at, format!("`np.{name}` is supported for a 2-D array"), ""));
        }
        let columns = call_of("arange", vec![extent(&matrix, 1, at)], at);
        let rows = call_of("arange", vec![extent(&matrix, 0, at)], at);
        let diagonal = binary(
            BinaryOp::Sub,
            with_new_axis(columns, 0, at),
            with_new_axis(rows, 1, at),
            at,
        );
        let op = if name == "triu" {
            BinaryOp::Ge
        } else {
            BinaryOp::Le
        };
        let keep = binary(op, diagonal, offset, at);
        Ok(Value::New(
            call_of("where", vec![keep, matrix, int_literal(0, at)], at),
            Some(2),
        ))
    }
}
