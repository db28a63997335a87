//! Arrays across the boundary: a Python value given for an input held as the program will
//! read it (a NumPy array of the input's dtype borrowed in place, converted by NumPy when
//! it must be, or a Python number as a scalar), and outputs given back as NumPy arrays.

use crate::errors::input_error;
use arrayc::{ArrayView, DType};
use numpy::{PyArrayDyn, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyTuple};

pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |name| name.to_string())
}

/// One input as the program will read it: a NumPy array of the input's dtype borrowed in
/// place (one NumPy made by converting the value given, or the caller's own), or a Python
/// number as a scalar of the type Python gives it (the library converts it to the input's
/// dtype under NumPy's `same_kind` rule).
pub(crate) enum Held<'py> {
    F64(numpy::PyReadonlyArrayDyn<'py, f64>),
    F32(numpy::PyReadonlyArrayDyn<'py, f32>),
    I64(numpy::PyReadonlyArrayDyn<'py, i64>),
    Bool(numpy::PyReadonlyArrayDyn<'py, bool>),
    Scalar(arrayc::Array),
    /// A caller's array read in place by `arrayc.jit`'s call path, which checked its
    /// layout and dtype itself (`direct_view`).
    Direct(ArrayView<'py>),
}

impl Held<'_> {
    pub(crate) fn view(&self) -> PyResult<ArrayView<'_>> {
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
            Held::Direct(view) => *view,
        })
    }
}

static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

pub(crate) fn numpy_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    Ok(NUMPY
        .get_or_try_init(py, || py.import("numpy").map(Bound::unbind))?
        .bind(py))
}

/// Imports NumPy's C API and rust-numpy's borrow checker now, at import time. Both are
/// otherwise imported on first use, which can be the conversion of a run's outputs: a
/// Ctrl-C pending then fires inside that import, and rust-numpy panics where it fails.
pub(crate) fn import_numpy_api(py: Python<'_>) {
    let empty = numpy::PyArray1::<f64>::zeros(py, 0, false);
    drop(empty.readonly());
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
pub(crate) fn hold<'py>(
    name: &str,
    value: &Bound<'py, PyAny>,
    dtype: DType,
) -> PyResult<Held<'py>> {
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
        // Bytes other than 0 and 1 in a bool array are true, as NumPy reads them. A 0-d
        // array (from `numpy.True_`) gives a NumPy scalar, made an array again.
        let normalised = numpy.call_method1("not_equal", (&converted, 0))?;
        converted = numpy.call_method1("asarray", (normalised,))?;
    }
    borrow_as(&converted, dtype)?
        .ok_or_else(|| input_error(format!("input `{name}` cannot be borrowed")))
}

/// An output as a NumPy array (a NumPy scalar when it is 0-d), without copying its data.
pub(crate) fn array_to_numpy<'py>(
    py: Python<'py>,
    name: &str,
    array: arrayc::Array,
) -> PyResult<Bound<'py, PyAny>> {
    let shape = &array.shape;
    match array.data {
        arrayc::ArrayData::F64(data) => to_numpy(py, name, shape, data),
        arrayc::ArrayData::F32(data) => to_numpy(py, name, shape, data),
        arrayc::ArrayData::I64(data) => to_numpy(py, name, shape, data),
        arrayc::ArrayData::Bool(data) => to_numpy(py, name, shape, data),
    }
}

/// A NumPy array that takes over `data` without copying it; a 0-d output is a NumPy scalar
/// of its dtype, as NumPy's reductions give (`numpy.float64(66.0)`, not `array(66.)`).
pub(crate) fn to_numpy<'py, T: numpy::Element>(
    py: Python<'py>,
    name: &str,
    shape: &[usize],
    data: Vec<T>,
) -> PyResult<Bound<'py, PyAny>> {
    let array = numpy::ndarray::ArrayD::from_shape_vec(numpy::ndarray::IxDyn(shape), data)
        .map_err(|e| PyException::new_err(format!("output `{name}`: {e}")))?;
    let array = numpy::PyArray::from_owned_array(py, array).into_any();
    if shape.is_empty() {
        return array.get_item(PyTuple::empty(py));
    }
    Ok(array)
}
