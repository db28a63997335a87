//! Generic walks over statements: `Stmt::parts` is the one place that knows what each
//! statement kind holds (expressions, a kernel, nested statement lists), so passes that
//! treat every kind alike — counting, walking, finding kernels — need no match of their
//! own, and a new statement kind is added to `parts` rather than to each of them.

use super::{Expr, Kernel, Stmt};

/// Identifies a statement of a program: its index in a pre-order walk of the statements
/// (a statement, then the statements nested in it, then its next sibling).
pub type StmtId = u32;

/// What a statement holds, whatever its kind.
pub struct Parts<'a> {
    /// The kernel, for a kernel statement (its expression, checks and store are its own).
    pub kernel: Option<&'a Kernel>,
    /// Expressions evaluated once, outside any kernel dimension: loop bounds, a condition.
    scalars: [Option<&'a Expr>; 2],
    /// Nested statement lists, in order: a loop's body, an `if`'s two branches.
    bodies: [Option<&'a [Stmt]>; 2],
}

impl<'a> Parts<'a> {
    pub fn scalars(&self) -> impl Iterator<Item = &'a Expr> + 'a {
        self.scalars.into_iter().flatten()
    }

    /// The nested statement lists, in order.
    pub fn bodies(&self) -> impl Iterator<Item = &'a [Stmt]> + 'a {
        self.bodies.into_iter().flatten()
    }
}

impl Stmt {
    pub fn parts(&self) -> Parts<'_> {
        let none = Parts {
            kernel: None,
            scalars: [None, None],
            bodies: [None, None],
        };
        match self {
            Stmt::Kernel(kernel) => Parts {
                kernel: Some(kernel),
                ..none
            },
            Stmt::Loop(l) => Parts {
                scalars: [Some(&l.start), Some(&l.end)],
                bodies: [Some(&l.body), None],
                ..none
            },
            Stmt::Repeat(r) => Parts {
                bodies: [Some(&r.body), None],
                ..none
            },
            Stmt::If {
                condition,
                then_body,
                else_body,
            } => Parts {
                scalars: [Some(condition), None],
                bodies: [Some(then_body), Some(else_body)],
                ..none
            },
            Stmt::Swap(..)
            | Stmt::Print { .. }
            | Stmt::Random { .. }
            | Stmt::MaskedSum { .. }
            | Stmt::Break
            | Stmt::Continue => none,
        }
    }
}

/// Calls `f` on every statement in pre-order with its id, the first of `statements`
/// having id `first`; returns the id after the last.
pub fn walk(statements: &[Stmt], first: StmtId, f: &mut dyn FnMut(StmtId, &Stmt)) -> StmtId {
    let mut next = first;
    for statement in statements {
        f(next, statement);
        next += 1;
        for body in statement.parts().bodies() {
            next = walk(body, next, f);
        }
    }
    next
}

/// The number of statements in `statements`, nested ones included: the ids they take.
pub fn statement_count(statements: &[Stmt]) -> u32 {
    statements
        .iter()
        .map(|statement| 1 + statement.parts().bodies().map(statement_count).sum::<u32>())
        .sum()
}

/// The size of statements in IR operations: statements plus expression and index nodes.
pub fn count_ops(statements: &[Stmt]) -> usize {
    statements.iter().map(stmt_ops).sum()
}

pub fn stmt_ops(statement: &Stmt) -> usize {
    let parts = statement.parts();
    let kernel = parts.kernel.map_or(0, |kernel| {
        kernel.expr.node_count()
            + kernel
                .checks
                .iter()
                .map(|check| 1 + check.value.node_count())
                .sum::<usize>()
    });
    1 + kernel
        + parts.scalars().map(Expr::node_count).sum::<usize>()
        + parts.bodies().map(count_ops).sum::<usize>()
}
