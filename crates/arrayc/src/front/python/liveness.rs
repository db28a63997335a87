//! Names a loop may give new storage on every iteration: bound before the loop, but dead at
//! its entry and exit. Such a name's first mention in each iteration is a plain assignment
//! `pn = ...` at the top of the body, and nothing after the loop (nor the loop's test, nor a
//! function that could read it as a global) mentions it. Nothing then observes the array it
//! referred to before, so `pn = p.copy()` need not write into that array: it is a new
//! snapshot each iteration (`.arr`'s `let pn = p`), which lowering turns into a buffer swap
//! instead of a copy.
//!
//! A syntactic pre-pass over ruff's tree, keyed by each loop statement's start offset (so an
//! inlined function's loops are found at every call).

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as py, Expr, Stmt};
use ruff_text_size::Ranged;
use std::collections::{HashMap, HashSet};

/// For each loop (by its statement's start offset), the names that are local to an
/// iteration.
pub(super) type LoopLocals = HashMap<u32, HashSet<String>>;

pub(super) fn loop_locals(module: &[Stmt]) -> LoopLocals {
    let mut res = LoopLocals::new();
    walk_loops(
        module,
        &function_mentions(module),
        Mode::Locals,
        false,
        &mut |statement, body, header, later| record(statement, body, header, later, &mut res),
    );
    res
}

/// The names an expression or statement mentions, borrowed from the tree.
#[derive(Default)]
struct Mentions<'a> {
    names: HashSet<&'a str>,
}

impl<'a> Visitor<'a> for Mentions<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr {
            self.names.insert(name.id.as_str());
        }
        visitor::walk_expr(self, expr);
    }
}

fn mentions_of(statement: &Stmt) -> HashSet<&str> {
    let mut mentions = Mentions::default();
    mentions.visit_stmt(statement);
    mentions.names
}

fn mentions_in_expr(expr: &Expr) -> HashSet<&str> {
    let mut mentions = Mentions::default();
    mentions.visit_expr(expr);
    mentions.names
}

/// The names any function of the module mentions: a function may read a module name as a
/// global whenever it is called.
fn function_mentions(module: &[Stmt]) -> HashSet<&str> {
    let mut into = Mentions::default();
    for statement in module {
        collect_function_mentions(statement, &mut into);
    }
    into.names
}

fn collect_function_mentions<'a>(statement: &'a Stmt, into: &mut Mentions<'a>) {
    match statement {
        Stmt::FunctionDef(def) => {
            for inner in &def.body {
                into.visit_stmt(inner);
            }
        }
        Stmt::For(py::StmtFor { body, .. }) | Stmt::While(py::StmtWhile { body, .. }) => {
            body.iter().for_each(|s| collect_function_mentions(s, into))
        }
        Stmt::If(node) => {
            let clauses = node.elif_else_clauses.iter().map(|c| &c.body);
            for body in std::iter::once(&node.body).chain(clauses) {
                body.iter().for_each(|s| collect_function_mentions(s, into));
            }
        }
        _ => {}
    }
}

/// What a statement's context counts as code that runs after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The later statements of its block; a loop's body is followed by the whole loop
    /// statement (the next iteration) and what follows the loop (`loop_locals`).
    Locals,
    /// The later statements of its block and, inside a loop's body, the earlier ones too;
    /// a loop's body is followed by its header (`used_after`).
    After,
}

