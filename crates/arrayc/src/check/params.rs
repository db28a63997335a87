//! A `param`'s value: numbers, earlier params, operators and the builtins with a scalar
//! meaning, evaluated with `numeric` (the scalar semantics generated code calls too).

use super::*;
use crate::numeric;

impl<'p> Checker<'p> {
    /// Evaluates a param's expression: numbers, earlier params, arithmetic.
    pub(super) fn param_value(&self, expr: &Expr) -> Result<f64, Diagnostic> {
        let not_constant = |span| {
            Diagnostic::new(
                ErrorKind::Semantic,
                "a param must be a constant: numbers, earlier params, operators and elementwise builtins",
                span,
            )
        };
        // An explicit stack keeps deep expressions off the call stack.
        enum Work<'e> {
            Visit(&'e Expr),
            Unary(UnaryOp),
            Binary(BinaryOp),
            Call(ParamFunction),
        }
        let mut work = vec![Work::Visit(expr)];
        let mut values: Vec<f64> = Vec::new();
        while let Some(item) = work.pop() {
            match item {
                Work::Visit(expr) => match &expr.kind {
                    ExprKind::Number(value) => values.push(*value),
                    ExprKind::Int(value) => values.push(*value as f64),
                    ExprKind::Bool(value) => values.push(f64::from(u8::from(*value))),
                    ExprKind::Name(name) => {
                        match self.params.iter().rev().find(|(n, _)| n == name) {
                            Some((_, value)) => values.push(*value),
                            None if self.lookup(name).is_none() && constant(name).is_some() => {
                                values.push(constant(name).unwrap_or(0.0))
                            }
                            None if self.lookup(name).is_some() => {
                                return Err(not_constant(expr.span))
                            }
                            None => return Err(Diagnostic::new(
                                ErrorKind::Semantic,
                                format!("unknown name `{name}`"),
                                expr.span,
                            )
                            .with_note(
                                "a param may use only numbers and the params declared before it",
                            )),
                        }
                    }
                    ExprKind::Unary(op, operand) => {
                        work.push(Work::Unary(*op));
                        work.push(Work::Visit(operand));
                    }
                    ExprKind::Binary(op, lhs, rhs) => {
                        work.push(Work::Binary(*op));
                        work.push(Work::Visit(rhs));
                        work.push(Work::Visit(lhs));
                    }
                    ExprKind::Call { callee, args } => {
                        let Some(function) = ParamFunction::of(&callee.name, args.len()) else {
                            return Err(not_constant(expr.span));
                        };
                        if self.functions.contains_key(&callee.name) {
                            return Err(not_constant(expr.span));
                        }
                        work.push(Work::Call(function));
                        for arg in args.iter().rev() {
                            if matches!(arg.kind, ExprKind::Keyword { .. }) {
                                return Err(not_constant(arg.span));
                            }
                            work.push(Work::Visit(arg));
                        }
                    }
                    ExprKind::Index { .. }
                    | ExprKind::Array(_)
                    | ExprKind::Tuple(_)
                    | ExprKind::Str(_)
                    | ExprKind::Keyword { .. } => return Err(not_constant(expr.span)),
                },
                Work::Call(function) => {
                    let value = match function {
                        ParamFunction::Unary(op) => {
                            let x = values.pop().unwrap_or(0.0);
                            numeric::unary(op, x)
                        }
                        ParamFunction::Binary(op) => {
                            let b = values.pop().unwrap_or(0.0);
                            let a = values.pop().unwrap_or(0.0);
                            numeric::binary(op, a, b)
                        }
                        ParamFunction::Power => {
                            let b = values.pop().unwrap_or(0.0);
                            let a = values.pop().unwrap_or(0.0);
                            numeric::power(a, b)
                        }
                        ParamFunction::Clip => {
                            let hi = values.pop().unwrap_or(0.0);
                            let lo = values.pop().unwrap_or(0.0);
                            let x = values.pop().unwrap_or(0.0);
                            numeric::minimum(numeric::maximum(x, lo), hi)
                        }
                        ParamFunction::Identity => values.pop().unwrap_or(0.0),
                    };
                    values.push(value);
                }
                Work::Unary(op) => {
                    let value = values.pop().unwrap_or(0.0);
                    values.push(numeric::unary(numeric::Unary::from(op), value));
                }
                Work::Binary(op) => {
                    let rhs = values.pop().unwrap_or(0.0);
                    let lhs = values.pop().unwrap_or(0.0);
                    values.push(match op {
                        BinaryOp::Pow => numeric::power(lhs, rhs),
                        op => numeric::binary(numeric::Binary::from(op), lhs, rhs),
                    });
                }
            }
        }
        Ok(values.pop().unwrap_or(0.0))
    }
}

/// A builtin a `param` expression may call, on scalars.
#[derive(Debug, Clone, Copy)]
enum ParamFunction {
    Unary(numeric::Unary),
    Binary(numeric::Binary),
    Power,
    Clip,
    /// A reduction of one scalar (`min(n)`), or a copy.
    Identity,
}

impl ParamFunction {
    /// The scalar meaning of calling `name` with `count` arguments, if it has one: the
    /// builtin table's scalar operation, or a reduction or copy of one scalar.
    fn of(name: &str, count: usize) -> Option<ParamFunction> {
        use builtins::Builtin as B;
        use numeric::Binary;
        let info = builtins::lookup(name)?;
        let with = |arity: usize, function: ParamFunction| (count == arity).then_some(function);
        match (info.scalar, info.builtin) {
            (Some(builtins::Scalar::Binary(Binary::Pow)), _) => with(2, ParamFunction::Power),
            (Some(builtins::Scalar::Unary(op)), _) => with(1, ParamFunction::Unary(op)),
            (Some(builtins::Scalar::Binary(op)), _) => with(2, ParamFunction::Binary(op)),
            // Python's `min(a, b)` on scalars: in a param every value is a scalar, and the
            // reduction of one scalar is itself.
            (None, B::Min) => {
                with(2, ParamFunction::Binary(Binary::Min)).or(with(1, ParamFunction::Identity))
            }
            (None, B::Max) => {
                with(2, ParamFunction::Binary(Binary::Max)).or(with(1, ParamFunction::Identity))
            }
            (None, B::Sum | B::Mean | B::Prod | B::Copy) => with(1, ParamFunction::Identity),
            (None, B::Clip) => with(3, ParamFunction::Clip),
            (None, _) => None,
        }
    }
}
