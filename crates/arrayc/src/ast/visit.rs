//! Walks over statements: the one place that knows which statements hold blocks, so a
//! question about "every statement at any depth" is asked without listing the kinds.

use super::{Block, FnBody, Stmt, StmtKind};

impl Stmt {
    /// The blocks this statement holds, in source order: a scope's or `while`'s body,
    /// an `if`'s two branches, a function's block body.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        let (first, second): (Option<&Block>, Option<&Block>) = match &self.kind {
            StmtKind::Scope { body, .. } | StmtKind::While { body, .. } => (Some(body), None),
            StmtKind::If {
                then_block,
                else_block,
                ..
            } => (Some(then_block), else_block.as_ref()),
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
        };
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
}
