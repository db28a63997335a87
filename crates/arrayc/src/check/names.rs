//! Names in expressions: each use resolved to its binding, a built-in constant or a
//! dtype's name.

use super::*;

impl<'p> Checker<'p> {
    pub(super) fn index_args(&mut self, indices: &[IndexArg]) {
        for index in indices {
            match index {
                IndexArg::Single(expr) => self.expr(expr),
                IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => {}
                IndexArg::Slice {
                    start, end, step, ..
                } => {
                    for part in [start, end, step].into_iter().flatten() {
                        self.expr(part);
                    }
                }
            }
        }
    }

    pub(super) fn name(&mut self, name: &str, span: Span) {
        if let Some((_, _, id)) = self.lookup(name) {
            self.names.insert(span, id);
        } else if let Some(value) = constant(name) {
            self.constants.insert(span, value);
        } else if builtins::dtype_spelling(name).is_some() {
            self.dtype_name(name, span);
        } else {
            let hint = if self.functions.contains_key(name) || builtins::lookup(name).is_some() {
                format!("unknown name `{name}` (it is a function: call it with arguments)")
            } else {
                format!("unknown name `{name}`")
            };
            self.error(hint, span);
        }
    }

    pub(super) fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Number(_) | ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) => {}
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::Keyword { value, .. } => self.expr(value),
            ExprKind::Unary(_, operand) => self.expr(operand),
            ExprKind::Binary(_, lhs, rhs) => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Array(items) | ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprKind::Index { base, indices } => {
                self.expr(base);
                self.index_args(indices);
            }
            ExprKind::Call { callee, args } => {
                for arg in args {
                    self.expr(arg);
                }
                self.call(callee, args, expr.span);
            }
        }
    }
}
