//! Expressions: literals, operators, names, attributes, subscripts and indices, each as
//! a `Value` (an alias of an existing array, or a new one).

use super::functions::Code;
use super::names::ViewStep;
use super::span;
use super::text::Text;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind, IndexArg, UnaryOp};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    /// An expression's value as `.arr` source: a view is read, a tuple refused.
    pub(super) fn value_expr(&mut self, value: Value, at: Span) -> Result<(Expr, Option<usize>)> {
        match value {
            Value::Alias(reference) => Ok((self.read(&reference, at), reference.rank)),
            Value::New(expr, rank) => Ok((expr, rank)),
            Value::Tuple(_) => Err(self.refuse(
                at,
                "a tuple is not an array here",
                "take it apart first: `a, b = ...`",
            )),
            Value::Nothing => Err(self.refuse(at, "this function returns nothing (`None`)", "")),
            Value::Function(function) => Err(self.refuse(
                at,
                format!(
                    "`{}` is a function, not a number or an array",
                    function.name
                ),
                "call it: `f(x)`",
            )),
            Value::Text(_) => Err(self.refuse(
                at,
                "a string is not a number or an array",
                "strings are supported in `print`, as file names, and compared with `==`",
            )),
            Value::Indices(_) => Err(self.indices_refused(at)),
        }
    }

    pub(super) fn scalar(&mut self, value: Value) -> Result<Expr> {
        let at = match &value {
            Value::New(expr, _) => expr.span,
            Value::Alias(reference) => reference.bound_at,
            _ => Span::new(0, 0),
        };
        self.value_expr(value, at).map(|(expr, _)| expr)
    }

    pub(super) fn operand(&mut self, expr: &py::Expr) -> Result<(Expr, Option<usize>)> {
        let value = self.expr(expr)?;
        self.value_expr(value, span(expr))
    }

    pub(super) fn expr(&mut self, expr: &py::Expr) -> Result<Value> {
        let at = span(expr);
        let new =
            |kind: ExprKind, rank: Option<usize>| Ok(Value::New(Expr { kind, span: at }, rank));
        match expr {
            py::Expr::NumberLiteral(number) => match &number.value {
                py::Number::Int(value) => match value.as_i64() {
                    Some(value) => new(ExprKind::Int(value), Some(0)),
                    None => Err(self.refuse(at, "this integer does not fit in 64 bits", "")),
                },
                py::Number::Float(value) => new(ExprKind::Number(*value), Some(0)),
                py::Number::Complex { .. } => {
                    Err(self.refuse(at, "complex numbers are not supported yet", ""))
                }
            },
            py::Expr::BooleanLiteral(literal) => new(ExprKind::Bool(literal.value), Some(0)),
            py::Expr::Name(name) => self.name(name.id.as_str(), at),
            py::Expr::BinOp(node) => {
                let left = self.expr(&node.left)?;
                if let Value::Text(text) = left {
                    return self.text_operation(text, node, at);
                }
                let (lhs, lhs_rank) = self.value_expr(left, span(node.left.as_ref()))?;
                let (rhs, rhs_rank) = self.operand(&node.right)?;
                let rank = broadcast_rank(&[lhs_rank, rhs_rank]);
                match node.op {
                    py::Operator::MatMult => new(
                        call_kind("matmul", vec![lhs, rhs], at),
                        super::numpy::product_rank(lhs_rank, rhs_rank),
                    ),
                    py::Operator::BitAnd => new(
                        ExprKind::Binary(BinaryOp::And, Box::new(lhs), Box::new(rhs)),
                        rank,
                    ),
                    py::Operator::BitOr => new(
                        ExprKind::Binary(BinaryOp::Or, Box::new(lhs), Box::new(rhs)),
                        rank,
                    ),
                    op => {
                        let binary =
                            binary_op(op).ok_or_else(|| self.unsupported_operator(op, at))?;
                        new(ExprKind::Binary(binary, Box::new(lhs), Box::new(rhs)), rank)
                    }
                }
            }
            py::Expr::UnaryOp(node) => {
                let (operand, rank) = self.operand(&node.operand)?;
                match node.op {
                    py::UnaryOp::UAdd => new(operand.kind, rank),
                    py::UnaryOp::USub => {
                        new(ExprKind::Unary(UnaryOp::Neg, Box::new(operand)), rank)
                    }
                    py::UnaryOp::Not | py::UnaryOp::Invert => {
                        new(ExprKind::Unary(UnaryOp::Not, Box::new(operand)), rank)
                    }
                }
            }
            py::Expr::BoolOp(node) => {
                let op = match node.op {
                    py::BoolOp::And => BinaryOp::And,
                    py::BoolOp::Or => BinaryOp::Or,
                };
                if let Some(draw) = node
                    .values
                    .iter()
                    .skip(1)
                    .find(|v| super::control::draws_random(v))
                {
                    return Err(self.refuse(span(draw), "a random draw after `and`/`or` is made only when Python reaches it, which is supported only in an `if`'s test", "test it in an `if` (`if a and np.random.random() < p:`), or nest the `if`s"));
                }
                let mut res: Option<Expr> = None;
                for value in &node.values {
                    let (operand, rank) = self.operand(value)?;
                    if rank != Some(0) {
                        return Err(self.refuse(
                            span(value),
                            "`and`/`or` of arrays is ambiguous in NumPy",
                            "use `&`/`|` for elementwise logic",
                        ));
                    }
                    res = Some(match res {
                        None => operand,
                        Some(lhs) => Expr {
                            kind: ExprKind::Binary(op, Box::new(lhs), Box::new(operand)),
                            span: at,
                        },
                    });
                }
                Ok(Value::New(res.ok_or(Failed)?, Some(0)))
            }
            py::Expr::Compare(node) => {
                let mut values = vec![self.expr(&node.left)?];
                for comparator in node.comparators.iter() {
                    values.push(self.expr(comparator)?);
                }
                if values.iter().any(|value| matches!(value, Value::Text(_))) {
                    return self.text_comparison(&node.ops, &values, at);
                }
                let mut operands = Vec::new();
                for (value, expr) in values
                    .into_iter()
                    .zip(std::iter::once(node.left.as_ref()).chain(node.comparators.iter()))
                {
                    operands.push(self.value_expr(value, span(expr))?);
                }
                let mut operands = operands.into_iter();
                let mut left = operands.next().ok_or(Failed)?;
                let mut res: Option<Expr> = None;
                let mut ranks = vec![left.1];
                for op in node.ops.iter() {
                    let right = operands.next().ok_or(Failed)?;
                    ranks.push(right.1);
                    let op = match op {
                        py::CmpOp::Eq => BinaryOp::Eq,
                        py::CmpOp::NotEq => BinaryOp::Ne,
                        py::CmpOp::Lt => BinaryOp::Lt,
                        py::CmpOp::LtE => BinaryOp::Le,
                        py::CmpOp::Gt => BinaryOp::Gt,
                        py::CmpOp::GtE => BinaryOp::Ge,
                        _ => {
                            return Err(self.refuse(
                                at,
                                format!("`{}` is not supported", op.as_str()),
                                "compare numbers with `==`, `<`, ...",
                            ))
                        }
                    };
                    let comparison = Expr {
                        kind: ExprKind::Binary(
                            op,
                            Box::new(left.0.clone()),
                            Box::new(right.0.clone()),
                        ),
                        span: at,
                    };
                    res = Some(match res {
                        None => comparison,
                        Some(lhs) => Expr {
                            kind: ExprKind::Binary(
                                BinaryOp::And,
                                Box::new(lhs),
                                Box::new(comparison),
                            ),
                            span: at,
                        },
                    });
                    left = right;
                }
                Ok(Value::New(res.ok_or(Failed)?, broadcast_rank(&ranks)))
            }
            py::Expr::If(node) => {
                let condition = self.expr(&node.test)?;
                let condition = self.scalar(condition)?;
                // A condition known at compile time (a string compared) chooses the value.
                if let ExprKind::Bool(holds) = condition.kind {
                    return self.expr(if holds { &node.body } else { &node.orelse });
                }
                let body = self.expr(&node.body)?;
                let orelse = self.expr(&node.orelse)?;
                if matches!(body, Value::Text(_)) || matches!(orelse, Value::Text(_)) {
                    return Err(self.refuse(
                        at,
                        "a string chosen at run time (`a if c else b` of strings) is not supported",
                        "print in an `if` statement: `if c: print(a)` / `else: print(b)`",
                    ));
                }
                if let (Value::Alias(a), _) | (_, Value::Alias(a)) = (&body, &orelse) {
                    if a.rank != Some(0) {
                        return Err(self.refuse(
                            at,
                            "`x if c else y` of arrays: which array a name refers to would be decided at run time",
                            "copy both (`a.copy() if c else b.copy()`) or use `np.where(c, a, b)`",
                        ));
                    }
                }
                let (body, body_rank) = self.value_expr(body, at)?;
                let (orelse, orelse_rank) = self.value_expr(orelse, at)?;
                new(
                    call_kind("where", vec![condition, body, orelse], at),
                    broadcast_rank(&[body_rank, orelse_rank]),
                )
            }
            py::Expr::Call(call) => self.call(call),
            py::Expr::Attribute(attribute) => self.attribute(attribute),
            py::Expr::Subscript(subscript) => self.subscript(subscript),
            py::Expr::Tuple(tuple) => {
                let mut values = Vec::new();
                for element in &tuple.elts {
                    values.push(self.expr(element)?);
                }
                Ok(Value::Tuple(values))
            }
            py::Expr::List(list) => {
                let named_field = |element: &py::Expr| match element {
                    py::Expr::Tuple(tuple) => {
                        matches!(tuple.elts.first(), Some(py::Expr::StringLiteral(_)))
                    }
                    _ => false,
                };
                if list.elts.iter().any(named_field) {
                    return Err(self.refuse(
                        at,
                        "structured dtypes (`[('U', np.double), ...]`) are not supported yet",
                        "keep each field in an array of its own: `U = np.zeros(shape)`",
                    ));
                }
                let mut items = Vec::new();
                let mut ranks = Vec::new();
                for element in &list.elts {
                    let (item, rank) = self.operand(element)?;
                    items.push(item);
                    ranks.push(rank);
                }
                let rank = match ranks.first() {
                    Some(Some(r)) if ranks.iter().all(|x| *x == Some(*r)) => Some(r + 1),
                    None => Some(1),
                    _ => None,
                };
                new(ExprKind::Array(items), rank)
            }
            py::Expr::NoneLiteral(_) => {
                Err(self.refuse(at, "`None` is supported only in indexing (a new axis)", ""))
            }
            py::Expr::StringLiteral(literal) => Ok(self.string_literal(literal)),
            py::Expr::FString(node) => self.f_string(node),
            py::Expr::BytesLiteral(_) => Err(self.refuse(at, "bytes are not supported", "")),
            py::Expr::ListComp(py::ExprListComp {
                elt, generators, ..
            })
            | py::Expr::Generator(py::ExprGenerator {
                elt, generators, ..
            }) => Ok(Value::Tuple(self.comprehension(elt, generators, at)?)),
            py::Expr::Dict(_) | py::Expr::DictComp(_) => {
                Err(self.refuse(at, "dicts are not supported", "use separate names"))
            }
            py::Expr::Set(_) | py::Expr::SetComp(_) => {
                Err(self.refuse(at, "sets are not supported", ""))
            }
            py::Expr::Lambda(lambda) => {
                Ok(Value::Function(self.define(Code::Lambda(lambda.clone()))))
            }
            _ => Err(self.refuse(at, "this expression is not supported", "")),
        }
    }

    pub(super) fn name(&mut self, id: &str, at: Span) -> Result<Value> {
        match self.lookup(id).cloned() {
            Some(Binding::Value(reference)) => {
                if reference.rank == Some(0) {
                    Ok(Value::New(self.read(&reference, at), Some(0)))
                } else {
                    Ok(Value::Alias(reference))
                }
            }
            Some(Binding::Param(name)) => Ok(Value::New(Expr { kind: ExprKind::Name(name), span: at }, Some(0))),
            Some(Binding::Gone(bound_at)) => Err(self.refuse(
                at,
                format!("`{id}` was bound inside a loop or `if` body and is used after it"),
                format!(
                    "bound at {}; bind `{id}` before the loop or `if` (e.g. `{id} = np.zeros_like(...)` or `{id} = 0.0`) and assign it inside",
                    self.line(bound_at)
                ),
            )),
            Some(Binding::Poisoned) => Err(Failed),
            Some(Binding::Function(function)) => Ok(Value::Function(function)),
            Some(Binding::Text(text)) => Ok(Value::Text(text)),
            Some(Binding::Tuple(items)) => Ok(Value::Tuple(items)),
            Some(Binding::Indices(mask)) => Ok(Value::Indices(mask)),
            Some(Binding::Imported(Module::Numpy, name)) => self.numpy_constant(&name, at),
            Some(Binding::Imported(Module::Math, name)) => self.math_constant(&name, at),
            Some(Binding::Module(_) | Binding::Imported(..)) => Err(self.refuse(
                at,
                format!("`{id}` is a module or a function, not a value"),
                "",
            )),
            None if self.numpy_star => self.numpy_constant(id, at),
            None => Err(self.refuse(at, format!("name `{id}` is not defined"), "")),
        }
    }

    pub(super) fn attribute(&mut self, attribute: &py::ExprAttribute) -> Result<Value> {
        let at = span(attribute);
        let attr = attribute.attr.as_str();
        match self.module_of(&attribute.value) {
            Some(Module::Numpy) => return self.numpy_constant(attr, at),
            Some(Module::Math) => return self.math_constant(attr, at),
            Some(_) => {
                return Err(self.refuse(
                    at,
                    format!("`.{attr}` of this module is not supported"),
                    "",
                ))
            }
            None => {}
        }
        let base = self.expr(&attribute.value)?;
        match attr {
            "T" => match base {
                Value::Alias(mut reference) => {
                    reference.view.push(ViewStep::Transpose);
                    Ok(Value::Alias(reference))
                }
                other => {
                    let (expr, rank) = self.value_expr(other, at)?;
                    Ok(Value::New(
                        Expr {
                            kind: call_kind("transpose", vec![expr], at),
                            span: at,
                        },
                        rank,
                    ))
                }
            },
            "shape" => self.shape_attribute(base, at),
            "ndim" => self.ndim_attribute(base, at),
            "size" => self.size_attribute(base, at),
            "dtype" => Err(self.refuse(
                at,
                "`.dtype` is supported only as a `dtype=` argument",
                "write `np.zeros_like(a)` or `b.astype(a.dtype)`",
            )),
            _ => Err(self.refuse(at, format!("the attribute `.{attr}` is not supported"), "")),
        }
    }

    pub(super) fn subscript(&mut self, subscript: &py::ExprSubscript) -> Result<Value> {
        let at = span(subscript);
        if self.is_numpy_attr(&subscript.value, "mgrid") {
            return self.mgrid(subscript);
        }
        let base = self.expr(&subscript.value)?;
        if let Value::Tuple(items) = base {
            return self.tuple_subscript(items, &subscript.slice, at);
        }
        let indices = self.indices(&subscript.slice)?;
        let base_rank = match &base {
            Value::Alias(reference) => reference.rank,
            Value::New(_, rank) => *rank,
            _ => None,
        };
        let rank = indexed_rank(base_rank, &indices, self);
        match base {
            Value::Alias(mut reference) if rank != Some(0) && rank.is_some() => {
                reference.view.push(ViewStep::Index(indices));
                reference.rank = rank;
                Ok(Value::Alias(reference))
            }
            Value::Alias(reference) if rank.is_none() => {
                // A mask or an index array: a new array.
                let read = self.read(&reference, at);
                Ok(Value::New(
                    Expr {
                        kind: ExprKind::Index {
                            base: Box::new(read),
                            indices,
                        },
                        span: at,
                    },
                    None,
                ))
            }
            other => {
                let (expr, _) = self.value_expr(other, at)?;
                Ok(Value::New(
                    Expr {
                        kind: ExprKind::Index {
                            base: Box::new(expr),
                            indices,
                        },
                        span: at,
                    },
                    rank,
                ))
            }
        }
    }

    pub(super) fn indices(&mut self, slice: &py::Expr) -> Result<Vec<IndexArg>> {
        let items: Vec<&py::Expr> = match slice {
            py::Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        let mut res = Vec::new();
        let items_count = items.len();
        for item in items {
            let at = span(item);
            res.push(match item {
                py::Expr::Slice(node) => {
                    let mut part = |part: &Option<Box<py::Expr>>| -> Result<Option<Expr>> {
                        match part {
                            None => Ok(None),
                            Some(expr) => {
                                let value = self.expr(expr)?;
                                self.scalar(value).map(Some)
                            }
                        }
                    };
                    IndexArg::Slice {
                        start: part(&node.lower)?,
                        end: part(&node.upper)?,
                        step: part(&node.step)?,
                        span: at,
                    }
                }
                py::Expr::NoneLiteral(_) => IndexArg::NewAxis(at),
                py::Expr::EllipsisLiteral(_) => IndexArg::Ellipsis(at),
                py::Expr::Attribute(attribute)
                    if attribute.attr.as_str() == "newaxis"
                        && self.module_of(&attribute.value) == Some(Module::Numpy) =>
                {
                    IndexArg::NewAxis(at)
                }
                other => {
                    let value = self.expr(other)?;
                    // `a[np.where(c)]` is `a[c]`, as NumPy documents for `nonzero`.
                    let value = self.indices_as_mask(value, items_count, at)?;
                    let (expr, rank) = self.value_expr(value, at)?;
                    let _ = rank;
                    IndexArg::Single(expr)
                }
            });
        }
        Ok(res)
    }

    /// `text + text` and `text % values`.
    fn text_operation(&mut self, text: Text, node: &py::ExprBinOp, at: Span) -> Result<Value> {
        let right = self.expr(&node.right)?;
        match (node.op, text.as_literal(), right) {
            (py::Operator::Mod, Some(template), values) => {
                self.percent_format(&template, values, at)
            }
            (py::Operator::Add, _, Value::Text(right)) => {
                let mut res = text;
                res.append(right);
                Ok(Value::Text(res))
            }
            _ => Err(self.refuse(
                at,
                format!("`{}` of a string is not supported", node.op.as_str()),
                "join strings with `+`, format with f-strings, `.format` or `%`",
            )),
        }
    }

    pub(super) fn unsupported_operator(&mut self, op: py::Operator, at: Span) -> Failed {
        let note = match op {
            py::Operator::BitXor => "for booleans, `a != b` is their exclusive or",
            _ => "",
        };
        self.refuse(
            at,
            format!("the operator `{}` is not supported yet", op.as_str()),
            note,
        )
    }
}

