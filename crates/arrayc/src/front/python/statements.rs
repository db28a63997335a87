//! Statements: one method per Python statement kind, imports, and the statements that
//! are calls of their own (`print`, `np.save`, `a.fill(x)`, matplotlib lines).

use super::functions::Code;
use super::inputs::array_name;
use super::span;
use super::translate::*;
use crate::ast::{AssignOp, Ident, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    pub(super) fn statements(&mut self, body: &[py::Stmt]) {
        for statement in body {
            let _ = self.statement(statement);
        }
    }

    pub(super) fn statement(&mut self, statement: &py::Stmt) -> Result<()> {
        let at = span(statement);
        match statement {
            py::Stmt::Expr(node) => self.expression_statement(&node.value),
            py::Stmt::Assign(node) => {
                if node.targets.len() != 1 {
                    return Err(self.refuse(
                        at,
                        "chained assignment (`a = b = ...`) is not supported",
                        "assign each name on its own line",
                    ));
                }
                if self.skip_plot_assignment(&node.targets[0], &node.value) {
                    return Ok(());
                }
                self.assign(&node.targets[0], &node.value, at)
            }
            py::Stmt::AnnAssign(node) => match &node.value {
                Some(value) => self.assign(&node.target, value, at),
                None => Ok(()),
            },
            py::Stmt::AugAssign(node) => {
                self.augmented_assign(&node.target, node.op, &node.value, at)
            }
            py::Stmt::For(node) => self.for_statement(node, at),
            py::Stmt::While(node) => self.while_statement(node, at),
            py::Stmt::If(node) => self.if_statement(node),
            py::Stmt::FunctionDef(node) => {
                if !node.decorator_list.is_empty() || node.is_async {
                    return Err(self.refuse(
                        at,
                        "decorated and async functions are not supported",
                        "define a plain `def`",
                    ));
                }
                let function = self.define(Code::Def(node.clone()));
                self.bind(node.name.as_str(), Binding::Function(function));
                Ok(())
            }
            // A function's `return`s are read by `returns.rs`; one here is at the module's
            // level (Python refuses it too).
            py::Stmt::Return(_) => Err(self.refuse(at, "`return` outside a function", "")),
            py::Stmt::Import(node) => self.import(node),
            py::Stmt::ImportFrom(node) => self.import_from(node, at),
            py::Stmt::Global(node) => {
                if self.frames.len() > 1 {
                    let top = self.frames.len() - 1;
                    for name in &node.names {
                        self.frames[top].globals.insert(name.as_str().to_string());
                    }
                }
                Ok(())
            }
            py::Stmt::Pass(_) => Ok(()),
            py::Stmt::Break(_) => self.loop_jump(StmtKind::Break, at),
            py::Stmt::Continue(_) => self.loop_jump(StmtKind::Continue, at),
            py::Stmt::ClassDef(_) => {
                Err(self.refuse(at, "classes are not supported", "use functions and arrays"))
            }
            py::Stmt::Delete(_) => {
                Err(self.refuse(at, "`del` is not supported", "remove the line"))
            }
            py::Stmt::With(_) => Err(self.refuse(at, "`with` is not supported", "")),
            py::Stmt::Try(_) | py::Stmt::Raise(_) => {
                Err(self.refuse(at, "exceptions (`try`, `raise`) are not supported", ""))
            }
            py::Stmt::Assert(_) => Err(self.refuse(
                at,
                "`assert` is not supported yet",
                "remove the line (it does not change the results)",
            )),
            py::Stmt::Nonlocal(_) => Err(self.refuse(at, "`nonlocal` is not supported", "")),
            py::Stmt::Match(_) => {
                Err(self.refuse(at, "`match` is not supported", "use `if`/`elif`"))
            }
            py::Stmt::TypeAlias(_) | py::Stmt::IpyEscapeCommand(_) => {
                Err(self.refuse(at, "this statement is not supported", ""))
            }
        }
    }

    pub(super) fn expression_statement(&mut self, value: &py::Expr) -> Result<()> {
        let at = span(value);
        match value {
            // Docstrings and other bare strings.
            py::Expr::StringLiteral(_) => Ok(()),
            py::Expr::Call(call) => {
                if self.is_plot(&call.func) {
                    return Ok(());
                }
                if let py::Expr::Name(name) = call.func.as_ref() {
                    if name.id.as_str() == "print" && self.lookup("print").is_none() {
                        return self.print(call, at);
                    }
                    if self.is_numpy_name(name.id.as_str(), "save") {
                        return self.save(call, at);
                    }
                }
                if let py::Expr::Attribute(attribute) = call.func.as_ref() {
                    let attr = attribute.attr.as_str();
                    if self.module_of(&attribute.value) == Some(Module::Numpy) && attr == "save" {
                        return self.save(call, at);
                    }
                    if attr == "fill" && self.module_of(&attribute.value).is_none() {
                        let fill = self.single_argument(call, "fill")?;
                        let fill = self.expr(fill)?;
                        let fill = self.scalar(fill)?;
                        return self.write(&attribute.value, None, AssignOp::Set, fill, at);
                    }
                }
                self.expr(value).map(|_| ())
            }
            _ => self.expr(value).map(|_| ()),
        }
    }

    pub(super) fn is_plot(&self, func: &py::Expr) -> bool {
        let mut base = func;
        loop {
            match base {
                py::Expr::Attribute(attribute) => base = &attribute.value,
                py::Expr::Call(call) => base = &call.func,
                py::Expr::Name(name) => {
                    return matches!(
                        self.lookup(name.id.as_str()),
                        Some(Binding::Module(Module::Plot) | Binding::Imported(Module::Plot, _))
                    )
                }
                _ => return false,
            }
        }
    }

    pub(super) fn module_of(&self, expr: &py::Expr) -> Option<Module> {
        match expr {
            py::Expr::Name(name) => match self.lookup(name.id.as_str()) {
                Some(Binding::Module(module)) => Some(*module),
                _ => None,
            },
            _ => None,
        }
    }

    pub(super) fn single_argument<'a>(
        &mut self,
        call: &'a py::ExprCall,
        what: &str,
    ) -> Result<&'a py::Expr> {
        if call.arguments.args.len() != 1 || !call.arguments.keywords.is_empty() {
            return Err(self.refuse(span(call), format!("`{what}` takes one argument here"), ""));
        }
        Ok(&call.arguments.args[0])
    }

    pub(super) fn save(&mut self, call: &py::ExprCall, at: Span) -> Result<()> {
        let arguments = &call.arguments;
        let file = match (arguments.args.first(), arguments.args.len()) {
            (Some(py::Expr::StringLiteral(file)), 2) if arguments.keywords.is_empty() => {
                file.value.to_str().to_string()
            }
            _ => {
                return Err(self.refuse(
                    at,
                    "`np.save` takes a file name written as a string and an array",
                    "write `np.save(\"y.npy\", y)`: the output is named `y`",
                ))
            }
        };
        let name = array_name(&file).ok_or_else(|| {
            self.refuse(
                span(&arguments.args[0]),
                format!("cannot name an output after `{file}`"),
                "save to a file named like a Python name, ending in `.npy`: `np.save(\"u_final.npy\", u)`",
            )
        })?;
        if self.depth() > 0 {
            return Err(self.refuse(
                at,
                "`np.save` inside a loop or an `if` is not supported",
                "save after the loop, at the top level of the script",
            ));
        }
        let value = self.expr(&arguments.args[1])?;
        let (value, _) = self.value_expr(value, at)?;
        self.emit(
            StmtKind::Out {
                name: Ident {
                    name,
                    span: span(&arguments.args[0]),
                },
                value: Some(value),
            },
            at,
        );
        Ok(())
    }

    /// Output names are reserved before translation so that no storage takes one.
    pub(super) fn reserve_outputs(&mut self, body: &[py::Stmt]) {
        let mut files = Vec::new();
        collect_saved_files(body, &mut files);
        for (file, _) in files {
            if let Some(name) = array_name(&file) {
                self.used.insert(name.clone());
                self.outputs.insert(name);
            }
        }
        for param in self.params.clone() {
            self.used.insert(param);
        }
    }
}

/// The file (as written) and call span of every `np.save("FILE", ...)` statement, in
/// source order, at any depth.
pub(super) fn collect_saved_files(body: &[py::Stmt], files: &mut Vec<(String, Span)>) {
    for statement in body {
        match statement {
            py::Stmt::Expr(node) => {
                if let py::Expr::Call(call) = node.value.as_ref() {
                    let callee = match call.func.as_ref() {
                        py::Expr::Attribute(attribute) => attribute.attr.as_str(),
                        py::Expr::Name(name) => name.id.as_str(),
                        _ => "",
                    };
                    if let (Some(py::Expr::StringLiteral(file)), "save") =
                        (call.arguments.args.first(), callee)
                    {
                        files.push((file.value.to_str().to_string(), span(call)));
                    }
                }
            }
            py::Stmt::If(node) => {
                collect_saved_files(&node.body, files);
                for clause in &node.elif_else_clauses {
                    collect_saved_files(&clause.body, files);
                }
            }
            py::Stmt::For(node) => collect_saved_files(&node.body, files),
            py::Stmt::While(node) => collect_saved_files(&node.body, files),
            py::Stmt::FunctionDef(node) => collect_saved_files(&node.body, files),
            _ => {}
        }
    }
}
