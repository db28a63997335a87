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
    // Any function may read a module name as a global, whenever it is called.
    let mut in_functions = Mentions::default();
    for statement in module {
        collect_function_mentions(statement, &mut in_functions);
    }
    let mut res = LoopLocals::new();
    scan(module, &in_functions.names, &mut res);
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

fn collect_function_mentions<'a>(statement: &'a Stmt, into: &mut Mentions<'a>) {
    match statement {
        Stmt::FunctionDef(def) => {
            for inner in &def.body {
                into.visit_stmt(inner);
            }
        }
        Stmt::For(node) => node
            .body
            .iter()
            .for_each(|s| collect_function_mentions(s, into)),
        Stmt::While(node) => node
            .body
            .iter()
            .for_each(|s| collect_function_mentions(s, into)),
        Stmt::If(node) => {
            node.body
                .iter()
                .for_each(|s| collect_function_mentions(s, into));
            for clause in &node.elif_else_clauses {
                clause
                    .body
                    .iter()
                    .for_each(|s| collect_function_mentions(s, into));
            }
        }
        _ => {}
    }
}

/// Scans `body`, whose statements are followed by code that mentions `after`.
fn scan<'a>(body: &'a [Stmt], after: &HashSet<&'a str>, res: &mut LoopLocals) {
    let mentions: Vec<HashSet<&str>> = body.iter().map(mentions_of).collect();
    for (index, statement) in body.iter().enumerate() {
        let later = || {
            let mut later = after.clone();
            for set in &mentions[index + 1..] {
                later.extend(set.iter().copied());
            }
            later
        };
        match statement {
            Stmt::For(py::StmtFor {
                body: loop_body,
                iter,
                target,
                orelse,
                ..
            }) => {
                let mut later = later();
                later.extend(orelse.iter().flat_map(mentions_of));
                scan(orelse, &later, res);
                let mut header = mentions_in_expr(iter);
                header.extend(mentions_in_expr(target));
                record(statement, loop_body, &header, &later, res);
                let mut inner = later;
                inner.extend(mentions[index].iter().copied());
                scan(loop_body, &inner, res);
            }
            Stmt::While(py::StmtWhile {
                body: loop_body,
                test,
                orelse,
                ..
            }) => {
                let mut later = later();
                later.extend(orelse.iter().flat_map(mentions_of));
                scan(orelse, &later, res);
                record(statement, loop_body, &mentions_in_expr(test), &later, res);
                let mut inner = later;
                inner.extend(mentions[index].iter().copied());
                scan(loop_body, &inner, res);
            }
            Stmt::If(node) => {
                let later = later();
                scan(&node.body, &later, res);
                for clause in &node.elif_else_clauses {
                    scan(&clause.body, &later, res);
                }
            }
            Stmt::FunctionDef(def) => {
                // A function's locals end with it; its globals live on in the module.
                let mut globals = HashSet::new();
                for inner in &def.body {
                    if let Stmt::Global(global) = inner {
                        globals.extend(global.names.iter().map(|n| n.as_str()));
                    }
                }
                scan(&def.body, &globals, res);
            }
            _ => {}
        }
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
pub(super) type UsedAfter = HashMap<u32, HashSet<String>>;

pub(super) fn used_after(module: &[Stmt]) -> UsedAfter {
    let mut in_functions = Mentions::default();
    for statement in module {
        collect_function_mentions(statement, &mut in_functions);
    }
    let mut res = UsedAfter::new();
    scan_used_after(module, &in_functions.names, false, &mut res);
    res
}

/// Scans `body`, followed by code that mentions `after`; `in_loop` when `body` is (or is
/// inside an `if` inside) a loop's body, whose earlier statements run again.
fn scan_used_after<'a>(
    body: &'a [Stmt],
    after: &HashSet<&'a str>,
    in_loop: bool,
    res: &mut UsedAfter,
) {
    let mentions: Vec<HashSet<&str>> = body.iter().map(mentions_of).collect();
    for (index, statement) in body.iter().enumerate() {
        let mut context = after.clone();
        for (other, set) in mentions.iter().enumerate() {
            if other > index || (in_loop && other < index) {
                context.extend(set.iter().copied());
            }
        }
        match statement {
            Stmt::For(py::StmtFor {
                body: loop_body,
                iter,
                orelse,
                ..
            }) => {
                context.extend(orelse.iter().flat_map(mentions_of));
                scan_used_after(orelse, &context, in_loop, res);
                res.insert(
                    statement.range().start().to_u32(),
                    context.iter().map(|name| name.to_string()).collect(),
                );
                context.extend(mentions_in_expr(iter));
                scan_used_after(loop_body, &context, true, res);
            }
            Stmt::While(py::StmtWhile {
                body: loop_body,
                test,
                orelse,
                ..
            }) => {
                context.extend(orelse.iter().flat_map(mentions_of));
                scan_used_after(orelse, &context, in_loop, res);
                res.insert(
                    statement.range().start().to_u32(),
                    context.iter().map(|name| name.to_string()).collect(),
                );
                context.extend(mentions_in_expr(test));
                scan_used_after(loop_body, &context, true, res);
            }
            Stmt::If(node) => {
                scan_used_after(&node.body, &context, in_loop, res);
                for clause in &node.elif_else_clauses {
                    scan_used_after(&clause.body, &context, in_loop, res);
                }
            }
            Stmt::FunctionDef(def) => {
                let mut globals = HashSet::new();
                for inner in &def.body {
                    if let Stmt::Global(global) = inner {
                        globals.extend(global.names.iter().map(|n| n.as_str()));
                    }
                }
                // A function's `return x, i + 1` after its loop is code after the loop.
                scan_used_after(&def.body, &globals, false, res);
            }
            _ => {}
        }
    }
}
