//! The `Program` class: compiles source with the GIL released, runs it with inputs given by
//! name (its `print` lines going to `sys.stdout`), and answers what was compiled: inputs,
//! outputs, the compile report and the code listings.

use crate::convert::{hold, numpy_module, to_numpy, type_name, Held};
use crate::errors::{input_error, to_py_err, Phase};
use crate::interrupt;
use crate::result::RunResult;
use arrayc::{ArrayData, DType, Options};
use pyo3::exceptions::{PyKeyboardInterrupt, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::io::Write;

/// A compiled program. `run(**inputs)` (or calling the program) runs it; it may be run
/// any number of times, from several threads at once.
#[pyclass(module = "arrayc._arrayc", subclass, frozen)]
pub(crate) struct Program {
    program: arrayc::Program,
    source: String,
    /// Whether the one compile kept the Cranelift IR and the disassembly (`listings=True`).
    listings: bool,
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
    #[pyo3(signature = (source, *, params=None, threads=None, max_unroll=None, max_memory=None, file_name=None, listings=false))]
    #[allow(clippy::too_many_arguments)] // Python's keyword arguments, one each.
    fn new(
        py: Python<'_>,
        source: String,
        params: Option<&Bound<'_, PyDict>>,
        threads: Option<usize>,
        max_unroll: Option<usize>,
        max_memory: Option<usize>,
        file_name: Option<String>,
        listings: bool,
    ) -> PyResult<Program> {
        let mut options = options_from(params, threads, max_unroll, max_memory, file_name)?;
        options.keep_clif = listings;
        options.keep_asm = listings;
        let compiled = py.detach(|| arrayc::compile(&source, &options));
        match compiled {
            Ok(program) => Ok(Program {
                program,
                source,
                listings,
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
