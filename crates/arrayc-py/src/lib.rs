//! The `arrayc._arrayc` extension module: takes Python source strings, options and NumPy
//! arrays, calls the arrayc library with the GIL released, and gives back NumPy arrays,
//! report dicts and exceptions carrying spans.
//!
//! It must not know Jupyter or the package's pure-Python layer (`python/arrayc/`), which
//! subclasses `Program` and wraps the report; nor anything of the compiler beyond the
//! library's public API.

mod interrupt;

use arrayc::{ArrayData, ArrayView, DType, ErrorKind, Options};
use numpy::{PyArrayDyn, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::{PyException, PyKeyError, PyKeyboardInterrupt};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::io::Write;
use std::sync::OnceLock;

pyo3::create_exception!(
    arrayc,
    Error,
    PyException,
    "Any arrayc error. `str()` is the rendered diagnostic (message, `file:line:col`, the \
     source line and carets); `.line`, `.column` (1-based) and `.span` (a byte range) \
     locate the first diagnostic, or are None; `.message` is its bare message; \
     `.diagnostics` lists every diagnostic as a dict."
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
enum Phase {
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

/// The 1-based line and column (in characters) of a byte offset, as the diagnostic
/// renderer gives them.
fn line_column(source: &str, offset: u32) -> (usize, usize) {
    let offset = (offset as usize).min(source.len());
    let before = source.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = source
        .get(line_start..offset)
        .map_or(1, |text| text.chars().count() + 1);
    (line, column)
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
            let (line, column) = line_column(source, span.start);
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
    dict.set_item("notes", PyList::new(py, &diagnostic.notes)?)?;
    Ok(dict)
}

/// The library's error as the exception of its class, with the rendered text as `str()`
/// and the first diagnostic's location as attributes.
fn to_py_err(py: Python<'_>, error: &arrayc::Error, phase: Phase) -> PyErr {
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
fn input_error(message: String) -> PyErr {
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
        diagnostic.set_item("notes", PyList::empty(py))?;
        value.setattr("diagnostics", PyList::new(py, [diagnostic])?)
    })
    .err()
    .unwrap_or(err)
}

/// A compiled program. `run(**inputs)` (or calling the program) runs it; it may be run
/// any number of times, from several threads at once.
#[pyclass(module = "arrayc._arrayc", subclass, frozen)]
struct Program {
    program: arrayc::Program,
    options: Options,
    source: String,
    /// The Cranelift IR and disassembly, made on first use by compiling once more.
    listings: OnceLock<Result<(String, String), arrayc::Error>>,
}

fn options_from(
    params: Option<&Bound<'_, PyDict>>,
    threads: Option<usize>,
    max_unroll: Option<usize>,
    max_memory: Option<usize>,
    file_name: Option<String>,
) -> PyResult<Options> {
    let mut options = Options::default();
    if let Some(params) = params {
        for (name, value) in params.iter() {
            let name: String = name
                .extract()
                .map_err(|_| input_error("parameter names must be strings".to_string()))?;
            let value: f64 = value.extract().map_err(|_| {
                input_error(format!(
                    "parameter `{name}` must be a number, not {}",
                    type_name(&value)
                ))
            })?;
            options.params.push((name, value));
        }
    }
    if let Some(threads) = threads {
        options.threads = threads;
    }
    if let Some(max_unroll) = max_unroll {
        options.unroll_budget = max_unroll;
    }
    if let Some(max_memory) = max_memory {
        options.max_memory_bytes = max_memory;
    }
    if let Some(file_name) = file_name {
        options.file_name = file_name;
    }
    Ok(options)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |name| name.to_string())
}

/// One input as the program will read it: a NumPy array of the input's dtype borrowed in
/// place (one NumPy made by converting the value given, or the caller's own), or a Python
/// number as a scalar of the type Python gives it (the library converts it to the input's
/// dtype under NumPy's `same_kind` rule).
enum Held<'py> {
    F64(numpy::PyReadonlyArrayDyn<'py, f64>),
    F32(numpy::PyReadonlyArrayDyn<'py, f32>),
    I64(numpy::PyReadonlyArrayDyn<'py, i64>),
    Bool(numpy::PyReadonlyArrayDyn<'py, bool>),
    Scalar(arrayc::Array),
}

impl Held<'_> {
    fn view(&self) -> PyResult<ArrayView<'_>> {
        let unreadable =
            |e: numpy::AsSliceError| input_error(format!("cannot read the array: {e}"));
        Ok(match self {
            Held::F64(array) => {
                ArrayView::new(array.shape(), array.as_slice().map_err(unreadable)?)
            }
            Held::F32(array) => {
                ArrayView::new(array.shape(), array.as_slice().map_err(unreadable)?)
            }
            Held::I64(array) => {
                ArrayView::new(array.shape(), array.as_slice().map_err(unreadable)?)
            }
            Held::Bool(array) => {
                ArrayView::new(array.shape(), array.as_slice().map_err(unreadable)?)
            }
            Held::Scalar(array) => array.view(),
        })
    }
}

static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn numpy_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    Ok(NUMPY
        .get_or_try_init(py, || py.import("numpy").map(Bound::unbind))?
        .bind(py))
}

/// Borrows `value` if it is a C-contiguous, aligned, native-order array of `T`.
fn borrow<'py, T: numpy::Element>(
    value: &Bound<'py, PyAny>,
) -> Option<numpy::PyReadonlyArrayDyn<'py, T>> {
    let array = value.cast::<PyArrayDyn<T>>().ok()?;
    if array.is_c_contiguous() && array.is_aligned() {
        array.try_readonly().ok()
    } else {
        None
    }
}

