//! Calls: the one dispatch point for every call (NumPy, `math`, Python builtins, array
//! methods, user functions), argument lists, dtypes and shapes.

use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, Ident};
use ruff_python_ast as py;

impl Translator<'_> {
    pub(super) fn call(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        match call.func.as_ref() {
            py::Expr::Name(name) => {
                let id = name.id.as_str();
                match self.lookup(id).cloned() {
                    Some(Binding::Function(def)) => self.inline(&def, call),
                    Some(Binding::Imported(Module::Numpy, imported)) => {
                        self.numpy_call(&imported, call)
                    }
                    Some(Binding::Imported(Module::Math, imported)) => {
                        self.math_call(&imported, call)
                    }
                    Some(_) => Err(self.refuse(at, format!("`{id}` cannot be called"), "")),
                    None => self.python_builtin(id, call),
                }
            }
            py::Expr::Attribute(attribute) => {
                let attr = attribute.attr.as_str();
                match self.module_of(&attribute.value) {
                    Some(Module::Numpy) => self.numpy_call(attr, call),
                    Some(Module::Math) => self.math_call(attr, call),
                    Some(Module::Arrayc) => Err(self.refuse(
                        at,
                        format!("`arrayc.{attr}` is not supported here"),
                        "`arrayc.unroll(range(n))` is written as a `for` loop's iterable",
                    )),
                    Some(Module::Plot) => Err(self.refuse(
                        at,
                        "matplotlib is skipped only in statements that draw",
                        "",
                    )),
                    None => {
                        if let py::Expr::Attribute(inner) = attribute.value.as_ref() {
                            if self.module_of(&inner.value) == Some(Module::Numpy) {
                                if inner.attr.as_str() == "random" {
                                    return self.numpy_random_call(attr, call);
                                }
                                return Err(self.refuse(
                                    at,
                                    format!(
                                        "`numpy.{}.{attr}` is not supported yet",
                                        inner.attr.as_str()
                                    ),
                                    "",
                                ));
                            }
                        }
                        if let Some(draw) = self.random_method(&attribute.value, attr, call) {
                            return draw;
                        }
                        self.method(&attribute.value, attr, call)
                    }
                }
            }
            _ => Err(self.refuse(at, "this call is not supported", "")),
        }
    }

    /// Positional and keyword arguments of a library call, translated.
    pub(super) fn arguments(
        &mut self,
        call: &py::ExprCall,
    ) -> Result<(Vec<Expr>, Vec<Option<usize>>)> {
        let mut args = Vec::new();
        let mut ranks = Vec::new();
        for arg in call.arguments.args.iter() {
            if let py::Expr::Starred(_) = arg {
                return Err(self.refuse(span(arg), "`*args` is not supported here", ""));
            }
            let (expr, rank) = self.operand(arg)?;
            args.push(expr);
            ranks.push(rank);
        }
        for keyword in call.arguments.keywords.iter() {
            let Some(name) = &keyword.arg else {
                return Err(self.refuse(span(keyword), "`**kwargs` is not supported", ""));
            };
            let value = if name.as_str() == "dtype" {
                self.dtype(&keyword.value)?
            } else {
                self.operand(&keyword.value)?.0
            };
            args.push(Expr {
                kind: ExprKind::Keyword {
                    name: Ident {
                        name: name.as_str().to_string(),
                        span: span(name),
                    },
                    value: Box::new(value),
                },
                span: span(keyword),
            });
        }
        Ok((args, ranks))
    }

    /// A dtype as NumPy spells it (`np.float32`, `float`, `'f8'`, ...) as this language's name.
    pub(super) fn dtype(&mut self, expr: &py::Expr) -> Result<Expr> {
        let at = span(expr);
        let spelled = match expr {
            py::Expr::Attribute(attribute)
                if self.module_of(&attribute.value) == Some(Module::Numpy) =>
            {
                attribute.attr.as_str().to_string()
            }
            py::Expr::Name(name) => name.id.as_str().to_string(),
            py::Expr::StringLiteral(text) => text.value.to_str().to_string(),
            _ => String::new(),
        };
        let name = match spelled.as_str() {
            "float64" | "float" | "double" | "f8" | "float_" => "f64",
            "float32" | "single" | "f4" => "f32",
            "int64" | "int" | "i8" | "int_" | "intp" => "i64",
            "bool" | "bool_" | "?" => "bool",
            _ => {
                return Err(self.refuse(
                    at,
                    "this dtype is not supported",
                    "supported: float64, float32, int64, bool",
                ))
            }
        };
        Ok(Expr {
            kind: ExprKind::Name(name.to_string()),
            span: at,
        })
    }

    /// A shape argument: a tuple or list of sizes, or one size.
    pub(super) fn shape(&mut self, expr: &py::Expr) -> Result<(Expr, usize)> {
        let at = span(expr);
        let items: Vec<&py::Expr> = match expr {
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => elts.iter().collect(),
            other => vec![other],
        };
        let mut sizes = Vec::new();
        for item in &items {
            let value = self.expr(item)?;
            sizes.push(self.scalar(value)?);
        }
        let rank = sizes.len();
        Ok((
            Expr {
                kind: ExprKind::Array(sizes),
                span: at,
            },
            rank,
        ))
    }

    pub(super) fn python_builtin(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let call_expr = |callee: &str, args: Vec<Expr>| Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        match name {
            "abs" => {
                let (args, ranks) = self.arguments(call)?;
                Ok(Value::New(call_expr("abs", args), broadcast_rank(&ranks)))
            }
            "min" | "max" => {
                let (args, ranks) = self.arguments(call)?;
                if args.len() < 2 || ranks.iter().any(|r| *r != Some(0)) {
                    return Err(self.refuse(
                        at,
                        format!("`{name}` is supported for two or more numbers"),
                        format!("for an array write `np.{name}(a)` or `a.{name}()`"),
                    ));
                }
                let callee = if name == "min" { "minimum" } else { "maximum" };
                let mut args = args.into_iter();
                let mut res = args.next().ok_or(Failed)?;
                for arg in args {
                    res = call_expr(callee, vec![res, arg]);
                }
                Ok(Value::New(res, Some(0)))
            }
            "int" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("int", args), Some(0)))
            }
            "float" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("f64", args), Some(0)))
            }
            "print" => Err(self.refuse(at, "`print` is a statement of its own", "")),
            "len" | "range" | "zip" | "enumerate" | "round" | "sum" => Err(self.refuse(
                at,
                format!("`{name}(...)` is not supported here yet"),
                match name {
                    "range" => "`range` is supported as a `for` loop's iterable",
                    "sum" => "write `np.sum(a)`",
                    _ => "",
                },
            )),
            _ => Err(self.refuse(at, format!("name `{name}` is not defined"), "")),
        }
    }

    pub(super) fn method(
        &mut self,
        object: &py::Expr,
        name: &str,
        call: &py::ExprCall,
    ) -> Result<Value> {
        let at = span(call);
        let base = self.expr(object)?;
        match name {
            "copy" => {
                let (expr, rank) = self.value_expr(base, at)?;
                Ok(Value::New(
                    Expr {
                        kind: call_kind("copy", vec![expr], at),
                        span: at,
                    },
                    rank,
                ))
            }
            "reshape" => {
                let positional = &call.arguments.args;
                let (shape, rank) = match positional.len() {
                    1 => self.shape(&positional[0])?,
                    _ => {
                        let mut sizes = Vec::new();
                        for item in positional.iter() {
                            let value = self.expr(item)?;
                            sizes.push(self.scalar(value)?);
                        }
                        let rank = sizes.len();
                        (
                            Expr {
                                kind: ExprKind::Array(sizes),
                                span: at,
                            },
                            rank,
                        )
                    }
                };
                self.reshape(base, shape, rank, at)
            }
            "astype" => {
                let (expr, rank) = self.value_expr(base, at)?;
                let argument = self.single_argument_ref(call)?;
                let dtype = self.dtype(argument)?;
                Ok(Value::New(
                    Expr {
                        kind: call_kind("astype", vec![expr, dtype], at),
                        span: at,
                    },
                    rank,
                ))
            }
            "sum" | "mean" | "min" | "max" | "prod" | "std" | "var" | "any" | "all" | "argmin"
            | "argmax" | "cumsum" => {
                let (expr, rank) = self.value_expr(base, at)?;
                let (mut args, _) = self.arguments(call)?;
                let has_axis = !args.is_empty();
                args.insert(0, expr);
                let rank = match (name, has_axis) {
                    ("cumsum", false) => Some(1),
                    ("cumsum", true) => rank,
                    (_, true) => rank.map(|r| r.saturating_sub(1)),
                    (_, false) => Some(0),
                };
                Ok(Value::New(
                    Expr {
                        kind: call_kind(name, args, at),
                        span: at,
                    },
                    rank,
                ))
            }
            "fill" => Err(self.refuse(at, "`.fill` is a statement of its own", "")),
            _ => Err(self.refuse(
                at,
                format!("the method `.{name}()` is not supported yet"),
                "",
            )),
        }
    }

    pub(super) fn single_argument_ref<'a>(
        &mut self,
        call: &'a py::ExprCall,
    ) -> Result<&'a py::Expr> {
        self.single_argument(call, "this function")
    }
}
