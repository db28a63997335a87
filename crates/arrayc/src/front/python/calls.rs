//! Calls: the one dispatch point for every call (NumPy, `math`, Python builtins, array
//! methods, user functions), argument lists, dtypes and shapes.

use super::functions::Function;
use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, Ident};
use ruff_python_ast as py;

/// What a call calls, decided from the callee alone.
enum Callee<'a> {
    /// A `def` or a `lambda` of the script: inlined.
    User(std::rc::Rc<Function>),
    /// `np.NAME(...)` or `NAME(...)` imported from NumPy.
    Numpy(String),
    /// `np.MODULE.NAME(...)`: a NumPy submodule's function (`np.random.rand`, also through
    /// `import numpy.random as rnd` or `from numpy.random import rand`).
    NumpySubmodule(&'a str, String),
    /// `math.NAME(...)` or `NAME(...)` imported from `math`.
    Math(String),
    /// `OBJECT.NAME(...)`: an array method.
    Method(&'a py::Expr, &'a str),
    /// `NAME(...)` of a Python builtin (`len`, `abs`, `range`, ...).
    Builtin(&'a str),
}

impl Translator<'_> {
    /// Every call is translated here: the callee is classified, then handed to the
    /// translator of its kind (one line each).
    pub(super) fn call(&mut self, call: &py::ExprCall) -> Result<Value> {
        match self.callee(call)? {
            Callee::User(function) => self.inline(&function, call),
            Callee::Numpy(name) if name == "binary_repr" => self.binary_repr(call),
            Callee::Numpy(name) => self.numpy_call(&name, call),
            Callee::NumpySubmodule("random", name) => self.numpy_random_call(&name, call),
            Callee::NumpySubmodule("linalg", name) => self.linalg_call(&name, call),
            Callee::NumpySubmodule(module, name) => Err(self.refuse(
                span(call),
                format!("`numpy.{module}.{name}` is not supported yet"),
                "",
            )),
            Callee::Math(name) => self.math_call(&name, call),
            // A generator's draws (`rng.normal(...)`) before array methods.
            Callee::Method(object, name) => match self.random_method(object, name, call) {
                Some(draw) => draw,
                None => self.method(object, name, call),
            },
            Callee::Builtin(name) => self.python_builtin(name, call),
        }
    }

    fn callee<'a>(&mut self, call: &'a py::ExprCall) -> Result<Callee<'a>> {
        let at = span(call);
        match call.func.as_ref() {
            py::Expr::Name(name) => {
                let id = name.id.as_str();
                match self.lookup(id).cloned() {
                    Some(Binding::Function(function)) => Ok(Callee::User(function)),
                    Some(Binding::Imported(Module::Numpy, imported)) => Ok(Callee::Numpy(imported)),
                    Some(Binding::Imported(Module::NumpySubmodule(module), imported)) => {
                        Ok(Callee::NumpySubmodule(module, imported))
                    }
                    Some(Binding::Imported(Module::Math, imported)) => Ok(Callee::Math(imported)),
                    Some(_) => Err(self.refuse(at, format!("`{id}` cannot be called"), "")),
                    None if self.numpy_star && !PYTHON_BUILTINS.contains(&id) => {
                        Ok(Callee::Numpy(id.to_string()))
                    }
                    None => Ok(Callee::Builtin(id)),
                }
            }
            py::Expr::Attribute(attribute) => {
                let attr = attribute.attr.as_str();
                match self.module_of(&attribute.value) {
                    Some(Module::Numpy) => Ok(Callee::Numpy(attr.to_string())),
                    Some(Module::NumpySubmodule(module)) => {
                        Ok(Callee::NumpySubmodule(module, attr.to_string()))
                    }
                    Some(Module::Math) => Ok(Callee::Math(attr.to_string())),
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
                    None => match attribute.value.as_ref() {
                        py::Expr::Attribute(inner)
                            if self.module_of(&inner.value) == Some(Module::Numpy) =>
                        {
                            Ok(Callee::NumpySubmodule(
                                inner.attr.as_str(),
                                attr.to_string(),
                            ))
                        }
                        object => Ok(Callee::Method(object, attr)),
                    },
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
            match self.expr(item)? {
                // `np.zeros(u.shape)`: the tuple's items are the sizes.
                Value::Tuple(values) => {
                    for value in values {
                        sizes.push(self.scalar(value)?);
                    }
                }
                value => sizes.push(self.scalar(value)?),
            }
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
        if matches!(name, "sum" | "min" | "max" | "any" | "all") {
            if let Some(folded) = self.fold_builtin(name, call) {
                return folded;
            }
        }
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
                if let Some(parsed) = self.int_of_text(call) {
                    return parsed;
                }
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("int", args), Some(0)))
            }
            "float" => {
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("f64", args), Some(0)))
            }
            "print" => Err(self.refuse(at, "`print` is a statement of its own", "")),
            "str" => {
                let argument = self.single_argument(call, "str")?;
                let value = self.expr(argument)?;
                let text = self.formatted(value, crate::pyformat::Spec::plain(), at)?;
                Ok(Value::Text(text))
            }
            "len" => self.len_call(call),
            "round" => self.python_round(call),
            "range" => {
                // Where NumPy takes a `range` as an array (`np.meshgrid(range(nx), ...)`),
                // it is `np.arange` of its integers.
                let (args, _) = self.arguments(call)?;
                Ok(Value::New(call_expr("arange", args), Some(1)))
            }
            "zip" | "enumerate" | "sum" => Err(self.refuse(
                at,
                format!("`{name}(...)` is not supported here yet"),
                match name {
                    "zip" | "enumerate" => {
                        "`zip` and `enumerate` are supported as a `for` loop's iterable"
                    }
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
        if let Value::Text(text) = base {
            return self.text_method(text, name, call);
        }
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

/// The Python builtins that `from numpy import *` does not replace (NumPy's `__all__` has
/// no such names).
const PYTHON_BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "int",
    "float",
    "str",
    "repr",
    "zip",
    "enumerate",
    "list",
    "tuple",
    "dict",
    "set",
    "sorted",
    "reversed",
    "map",
    "filter",
    "isinstance",
    "type",
];