/// Borrows a value that is an array of `dtype` in C order, as `Held`. A bool array is
/// borrowed only when every byte is 0 or 1 (a NumPy view can hold others, which are no
/// Rust `bool`); it is checked as bytes first.
fn borrow_as<'py>(value: &Bound<'py, PyAny>, dtype: DType) -> PyResult<Option<Held<'py>>> {
    Ok(match dtype {
        DType::F64 => borrow::<f64>(value).map(Held::F64),
        DType::F32 => borrow::<f32>(value).map(Held::F32),
        DType::I64 => borrow::<i64>(value).map(Held::I64),
        DType::Bool => {
            if borrow::<bool>(value).is_none() {
                return Ok(None);
            }
            let bytes =
                value.call_method1("view", (numpy_module(value.py())?.getattr("uint8")?,))?;
            let clean = borrow::<u8>(&bytes)
                .is_some_and(|bytes| bytes.as_slice().is_ok_and(|b| b.iter().all(|&x| x <= 1)));
            if clean {
                borrow::<bool>(value).map(Held::Bool)
            } else {
                None
            }
        }
    })
}

/// Takes one input value for an input of `dtype`: C-contiguous, aligned arrays of that
/// dtype are borrowed; Python numbers become scalars of their own type; anything else goes
/// through `numpy.asarray` and is converted to `dtype` by NumPy when its `same_kind` rule
/// allows it (for float64: bools, integers, smaller floats; for float32: also float64 and
/// int64), else refused.
fn hold<'py>(name: &str, value: &Bound<'py, PyAny>, dtype: DType) -> PyResult<Held<'py>> {
    let py = value.py();
    if let Some(held) = borrow_as(value, dtype)? {
        return Ok(held);
    }
    let scalar: Option<arrayc::ArrayData> = if value.is_instance_of::<PyBool>() {
        Some(vec![value.extract::<bool>()?].into())
    } else if value.is_instance_of::<PyInt>() {
        match value.extract::<i64>() {
            Ok(number) => Some(vec![number].into()),
            // Beyond int64 a Python int still has a nearest float, as NumPy would take it.
            Err(_) if matches!(dtype, DType::F64 | DType::F32) => {
                let number: f64 = value.extract().map_err(|_| {
                    input_error(format!(
                        "input `{name}` is an integer too large for float64"
                    ))
                })?;
                Some(vec![number].into())
            }
            Err(_) => {
                return Err(input_error(format!(
                    "input `{name}` is an integer too large for int64"
                )))
            }
        }
    } else if value.is_instance_of::<PyFloat>() {
        Some(vec![value.extract::<f64>()?].into())
    } else {
        None
    };
    if let Some(data) = scalar {
        return arrayc::Array::from_data(Vec::new(), data)
            .map(Held::Scalar)
            .ok_or_else(|| input_error(format!("input `{name}` is not a scalar")));
    }
    let numpy = numpy_module(py)?;
    let array = numpy.call_method1("asarray", (value,)).map_err(|e| {
        input_error(format!(
            "input `{name}` ({}) is not an array or a number: {e}",
            type_name(value)
        ))
    })?;
    let given = array.getattr("dtype")?;
    let target = numpy.getattr(dtype.numpy_name())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("casting", "same_kind")?;
    let castable: bool = numpy
        .call_method("can_cast", (&given, &target), Some(&kwargs))?
        .extract()?;
    if !castable {
        let kind: String = given.getattr("kind")?.extract()?;
        let why = match kind.as_str() {
            "c" => format!("complex numbers have no {} equivalent", dtype.numpy_name()),
            "O" => "Python objects are not numbers".to_string(),
            "U" | "S" => "strings are not numbers".to_string(),
            "M" | "m" => "dates and time deltas are not supported".to_string(),
            "V" => "raw void records are not numbers".to_string(),
            _ => "NumPy's same_kind casting rule refuses it".to_string(),
        };
        return Err(input_error(format!(
            "input `{name}` has dtype {}, which does not convert to {} ({why})",
            given.str()?,
            dtype.numpy_name()
        )));
    }
    // `numpy.array`, not `ascontiguousarray`, which makes a 0-d array 1-d.
    let kwargs = PyDict::new(py);
    kwargs.set_item("dtype", &target)?;
    kwargs.set_item("order", "C")?;
    let mut converted = numpy.call_method("array", (&array,), Some(&kwargs))?;
    if dtype == DType::Bool {
        // Bytes other than 0 and 1 in a bool array are true, as NumPy reads them.
        converted = numpy.call_method1("not_equal", (&converted, 0))?;
    }
    borrow_as(&converted, dtype)?
        .ok_or_else(|| input_error(format!("input `{name}` cannot be borrowed")))
}

