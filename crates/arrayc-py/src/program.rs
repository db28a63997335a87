//! The `Program` class: compiles source with the GIL released, runs it with inputs given by
//! name (its `print` lines going to `sys.stdout`), and answers what was compiled: inputs,
//! outputs, the compile report and the code listings.

use crate::convert::{array_to_numpy, hold, numpy_module, type_name, Held};
use crate::errors::{input_error, to_py_err, Phase};
use crate::interrupt;
use crate::result::RunResult;
use arrayc::{DType, Options};
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyBytes, PyDict, PyList, PyString, PyTuple};
use std::io::Write;
use std::sync::OnceLock;

/// A compiled program. `run(**inputs)` (or calling the program) runs it; it may be run
/// any number of times, from several threads at once.
#[pyclass(module = "arrayc._arrayc", subclass, frozen)]
pub(crate) struct Program {
    program: arrayc::Program,
    source: String,
    /// Whether the one compile kept the Cranelift IR and the disassembly (`listings=True`).
    listings: bool,
    /// What compiles the program again where it is unpickled: its source and options, or
    /// for `arrayc.jit` its function and signature (`arrayc._pickle`). No machine code
    /// crosses a pickle.
    recipe: OnceLock<Py<PyAny>>,
}

fn options_from(
    params: Option<&Bound<'_, PyDict>>,
    threads: Option<i64>,
    max_unroll: Option<i64>,
    max_memory: Option<i64>,
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
        options.threads = count("threads", threads)?;
    }
    if let Some(max_unroll) = max_unroll {
        options.unroll_budget = count("max_unroll", max_unroll)?;
    }
    if let Some(max_memory) = max_memory {
        options.max_memory_bytes = count("max_memory", max_memory)?;
    }
    if let Some(file_name) = file_name {
        // A `.py` file is a NumPy script, read by the Python front end (as `arrayc run`).
        options.language = arrayc::Language::of_file(&file_name);
        options.file_name = file_name;
    }
    Ok(options)
}

/// A keyword argument that counts something, refused by name when it is negative.
fn count(argument: &str, value: i64) -> PyResult<usize> {
    usize::try_from(value)
        .map_err(|_| PyValueError::new_err(format!("{argument} must be 0 or more, not {value}")))
}

/// The source text, from a `str` or UTF-8 `bytes` (what `compile_file` reads); anything
/// that is not text is a `CompileError` pointing at the first character that is not.
fn source_text(source: &Bound<'_, PyAny>, file_name: &str) -> PyResult<String> {
    let py = source.py();
    let (bytes, what) = if let Ok(text) = source.cast::<PyString>() {
        if let Ok(text) = text.extract::<String>() {
            return Ok(text);
        }
        // Only a lone surrogate (half of a UTF-16 pair) makes a `str` that is no UTF-8.
        let kwargs = [("errors", "surrogatepass")].into_py_dict(py)?;
        let bytes = text.call_method("encode", ("utf-8",), Some(&kwargs))?;
        (
            bytes.extract::<Vec<u8>>()?,
            "a lone surrogate, which is not Unicode text",
        )
    } else if let Ok(bytes) = source.cast::<PyBytes>() {
        (bytes.as_bytes().to_vec(), "bytes that are not valid UTF-8")
    } else {
        return Err(PyTypeError::new_err(format!(
            "the source must be a str, not {}",
            type_name(source)
        )));
    };
    let bad = match std::str::from_utf8(&bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(error) => error,
    };
    let start = bad.valid_up_to();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // The first invalid sequence reads as one U+FFFD (3 bytes) in the lossy text.
    let span = arrayc::Span::new(start, start + '\u{fffd}'.len_utf8());
    let error = arrayc::Error {
        diagnostics: vec![arrayc::Diagnostic::new(
            arrayc::ErrorKind::Syntax,
            format!("the source holds {what}"),
            span,
        )],
        file_name: file_name.to_string(),
        source: text,
    };
    Err(to_py_err(py, &error, Phase::Compile))
}

