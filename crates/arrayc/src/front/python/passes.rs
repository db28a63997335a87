//! Passes over the generated `.arr` program, after translation: outputs named after
//! their storage, `var`s never assigned made `let`s, and a span of its own for every name
//! (the checker resolves names by span). Takes and gives `ast` only.

use crate::ast::visit::{self, walk_statements_mut, Functions, VisitMut};
use crate::ast::{Expr, ExprKind, Ident, Stmt, StmtKind};
use crate::diagnostic::Span;
use std::collections::HashSet;

/// Every name the program assigns after declaring it (region assignments, swaps), and every
/// storage a tuple assignment reads whole (its buffer may be swapped away).
pub(super) fn assigned_names(statements: &[Stmt]) -> HashSet<String> {
    let mut names = HashSet::new();
    for statement in statements {
        visit::walk(
            statement,
            Functions::Enter,
            &mut |statement| match &statement.kind {
                StmtKind::Assign { target, .. } => {
                    names.insert(target.name.clone());
                }
                StmtKind::Destructure {
                    names: targets,
                    value,
                    ..
                } => {
                    names.extend(targets.iter().map(|target| target.name.clone()));
                    // A whole storage in a tuple assignment may give its buffer away.
                    if let ExprKind::Tuple(items) = &value.kind {
                        for item in items {
                            if let ExprKind::Name(name) = &item.kind {
                                names.insert(name.clone());
                            }
                        }
                    }
                }
                _ => {}
            },
        );
    }
    names
}

/// A `var` never assigned after its declaration is a `let`: the `.arr` form a person would
/// write, which lowering may keep as a view instead of a copy.
pub(super) fn let_where_never_assigned(statements: &mut [Stmt], assigned: &HashSet<String>) {
    for statement in statements {
        if let StmtKind::Var { name, value } = &statement.kind {
            if !assigned.contains(&name.name) {
                statement.kind = StmtKind::Let {
                    name: name.clone(),
                    value: value.clone(),
                };
            }
        }
        for block in statement.blocks_mut() {
            let_where_never_assigned(&mut block.statements, assigned);
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
}

impl VisitMut for UniqueSpans {
    fn ident(&mut self, ident: &mut Ident) {
        self.span(&mut ident.span);
    }

    fn name(&mut self, _name: &mut String, span: &mut Span) {
        self.span(span);
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
        walk_statements_mut(&mut mentions, &mut statements[index + 1..]);
        if later.contains(&storage) || !declared_at_top || mentions.hits > 0 {
            continue;
        }
        let mut rename = Rename {
            from: &storage,
            to: &output,
            hits: 0,
        };
        walk_statements_mut(&mut rename, statements);
        if let StmtKind::Out { value, .. } = &mut statements[index].kind {
            *value = None;
        }
        renamed.insert(storage);
    }
}

/// Renames a storage everywhere (and counts the mentions it renamed). Callees, loop
/// indices and outputs are never named like a storage (fresh names avoid them).
pub(super) struct Rename<'a> {
    pub(super) from: &'a str,
    pub(super) to: &'a str,
    pub(super) hits: usize,
}

impl VisitMut for Rename<'_> {
    fn ident(&mut self, ident: &mut Ident) {
        self.name(&mut ident.name, &mut ident.span);
    }

    fn name(&mut self, name: &mut String, _span: &mut Span) {
        if name == self.from {
            *name = self.to.to_string();
            self.hits += 1;
        }
    }
}