pub(super) fn binary_op(op: py::Operator) -> Option<BinaryOp> {
    match op {
        py::Operator::Add => Some(BinaryOp::Add),
        py::Operator::Sub => Some(BinaryOp::Sub),
        py::Operator::Mult => Some(BinaryOp::Mul),
        py::Operator::Div => Some(BinaryOp::Div),
        py::Operator::FloorDiv => Some(BinaryOp::FloorDiv),
        py::Operator::Mod => Some(BinaryOp::Rem),
        py::Operator::Pow => Some(BinaryOp::Pow),
        py::Operator::BitAnd => Some(BinaryOp::And),
        py::Operator::BitOr => Some(BinaryOp::Or),
        py::Operator::MatMult
        | py::Operator::BitXor
        | py::Operator::LShift
        | py::Operator::RShift => None,
    }
}

/// The number of dimensions after indexing; `None` when unknown or when an index is an
/// array (a mask or fancy indexing, which makes a new array).
pub(super) fn indexed_rank(
    base: Option<usize>,
    indices: &[IndexArg],
    _translator: &Translator,
) -> Option<usize> {
    let base = base?;
    let mut singles = 0;
    let mut new_axes = 0;
    for index in indices {
        match index {
            IndexArg::Single(expr) => {
                if !is_scalar_expr(expr) {
                    return None;
                }
                singles += 1
            }
            IndexArg::NewAxis(_) => new_axes += 1,
            IndexArg::Slice { .. } | IndexArg::Ellipsis(_) => {}
        }
    }
    (base + new_axes).checked_sub(singles)
}

/// Whether an index expression is certainly a scalar (numbers, names of scalars, arithmetic
/// of those): anything else may be an index array.
pub(super) fn is_scalar_expr(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Int(_) | ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Name(_) => true,
        ExprKind::Unary(_, inner) => is_scalar_expr(inner),
        ExprKind::Binary(_, lhs, rhs) => is_scalar_expr(lhs) && is_scalar_expr(rhs),
        ExprKind::Call { callee, args } => {
            (callee.name == "int" && args.iter().all(is_scalar_expr)) || callee.name == "extent"
        }
        _ => false,
    }
}
