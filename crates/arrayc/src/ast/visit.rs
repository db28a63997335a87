//! Walks over statements: the one place that knows which statements hold blocks, so a
//! question about "every statement at any depth" is asked without listing the kinds; and
//! one mutable walk over every name and expression (`VisitMut`), for passes that rewrite
//! names or spans.

use super::{Block, Expr, ExprKind, FnBody, Ident, IndexArg, PrintPart, Stmt, StmtKind};
use crate::diagnostic::Span;

/// The one match behind `Stmt::blocks` and `Stmt::blocks_mut`: by match ergonomics the same
/// arms bind shared or mutable references; `$option` (`as_ref`/`as_mut`) makes the `else`
/// block an option of a reference. Evaluates to the statement's (first, second) block.
macro_rules! held_blocks {
    ($kind:expr, $option:ident) => {
        match $kind {
            StmtKind::Scope { body, .. } | StmtKind::While { body, .. } => (Some(body), None),
            StmtKind::If {
                then_block,
                else_block,
                ..
            } => (Some(then_block), else_block.$option()),
            StmtKind::Fn { body, .. } => match body {
                FnBody::Block(body) => (Some(body), None),
                FnBody::Expr(_) => (None, None),
            },
            StmtKind::Param { .. }
            | StmtKind::Input { .. }
            | StmtKind::Let { .. }
            | StmtKind::Var { .. }
            | StmtKind::Assign { .. }
            | StmtKind::Out { .. }
            | StmtKind::Print(_)
            | StmtKind::Destructure { .. }
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Return(_)
            | StmtKind::Expr(_) => (None, None),
        }
    };
}

impl Stmt {
    /// The blocks this statement holds, in source order: a scope's or `while`'s body,
    /// an `if`'s two branches, a function's block body.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        let (first, second): (Option<&Block>, Option<&Block>) = held_blocks!(&self.kind, as_ref);
        first.into_iter().chain(second)
    }

    /// The blocks this statement holds, mutably, in the order of `blocks`.
    pub fn blocks_mut(&mut self) -> impl Iterator<Item = &mut Block> {
        let (first, second): (Option<&mut Block>, Option<&mut Block>) =
            held_blocks!(&mut self.kind, as_mut);
        first.into_iter().chain(second)
    }
}

/// Whether to walk into the bodies of `fn` statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Functions {
    Enter,
    Skip,
}

/// Calls `visit` on `statement` and on every statement nested in it, in pre-order (a
/// statement, then the statements of its blocks in source order). An explicit stack keeps
/// deep nesting off the call stack.
pub fn walk<'a>(statement: &'a Stmt, functions: Functions, visit: &mut impl FnMut(&'a Stmt)) {
    let mut stack = vec![statement];
    while let Some(statement) = stack.pop() {
        visit(statement);
        if functions == Functions::Skip && matches!(statement.kind, StmtKind::Fn { .. }) {
            continue;
        }
        let nested: Vec<&Block> = statement.blocks().collect();
        for block in nested.into_iter().rev() {
            stack.extend(block.statements.iter().rev());
        }
    }
}

/// A pass that rewrites names in place. `walk_statements_mut` calls `ident` on every name a
/// statement declares, assigns or calls (in source order: a statement's names before its
/// expressions) and `name` on every name an expression reads; the defaults do nothing.
pub trait VisitMut {
    fn ident(&mut self, _ident: &mut Ident) {}
    fn name(&mut self, _name: &mut String, _span: &mut Span) {}
}

/// Walks `statements` and everything nested in them (function bodies included).
pub fn walk_statements_mut(visitor: &mut impl VisitMut, statements: &mut [Stmt]) {
    for statement in statements {
        walk_statement_mut(visitor, statement);
    }
}

