//! The `Result` class: the outputs of one run as a read-only mapping of NumPy arrays, with
//! the run time.

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The outputs of one run: a read-only mapping from output names to NumPy arrays (in
/// declaration order), with the run time in µs as `.run_us`.
#[pyclass(module = "arrayc._arrayc", name = "Result", frozen, mapping)]
pub(crate) struct RunResult {
    pub(crate) outputs: Py<PyDict>,
    #[pyo3(get)]
    pub(crate) run_us: f64,
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

    /// The output names, a set-like view (as a `Mapping`'s `keys()`).
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.outputs.bind(py).call_method0("keys")
    }

    /// The output arrays, a view.
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.outputs.bind(py).call_method0("values")
    }

    /// `(name, array)` pairs, a set-like view.
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.outputs.bind(py).call_method0("items")
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