/// A compile error about `params` (a key that names no param) as the `InputError` the docs
/// promise, naming the key and the program's params; `None` for any other error. The
/// library words it for the CLI's `--set`.
fn params_error(error: &arrayc::Error) -> Option<PyErr> {
    let messages: Vec<String> = error
        .diagnostics
        .iter()
        .filter_map(|diagnostic| {
            let rest = diagnostic.message.strip_prefix("--set names ")?;
            Some(format!("params names {rest}"))
        })
        .collect();
    if messages.is_empty() {
        return None;
    }
    Some(input_error(messages.join("; ")))
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
    #[pyo3(signature = (source, *, params=None, threads=None, max_unroll=None, max_memory=None, file_name=None, listings=false, cache_dir=None))]
    #[allow(clippy::too_many_arguments)] // Python's keyword arguments, one each.
    fn new(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        params: Option<&Bound<'_, PyDict>>,
        threads: Option<i64>,
        max_unroll: Option<i64>,
        max_memory: Option<i64>,
        file_name: Option<String>,
        listings: bool,
        cache_dir: Option<std::path::PathBuf>,
    ) -> PyResult<Program> {
        let params_given = params.map(|params| params.copy()).transpose()?;
        let file_name_given = file_name.clone();
        let mut options = options_from(params, threads, max_unroll, max_memory, file_name)?;
        let source = source_text(source, &options.file_name)?;
        options.keep_clif = listings;
        options.keep_asm = listings;
        options.cache_dir = cache_dir;
        let in_flight = interrupt::InFlight::enter().ok_or_else(exiting)?;
        let compiled = py.detach(|| {
            let compiled = arrayc::compile(&source, &options);
            in_flight.before_taking_the_gil_back();
            compiled
        });
        drop(in_flight);
        match compiled {
            Ok(program) => {
                let recipe = (
                    "source",
                    source.as_str(),
                    params_given,
                    threads,
                    max_unroll,
                    max_memory,
                    file_name_given,
                    listings,
                );
                let recipe = OnceLock::from(recipe.into_pyobject(py)?.into_any().unbind());
                Ok(Program {
                    program,
                    source,
                    listings,
                    recipe,
                })
            }
            Err(error) => {
                Err(params_error(&error).unwrap_or_else(|| to_py_err(py, &error, Phase::Compile)))
            }
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
        dict.set_item("cached", report.origin.cached())?;
        dict.set_item("cache_note", report.cache_note.as_deref())?;
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

    /// Pickling: the program travels as its recipe (source and options) and is compiled
    /// again where it is unpickled, once per process (`arrayc._pickle.reduce_program`).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let recipe = match slf.get().recipe.get() {
            Some(recipe) => recipe.bind(py).clone(),
            None => py.None().into_bound(py),
        };
        py.import("arrayc._pickle")?
            .call_method1("reduce_program", (slf, recipe))
    }

    /// Sets the recipe of a program that `arrayc.jit` compiled (once).
    fn _set_recipe(&self, recipe: Py<PyAny>) -> PyResult<()> {
        self.recipe
            .set(recipe)
            .map_err(|_| PyValueError::new_err("the program's recipe is already set"))
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

    /// The Cranelift IR of every generated function (kept by a compile with `listings=True`).
    #[getter]
    fn clif(&self) -> PyResult<String> {
        self.listing("clif")
            .map(|()| self.program.clif().to_string())
    }

    /// The machine code of every generated function, disassembled (kept by a compile with
    /// `listings=True`).
    #[getter]
    fn asm(&self) -> PyResult<String> {
        self.listing("asm").map(|()| self.program.asm().to_string())
    }
}

/// The error of a compile or run asked for while the interpreter exits.
fn exiting() -> PyErr {
    PyRuntimeError::new_err("arrayc: the Python interpreter is exiting")
}

/// Called by `atexit`: stops the compiles and runs still in progress in other threads
/// (daemon threads) before the interpreter finalises (see `interrupt`).
#[pyfunction]
pub(crate) fn _stop_for_exit(py: Python<'_>) {
    py.detach(interrupt::stop_for_exit);
}

/// The exception for a run stopped by Ctrl-C. Python's SIGINT handler decides, as it does
/// for Python code: it runs now (in the main thread; in another thread it runs in the main
/// thread on its own), and what it raises is raised here, its `KeyboardInterrupt` replaced by
/// one saying where the run stopped; a handler that returns normally cannot resume the run,
/// which ends with `RunError` ("interrupted").
fn interrupted(py: Python<'_>, error: &arrayc::Error) -> PyErr {
    match py.check_signals() {
        Err(raised) if !raised.is_instance_of::<PyKeyboardInterrupt>(py) => raised,
        Err(_) => PyKeyboardInterrupt::new_err(error.to_string()),
        Ok(()) if python_handler_raises_keyboard_interrupt(py) => {
            PyKeyboardInterrupt::new_err(error.to_string())
        }
        Ok(()) => to_py_err(py, error, Phase::Run),
    }
}

/// Whether Python's SIGINT handler is its default one, which raises `KeyboardInterrupt`.
fn python_handler_raises_keyboard_interrupt(py: Python<'_>) -> bool {
    let check = || -> PyResult<bool> {
        let signal = py.import("signal")?;
        let handler = signal.call_method1("getsignal", (signal.getattr("SIGINT")?,))?;
        Ok(handler.is(&signal.getattr("default_int_handler")?))
    };
    check().unwrap_or(true)
}

impl Program {
    /// A program compiled elsewhere in this crate (`jit`).
    pub(crate) fn from_compiled(
        program: arrayc::Program,
        source: String,
        listings: bool,
    ) -> Program {
        Program {
            program,
            source,
            listings,
            recipe: OnceLock::new(),
        }
    }

    /// The declared dtype of input `name` (float64 for a name that is no input, which the
    /// library then reports).
    fn dtype_of(&self, name: &str) -> DType {
        self.program
            .inputs()
            .into_iter()
            .find(|spec| spec.name == name)
            .map_or(DType::F64, |spec| spec.dtype)
    }

    /// An error unless the compile kept the listings: the program is never compiled again
    /// to make them.
    fn listing(&self, what: &str) -> PyResult<()> {
        if self.listings {
            return Ok(());
        }
        Err(PyValueError::new_err(format!(
            "`{what}` is kept only by a compile that asks for it: \
             arrayc.compile(source, listings=True)"
        )))
    }

    /// Runs with the inputs `held` (one per name) with the GIL released: `print` lines go
    /// to `sys.stdout`, Ctrl-C stops the run with `KeyboardInterrupt`, an input mapped from
    /// a file that shrank during the run is refused, errors become the package's exceptions.
    pub(crate) fn run_held(
        &self,
        py: Python<'_>,
        names: &[&str],
        held: &[Held<'_>],
    ) -> PyResult<arrayc::RunResult> {
        self.run_held_in_place(py, names, held, &mut [])
    }

    /// `run_held`, with outputs computed in the caller's arrays (`arrayc::InPlace`).
    pub(crate) fn run_held_in_place(
        &self,
        py: Python<'_>,
        names: &[&str],
        held: &[Held<'_>],
        in_place: &mut [arrayc::InPlace<'_>],
    ) -> PyResult<arrayc::RunResult> {
        let views = names
            .iter()
            .zip(held)
            .map(|(name, held)| Ok((*name, held.view()?)))
            .collect::<PyResult<Vec<_>>>()?;
        // An input read in place may be a memory-mapped file (`numpy.memmap`): if the file
        // shrinks during the run, the vanished pages read as zeros instead of killing Python
        // with SIGBUS, and the run is refused below (as the CLI refuses a mapped `.npy`).
        let guard = |data: arrayc::DataView<'_>| {
            arrayc_npy::Guard::new(data.as_ptr(), data.len() * data.dtype().size_bytes())
        };
        let mut guards: Vec<(&str, Option<arrayc_npy::Guard>)> = views
            .iter()
            .zip(held)
            .map(|((name, view), held)| match held {
                Held::Scalar(_) => (*name, None),
                Held::F64(_) | Held::F32(_) | Held::I64(_) | Held::Bool(_) | Held::Direct(_) => {
                    (*name, guard(view.data))
                }
            })
            .collect();
        for place in in_place.iter() {
            let input = self.program.in_place_input(place.output);
            guards.push((input.unwrap_or(place.output), guard(place.data.view())));
        }
        let program = &self.program;
        let in_flight = interrupt::InFlight::enter().ok_or_else(exiting)?;
        let outcome = py.detach(|| {
            let mut stdout = PythonStdout {
                pending: Vec::new(),
            };
            let guard = interrupt::Guard::install();
            let outcome = program.run_in_place(&views, in_place, &mut stdout, guard.interrupt());
            let interrupted = guard.interrupt().is_interrupted();
            drop(guard);
            let _ = stdout.flush();
            in_flight.before_taking_the_gil_back();
            (outcome, interrupted)
        });
        drop(in_flight);
        let changed = guards
            .iter()
            .find(|(_, guard)| guard.as_ref().is_some_and(arrayc_npy::Guard::faulted));
        if let Some((name, _)) = changed {
            return Err(input_error(format!(
                "input `{name}` changed while the program read it (its memory-mapped file \
                 shrank, and the missing part read as zeros)"
            )));
        }
        match outcome {
            (Ok(result), _) => Ok(result),
            (Err(error), true) => Err(interrupted(py, &error)),
            (Err(error), false) => Err(to_py_err(py, &error, Phase::Run)),
        }
    }

    /// The library's program (for the `jit` call path, which converts its own arguments).
    pub(crate) fn compiled(&self) -> &arrayc::Program {
        &self.program
    }

    fn run_inputs(
        &self,
        py: Python<'_>,
        inputs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<RunResult> {
        let mut names: Vec<String> = Vec::new();
        let mut held: Vec<Held<'_>> = Vec::new();
        if let Some(inputs) = inputs {
            let declared = self.program.inputs();
            for (name, value) in inputs.iter() {
                let name: String = name.extract()?;
                match declared.iter().find(|spec| spec.name == name) {
                    Some(spec) => held.push(hold(&name, &value, spec.dtype)?),
                    // The library reports the name (with every other problem); the value
                    // is not converted, so it cannot hide the name behind a dtype error.
                    None => held.push(Held::Scalar(arrayc::Array::scalar(0.0))),
                }
                names.push(name);
            }
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let result = self.run_held(py, &names, &held)?;
        drop(held);
        let dict = PyDict::new(py);
        for (name, array) in result.outputs {
            let value = array_to_numpy(py, &name, array)?;
            dict.set_item(name, value)?;
        }
        Ok(RunResult {
            outputs: dict.unbind(),
            run_us: result.run_us,
        })
    }
}
