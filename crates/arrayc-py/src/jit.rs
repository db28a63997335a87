//! The Rust side of `arrayc.jit`: compiles one Python function of a source text for a
//! signature (the library's `Options::entry`), with the GIL released, into a `Program`.
//! What the signature is — each argument's and global's kind, shape and dtype — is decided
//! by the Python layer (`python/arrayc/_jit.py`), which also converts the arguments and
//! gives the results back; this file only translates its description.

use crate::errors::{input_error, to_py_err, Phase};
use crate::program::Program;
use arrayc::{DType, Entry, EntryValue, Language, Options};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// A dtype by NumPy's name (`float64`, `float32`, `int64`, `bool`).
fn dtype(name: &str) -> PyResult<DType> {
    DType::ALL
        .into_iter()
        .find(|dtype| dtype.numpy_name() == name)
        .ok_or_else(|| input_error(format!("arrays of dtype {name} are not supported")))
}

/// One `(name, kind, ...)` tuple of the Python layer as an `EntryValue`: `("array", shape,
/// dtype)`, `("scalar", dtype)`, `("int", value)`, `("float", value)`, `("bool", value)`,
/// `("same", other_argument)`, `("module", name)`, `("imported", module, name)`.
fn entry_value(item: &Bound<'_, PyTuple>) -> PyResult<(String, EntryValue)> {
    let name: String = item.get_item(0)?.extract()?;
    let kind: String = item.get_item(1)?.extract()?;
    let value = match kind.as_str() {
        "array" => EntryValue::Array {
            shape: item.get_item(2)?.extract()?,
            dtype: dtype(&item.get_item(3)?.extract::<String>()?)?,
        },
        "scalar" => EntryValue::Scalar(dtype(&item.get_item(2)?.extract::<String>()?)?),
        "int" => EntryValue::Int(item.get_item(2)?.extract()?),
        "float" => EntryValue::Float(item.get_item(2)?.extract()?),
        "bool" => EntryValue::Bool(item.get_item(2)?.extract()?),
        "same" => EntryValue::SameAs(item.get_item(2)?.extract()?),
        "module" => EntryValue::Module(item.get_item(2)?.extract()?),
        "imported" => {
            EntryValue::Imported(item.get_item(2)?.extract()?, item.get_item(3)?.extract()?)
        }
        other => return Err(input_error(format!("unknown entry kind `{other}`"))),
    };
    Ok((name, value))
}

/// The `np.load("FILE.npy")` calls of a source: (input name, file as written), each input
/// once, in source order (`arrayc::python_loads`).
#[pyfunction]
pub(crate) fn python_loads(source: &str) -> Vec<(String, String)> {
    arrayc::python_loads(source)
        .into_iter()
        .map(|load| (load.name, load.file))
        .collect()
}

/// The `np.save("FILE.npy", a)` statements of a source: (output name, file as written),
/// each output once, in source order (`arrayc::python_saves`).
#[pyfunction]
pub(crate) fn python_saves(source: &str) -> Vec<(String, String)> {
    arrayc::python_saves(source)
        .into_iter()
        .map(|save| (save.name, save.file))
        .collect()
}

/// Compiles `function` of `source` (a Python module's text; diagnostics name `file_name`)
/// for the signature `arguments` (one tuple per parameter, in order) and `globals`, with
/// the arrays it loads (`loads`: input name, shape, dtype, read by the caller).
#[pyfunction]
#[pyo3(signature = (source, function, arguments, globals, *, file_name, threads=None, max_unroll=None, loads=Vec::new(), listings=false, cache_dir=None))]
#[allow(clippy::too_many_arguments)] // Python's keyword arguments, one each.
pub(crate) fn compile_function(
    py: Python<'_>,
    source: String,
    function: String,
    arguments: Vec<Bound<'_, PyTuple>>,
    globals: Vec<Bound<'_, PyTuple>>,
    file_name: String,
    threads: Option<usize>,
    max_unroll: Option<usize>,
    loads: Vec<(String, Vec<usize>, String)>,
    listings: bool,
    cache_dir: Option<std::path::PathBuf>,
) -> PyResult<Program> {
    let input_specs = loads
        .into_iter()
        .map(|(name, shape, dtype_name)| {
            Ok(arrayc::InputSpec {
                name,
                shape,
                dtype: dtype(&dtype_name)?,
            })
        })
        .collect::<PyResult<_>>()?;
    let entry = Entry {
        function,
        arguments: arguments.iter().map(entry_value).collect::<PyResult<_>>()?,
        globals: globals.iter().map(entry_value).collect::<PyResult<_>>()?,
    };
    let mut options = Options {
        file_name,
        language: Language::Python,
        entry: Some(entry),
        input_specs,
        keep_clif: listings,
        keep_asm: listings,
        cache_dir,
        ..Options::default()
    };
    if let Some(threads) = threads {
        options.threads = threads;
    }
    if let Some(max_unroll) = max_unroll {
        options.unroll_budget = max_unroll;
    }
    match py.detach(|| arrayc::compile(&source, &options)) {
        Ok(program) => Ok(Program::from_compiled(program, source, listings)),
        Err(error) => Err(to_py_err(py, &error, Phase::Compile)),
    }
}