/// Walks `body`, whose statements are followed by code that mentions `after` (`in_loop`:
/// `body` is, or is inside an `if` inside, a loop's body), calling `visit` at every loop
/// with the loop statement, its body, its header's mentions (the target and the iterable,
/// or the test) and the names code after the loop mentions (its `else:` included).
fn walk_loops<'a>(
    body: &'a [Stmt],
    after: &HashSet<&'a str>,
    mode: Mode,
    in_loop: bool,
    visit: &mut impl FnMut(&'a Stmt, &'a [Stmt], &HashSet<&'a str>, &HashSet<&'a str>),
) {
    let mentions: Vec<HashSet<&str>> = body.iter().map(mentions_of).collect();
    for (index, statement) in body.iter().enumerate() {
        let mut context = after.clone();
        for (other, set) in mentions.iter().enumerate() {
            if other > index || (mode == Mode::After && in_loop && other < index) {
                context.extend(set.iter().copied());
            }
        }
        let (loop_body, header, orelse) = match statement {
            Stmt::For(py::StmtFor {
                body: loop_body,
                iter,
                target,
                orelse,
                ..
            }) => {
                let mut header = mentions_in_expr(iter);
                header.extend(mentions_in_expr(target));
                (loop_body, header, orelse)
            }
            Stmt::While(py::StmtWhile {
                body: loop_body,
                test,
                orelse,
                ..
            }) => (loop_body, mentions_in_expr(test), orelse),
            Stmt::If(node) => {
                let clauses = node.elif_else_clauses.iter().map(|c| &c.body);
                for inner in std::iter::once(&node.body).chain(clauses) {
                    walk_loops(inner, &context, mode, in_loop, visit);
                }
                continue;
            }
            Stmt::FunctionDef(def) => {
                // A function's locals end with it; its globals live on in the module (and
                // its `return x, i + 1` after a loop is code after the loop).
                let mut globals = HashSet::new();
                for inner in &def.body {
                    if let Stmt::Global(global) = inner {
                        globals.extend(global.names.iter().map(|n| n.as_str()));
                    }
                }
                walk_loops(&def.body, &globals, mode, false, visit);
                continue;
            }
            _ => continue,
        };
        context.extend(orelse.iter().flat_map(mentions_of));
        walk_loops(orelse, &context, mode, in_loop, visit);
        visit(statement, loop_body, &header, &context);
        match mode {
            Mode::Locals => context.extend(mentions[index].iter().copied()),
            Mode::After => match statement {
                // The iterable is evaluated once, before the loop; the target is bound by it.
                Stmt::For(node) => context.extend(mentions_in_expr(&node.iter)),
                _ => context.extend(header.iter().copied()),
            },
        }
        walk_loops(loop_body, &context, mode, true, visit);
    }
}

/// The names whose first mention in `body` is a plain assignment at its top level, that
/// the loop's header and the code after the loop do not mention.
fn record(
    statement: &Stmt,
    body: &[Stmt],
    header: &HashSet<&str>,
    later: &HashSet<&str>,
    res: &mut LoopLocals,
) {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut locals = HashSet::new();
    for inner in body {
        let mentioned = mentions_of(inner);
        if let Stmt::Assign(assign) = inner {
            if let [Expr::Name(target)] = assign.targets.as_slice() {
                let id = target.id.as_str();
                let dead = !seen.contains(id)
                    && !header.contains(id)
                    && !later.contains(id)
                    && !mentions_in_expr(&assign.value).contains(id);
                if dead {
                    locals.insert(id.to_string());
                }
            }
        }
        seen.extend(mentioned);
    }
    if !locals.is_empty() {
        res.insert(statement.range().start().to_u32(), locals);
    }
}

/// For each loop (by its statement's start offset), the names that code running after it
/// may read: later statements of its block and of the blocks around it, and, inside an
/// enclosing loop, that loop's other statements (they run again in its next iteration).
/// A scalar bound inside the loop and named here outlives the loop (`control`).
pub(super) type UsedAfter = HashMap<u32, LoopUse>;

/// The names a loop's context reads.
#[derive(Debug, Clone, Default)]
pub(super) struct LoopUse {
    /// Read by code running after the loop (see `UsedAfter`).
    pub(super) after: HashSet<String>,
    /// Read after the loop or by the loop itself: a name of the loop's frame outside this
    /// set is dead from the loop on.
    pub(super) live: HashSet<String>,
}

pub(super) fn used_after(module: &[Stmt]) -> UsedAfter {
    let mut res = UsedAfter::new();
    walk_loops(
        module,
        &function_mentions(module),
        Mode::After,
        false,
        &mut |statement, _, _, later| {
            let after: HashSet<String> = later.iter().map(|name| name.to_string()).collect();
            let mut live = after.clone();
            live.extend(mentions_of(statement).iter().map(|name| name.to_string()));
            res.insert(statement.range().start().to_u32(), LoopUse { after, live });
        },
    );
    res
}
