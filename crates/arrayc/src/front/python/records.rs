//! Structured dtypes whose fields all have one dtype (`np.zeros(shape, [('U', np.double),
//! ('V', np.double)])`): the array is stored as one with a leading axis of the fields, so
//! that `Z['U']` is the view `Z[0]`, whose elements are contiguous (NumPy interleaves the
//! fields; nothing the subset allows can observe the difference, since the record array
//! itself is read only through its fields). Fields of different dtypes are refused.

use super::names::{Reference, ViewStep};
use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, IndexArg};
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// A structured dtype: the one dtype of its fields, and their names in order.
pub(super) struct Record {
    pub(super) dtype: Expr,
    pub(super) fields: Vec<String>,
}

impl Translator<'_> {
    /// `[('U', np.double), ('V', np.double)]` as a dtype, or `None` when `expr` is not a
    /// list of named fields.
    pub(super) fn record_dtype(&mut self, expr: &py::Expr) -> Result<Option<Record>> {
        let py::Expr::List(list) = expr else {
            return Ok(None);
        };
        let named = |element: &py::Expr| match element {
            py::Expr::Tuple(tuple) => {
                matches!(tuple.elts.first(), Some(py::Expr::StringLiteral(_)))
            }
            _ => false,
        };
        if list.elts.is_empty() || !list.elts.iter().all(named) {
            return Ok(None);
        }
        let mut fields = Vec::new();
        let mut dtypes: Vec<(Expr, Span)> = Vec::new();
        for element in &list.elts {
            let py::Expr::Tuple(tuple) = element else {
                return Ok(None);
            };
            let at = span(element);
            let [py::Expr::StringLiteral(name), dtype] = tuple.elts.as_slice() else {
                return Err(self.refuse(
                    at,
                    "a field with a shape (`('U', np.double, (3,))`) is not supported",
                    "give each field one value per element: `('U', np.double)`",
                ));
            };
            let name = name.value.to_str().to_string();
            if fields.contains(&name) {
                return Err(self.refuse(at, format!("the field `{name}` is named twice"), ""));
            }
            fields.push(name);
            dtypes.push((self.dtype(dtype)?, span(dtype)));
        }
        let (first, _) = dtypes[0].clone();
        if let Some(&(_, at)) = dtypes.iter().find(|(dtype, _)| dtype.kind != first.kind) {
            return Err(self.refuse(
                at,
                "a structured dtype whose fields have different dtypes is not supported",
                "keep each field in an array of its own: `U = np.zeros(shape)`",
            ));
        }
        Ok(Some(Record {
            dtype: first,
            fields,
        }))
    }

    /// `np.zeros(shape, record)` (and `ones`, `empty`, `full`): the array with a leading axis
    /// of the fields. The value must be bound to a name (`assign_new` takes `pending_record`).
    pub(super) fn record_array(
        &mut self,
        callee: &str,
        mut args: Vec<Expr>,
        record: Record,
        rank: usize,
        at: Span,
    ) -> Result<Value> {
        if let ExprKind::Array(sizes) = &mut args[0].kind {
            sizes.insert(0, int_literal(record.fields.len() as i64, at));
        }
        args.push(Expr {
            kind: ExprKind::Keyword {
                name: crate::ast::Ident {
                    name: "dtype".to_string(),
                    span: at,
                },
                value: Box::new(record.dtype),
            },
            span: at,
        });
        let expr = Expr {
            kind: call_kind(callee, args, at),
            span: at,
        };
        self.pending_record = Some((at, record.fields));
        Ok(Value::New(expr, Some(rank + 1)))
    }

    /// The fields of the record array `expr` is about to be bound to, if it is one.
    pub(super) fn take_record(&mut self, expr: &Expr) -> Option<Vec<String>> {
        match &self.pending_record {
            Some((at, _)) if *at == expr.span => self.pending_record.take().map(|(_, f)| f),
            _ => None,
        }
    }

    /// A record array used other than by binding it to a name: refused.
    pub(super) fn refuse_unbound_record(&mut self, expr: &Expr) -> Result<()> {
        if self.take_record(expr).is_some() {
            return Err(self.refuse(
                expr.span,
                "a structured array is supported only bound to a name and read through its fields",
                "`Z = np.zeros(shape, [('U', np.double), ...])`, then `Z['U']`",
            ));
        }
        Ok(())
    }

    /// `Z['U']`: the field's view, `Z[k]` of the stored array.
    pub(super) fn field(&mut self, subscript: &py::ExprSubscript, name: &str) -> Result<Value> {
        let at = span(subscript);
        let reference = match subscript.value.as_ref() {
            py::Expr::Name(base) => match self.lookup(base.id.as_str()) {
                Some(Binding::Value(reference)) => Some(reference.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(reference) = reference.filter(|r| !self.storages[r.storage].fields.is_empty())
        else {
            return Err(self.refuse(
                at,
                "a field is supported only of a structured array's own name",
                "take the field first, then the view: `Z['U'][1:]`",
            ));
        };
        if !reference.is_whole() {
            return Err(self.refuse(
                at,
                "a field of a view of a structured array is not supported",
                "take the field first, then the view: `Z['U'][1:-1]`",
            ));
        }
        let fields = &self.storages[reference.storage].fields;
        let Some(index) = fields.iter().position(|field| field == name) else {
            let known = fields
                .iter()
                .map(|field| format!("`{field}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(self.refuse(
                span(subscript.slice.as_ref()),
                format!("this structured array has no field `{name}`"),
                format!("its fields: {known}"),
            ));
        };
        let index_span = span(subscript.slice.as_ref());
        Ok(Value::Alias(Reference {
            storage: reference.storage,
            view: vec![ViewStep::Index(vec![IndexArg::Single(int_literal(
                index as i64,
                index_span,
            ))])],
            rank: reference.rank.map(|rank| rank - 1),
            bound_at: reference.bound_at,
        }))
    }

    /// A structured array's name read whole: refused (only its fields are supported).
    pub(super) fn refuse_whole_record(
        &mut self,
        id: &str,
        reference: &Reference,
        at: Span,
    ) -> Result<()> {
        if !reference.is_whole() || self.storages[reference.storage].fields.is_empty() {
            return Ok(());
        }
        let first = self.storages[reference.storage].fields[0].clone();
        Err(self.refuse(
            at,
            format!("`{id}` has a structured dtype: only its fields are supported"),
            format!("read and write a field: `{id}['{first}']`"),
        ))
    }
}
