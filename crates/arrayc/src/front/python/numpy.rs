//! NumPy and `math` names: the functions, constants and their translation.

use super::names::ViewStep;
use super::span;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind, Ident};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    pub(super) fn numpy_constant(&mut self, name: &str, at: Span) -> Result<Value> {
        let expr = |kind| Ok(Value::New(Expr { kind, span: at }, Some(0)));
        let number = |value: f64| Expr {
            kind: ExprKind::Number(value),
            span: at,
        };
        match name {
            "pi" => expr(ExprKind::Name("pi".to_string())),
            "e" => expr(ExprKind::Name("e".to_string())),
            "inf" => expr(ExprKind::Binary(
                BinaryOp::Div,
                Box::new(number(1.0)),
                Box::new(number(0.0)),
            )),
            // `0 / 0` is the CPU's default NaN, whose sign bit is set; NumPy's `nan` is
            // the positive one (`copysign(1, nan)` is 1), so the sign is cleared.
            "nan" => expr(call_kind(
                "abs",
                vec![Expr {
                    kind: ExprKind::Binary(
                        BinaryOp::Div,
                        Box::new(number(0.0)),
                        Box::new(number(0.0)),
                    ),
                    span: at,
                }],
                at,
            )),
            // NumPy's bool scalars are what `True` and `False` are in the language.
            "True_" => expr(ExprKind::Bool(true)),
            "False_" => expr(ExprKind::Bool(false)),
            _ => Err(self.refuse(at, format!("`numpy.{name}` is not supported here"), "")),
        }
    }

    pub(super) fn math_constant(&mut self, name: &str, at: Span) -> Result<Value> {
        match name {
            "pi" | "e" | "inf" | "nan" => self.numpy_constant(name, at),
            _ => Err(self.refuse(at, format!("`math.{name}` is not supported here"), "")),
        }
    }

    pub(super) fn numpy_call(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let positional = &call.arguments.args;
        let call_expr = |callee: &str, args: Vec<Expr>| Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        match name {
            "zeros" | "ones" | "empty" | "full" => {
                let Some(first) = positional.first() else {
                    return Err(self.refuse(at, format!("`np.{name}` needs a shape"), ""));
                };
                let (shape, rank) = self.shape(first)?;
                let mut args = vec![shape];
                for arg in positional.iter().skip(1) {
                    args.push(self.operand(arg)?.0);
                }
                for keyword in call.arguments.keywords.iter() {
                    let Some(key) = &keyword.arg else {
                        return Err(self.refuse(at, "`**kwargs` is not supported", ""));
                    };
                    let value = match key.as_str() {
                        "dtype" => self.dtype(&keyword.value)?,
                        "fill_value" => self.operand(&keyword.value)?.0,
                        other => {
                            return Err(self.refuse(
                                span(keyword),
                                format!("`{other}=` is not supported here"),
                                "",
                            ))
                        }
                    };
                    args.push(Expr {
                        kind: ExprKind::Keyword {
                            name: Ident {
                                name: key.as_str().to_string(),
                                span: span(key),
                            },
                            value: Box::new(value),
                        },
                        span: span(keyword),
                    });
                }
                let callee = if name == "empty" { "zeros" } else { name };
                Ok(Value::New(call_expr(callee, args), Some(rank)))
            }
            "linspace" => self.linspace(call),
            "arange" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("arange", args), Some(1)))
            }
            "copy" | "array" => {
                let Some(first) = positional.first() else {
                    return Err(self.refuse(at, format!("`np.{name}` needs an argument"), ""));
                };
                let (expr, rank, integers) = match self.comprehension_array(first) {
                    Some(items) => items?,
                    None => {
                        let (expr, rank) = self.operand(first)?;
                        (expr, rank, false)
                    }
                };
                let mut args = vec![expr];
                for keyword in call.arguments.keywords.iter() {
                    match keyword.arg.as_ref().map(|a| a.as_str()) {
                        Some("dtype") => {
                            let dtype = self.dtype(&keyword.value)?;
                            args = vec![call_expr("astype", vec![args.remove(0), dtype])];
                        }
                        _ => {
                            return Err(self.refuse(
                                span(keyword),
                                "this keyword is not supported here",
                                "",
                            ))
                        }
                    }
                }
                if positional.len() > 1 {
                    return Err(self.refuse(
                        at,
                        format!("`np.{name}` takes one positional argument here"),
                        "",
                    ));
                }
                let mut expr = args.remove(0);
                // `[1, 2, 3]` is an int64 array in NumPy (a list literal here is float64).
                if name == "array"
                    && call.arguments.keywords.is_empty()
                    && (integers || all_int_literals(first))
                {
                    let i64_name = Expr {
                        kind: ExprKind::Name("i64".to_string()),
                        span: at,
                    };
                    expr = call_expr("astype", vec![expr, i64_name]);
                }
                Ok(Value::New(call_expr("copy", vec![expr]), rank))
            }
            "asarray" => {
                let argument = self.single_argument_ref(call)?;
                let value = self.expr(argument)?;
                Ok(value)
            }
            "transpose" => {
                let argument = self.single_argument_ref(call)?;
                match self.expr(argument)? {
                    Value::Alias(mut reference) => {
                        reference.view.push(ViewStep::Transpose);
                        Ok(Value::Alias(reference))
                    }
                    other => {
                        let (expr, rank) = self.value_expr(other, at)?;
                        Ok(Value::New(call_expr("transpose", vec![expr]), rank))
                    }
                }
            }
            "reshape" => {
                if positional.len() != 2 || !call.arguments.keywords.is_empty() {
                    return Err(self.refuse(
                        at,
                        "`np.reshape(a, shape)` takes two arguments here",
                        "",
                    ));
                }
                let base = self.expr(&positional[0])?;
                let (shape, rank) = self.shape(&positional[1])?;
                self.reshape(base, shape, rank, at)
            }
            "round" | "around" => self.round_call(name, call),
            // A NumPy scalar of that dtype: `np.float32(1.25)`.
            "float64" | "float32" | "int64" | "bool_" | "double" | "single" => {
                let argument = self.single_argument_ref(call)?;
                let (value, rank) = self.operand(argument)?;
                let dtype = self.dtype(call.func.as_ref())?;
                Ok(Value::New(call_expr("astype", vec![value, dtype]), rank))
            }
            "pad" => self.pad_call(call),
            "diag" => self.diag(call),
            "allclose" | "isclose" => self.isclose(name, call),
            "where" | "nonzero"
                if call.arguments.args.len() == 1 && call.arguments.keywords.is_empty() =>
            {
                self.nonzero(name, call)
            }
            "unique" => Err(self.refuse(
                at,
                "`np.unique` is not supported: the length of its result depends on the values",
                "compute what the distinct values are used for with masks and reductions (`np.any(a == v)`, `np.sum(a == v)`)",
            )),
            "exp" | "log" | "sqrt" | "abs" | "absolute" | "sin" | "cos" | "tan" | "tanh"
            | "floor" | "ceil" | "sign" | "minimum" | "maximum" | "clip"
            | "where" | "roll" | "power" | "zeros_like" | "ones_like" | "full_like"
            | "empty_like" | "cumsum" | "diff" | "gradient" | "arctan2" | "hypot" | "copysign"
            | "fmod" | "logaddexp" => {
                let (args, ranks) = self.arguments(call)?;
                let callee = match name {
                    "absolute" => "abs",
                    "power" => "pow",
                    "empty_like" => "zeros_like",
                    "gradient" => "grad",
                    other => other,
                };
                let rank = match name {
                    "zeros_like" | "ones_like" | "full_like" | "empty_like" | "cumsum" | "diff"
                    | "roll" => ranks.first().copied().flatten(),
                    _ => broadcast_rank(&ranks),
                };
                let rank = if name == "cumsum"
                    && !args
                        .iter()
                        .any(|a| matches!(a.kind, ExprKind::Keyword { .. }))
                    && args.len() == 1
                {
                    Some(1)
                } else {
                    rank
                };
                let value = call_expr(callee, args);
                // NumPy's `abs`, `minimum` and `maximum` of Python scalars are NumPy scalars;
                // Python's own `abs`, `min` and `max` (the same builtins) keep Python types.
                // `where(True, x, False)` is `x` as a NumPy scalar: a NumPy bool changes the
                // dtype of nothing it promotes with.
                let value = match (callee, rank) {
                    ("abs" | "minimum" | "maximum", Some(0)) => {
                        let truth = |holds| Expr {
                            kind: ExprKind::Bool(holds),
                            span: at,
                        };
                        call_expr("where", vec![truth(true), value, truth(false)])
                    }
                    _ => value,
                };
                Ok(Value::New(value, rank))
            }
            "sum" | "mean" | "min" | "max" | "amin" | "amax" | "prod" | "std" | "var" | "any"
            | "all" | "argmin" | "argmax" => {
                let (args, ranks) = self.arguments(call)?;
                let callee = match name {
                    "amin" => "min",
                    "amax" => "max",
                    other => other,
                };
                let has_axis = args.len() > 1;
                let rank = if has_axis {
                    ranks
                        .first()
                        .copied()
                        .flatten()
                        .map(|r| r.saturating_sub(1))
                } else {
                    Some(0)
                };
                Ok(Value::New(call_expr(callee, args), rank))
            }
            "add" | "subtract" | "multiply" | "divide" | "true_divide" | "floor_divide" | "mod"
            | "remainder" | "less" | "less_equal" | "greater" | "greater_equal" | "equal"
            | "not_equal" | "logical_and" | "logical_or" | "logical_not" | "negative" => {
                self.ufunc(name, call)
            }
            "isnan" | "isfinite" => self.float_class(name, call),
            "outer" => self.outer(call),
            "hstack" | "vstack" => self.stack_along(name, call),
            "meshgrid" => self.meshgrid(call),
            "eye" | "identity" => self.eye(name, call),
            "indices" => self.indices_call(call),
            "triu" | "tril" => self.triangle(name, call),
            "dot" | "matmul" => {
                let (args, ranks) = self.arguments(call)?;
                let rank = match ranks.as_slice() {
                    [a, b] => product_rank(*a, *b),
                    _ => None,
                };
                Ok(Value::New(call_expr(name, args), rank))
            }
            "concatenate" | "stack" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr(name, args), None))
            }
            "save" => Err(self.refuse(
                at,
                "`np.save` is a statement of its own",
                "write `np.save(\"y.npy\", y)` on its own line",
            )),
            "load" => self.load(call),
            _ => Err(self.refuse(at, format!("`numpy.{name}` is not supported yet"), "")),
        }
    }

    /// `np.linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None)`: the
    /// float64 points, then `dtype`'s (floored first for an integer dtype, as NumPy does);
    /// with `retstep=True` the points and the step `(stop - start) / div`.
    fn linspace(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let given = self.bind_arguments(
            call,
            "np.linspace",
            &[
                "start", "stop", "num", "endpoint", "retstep", "dtype", "axis",
            ],
        )?;
        let (Some(start), Some(stop)) = (given[0], given[1]) else {
            return Err(self.refuse(at, "`np.linspace` needs a start and a stop", ""));
        };
        if let Some(axis) = given[6] {
            if super::linalg::int_literal_value(axis) != Some(0) {
                return Err(self.refuse(span(axis), "only `axis=0` is supported here", ""));
            }
        }
        let retstep = match given[4] {
            None => false,
            Some(py::Expr::BooleanLiteral(literal)) => literal.value,
            Some(other) => {
                return Err(self.refuse(
                    span(other),
                    "`retstep=` is supported as `True` or `False` written out",
                    "",
                ))
            }
        };
        let (start, _) = self.operand(start)?;
        let (stop, _) = self.operand(stop)?;
        let num = match given[2] {
            Some(num) => self.operand(num)?.0,
            None => int_literal(50, at),
        };
        let mut args = vec![start.clone(), stop.clone(), num.clone()];
        let endpoint = match given[3] {
            Some(endpoint) => {
                let (endpoint, _) = self.operand(endpoint)?;
                args.push(endpoint.clone());
                Some(endpoint)
            }
            None => None,
        };
        let call_expr = |callee: &str, args: Vec<Expr>| Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        let mut points = call_expr("linspace", args);
        if let Some(dtype) = given[5] {
            let dtype = self.dtype(dtype)?;
            if matches!(&dtype.kind, ExprKind::Name(name) if name == "i64") {
                points = call_expr("floor", vec![points]);
            }
            points = call_expr("astype", vec![points, dtype]);
        }
        let points = Value::New(points, Some(1));
        if !retstep {
            return Ok(points);
        }
        // `div` is `num - 1` with the endpoint, `num` without: `num - endpoint`.
        let div = match endpoint {
            None => Expr {
                kind: ExprKind::Binary(BinaryOp::Sub, Box::new(num), Box::new(int_literal(1, at))),
                span: at,
            },
            Some(endpoint) => Expr {
                kind: ExprKind::Binary(
                    BinaryOp::Sub,
                    Box::new(num),
                    Box::new(call_expr("int", vec![endpoint])),
                ),
                span: at,
            },
        };
        let delta = Expr {
            kind: ExprKind::Binary(BinaryOp::Sub, Box::new(stop), Box::new(start)),
            span: at,
        };
        let step = Expr {
            kind: ExprKind::Binary(
                BinaryOp::Div,
                Box::new(call_expr("f64", vec![delta])),
                Box::new(div),
            ),
            span: at,
        };
        Ok(Value::Tuple(vec![points, Value::New(step, Some(0))]))
    }

    /// `np.round(a, decimals=0)` (and `np.around`): half to even, to `decimals` places by
    /// NumPy's scaling.
    fn round_call(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let given = self.bind_arguments(call, &format!("np.{name}"), &["a", "decimals"])?;
        let Some(a) = given[0] else {
            return Err(self.refuse(at, format!("`np.{name}` needs an array"), ""));
        };
        let (a, rank) = self.operand(a)?;
        let mut args = vec![a];
        if let Some(decimals) = given[1] {
            args.push(self.operand(decimals)?.0);
        }
        Ok(Value::New(
            Expr {
                kind: call_kind("round", args, at),
                span: at,
            },
            rank,
        ))
    }

    /// `np.pad(array, pad_width, mode='constant')` with mode "constant", "edge" or "wrap".
    fn pad_call(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let given = self.bind_arguments(call, "np.pad", &["array", "pad_width", "mode"])?;
        let (Some(array), Some(width)) = (given[0], given[1]) else {
            return Err(self.refuse(at, "`np.pad` needs an array and a width", ""));
        };
        let (array, rank) = self.operand(array)?;
        let (width, _) = self.operand(width)?;
        let mut args = vec![array, width];
        if let Some(mode) = given[2] {
            let py::Expr::StringLiteral(text) = mode else {
                return Err(self.refuse(
                    span(mode),
                    "`mode=` is supported as a string written out",
                    "",
                ));
            };
            args.push(Expr {
                kind: ExprKind::Str(text.value.to_str().to_string()),
                span: span(mode),
            });
        }
        Ok(Value::New(
            Expr {
                kind: call_kind("pad", args, at),
                span: at,
            },
            rank,
        ))
    }

    pub(super) fn reshape(
        &mut self,
        base: Value,
        shape: Expr,
        rank: usize,
        at: Span,
    ) -> Result<Value> {
        match base {
            Value::Alias(mut reference) if reference.is_whole() => {
                reference.view.push(ViewStep::Reshape(shape));
                reference.rank = Some(rank);
                Ok(Value::Alias(reference))
            }
            // NumPy copies or not depending on the slice's layout: refused rather than guessed.
            Value::Alias(_) => Err(self.refuse(
                at,
                "`.reshape` of a slice is not supported yet (NumPy may or may not copy)",
                "reshape the whole array, or `.copy()` the slice first",
            )),
            other => {
                let (expr, _) = self.value_expr(other, at)?;
                Ok(Value::New(
                    Expr {
                        kind: call_kind("reshape", vec![expr, shape], at),
                        span: at,
                    },
                    Some(rank),
                ))
            }
        }
    }

    pub(super) fn math_call(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let (args, _) = self.arguments(call)?;
        let call_expr = |callee: &str, args: Vec<Expr>| Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        let expr = match name {
            "sqrt" | "exp" | "log" | "sin" | "cos" | "tan" | "tanh" => call_expr(name, args),
            "fabs" => call_expr("abs", args),
            "gamma" | "lgamma" | "erf" | "erfc" | "factorial" => {
                return Err(self.refuse(
                    at,
                    format!("`math.{name}` is not supported yet"),
                    "compute the constant in Python and write its value, or pass it with `--set`",
                ))
            }
            "atan2" => call_expr("arctan2", args),
            "copysign" | "fmod" => call_expr(name, args),
            // CPython's own algorithm, not the C library's that `np.hypot` calls: they
            // differ in the last bit for about one pair in 200.
            "hypot" => {
                return Err(self.refuse(
                    at,
                    "`math.hypot` is not supported: Python rounds it differently from NumPy's",
                    "write `np.hypot(a, b)` (the C library's `hypot`, as NumPy computes it)",
                ))
            }
            "pow" => call_expr("pow", args),
            // Python's `math.floor` and `math.ceil` return ints.
            "floor" | "ceil" => call_expr("int", vec![call_expr(name, args)]),
            _ => return Err(self.refuse(at, format!("`math.{name}` is not supported yet"), "")),
        };
        Ok(Value::New(expr, Some(0)))
    }
}

/// Whether a list display holds only integer literals (nested lists too).
pub(super) fn all_int_literals(expr: &py::Expr) -> bool {
    match expr {
        py::Expr::List(py::ExprList { elts, .. }) | py::Expr::Tuple(py::ExprTuple { elts, .. }) => {
            !elts.is_empty() && elts.iter().all(all_int_literals)
        }
        py::Expr::NumberLiteral(number) => matches!(number.value, py::Number::Int(_)),
        py::Expr::UnaryOp(node) => {
            matches!(node.op, py::UnaryOp::USub) && all_int_literals(&node.operand)
        }
        _ => false,
    }
}

/// The number of dimensions of `dot(a, b)` or `a @ b` of arrays of at most two: a matrix
/// with a matrix is a matrix, with a vector a vector; two vectors give a scalar.
pub(super) fn product_rank(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a?, b?) {
        (0, other) | (other, 0) => Some(other),
        (1, 1) => Some(0),
        (2, 1) | (1, 2) => Some(1),
        (2, 2) => Some(2),
        _ => None,
    }
}
