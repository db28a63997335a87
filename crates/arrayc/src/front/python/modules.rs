//! Imports: NumPy (`import numpy as np`, `from numpy import zeros`, `from numpy import *`),
//! its submodules (`import numpy.random as rnd`, `from numpy.random import rand`), `math`,
//! `arrayc`, and matplotlib (`from matplotlib import pyplot`, `mpl_toolkits`), whose calls
//! and every name bound from one (`fig = pyplot.figure()`) are skipped.

use super::span;
use super::translate::*;
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// The NumPy submodules a script may import by name.
const NUMPY_SUBMODULES: &[&str] = &["random", "linalg", "fft"];

/// The module a dotted name is, if the front end knows it.
pub(super) fn module_named(full: &str) -> Option<Module> {
    let plot = |root: &str| full == root || full.starts_with(&format!("{root}."));
    match full {
        "numpy" => Some(Module::Numpy),
        "math" => Some(Module::Math),
        "arrayc" => Some(Module::Arrayc),
        _ if plot("matplotlib") || plot("mpl_toolkits") => Some(Module::Plot),
        _ => {
            let sub = full.strip_prefix("numpy.")?;
            NUMPY_SUBMODULES
                .iter()
                .find(|known| **known == sub)
                .map(|known| Module::NumpySubmodule(known))
        }
    }
}

impl Translator<'_> {
    pub(super) fn import(&mut self, node: &py::StmtImport) -> Result<()> {
        for alias in &node.names {
            let full = alias.name.as_str();
            let Some(module) = module_named(full) else {
                return Err(self.refuse(
                    span(alias),
                    format!("module `{full}` is not supported"),
                    "arrayc compiles NumPy (`import numpy as np`), `math` and `arrayc`",
                ));
            };
            match &alias.asname {
                Some(asname) => self.bind(asname.as_str(), Binding::Module(module)),
                // `import numpy.random` binds `numpy`.
                None => {
                    let root = full.split('.').next().unwrap_or(full);
                    let module = module_named(root).unwrap_or(module);
                    self.bind(root, Binding::Module(module));
                }
            }
        }
        Ok(())
    }

    pub(super) fn import_from(&mut self, node: &py::StmtImportFrom, at: Span) -> Result<()> {
        let module_name = node.module.as_ref().map_or("", |m| m.as_str());
        let Some(module) = module_named(module_name) else {
            return Err(self.refuse(
                at,
                format!("module `{module_name}` is not supported"),
                "arrayc compiles NumPy, `math` and `arrayc`",
            ));
        };
        for alias in &node.names {
            let name = alias.name.as_str();
            if name == "*" {
                if module != Module::Numpy {
                    return Err(self.refuse(
                        span(alias),
                        format!("`from {module_name} import *` is not supported"),
                        format!("import the names you use: `from {module_name} import sqrt, pi`"),
                    ));
                }
                self.numpy_star = true;
                continue;
            }
            let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
            // `from numpy import random` is the submodule.
            let submodule = match module {
                Module::Numpy => module_named(&format!("numpy.{name}")),
                Module::Plot => Some(Module::Plot),
                _ => None,
            };
            let binding = match submodule {
                Some(submodule) => Binding::Module(submodule),
                None => Binding::Imported(module, name.to_string()),
            };
            self.bind(bound, binding);
        }
        Ok(())
    }

    /// Whether the name `id` is NumPy's function `function` (`from numpy import save`, or
    /// `from numpy import *`).
    pub(super) fn is_numpy_name(&self, id: &str, function: &str) -> bool {
        match self.lookup(id) {
            Some(Binding::Imported(Module::Numpy, name)) => name == function,
            None => self.numpy_star && id == function,
            _ => false,
        }
    }

    /// `fig = plt.figure()`, `ax = fig.gca()`: a name bound from a matplotlib call is a
    /// plotting object, and the line is skipped. Returns whether it was.
    pub(super) fn skip_plot_assignment(&mut self, target: &py::Expr, value: &py::Expr) -> bool {
        let py::Expr::Call(call) = value else {
            return false;
        };
        if !self.is_plot(&call.func) {
            return false;
        }
        let mut names = Vec::new();
        if !plot_targets(target, &mut names) {
            return false;
        }
        for name in names {
            self.bind(&name, Binding::Module(Module::Plot));
        }
        true
    }
}

/// The names of an assignment's target; false when it is not made of names only.
fn plot_targets(target: &py::Expr, names: &mut Vec<String>) -> bool {
    match target {
        py::Expr::Name(name) => {
            names.push(name.id.as_str().to_string());
            true
        }
        py::Expr::Tuple(py::ExprTuple { elts, .. }) | py::Expr::List(py::ExprList { elts, .. }) => {
            elts.iter().all(|element| plot_targets(element, names))
        }
        _ => false,
    }
}
