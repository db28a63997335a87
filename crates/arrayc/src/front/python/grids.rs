//! NumPy's index grids and matrices built from them: `np.mgrid[...]`, `np.indices`,
//! `np.eye`, `np.identity`. Each is written with `arange`, new axes and `broadcast`, as
//! NumPy's definition computes it; what has no static shape here is refused.

use super::span;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind, IndexArg};
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// A 1-D array placed along `axis` of `rank` dimensions (`a[None, :, None]`).
fn along_axis(array: Expr, axis: usize, rank: usize, at: Span) -> Expr {
    let indices = (0..rank)
        .map(|k| match k == axis {
            true => IndexArg::Slice {
                start: None,
                end: None,
                step: None,
                span: at,
            },
            false => IndexArg::NewAxis(at),
        })
        .collect();
    Expr {
        kind: ExprKind::Index {
            base: Box::new(array),
            indices,
        },
        span: at,
    }
}

/// One array per axis, each its 1-D `ranges[k]` broadcast over the grid of all their
/// lengths (the arrays of `np.indices` and `np.mgrid`).
fn dense_grid(ranges: Vec<Expr>, at: Span) -> Vec<Expr> {
    let rank = ranges.len();
    let grid = Expr {
        kind: ExprKind::Array(
            ranges
                .iter()
                .map(|range| call_of("extent", vec![range.clone(), int_literal(0, at)], at))
                .collect(),
        ),
        span: at,
    };
    ranges
        .into_iter()
        .enumerate()
        .map(|(axis, range)| {
            call_of(
                "broadcast",
                vec![along_axis(range, axis, rank, at), grid.clone()],
                at,
            )
        })
        .collect()
}

