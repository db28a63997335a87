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
            "nan" => expr(ExprKind::Binary(
                BinaryOp::Div,
                Box::new(number(0.0)),
                Box::new(number(0.0)),
            )),
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
            "linspace" => {
                if call
                    .arguments
                    .keywords
                    .iter()
                    .any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() != "num"))
                {
                    return Err(self.refuse(
                        at,
                        "only `np.linspace(start, stop, num)` is supported",
                        "",
                    ));
                }
                let (mut args, _) = self.arguments(call)?;
                if args.len() == 2 {
                    args.push(int_literal(50, at));
                }
                let args = args
                    .into_iter()
                    .map(|a| Expr::without_keyword(&a).clone())
                    .collect();
                Ok(Value::New(call_expr("linspace", args), Some(1)))
            }
            "arange" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("arange", args), Some(1)))
            }
            "copy" | "array" => {
                let Some(first) = positional.first() else {
                    return Err(self.refuse(at, format!("`np.{name}` needs an argument"), ""));
                };
                let (expr, rank) = self.operand(first)?;
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
                if name == "array" && call.arguments.keywords.is_empty() && all_int_literals(first)
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
            "exp" | "log" | "sqrt" | "abs" | "absolute" | "sin" | "cos" | "tan" | "tanh"
            | "floor" | "ceil" | "sign" | "round" | "around" | "minimum" | "maximum" | "clip"
            | "where" | "roll" | "power" | "zeros_like" | "ones_like" | "full_like"
            | "empty_like" | "cumsum" | "diff" | "pad" | "gradient" => {
                let (args, ranks) = self.arguments(call)?;
                let callee = match name {
                    "absolute" => "abs",
                    "around" => "round",
                    "power" => "pow",
                    "empty_like" => "zeros_like",
                    "gradient" => "grad",
                    other => other,
                };
                let rank = match name {
                    "zeros_like" | "ones_like" | "full_like" | "empty_like" | "cumsum" | "diff"
                    | "pad" | "roll" => ranks.first().copied().flatten(),
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
                Ok(Value::New(call_expr(callee, args), rank))
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
            "triu" | "tril" => self.triangle(name, call),
            "dot" | "matmul" | "concatenate" | "stack" => {
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
