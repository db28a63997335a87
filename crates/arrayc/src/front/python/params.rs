//! The module's params: names bound once, at the top level, to a constant.

use ruff_python_ast as py;
use std::collections::{HashMap, HashSet};

/// Module-level names assigned exactly once, at the top level, to a constant expression of
/// numbers and earlier such names: the program's `param`s.
pub(super) fn module_params(body: &[py::Stmt]) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    count_assignments(body, &mut counts, true);
    let mut params = HashSet::new();
    let mut modules = HashSet::new();
    for statement in body {
        match statement {
            py::Stmt::Import(node) => {
                for alias in &node.names {
                    if matches!(alias.name.as_str(), "numpy" | "math") {
                        let bound = alias
                            .asname
                            .as_ref()
                            .map_or(alias.name.as_str(), |a| a.as_str());
                        modules.insert(bound.to_string());
                    }
                }
            }
            py::Stmt::Assign(node) if node.targets.len() == 1 => {
                if let py::Expr::Name(name) = &node.targets[0] {
                    let id = name.id.as_str();
                    if counts.get(id) == Some(&1) && is_constant(&node.value, &params, &modules) {
                        params.insert(id.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    params
}

/// Counts each name's assignments; one inside a block (a loop or `if` body) counts twice,
/// so that such names are never params.
pub(super) fn count_assignments(body: &[py::Stmt], counts: &mut HashMap<String, usize>, top: bool) {
    let weight = if top { 1 } else { 2 };
    let add = |counts: &mut HashMap<String, usize>, target: &py::Expr| {
        let mut names = Vec::new();
        target_names(target, &mut names);
        for name in names {
            *counts.entry(name).or_default() += weight;
        }
    };
    for statement in body {
        match statement {
            py::Stmt::Assign(node) => {
                for target in &node.targets {
                    add(counts, target);
                }
            }
            py::Stmt::AugAssign(node) => {
                add(counts, &node.target);
                add(counts, &node.target);
            }
            py::Stmt::AnnAssign(node) => add(counts, &node.target),
            py::Stmt::For(node) => {
                add(counts, &node.target);
                add(counts, &node.target);
                count_assignments(&node.body, counts, false);
                count_assignments(&node.orelse, counts, false);
            }
            py::Stmt::While(node) => {
                count_assignments(&node.body, counts, false);
                count_assignments(&node.orelse, counts, false);
            }
            py::Stmt::If(node) => {
                count_assignments(&node.body, counts, false);
                for clause in &node.elif_else_clauses {
                    count_assignments(&clause.body, counts, false);
                }
            }
            py::Stmt::FunctionDef(node) => {
                // Names a function declares `global` and assigns are not constants.
                for inner in &node.body {
                    if let py::Stmt::Global(global) = inner {
                        for name in &global.names {
                            *counts.entry(name.as_str().to_string()).or_default() += 2;
                        }
                    }
                }
                *counts.entry(node.name.as_str().to_string()).or_default() += 2;
            }
            _ => {}
        }
    }
}

pub(super) fn target_names(target: &py::Expr, names: &mut Vec<String>) {
    match target {
        py::Expr::Name(name) => names.push(name.id.as_str().to_string()),
        py::Expr::Tuple(py::ExprTuple { elts, .. }) | py::Expr::List(py::ExprList { elts, .. }) => {
            for element in elts {
                target_names(element, names);
            }
        }
        _ => {}
    }
}

pub(super) fn is_constant(
    expr: &py::Expr,
    params: &HashSet<String>,
    modules: &HashSet<String>,
) -> bool {
    match expr {
        py::Expr::NumberLiteral(number) => !matches!(number.value, py::Number::Complex { .. }),
        py::Expr::BooleanLiteral(_) => false,
        py::Expr::Name(name) => params.contains(name.id.as_str()),
        py::Expr::UnaryOp(node) => {
            matches!(node.op, py::UnaryOp::USub | py::UnaryOp::UAdd)
                && is_constant(&node.operand, params, modules)
        }
        py::Expr::BinOp(node) => {
            !matches!(
                node.op,
                py::Operator::MatMult
                    | py::Operator::BitAnd
                    | py::Operator::BitOr
                    | py::Operator::BitXor
                    | py::Operator::LShift
                    | py::Operator::RShift
            ) && is_constant(&node.left, params, modules)
                && is_constant(&node.right, params, modules)
        }
        py::Expr::Attribute(attribute) => {
            matches!(attribute.attr.as_str(), "pi" | "e")
                && matches!(attribute.value.as_ref(), py::Expr::Name(name) if modules.contains(name.id.as_str()))
        }
        _ => false,
    }
}
