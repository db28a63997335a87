//! Passes over the generated `.arr` program, after translation: outputs named after
//! their storage, `var`s never assigned made `let`s, and a span of its own for every name
//! (the checker resolves names by span). Takes and gives `ast` only.

use crate::ast::{Expr, ExprKind, Ident, IndexArg, Stmt, StmtKind};
use crate::diagnostic::Span;
use std::collections::HashSet;

/// Every name the program assigns after declaring it (region assignments, swaps).
pub(super) fn assigned_names(statements: &[Stmt]) -> HashSet<String> {
    let mut names = HashSet::new();
    collect_assigned(statements, &mut names);
    names
}

fn collect_assigned(statements: &[Stmt], names: &mut HashSet<String>) {
    for statement in statements {
        match &statement.kind {
            StmtKind::Assign { target, .. } => {
                names.insert(target.name.clone());
            }
            StmtKind::Destructure { names: targets, .. } => {
                for target in targets {
                    names.insert(target.name.clone());
                }
            }
            StmtKind::Scope { body, .. } | StmtKind::While { body, .. } => {
                collect_assigned(&body.statements, names)
            }
            StmtKind::If {
                then_block,
                else_block,
                ..
            } => {
                collect_assigned(&then_block.statements, names);
                if let Some(block) = else_block {
                    collect_assigned(&block.statements, names);
                }
            }
            _ => {}
        }
    }
}

/// A `var` never assigned after its declaration is a `let`: the `.arr` form a person would
/// write, which lowering may keep as a view instead of a copy.
pub(super) fn let_where_never_assigned(statements: &mut [Stmt], assigned: &HashSet<String>) {
    for statement in statements {
        match &mut statement.kind {
            StmtKind::Var { name, value } if !assigned.contains(&name.name) => {
                statement.kind = StmtKind::Let {
                    name: name.clone(),
                    value: value.clone(),
                };
            }
            StmtKind::Scope { body, .. } | StmtKind::While { body, .. } => {
                let_where_never_assigned(&mut body.statements, assigned)
            }
            StmtKind::If {
                then_block,
                else_block,
                ..
            } => {
                let_where_never_assigned(&mut then_block.statements, assigned);
                if let Some(block) = else_block {
                    let_where_never_assigned(&mut block.statements, assigned);
                }
            }
            _ => {}
        }
    }
}

/// The checker resolves each name by its span, so every name and callee of the generated
/// program gets a span of its own: the same start (diagnostics point at the Python line and
/// column) and an end past the source (each one different). An inlined function's names
/// thus resolve per call, and the names the front end adds never collide.
pub(super) struct UniqueSpans {
    pub(super) next: u32,
}

impl UniqueSpans {
    fn span(&mut self, span: &mut Span) {
        span.end = self.next;
        self.next = self.next.saturating_add(1);
    }

    pub(super) fn statements(&mut self, statements: &mut [Stmt]) {
        for statement in statements {
            self.statement(statement);
        }
    }

    fn statement(&mut self, statement: &mut Stmt) {
        match &mut statement.kind {
            StmtKind::Param { name, value }
            | StmtKind::Let { name, value }
            | StmtKind::Var { name, value } => {
                self.span(&mut name.span);
                self.expr(value);
            }
            StmtKind::Input { name, .. } => self.span(&mut name.span),
            StmtKind::Assign {
                target,
                indices,
                value,
                ..
            } => {
                self.span(&mut target.span);
                if let Some(indices) = indices {
                    self.indices(indices);
                }
                self.expr(value);
            }
            StmtKind::Out { name, value } => {
                self.span(&mut name.span);
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            StmtKind::Print(value) | StmtKind::Return(value) | StmtKind::Expr(value) => {
                self.expr(value)
            }
            StmtKind::Fn { .. } => {}
            StmtKind::Scope {
                index,
                start,
                end,
                body,
                ..
            } => {
                self.span(&mut index.span);
                self.expr(start);
                self.expr(end);
                self.statements(&mut body.statements);
            }
            StmtKind::If {
                condition,
                then_block,
                else_block,
            } => {
                self.expr(condition);
                self.statements(&mut then_block.statements);
                if let Some(block) = else_block {
                    self.statements(&mut block.statements);
                }
            }
            StmtKind::Destructure { names, value, .. } => {
                for name in names {
                    self.span(&mut name.span);
                }
                self.expr(value);
            }
            StmtKind::While { condition, body } => {
                self.expr(condition);
                self.statements(&mut body.statements);
            }
            StmtKind::Break | StmtKind::Continue => {}
        }
    }

    pub(super) fn indices(&mut self, indices: &mut [IndexArg]) {
        for index in indices {
            match index {
                IndexArg::Single(expr) => self.expr(expr),
                IndexArg::Slice {
                    start, end, step, ..
                } => {
                    for part in [start, end, step].into_iter().flatten() {
                        self.expr(part);
                    }
                }
                IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => {}
            }
        }
    }

    fn expr(&mut self, expr: &mut Expr) {
        match &mut expr.kind {
            ExprKind::Number(_) | ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) => {}
            ExprKind::Name(_) => self.span(&mut expr.span),
            ExprKind::Unary(_, operand) => self.expr(operand),
            ExprKind::Binary(_, lhs, rhs) => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Call { callee, args } => {
                self.span(&mut callee.span);
                for arg in args {
                    self.expr(arg);
                }
            }
            ExprKind::Index { base, indices } => {
                self.expr(base);
                self.indices(indices);
            }
            ExprKind::Array(items) | ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprKind::Keyword { value, .. } => self.expr(value),
        }
    }
}