/// A NumPy array that takes over `data` without copying it.
fn to_numpy<'py, T: numpy::Element>(
    py: Python<'py>,
    name: &str,
    shape: &[usize],
    data: Vec<T>,
) -> PyResult<Bound<'py, PyAny>> {
    let array = numpy::ndarray::ArrayD::from_shape_vec(numpy::ndarray::IxDyn(shape), data)
        .map_err(|e| PyException::new_err(format!("output `{name}`: {e}")))?;
    Ok(numpy::PyArray::from_owned_array(py, array).into_any())
}

/// Writes the program's `print` lines to Python's current `sys.stdout`, one whole line at a
/// time, taking the GIL for each (the run itself does not hold it).
struct PythonStdout {
    pending: Vec<u8>,
}

impl PythonStdout {
    fn flush_lines(&mut self, everything: bool) {
        let end = if everything {
            self.pending.len()
        } else {
            match self.pending.iter().rposition(|&b| b == b'\n') {
                Some(position) => position + 1,
                None => return,
            }
        };
        if end == 0 {
            return;
        }
        let text = String::from_utf8_lossy(&self.pending[..end]).into_owned();
        self.pending.drain(..end);
        Python::attach(|py| {
            // A failed write is not an error of the program: the library ignores it too.
            if let Ok(stdout) = py.import("sys").and_then(|sys| sys.getattr("stdout")) {
                let _ = stdout.call_method1("write", (text,));
            }
        });
    }
}

impl Write for PythonStdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if bytes.contains(&b'\n') {
            self.flush_lines(false);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_lines(true);
        Ok(())
    }
}

#[pymethods]
impl Program {
    /// Compiles `source` (see `arrayc.compile`).
    #[new]
    #[pyo3(signature = (source, *, params=None, threads=None, max_unroll=None, max_memory=None, file_name=None))]
    fn new(
        py: Python<'_>,
        source: String,
        params: Option<&Bound<'_, PyDict>>,
        threads: Option<usize>,
        max_unroll: Option<usize>,
        max_memory: Option<usize>,
        file_name: Option<String>,
    ) -> PyResult<Program> {
        let options = options_from(params, threads, max_unroll, max_memory, file_name)?;
        let compiled = py.detach(|| arrayc::compile(&source, &options));
        match compiled {
            Ok(program) => Ok(Program {
                program,
                options,
                source,
                listings: OnceLock::new(),
            }),
            Err(error) => Err(to_py_err(py, &error, Phase::Compile)),
        }
    }

    /// Runs the program with its inputs given by name; returns a `Result` (a mapping from
    /// output names to NumPy arrays, with `.run_us`). `print` lines go to `sys.stdout`.
    #[pyo3(signature = (**inputs))]
    fn run(&self, py: Python<'_>, inputs: Option<&Bound<'_, PyDict>>) -> PyResult<RunResult> {
        self.run_inputs(py, inputs)
    }

