//! The exceptions the package raises (`arrayc.Error` and its three subclasses) and the
//! library's errors turned into them, each diagnostic as a dict with its line and column
//! and its labelled secondary spans.

use arrayc::ErrorKind;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

pyo3::create_exception!(
    arrayc,
    Error,
    PyException,
    "Any arrayc error. `str()` is the rendered diagnostic (message, `file:line:col`, the \
     source line and carets); `.line`, `.column` (1-based) and `.span` (a byte range) \
     locate the first diagnostic, or are None; `.message` is its bare message; \
     `.diagnostics` lists every diagnostic as a dict (kind, message, line, column, span, \
     labels: the secondary spans marked `-` in the text, each a dict of start, end, line, \
     column and message; notes)."
);
pyo3::create_exception!(
    arrayc,
    CompileError,
    Error,
    "The program does not compile: a syntax, name, shape or limit error."
);
pyo3::create_exception!(
    arrayc,
    InputError,
    Error,
    "An input or parameter is wrong: unknown, missing, of the wrong shape or dtype."
);
pyo3::create_exception!(
    arrayc,
    RunError,
    Error,
    "The compiled program stopped with an error, for example an index out of range."
);

/// When an error was found: it decides the exception class of errors of every kind but
/// `Input`.
#[derive(Clone, Copy)]
pub(crate) enum Phase {
    Compile,
    Run,
}

fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Syntax => "syntax",
        ErrorKind::Semantic => "semantic",
        ErrorKind::Limit => "limit",
        ErrorKind::Input => "input",
        ErrorKind::Runtime => "runtime",
        ErrorKind::Internal => "internal",
    }
}

fn diagnostic_dict<'py>(
    py: Python<'py>,
    diagnostic: &arrayc::Diagnostic,
    source: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("kind", kind_name(diagnostic.kind))?;
    dict.set_item("message", &diagnostic.message)?;
    match diagnostic.span {
        Some(span) => {
            let (line, column) = arrayc::line_column(source, span.start as usize);
            dict.set_item("line", line)?;
            dict.set_item("column", column)?;
            dict.set_item("span", (span.start, span.end))?;
        }
        None => {
            dict.set_item("line", py.None())?;
            dict.set_item("column", py.None())?;
            dict.set_item("span", py.None())?;
        }
    }
    let labels = diagnostic
        .secondary()
        .map(|(span, message)| {
            let label = PyDict::new(py);
            let (line, column) = arrayc::line_column(source, span.start as usize);
            label.set_item("start", span.start)?;
            label.set_item("end", span.end)?;
            label.set_item("line", line)?;
            label.set_item("column", column)?;
            label.set_item("message", message)?;
            Ok(label)
        })
        .collect::<PyResult<Vec<_>>>()?;
    dict.set_item("labels", PyList::new(py, labels)?)?;
    dict.set_item("notes", PyList::new(py, &diagnostic.notes)?)?;
    Ok(dict)
}

/// The library's error as the exception of its class, with the rendered text as `str()`
/// and the first diagnostic's location as attributes.
pub(crate) fn to_py_err(py: Python<'_>, error: &arrayc::Error, phase: Phase) -> PyErr {
    let rendered = error.to_string();
    let err = match (error.kind(), phase) {
        (ErrorKind::Input, _) => InputError::new_err(rendered),
        (ErrorKind::Runtime, _) => RunError::new_err(rendered),
        (
            ErrorKind::Syntax | ErrorKind::Semantic | ErrorKind::Limit | ErrorKind::Internal,
            Phase::Compile,
        ) => CompileError::new_err(rendered),
        (
            ErrorKind::Syntax | ErrorKind::Semantic | ErrorKind::Limit | ErrorKind::Internal,
            Phase::Run,
        ) => RunError::new_err(rendered),
    };
    if let Err(failure) = set_error_attributes(py, &err, error) {
        return failure;
    }
    err
}

fn set_error_attributes(py: Python<'_>, err: &PyErr, error: &arrayc::Error) -> PyResult<()> {
    let value = err.value(py);
    let dicts = error
        .diagnostics
        .iter()
        .map(|d| diagnostic_dict(py, d, &error.source))
        .collect::<PyResult<Vec<_>>>()?;
    let first = dicts.first();
    for key in ["line", "column", "span", "message", "kind"] {
        match first {
            Some(dict) => value.setattr(key, dict.get_item(key)?)?,
            None => value.setattr(key, py.None())?,
        }
    }
    value.setattr("diagnostics", PyList::new(py, dicts)?)?;
    Ok(())
}

/// An `InputError` made here (not by the library), without a span.
pub(crate) fn input_error(message: String) -> PyErr {
    let err = InputError::new_err(format!("input error: {message}"));
    Python::attach(|py| {
        let value = err.value(py);
        let attributes = [
            ("line", py.None()),
            ("column", py.None()),
            ("span", py.None()),
            ("message", PyString::new(py, &message).into_any().unbind()),
            ("kind", PyString::new(py, "input").into_any().unbind()),
        ];
        for (key, item) in attributes {
            value.setattr(key, item)?;
        }
        let diagnostic = PyDict::new(py);
        diagnostic.set_item("kind", "input")?;
        diagnostic.set_item("message", &message)?;
        diagnostic.set_item("line", py.None())?;
        diagnostic.set_item("column", py.None())?;
        diagnostic.set_item("span", py.None())?;
        diagnostic.set_item("labels", PyList::empty(py))?;
        diagnostic.set_item("notes", PyList::empty(py))?;
        value.setattr("diagnostics", PyList::new(py, [diagnostic])?)
    })
    .err()
    .unwrap_or(err)
}
