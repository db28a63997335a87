//! User functions, inlined at each call with their parameters bound to the caller's
//! references. A function is a value too: a `def` or a `lambda` may be bound to a name,
//! passed as an argument and called inside, and it reads the names of the frame it was
//! defined in (a closure); `*args` collects extra positional arguments into a tuple that
//! a call may forward (`f(x, *args)`), and keyword-only parameters take keywords.

use super::names::Reference;
use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;
use std::rc::Rc;

/// A function value: a `def` or a `lambda`, with the frame it was defined in.
#[derive(Debug)]
pub(super) struct Function {
    /// The `def`'s name, or `lambda`.
    pub(super) name: String,
    pub(super) parameters: py::Parameters,
    pub(super) code: Code,
    /// The id of the frame the function was defined in, whose names its body reads.
    pub(super) scope: u32,
}

#[derive(Debug)]
pub(super) enum Code {
    Def(py::StmtFunctionDef),
    Lambda(py::ExprLambda),
}

impl Function {
    fn span(&self) -> Span {
        match &self.code {
            Code::Def(def) => span(def),
            Code::Lambda(lambda) => span(lambda),
        }
    }

    /// The parameters in order: positional ones, then keyword-only ones.
    fn positional(&self) -> Vec<&py::ParameterWithDefault> {
        self.parameters
            .posonlyargs
            .iter()
            .chain(self.parameters.args.iter())
            .collect()
    }
}

