//! User functions, inlined at each call with their parameters bound to the caller's
//! references.

use super::names::Reference;
use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    /// A user function, inlined: its parameters are bound to the caller's references, so
    /// writes through them reach the caller's arrays.
    pub(super) fn inline(
        &mut self,
        def: &py::StmtFunctionDef,
        call: &py::ExprCall,
    ) -> Result<Value> {
        let at = span(call);
        let name = def.name.as_str().to_string();
        if self.calls.contains(&name) {
            return Err(self.refuse(
                at,
                format!("recursion (`{name}` calls itself) is not supported"),
                "write the recursion as a loop",
            ));
        }
        let parameters = &def.parameters;
        if parameters.vararg.is_some()
            || parameters.kwarg.is_some()
            || !parameters.kwonlyargs.is_empty()
        {
            return Err(self.refuse(
                span(parameters.as_ref()),
                "`*args`, `**kwargs` and keyword-only parameters are not supported yet",
                "",
            ));
        }
        let params: Vec<&py::ParameterWithDefault> = parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .collect();
        if call.arguments.args.len() > params.len() {
            return Err(self.refuse(
                at,
                format!(
                    "`{name}` takes {} arguments but is given {}",
                    params.len(),
                    call.arguments.args.len()
                ),
                "",
            ));
        }
        let mut values: Vec<Option<Value>> = vec![None; params.len()];
        for (i, arg) in call.arguments.args.iter().enumerate() {
            values[i] = Some(self.expr(arg)?);
        }
        for keyword in call.arguments.keywords.iter() {
            let Some(key) = &keyword.arg else {
                return Err(self.refuse(span(keyword), "`**kwargs` is not supported", ""));
            };
            let Some(position) = params
                .iter()
                .position(|p| p.parameter.name.as_str() == key.as_str())
            else {
                return Err(self.refuse(
                    span(keyword),
                    format!("`{name}` has no parameter `{}`", key.as_str()),
                    "",
                ));
            };
            values[position] = Some(self.expr(&keyword.value)?);
        }
        for (i, param) in params.iter().enumerate() {
            if values[i].is_none() {
                match &param.default {
                    Some(default) => values[i] = Some(self.expr(default)?),
                    None => {
                        return Err(self.refuse(
                            at,
                            format!(
                                "`{name}` is missing the argument `{}`",
                                param.parameter.name.as_str()
                            ),
                            "",
                        ))
                    }
                }
            }
        }
        // Bind the parameters in the function's own frame.
        let mut frame = Frame::default();
        let mut pending = Vec::new();
        for (param, value) in params.iter().zip(values) {
            let id = param.parameter.name.as_str().to_string();
            match value.ok_or(Failed)? {
                Value::Alias(reference) if reference.rank != Some(0) => {
                    frame.names.insert(
                        id,
                        Binding::Value(Reference {
                            bound_at: span(&param.parameter),
                            ..reference
                        }),
                    );
                }
                other => pending.push((id, other, span(&param.parameter))),
            }
        }
        self.frames.push(frame);
        self.calls.push(name.clone());
        let mut result = Ok(());
        for (id, value, param_span) in pending {
            if let Err(failed) = self.assign_name(&id, value, param_span) {
                result = Err(failed);
            }
        }
        let mut returned = Ok(Value::Nothing);
        if result.is_ok() {
            let body = &def.body;
            let (last, rest) = match body.split_last() {
                Some((py::Stmt::Return(ret), rest)) => (Some(ret), rest),
                _ => (None, &body[..]),
            };
            self.statements(rest);
            if let Some(ret) = last {
                returned = match &ret.value {
                    None => Ok(Value::Nothing),
                    Some(value) => self
                        .expr(value)
                        .and_then(|value| self.settle_return(value, &name, span(ret))),
                };
            }
        }
        self.calls.pop();
        self.frames.pop();
        result?;
        returned
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