impl Translator<'_> {
    /// Whether `expr` is `np.NAME` (or `NAME` imported from NumPy).
    pub(super) fn is_numpy_attr(&self, expr: &py::Expr, name: &str) -> bool {
        match expr {
            py::Expr::Attribute(attribute) => {
                attribute.attr.as_str() == name
                    && self.module_of(&attribute.value) == Some(Module::Numpy)
            }
            py::Expr::Name(id) => matches!(
                self.lookup(id.id.as_str()),
                Some(Binding::Imported(Module::Numpy, imported)) if imported == name
            ),
            _ => false,
        }
    }

    /// `np.mgrid[a:b, c:d, ...]`: for each slice, NumPy's `arange(n) * step + start` with
    /// `n = ceil((stop - start) / step)`, broadcast over the grid; one slice gives one
    /// array, several a tuple of arrays (unpack it: `yy, xx = np.mgrid[0:h, 0:w]`).
    pub(super) fn mgrid(&mut self, subscript: &py::ExprSubscript) -> Result<Value> {
        let at = span(subscript);
        let items: Vec<&py::Expr> = match subscript.slice.as_ref() {
            py::Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        let mut ranges = Vec::new();
        for item in items {
            let py::Expr::Slice(slice) = item else {
                return Err(self.refuse(
                    span(item),
                    "`np.mgrid` takes slices here (`np.mgrid[0:h, 0:w]`)",
                    "",
                ));
            };
            let part = |this: &mut Self, part: &Option<Box<py::Expr>>| -> Result<Option<Expr>> {
                match part {
                    None => Ok(None),
                    Some(expr) if matches!(expr.as_ref(), py::Expr::NumberLiteral(number) if matches!(number.value, py::Number::Complex { .. })) => {
                        Err(this.refuse(
                            span(expr.as_ref()),
                            "a complex step (a number of points) in `np.mgrid` is not supported",
                            "write the points with `np.linspace` and `np.meshgrid(..., indexing='ij')`",
                        ))
                    }
                    Some(expr) => {
                        let value = this.expr(expr)?;
                        this.scalar(value).map(Some)
                    }
                }
            };
            let start = part(self, &slice.lower)?;
            let Some(stop) = part(self, &slice.upper)? else {
                return Err(self.refuse(span(item), "`np.mgrid` needs the end of each slice", ""));
            };
            let step = part(self, &slice.step)?;
            let start_or_zero = start.clone().unwrap_or_else(|| int_literal(0, at));
            let length = binary(BinaryOp::Sub, stop, start_or_zero.clone(), at);
            // NumPy's `arange(n) * step + start`: with no step, `* 1` changes nothing.
            let range = match step {
                None => call_of("arange", vec![length], at),
                Some(step) => {
                    let count = binary(BinaryOp::Div, length, step.clone(), at);
                    let count = call_of("int", vec![call_of("ceil", vec![count], at)], at);
                    binary(BinaryOp::Mul, call_of("arange", vec![count], at), step, at)
                }
            };
            let range = match start {
                Some(start) => binary(BinaryOp::Add, range, start, at),
                None => range,
            };
            ranges.push(range);
        }
        if ranges.len() == 1 {
            return Ok(Value::New(ranges.remove(0), Some(1)));
        }
        let rank = ranges.len();
        Ok(Value::Tuple(
            dense_grid(ranges, at)
                .into_iter()
                .map(|grid| Value::New(grid, Some(rank)))
                .collect(),
        ))
    }

    /// `np.eye(n)`, `np.eye(n, m, k)` and `np.identity(n)`: ones where `j - i == k`, float64
    /// unless `dtype=` says otherwise.
    pub(super) fn eye(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let params: &[&str] = match name {
            "identity" => &["n", "dtype"],
            _ => &["N", "M", "k", "dtype"],
        };
        let mut given: Vec<Option<&py::Expr>> = vec![None; params.len()];
        for (k, arg) in call.arguments.args.iter().enumerate() {
            if k >= params.len() {
                return Err(self.refuse(at, format!("too many arguments to `np.{name}`"), ""));
            }
            given[k] = Some(arg);
        }
        for keyword in call.arguments.keywords.iter() {
            let key = keyword.arg.as_ref().map(|a| a.as_str()).unwrap_or("");
            match params.iter().position(|p| *p == key) {
                Some(k) if given[k].is_none() => given[k] = Some(&keyword.value),
                _ => {
                    return Err(self.refuse(
                        span(keyword),
                        format!("`{key}=` is not supported in `np.{name}`"),
                        "",
                    ))
                }
            }
        }
        let scalar_of = |this: &mut Self, expr: Option<&py::Expr>| -> Result<Option<Expr>> {
            match expr {
                None | Some(py::Expr::NoneLiteral(_)) => Ok(None),
                Some(expr) => {
                    let value = this.expr(expr)?;
                    this.scalar(value).map(Some)
                }
            }
        };
        let Some(rows) = scalar_of(self, given[0])? else {
            return Err(self.refuse(at, format!("`np.{name}` needs a size"), ""));
        };
        let (columns, offset, dtype) = match name {
            "identity" => (None, None, given[1]),
            _ => (
                scalar_of(self, given[1])?,
                scalar_of(self, given[2])?,
                given[3],
            ),
        };
        let columns = columns.unwrap_or_else(|| rows.clone());
        let dtype = match dtype {
            Some(dtype) => self.dtype(dtype)?,
            None => Expr {
                kind: ExprKind::Name("f64".to_string()),
                span: at,
            },
        };
        let row_index = along_axis(call_of("arange", vec![rows], at), 0, 2, at);
        let column_index = along_axis(call_of("arange", vec![columns], at), 1, 2, at);
        let diagonal = binary(BinaryOp::Sub, column_index, row_index, at);
        let offset = offset.unwrap_or_else(|| int_literal(0, at));
        let on_diagonal = binary(BinaryOp::Eq, diagonal, offset, at);
        Ok(Value::New(
            call_of("astype", vec![on_diagonal, dtype], at),
            Some(2),
        ))
    }

    /// `np.indices((n0, n1, ...))`: as `np.mgrid[0:n0, 0:n1, ...]` (int64), one array per
    /// axis as a tuple (unpack it: `i, j = np.indices((n, m))`).
    pub(super) fn indices_call(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        if call.arguments.args.len() != 1 || !call.arguments.keywords.is_empty() {
            return Err(self.refuse(
                at,
                "`np.indices` takes one shape here (no `dtype=` or `sparse=`)",
                "",
            ));
        }
        let (shape, rank) = self.shape(&call.arguments.args[0])?;
        let ExprKind::Array(sizes) = shape.kind else {
            return Err(Failed);
        };
        if rank < 2 {
            return Err(self.refuse(
                at,
                "`np.indices` of one axis (a [1, n] array) is not supported",
                "write `np.arange(n)`",
            ));
        }
        let ranges = sizes
            .into_iter()
            .map(|size| call_of("arange", vec![size], at))
            .collect();
        Ok(Value::Tuple(
            dense_grid(ranges, at)
                .into_iter()
                .map(|grid| Value::New(grid, Some(rank)))
                .collect(),
        ))
    }
}