impl Translator<'_> {
    /// A function value defined here (`def` or `lambda`), remembering this frame.
    pub(super) fn define(&self, code: Code) -> Rc<Function> {
        let (name, parameters) = match &code {
            Code::Def(def) => (def.name.as_str().to_string(), (*def.parameters).clone()),
            Code::Lambda(lambda) => (
                "lambda".to_string(),
                lambda.parameters.as_deref().cloned().unwrap_or_default(),
            ),
        };
        let scope = self.frames.last().map_or(0, |frame| frame.id);
        Rc::new(Function {
            name,
            parameters,
            code,
            scope,
        })
    }

    /// The positional arguments of a call, with `*t` of a tuple spread into its items.
    pub(super) fn positional_values(&mut self, call: &py::ExprCall) -> Result<Vec<Value>> {
        let mut values = Vec::new();
        for arg in call.arguments.args.iter() {
            match arg {
                py::Expr::Starred(starred) => match self.expr(&starred.value)? {
                    Value::Tuple(items) => values.extend(items),
                    _ => {
                        return Err(self.refuse(
                            span(arg),
                            "`*` is supported here for a tuple (`*args`)",
                            "",
                        ))
                    }
                },
                _ => values.push(self.expr(arg)?),
            }
        }
        Ok(values)
    }

    /// A user function, inlined: its parameters are bound to the caller's references, so
    /// writes through them reach the caller's arrays.
    pub(super) fn inline(&mut self, function: &Rc<Function>, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let name = function.name.clone();
        let key = function_key(function);
        if self.calls.contains(&key) {
            return Err(self.refuse(
                at,
                format!("recursion (`{name}` calls itself) is not supported"),
                "write the recursion as a loop",
            ));
        }
        let parameters = &function.parameters;
        if parameters.kwarg.is_some() {
            return Err(self.refuse(
                span(parameters),
                "`**kwargs` parameters are not supported",
                "name each keyword parameter",
            ));
        }
        let params = function.positional();
        let given = self.positional_values(call)?;
        if given.len() > params.len() && parameters.vararg.is_none() {
            return Err(self.refuse(
                at,
                format!(
                    "`{name}` takes {} arguments but is given {}",
                    params.len(),
                    given.len()
                ),
                "",
            ));
        }
        let mut values: Vec<Option<Value>> = vec![None; params.len()];
        let mut extra = Vec::new();
        for (i, value) in given.into_iter().enumerate() {
            match values.get_mut(i) {
                Some(slot) => *slot = Some(value),
                None => extra.push(value),
            }
        }
        let keyword_only: Vec<&py::ParameterWithDefault> = parameters.kwonlyargs.iter().collect();
        let mut keyword_values: Vec<Option<Value>> = vec![None; keyword_only.len()];
        for keyword in call.arguments.keywords.iter() {
            let Some(key) = &keyword.arg else {
                return Err(self.refuse(span(keyword), "`**kwargs` is not supported", ""));
            };
            let named = |list: &[&py::ParameterWithDefault]| {
                list.iter()
                    .position(|p| p.parameter.name.as_str() == key.as_str())
            };
            let value = self.expr(&keyword.value)?;
            if let Some(position) = named(&params) {
                if values[position].is_some() {
                    return Err(self.refuse(
                        span(keyword),
                        format!("`{name}` is given `{}` twice", key.as_str()),
                        "",
                    ));
                }
                values[position] = Some(value);
            } else if let Some(position) = named(&keyword_only) {
                keyword_values[position] = Some(value);
            } else {
                return Err(self.refuse(
                    span(keyword),
                    format!("`{name}` has no parameter `{}`", key.as_str()),
                    "",
                ));
            }
        }
        let scope = self.frame_index(function, at)?;
        for (i, param) in params.iter().chain(keyword_only.iter()).enumerate() {
            let slot = if i < params.len() {
                &values[i]
            } else {
                &keyword_values[i - params.len()]
            };
            if slot.is_some() {
                continue;
            }
            let Some(default) = &param.default else {
                return Err(self.refuse(
                    at,
                    format!(
                        "`{name}` is missing the argument `{}`",
                        param.parameter.name.as_str()
                    ),
                    "",
                ));
            };
            // A default is evaluated where the function was defined (a global it names is
            // read as it is now: defaults refer to constants in practice).
            let value = self.in_frame(scope, |translator| translator.expr(default))?;
            if i < params.len() {
                values[i] = Some(value);
            } else {
                keyword_values[i - params.len()] = Some(value);
            }
        }
        values.extend(keyword_values);
        if parameters.vararg.is_some() {
            values.push(Some(Value::Tuple(extra)));
        }
        self.inline_values(function, values, at)
    }

    /// The index of the frame `function` was defined in: still open, since a function
    /// defined inside another is called only while that one runs.
    fn frame_index(&mut self, function: &Function, at: Span) -> Result<usize> {
        match self
            .frames
            .iter()
            .rposition(|frame| frame.id == function.scope)
        {
            Some(index) => Ok(index),
            None => Err(self.refuse(
                at,
                format!(
                    "`{}` was defined inside a function that has returned",
                    function.name
                ),
                "define it at the module's level",
            )),
        }
    }

    /// Runs `translate` with names looked up from frame `index` (a default argument).
    fn in_frame<T>(
        &mut self,
        index: usize,
        translate: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let hidden = self.frames.split_off(index + 1);
        let res = translate(self);
        self.frames.extend(hidden);
        res
    }

    /// The body of `function`, inlined with its parameters bound to `values` (one per
    /// parameter: positional, keyword-only, then the `*args` tuple): a call's arguments,
    /// or an entry's (`entry.rs`).
    pub(super) fn inline_values(
        &mut self,
        function: &Rc<Function>,
        values: Vec<Option<Value>>,
        at: Span,
    ) -> Result<Value> {
        let name = function.name.clone();
        let parameters = &function.parameters;
        let names: Vec<&py::Parameter> = function
            .positional()
            .into_iter()
            .chain(parameters.kwonlyargs.iter())
            .map(|p| &p.parameter)
            .chain(parameters.vararg.as_deref())
            .collect();
        let parent = self.frame_index(function, at)?;
        // Bind the parameters in the function's own frame.
        let mut frame = Frame {
            id: self.next_frame,
            parent,
            ..Frame::default()
        };
        self.next_frame += 1;
        let mut pending = Vec::new();
        for (param, value) in names.iter().zip(values) {
            let id = param.name.as_str().to_string();
            match value.ok_or(Failed)? {
                Value::Alias(reference) if reference.rank != Some(0) => {
                    frame.names.insert(
                        id,
                        Binding::Value(Reference {
                            bound_at: span(*param),
                            ..reference
                        }),
                    );
                }
                Value::Function(function) => {
                    frame.names.insert(id, Binding::Function(function));
                }
                Value::Text(text) => {
                    frame.names.insert(id, Binding::Text(text));
                }
                other => pending.push((id, other, span(*param))),
            }
        }
        let frame_id = frame.id;
        self.frames.push(frame);
        self.calls.push(function_key(function));
        let mut result = Ok(());
        for (id, value, param_span) in pending {
            let bound = match value {
                // A tuple (`*args`, or a tuple argument): its numbers are kept as they are
                // now, its arrays are the caller's.
                Value::Tuple(items) => self
                    .settle_return(Value::Tuple(items), &id, param_span)
                    .map(|settled| {
                        if let Value::Tuple(items) = settled {
                            self.bind(&id, Binding::Tuple(items));
                        }
                    }),
                value => {
                    let known = match (&value, &function.code) {
                        (Value::New(expr, _), Code::Def(def)) if !stores_name(&def.body, &id) => {
                            self.const_int(expr)
                        }
                        _ => None,
                    };
                    let bound = self.assign_name(&id, value, param_span);
                    // A parameter given an integer the front end knows and never rebound
                    // is one it counts with (a comprehension's `range`, `np.binary_repr`).
                    if let (Ok(()), Some(known), Some(Binding::Value(reference))) =
                        (&bound, known, self.lookup(&id).cloned())
                    {
                        let storage = self.storages[reference.storage].name.clone();
                        self.constants.insert(storage, known);
                    }
                    bound
                }
            };
            if let Err(failed) = bound {
                result = Err(failed);
            }
        }
        let mut returned = Ok(Value::Nothing);
        if result.is_ok() {
            match &function.code {
                Code::Def(def) => returned = self.body_value(&def.body, &name),
                Code::Lambda(lambda) => {
                    returned = self
                        .expr(&lambda.body)
                        .and_then(|value| self.settle_return(value, &name, span(lambda)));
                }
            }
        }
        self.calls.pop();
        self.frames.pop();
        result?;
        let returned = returned?;
        if let Value::Function(inner) = &returned {
            if inner.scope == frame_id {
                return Err(self.refuse(
                    inner.span(),
                    format!(
                        "returning the function `{}` defined inside `{name}` is not supported",
                        inner.name
                    ),
                    "define it at the module's level and pass what it needs as arguments",
                ));
            }
        }
        Ok(returned)
    }

    /// A function's result, kept so that later statements of the caller cannot change it:
    /// new values are stored in a fresh `var`.
    pub(super) fn settle_return(
        &mut self,
        value: Value,
        function: &str,
        at: Span,
    ) -> Result<Value> {
        match value {
            Value::New(expr, rank) => {
                let storage = self.new_storage(&format!("{function}_result"), rank);
                let ident = self.ident(storage, at);
                self.emit(
                    StmtKind::Var {
                        name: ident,
                        value: expr,
                    },
                    at,
                );
                let read = Expr {
                    kind: ExprKind::Name(self.storages[storage].name.clone()),
                    span: at,
                };
                Ok(Value::New(read, rank))
            }
            Value::Tuple(values) => {
                let mut settled = Vec::new();
                for value in values {
                    settled.push(self.settle_return(value, function, at)?);
                }
                Ok(Value::Tuple(settled))
            }
            other => Ok(other),
        }
    }
}

/// What tells one function from another in the stack of calls being inlined (two lambdas
/// share the name `lambda`).
fn function_key(function: &Rc<Function>) -> String {
    format!("{}@{:p}", function.name, Rc::as_ptr(function))
}

/// Whether a function's body assigns `name` anywhere (also in a nested function, which
/// is conservative).
fn stores_name(body: &[py::Stmt], name: &str) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Stores<'n> {
        name: &'n str,
        found: bool,
    }
    impl<'a> Visitor<'a> for Stores<'_> {
        fn visit_stmt(&mut self, statement: &'a py::Stmt) {
            if let py::Stmt::Global(py::StmtGlobal { names, .. })
            | py::Stmt::Nonlocal(py::StmtNonlocal { names, .. }) = statement
            {
                self.found |= names.iter().any(|n| n.as_str() == self.name);
            }
            visitor::walk_stmt(self, statement);
        }
        fn visit_expr(&mut self, expr: &'a py::Expr) {
            if let py::Expr::Name(node) = expr {
                if node.id.as_str() == self.name && !matches!(node.ctx, py::ExprContext::Load) {
                    self.found = true;
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut stores = Stores { name, found: false };
    visitor::walk_body(&mut stores, body);
    stores.found
}