/// `out y = S` of a whole storage `S` that nothing assigns afterwards becomes `out y` with
/// `S` renamed `y`: the output is the storage itself, without a copy (output names are
/// reserved, so no storage is called `y` already).
pub(super) fn name_outputs_after_their_storage(statements: &mut [Stmt]) {
    let mut renamed: HashSet<String> = HashSet::new();
    for index in 0..statements.len() {
        let (output, storage) = match &statements[index].kind {
            StmtKind::Out {
                name,
                value:
                    Some(Expr {
                        kind: ExprKind::Name(storage),
                        ..
                    }),
            } => (name.name.clone(), storage.clone()),
            _ => continue,
        };
        if renamed.contains(&storage) {
            continue;
        }
        let later = assigned_names(&statements[index + 1..]);
        let declared_at_top = statements[..index].iter().any(|s| {
            matches!(&s.kind, StmtKind::Var { name, .. } | StmtKind::Let { name, .. } if name.name == storage)
        });
        let mut mentions = Rename {
            from: &storage,
            to: &storage,
            hits: 0,
        };
        mentions.statements(&mut statements[index + 1..]);
        if later.contains(&storage) || !declared_at_top || mentions.hits > 0 {
            continue;
        }
        let mut rename = Rename {
            from: &storage,
            to: &output,
            hits: 0,
        };
        rename.statements(statements);
        if let StmtKind::Out { value, .. } = &mut statements[index].kind {
            *value = None;
        }
        renamed.insert(storage);
    }
}

/// Renames a storage everywhere (and counts the mentions it renamed).
pub(super) struct Rename<'a> {
    pub(super) from: &'a str,
    pub(super) to: &'a str,
    pub(super) hits: usize,
}

impl Rename<'_> {
    fn ident(&mut self, ident: &mut Ident) {
        if ident.name == self.from {
            ident.name = self.to.to_string();
            self.hits += 1;
        }
    }

    pub(super) fn statements(&mut self, statements: &mut [Stmt]) {
        for statement in statements {
            match &mut statement.kind {
                StmtKind::Param { name, value }
                | StmtKind::Let { name, value }
                | StmtKind::Var { name, value } => {
                    self.ident(name);
                    self.expr(value);
                }
                StmtKind::Input { name, .. } => self.ident(name),
                StmtKind::Assign {
                    target,
                    indices,
                    value,
                    ..
                } => {
                    self.ident(target);
                    if let Some(indices) = indices {
                        self.indices(indices);
                    }
                    self.expr(value);
                }
                StmtKind::Out { value, .. } => {
                    if let Some(value) = value {
                        self.expr(value);
                    }
                }
                StmtKind::Print(value) | StmtKind::Return(value) | StmtKind::Expr(value) => {
                    self.expr(value)
                }
                StmtKind::Fn { .. } => {}
                StmtKind::Scope {
                    start, end, body, ..
                } => {
                    self.expr(start);
                    self.expr(end);
                    self.statements(&mut body.statements);
                }
                StmtKind::If {
                    condition,
                    then_block,
                    else_block,
                } => {
                    self.expr(condition);
                    self.statements(&mut then_block.statements);
                    if let Some(block) = else_block {
                        self.statements(&mut block.statements);
                    }
                }
                StmtKind::Destructure { names, value, .. } => {
                    for name in names {
                        self.ident(name);
                    }
                    self.expr(value);
                }
                StmtKind::While { condition, body } => {
                    self.expr(condition);
                    self.statements(&mut body.statements);
                }
                StmtKind::Break | StmtKind::Continue => {}
            }
        }
    }

    pub(super) fn indices(&mut self, indices: &mut [IndexArg]) {
        for index in indices {
            match index {
                IndexArg::Single(expr) => self.expr(expr),
                IndexArg::Slice {
                    start, end, step, ..
                } => {
                    for part in [start, end, step].into_iter().flatten() {
                        self.expr(part);
                    }
                }
                IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => {}
            }
        }
    }

    fn expr(&mut self, expr: &mut Expr) {
        match &mut expr.kind {
            ExprKind::Number(_) | ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) => {}
            ExprKind::Name(name) => {
                if name == self.from {
                    *name = self.to.to_string();
                    self.hits += 1;
                }
            }
            ExprKind::Unary(_, operand) => self.expr(operand),
            ExprKind::Binary(_, lhs, rhs) => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Call { args, .. } => {
                for arg in args {
                    self.expr(arg);
                }
            }
            ExprKind::Index { base, indices } => {
                self.expr(base);
                self.indices(indices);
            }
            ExprKind::Array(items) | ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprKind::Keyword { value, .. } => self.expr(value),
        }
    }
}