    /// The same as `run(**inputs)`.
    #[pyo3(signature = (**inputs))]
    fn __call__(&self, py: Python<'_>, inputs: Option<&Bound<'_, PyDict>>) -> PyResult<RunResult> {
        self.run_inputs(py, inputs)
    }

    /// The address of the data the program would read for each input, by name: the
    /// array's own address when it is borrowed without a copy (used by the tests).
    #[pyo3(signature = (**inputs))]
    fn _input_addresses(
        &self,
        inputs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<(String, usize)>> {
        let mut addresses = Vec::new();
        if let Some(inputs) = inputs {
            for (name, value) in inputs.iter() {
                let name: String = name.extract()?;
                let held = hold(&name, &value, self.dtype_of(&name))?;
                let address = held.view()?.data.as_ptr() as usize;
                addresses.push((name, address));
            }
        }
        Ok(addresses)
    }

    /// The compile report as a plain dict: timings in µs per phase, IR operations, code
    /// bytes, functions and one entry per scope (the `--json` report's compile part).
    fn _report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let report = self.program.report();
        let timings = PyDict::new(py);
        timings.set_item("parse", report.parse_us)?;
        timings.set_item("check", report.check_us)?;
        timings.set_item("lower", report.lower_us)?;
        timings.set_item("codegen", report.codegen_us)?;
        timings.set_item("finalize", report.finalize_us)?;
        timings.set_item("compile_total", report.total_us)?;
        let scopes = PyList::empty(py);
        for scope in &report.scopes {
            let entry = PyDict::new(py);
            entry.set_item("kind", scope.kind)?;
            entry.set_item("line", scope.line)?;
            entry.set_item("trips", scope.trips)?;
            entry.set_item("unroll", scope.unroll)?;
            entry.set_item("ir_ops", scope.ir_ops)?;
            scopes.append(entry)?;
        }
        let dict = PyDict::new(py);
        dict.set_item("timings_us", timings)?;
        dict.set_item("ir_ops", report.ir_ops)?;
        dict.set_item("code_bytes", report.code_bytes)?;
        dict.set_item("functions", report.functions)?;
        dict.set_item("scopes", scopes)?;
        Ok(dict)
    }

    /// The declared inputs: a dict from name to shape (a tuple; `()` for a scalar).
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for spec in self.program.inputs() {
            dict.set_item(spec.name, PyTuple::new(py, spec.shape)?)?;
        }
        Ok(dict)
    }

    /// The declared inputs' dtypes: a dict from name to `numpy.dtype`.
    #[getter]
    fn input_dtypes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let numpy = numpy_module(py)?;
        let dict = PyDict::new(py);
        for spec in self.program.inputs() {
            let dtype = numpy.call_method1("dtype", (spec.dtype.numpy_name(),))?;
            dict.set_item(spec.name, dtype)?;
        }
        Ok(dict)
    }

    /// The names of the outputs, in declaration order.
    #[getter]
    fn outputs(&self) -> Vec<String> {
        self.program.output_names()
    }

    /// The source text the program was compiled from.
    #[getter]
    fn source(&self) -> &str {
        &self.source
    }

    /// The program after lowering and unrolling, in arrayc's IR text form.
    #[getter]
    fn ir(&self) -> String {
        self.program.ir_text()
    }

    /// The Cranelift IR of every generated function (made on first use).
    #[getter]
    fn clif(&self, py: Python<'_>) -> PyResult<String> {
        self.listings(py).map(|(clif, _)| clif)
    }

    /// The machine code of every generated function, disassembled (made on first use).
    #[getter]
    fn asm(&self, py: Python<'_>) -> PyResult<String> {
        self.listings(py).map(|(_, asm)| asm)
    }
}

impl Program {
    /// The declared dtype of input `name` (float64 for a name that is no input, which the
    /// library then reports).
    fn dtype_of(&self, name: &str) -> DType {
        self.program
            .inputs()
            .into_iter()
            .find(|spec| spec.name == name)
            .map_or(DType::F64, |spec| spec.dtype)
    }

    fn listings(&self, py: Python<'_>) -> PyResult<(String, String)> {
        let listings = py.detach(|| {
            self.listings.get_or_init(|| {
                let mut options = self.options.clone();
                options.keep_clif = true;
                options.keep_asm = true;
                arrayc::compile(&self.source, &options)
                    .map(|program| (program.clif().to_string(), program.asm().to_string()))
            })
        });
        match listings {
            Ok((clif, asm)) => Ok((clif.clone(), asm.clone())),
            Err(error) => Err(to_py_err(py, error, Phase::Compile)),
        }
    }