pub fn walk_statement_mut(visitor: &mut impl VisitMut, statement: &mut Stmt) {
    match &mut statement.kind {
        StmtKind::Param { name, value }
        | StmtKind::Let { name, value }
        | StmtKind::Var { name, value } => {
            visitor.ident(name);
            walk_expr_mut(visitor, value);
        }
        StmtKind::Input { name, shape, .. } => {
            visitor.ident(name);
            if let Some((extents, _)) = shape {
                for extent in extents {
                    walk_expr_mut(visitor, extent);
                }
            }
        }
        StmtKind::Assign {
            target,
            indices,
            value,
            ..
        } => {
            visitor.ident(target);
            if let Some(indices) = indices {
                walk_indices_mut(visitor, indices);
            }
            walk_expr_mut(visitor, value);
        }
        StmtKind::Out { name, value } => {
            visitor.ident(name);
            if let Some(value) = value {
                walk_expr_mut(visitor, value);
            }
        }
        StmtKind::Print(parts) => {
            for part in parts {
                if let PrintPart::Value { value, .. } = part {
                    walk_expr_mut(visitor, value);
                }
            }
        }
        StmtKind::Return(value) | StmtKind::Expr(value) => walk_expr_mut(visitor, value),
        StmtKind::Fn { name, params, body } => {
            visitor.ident(name);
            for param in params {
                visitor.ident(param);
            }
            match body {
                FnBody::Expr(expr) => walk_expr_mut(visitor, expr),
                FnBody::Block(block) => walk_statements_mut(visitor, &mut block.statements),
            }
        }
        StmtKind::Scope {
            index,
            start,
            end,
            unroll,
            body,
            ..
        } => {
            visitor.ident(index);
            walk_expr_mut(visitor, start);
            walk_expr_mut(visitor, end);
            if let Some(unroll) = unroll {
                walk_expr_mut(visitor, unroll);
            }
            walk_statements_mut(visitor, &mut body.statements);
        }
        StmtKind::If {
            condition,
            then_block,
            else_block,
        } => {
            walk_expr_mut(visitor, condition);
            walk_statements_mut(visitor, &mut then_block.statements);
            if let Some(block) = else_block {
                walk_statements_mut(visitor, &mut block.statements);
            }
        }
        StmtKind::Destructure { names, value, .. } => {
            for name in names {
                visitor.ident(name);
            }
            walk_expr_mut(visitor, value);
        }
        StmtKind::While { condition, body } => {
            walk_expr_mut(visitor, condition);
            walk_statements_mut(visitor, &mut body.statements);
        }
        StmtKind::Break | StmtKind::Continue => {}
    }
}

pub fn walk_indices_mut(visitor: &mut impl VisitMut, indices: &mut [IndexArg]) {
    for index in indices {
        match index {
            IndexArg::Single(expr) => walk_expr_mut(visitor, expr),
            IndexArg::Slice {
                start, end, step, ..
            } => {
                for part in [start, end, step].into_iter().flatten() {
                    walk_expr_mut(visitor, part);
                }
            }
            IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => {}
        }
    }
}

pub fn walk_expr_mut(visitor: &mut impl VisitMut, expr: &mut Expr) {
    match &mut expr.kind {
        ExprKind::Number(_) | ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) => {}
        ExprKind::Name(name) => visitor.name(name, &mut expr.span),
        ExprKind::Unary(_, operand) => walk_expr_mut(visitor, operand),
        ExprKind::Binary(_, lhs, rhs) => {
            walk_expr_mut(visitor, lhs);
            walk_expr_mut(visitor, rhs);
        }
        ExprKind::Call { callee, args } => {
            visitor.ident(callee);
            for arg in args {
                walk_expr_mut(visitor, arg);
            }
        }
        ExprKind::Index { base, indices } => {
            walk_expr_mut(visitor, base);
            walk_indices_mut(visitor, indices);
        }
        ExprKind::Array(items) | ExprKind::Tuple(items) => {
            for item in items {
                walk_expr_mut(visitor, item);
            }
        }
        // The keyword's name is the callee's parameter, not a name of the program.
        ExprKind::Keyword { value, .. } => walk_expr_mut(visitor, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str, functions: Functions) -> Vec<String> {
        let (program, diagnostics) = crate::front::arr::parse(source);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut seen = Vec::new();
        for statement in &program.statements {
            walk(statement, functions, &mut |statement| {
                let text = format!("{:?}", statement.kind);
                let kind: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
                seen.push(kind);
            });
        }
        seen
    }

    #[test]
    fn walk_is_pre_order_and_enters_functions_on_request() {
        let source = "fn f(a) { print a; a }\nif 1 { print 1 } else { loop i in 0..2 { print i } }\nwhile 0 { break }";
        assert_eq!(
            kinds(source, Functions::Skip),
            ["Fn", "If", "Print", "Scope", "Print", "While", "Break"]
        );
        assert_eq!(
            kinds(source, Functions::Enter),
            ["Fn", "Print", "Expr", "If", "Print", "Scope", "Print", "While", "Break"]
        );
    }

    struct Names(Vec<String>);

    impl VisitMut for Names {
        fn ident(&mut self, ident: &mut Ident) {
            self.0.push(format!("ident {}", ident.name));
            ident.name.push('_');
        }
        fn name(&mut self, name: &mut String, _span: &mut Span) {
            self.0.push(format!("name {name}"));
            name.push('_');
        }
    }

    #[test]
    fn walk_mut_reaches_every_name_in_source_order() {
        let source = "var u = zeros([n])\nloop i in 0..k { u[i] += sqrt(x) }\nout y = u";
        let (mut program, diagnostics) = crate::front::arr::parse(source);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut names = Names(Vec::new());
        walk_statements_mut(&mut names, &mut program.statements);
        assert_eq!(
            names.0,
            [
                "ident u",
                "ident zeros",
                "name n",
                "ident i",
                "name k",
                "ident u",
                "name i",
                "ident sqrt",
                "name x",
                "ident y",
                "name u"
            ]
        );
        let mut again = Names(Vec::new());
        walk_statements_mut(&mut again, &mut program.statements);
        assert_eq!(again.0[0], "ident u_");
    }
}