    fn run_inputs(
        &self,
        py: Python<'_>,
        inputs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<RunResult> {
        let mut names: Vec<String> = Vec::new();
        let mut held: Vec<Held<'_>> = Vec::new();
        if let Some(inputs) = inputs {
            for (name, value) in inputs.iter() {
                let name: String = name.extract()?;
                held.push(hold(&name, &value, self.dtype_of(&name))?);
                names.push(name);
            }
        }
        let views = names
            .iter()
            .zip(&held)
            .map(|(name, held)| Ok((name.as_str(), held.view()?)))
            .collect::<PyResult<Vec<_>>>()?;
        let program = &self.program;
        let outcome = py.detach(|| {
            let mut stdout = PythonStdout {
                pending: Vec::new(),
            };
            let guard = interrupt::Guard::install();
            let outcome = program.run_with(&views, &mut stdout, guard.interrupt());
            let interrupted = guard.interrupt().is_interrupted();
            drop(guard);
            let _ = stdout.flush();
            (outcome, interrupted)
        });
        drop(views);
        drop(held);
        let result = match outcome {
            (Ok(result), _) => result,
            (Err(error), true) => {
                // Python's own SIGINT handler ran too: what it raises wins, except that its
                // bare KeyboardInterrupt is replaced by one saying where the run stopped.
                if let Err(raised) = py.check_signals() {
                    if !raised.is_instance_of::<PyKeyboardInterrupt>(py) {
                        return Err(raised);
                    }
                }
                return Err(PyKeyboardInterrupt::new_err(error.to_string()));
            }
            (Err(error), false) => return Err(to_py_err(py, &error, Phase::Run)),
        };
        let dict = PyDict::new(py);
        for (name, array) in result.outputs {
            let shape = &array.shape;
            let value = match array.data {
                ArrayData::F64(data) => to_numpy(py, &name, shape, data)?,
                ArrayData::F32(data) => to_numpy(py, &name, shape, data)?,
                ArrayData::I64(data) => to_numpy(py, &name, shape, data)?,
                ArrayData::Bool(data) => to_numpy(py, &name, shape, data)?,
            };
            dict.set_item(name, value)?;
        }
        Ok(RunResult {
            outputs: dict.unbind(),
            run_us: result.run_us,
        })
    }
}

/// The outputs of one run: a read-only mapping from output names to NumPy arrays (in
/// declaration order), with the run time in µs as `.run_us`.
#[pyclass(module = "arrayc._arrayc", name = "Result", frozen, mapping)]
struct RunResult {
    outputs: Py<PyDict>,
    #[pyo3(get)]
    run_us: f64,
}

#[pymethods]
impl RunResult {
    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match self.outputs.bind(py).get_item(name)? {
            Some(value) => Ok(value),
            None => Err(PyKeyError::new_err(name.clone().unbind())),
        }
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.outputs.bind(py).len()
    }

    fn __contains__(&self, py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.outputs.bind(py).contains(name)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.outputs
            .bind(py)
            .keys()
            .into_any()
            .try_iter()
            .map(Bound::into_any)
    }

    /// The output names.
    fn keys<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        self.outputs.bind(py).keys()
    }

    /// The output arrays.
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        self.outputs.bind(py).values()
    }

    /// `(name, array)` pairs.
    fn items<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        self.outputs.bind(py).items()
    }

    /// The output called `name`, or `default`.
    #[pyo3(signature = (name, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self.outputs.bind(py).get_item(name)? {
            Some(value) => value,
            None => default.unwrap_or_else(|| py.None().into_bound(py)),
        })
    }

    /// The outputs as a new dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.outputs.bind(py).copy()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Result({}, run_us={:.1})",
            self.outputs.bind(py).repr()?,
            self.run_us
        ))
    }
}

/// The extension module; `arrayc/__init__.py` re-exports what users need.
#[pymodule]
fn _arrayc(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add_class::<Program>()?;
    module.add_class::<RunResult>()?;
    module.add("Error", py.get_type::<Error>())?;
    module.add("CompileError", py.get_type::<CompileError>())?;
    module.add("InputError", py.get_type::<InputError>())?;
    module.add("RunError", py.get_type::<RunError>())?;
    Ok(())
}
