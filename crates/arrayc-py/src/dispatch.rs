//! The call path of `arrayc.jit`: `Dispatcher`, the base class of the package's
//! `JitFunction`, whose `__call__` computes a call's signature key from the argument tuple
//! (each array's dtype, shape and layout, ints by value, floats and bools by type, and the
//! module globals the function reads), finds the program compiled for it, reads the arrays
//! in place, runs with the GIL released and gives the results back: no Python code runs for
//! a cached signature. A new signature goes to the Python layer (`_jit.py`'s `_compile`),
//! which finds the source, describes the signature and compiles; a call this path does not
//! take (keywords, other argument types) goes to its `_call`, which does everything.

use crate::convert::{array_to_numpy, hold, numpy_module, Held};
use crate::errors::input_error;
use crate::program::Program;
use arrayc::{ArrayData, ArrayView, DType, DataMut, InPlace};
use numpy::{PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyTuple, PyType};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// One argument's or global's part of a signature key. Two calls with equal keys get the
/// same description from the Python layer, so they share one compiled program.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Part {
    /// An array of a dtype and shape; `direct` when it is read in place (C-contiguous,
    /// aligned, native byte order), otherwise converted by NumPy for each call.
    Array {
        dtype: DType,
        shape: Vec<usize>,
        direct: bool,
    },
    /// The same array object as the earlier slot given.
    Same(usize),
    /// An int argument or global, by value (it may be a shape, a bound or a trip count).
    Int(i64),
    /// A float or bool argument, by type.
    Scalar(DType),
    /// A global float (its bits) or bool, by value: compiled in as a constant.
    Float(u64),
    Bool(bool),
    /// Any other global (a module, a function), by identity; the entry keeps it alive so
    /// that its address is not reused.
    Object(usize),
    /// A global name that is not defined.
    Missing,
}

/// What a call's array slot is, read once for the key, the aliasing checks and the run.
#[derive(Clone, Copy)]
struct ArrayFacts {
    dtype: DType,
    direct: bool,
    writeable: bool,
    data: *mut u8,
    len: usize,
    /// The bytes the array's elements span (`numpy.may_share_memory`'s bounds).
    start: usize,
    end: usize,
}

/// A call's slots (the arguments, then the globals the function reads), classified.
struct Slots<'py> {
    values: Vec<Option<Bound<'py, PyAny>>>,
    arrays: Vec<Option<ArrayFacts>>,
    key: Vec<Part>,
}

/// NumPy's scalar types, looked up once.
struct ScalarTypes {
    bool_: Py<PyType>,
    integer: Py<PyType>,
    floating: Py<PyType>,
    float32: Py<PyType>,
}

static SCALAR_TYPES: PyOnceLock<ScalarTypes> = PyOnceLock::new();

fn scalar_types(py: Python<'_>) -> PyResult<&ScalarTypes> {
    SCALAR_TYPES.get_or_try_init(py, || {
        let numpy = numpy_module(py)?;
        let get = |name: &str| -> PyResult<Py<PyType>> {
            Ok(numpy.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok(ScalarTypes {
            bool_: get("bool_")?,
            integer: get("integer")?,
            floating: get("floating")?,
            float32: get("float32")?,
        })
    })
}

/// The dtype of an array arrayc takes, or `None` (another dtype, or another byte order).
fn array_dtype(array: &Bound<'_, PyUntypedArray>) -> Option<DType> {
    let descr = array.dtype();
    if descr.is_native_byteorder() == Some(false) {
        return None;
    }
    match (descr.kind(), descr.itemsize()) {
        (b'f', 8) => Some(DType::F64),
        (b'f', 4) => Some(DType::F32),
        (b'i', 8) => Some(DType::I64),
        (b'b', 1) => Some(DType::Bool),
        _ => None,
    }
}

/// An array's facts and key part; `None` for a dtype arrayc does not take (the Python
/// layer words the error).
fn array_facts(array: &Bound<'_, PyUntypedArray>) -> Option<(ArrayFacts, Part)> {
    let dtype = array_dtype(array)?;
    let shape = array.shape().to_vec();
    let len: usize = shape.iter().product();
    // SAFETY: a live NumPy array's object struct, read with the GIL held.
    let (data, flags) = unsafe {
        let object = &*array.as_array_ptr();
        (object.fields.data.cast::<u8>(), object.fields.flags)
    };
    let itemsize = dtype.size_bytes();
    let (mut start, mut end) = (data as usize, data as usize);
    if len > 0 {
        end += itemsize;
        for (&extent, &stride) in shape.iter().zip(array.strides()) {
            let reach = stride * (extent as isize - 1);
            if reach < 0 {
                start = start.wrapping_sub(reach.unsigned_abs());
            } else {
                end = end.wrapping_add(reach as usize);
            }
        }
    }
    let direct = array.is_c_contiguous() && flags & numpy::npyffi::NPY_ARRAY_ALIGNED != 0;
    let facts = ArrayFacts {
        dtype,
        direct,
        writeable: flags & numpy::npyffi::NPY_ARRAY_WRITEABLE != 0,
        data,
        len,
        start,
        end,
    };
    Some((
        facts,
        Part::Array {
            dtype,
            shape,
            direct,
        },
    ))
}

/// The call's shared configuration, set once by `_configure`.
struct Config {
    parameters: Vec<String>,
    /// The values of the last parameters' defaults (`function.__defaults__`).
    defaults: Py<PyTuple>,
    globals: Py<PyDict>,
    builtins: Py<PyDict>,
}

/// How a program's output is used when a call ends.
enum OutputUse {
    /// The final contents of the caller's array in the slot given; `in_place` when the
    /// program may compute it in that array's memory (`Program::in_place_input`).
    Written { slot: usize, in_place: bool },
    /// A returned value.
    Returned,
    /// `np.save(NAME.npy)`.
    Saved(String),
}

/// One returned value: an output (by its index) or the caller's own object in a slot.
enum Returned {
    Output(usize),
    Object(usize),
}

/// One signature's compiled program and how a call feeds it and uses its outputs.
struct Entry {
    program: Py<Program>,
    /// Each program input (in declaration order): its name, its slot and its dtype.
    inputs: Vec<(String, usize, DType)>,
    outputs: Vec<OutputUse>,
    output_names: Vec<String>,
    returns: Vec<Returned>,
    tuple_result: bool,
    /// The globals keyed by identity (`Part::Object`), kept alive.
    _kept: Vec<Py<PyAny>>,
}

impl Entry {
    /// How to call `program`, whose inputs and outputs are named as the function entry
    /// names them (`Options::entry`); `None` when an input is not an argument or a global
    /// (the Python layer then handles the call).
    fn new(program: Py<Program>, names: &[String], slots: &Slots<'_>) -> Option<Entry> {
        let slot_of = |name: &str| names.iter().position(|n| n == name);
        let (inputs, output_names) = {
            let compiled = program.get().compiled();
            let inputs = compiled
                .inputs()
                .into_iter()
                .map(|spec| Some((spec.name.clone(), slot_of(&spec.name)?, spec.dtype)))
                .collect::<Option<Vec<_>>>()?;
            (inputs, compiled.output_names())
        };
        let mut outputs = Vec::new();
        let mut returns: Vec<(usize, Returned)> = Vec::new();
        let mut tuple_result = false;
        for (index, output) in output_names.iter().enumerate() {
            if let Some(name) = output.strip_suffix("__written") {
                let in_place = program.get().compiled().in_place_input(output) == Some(name);
                outputs.push(OutputUse::Written {
                    slot: slot_of(name)?,
                    in_place,
                });
                continue;
            }
            let rest = if output == "return" {
                Some("")
            } else {
                output.strip_prefix("return_")
            };
            let Some(rest) = rest else {
                outputs.push(OutputUse::Saved(output.clone()));
                continue;
            };
            outputs.push(OutputUse::Returned);
            // `return`, `return_is_NAME`, `return_K`, `return_K_is_NAME`.
            let (position, same) = match rest.strip_prefix("is_") {
                Some(same) => (0, Some(same)),
                None if rest.is_empty() => (0, None),
                None => {
                    tuple_result = true;
                    let (number, same) = match rest.split_once("_is_") {
                        Some((number, same)) => (number, Some(same)),
                        None => (rest, None),
                    };
                    (number.parse().ok()?, same)
                }
            };
            let returned = match same {
                Some(name) => Returned::Object(slot_of(name)?),
                None => Returned::Output(index),
            };
            returns.push((position, returned));
        }
        returns.sort_by_key(|(position, _)| *position);
        let kept = slots
            .key
            .iter()
            .zip(&slots.values)
            .filter(|(part, _)| matches!(part, Part::Object(_)))
            .filter_map(|(_, value)| value.as_ref().map(|value| value.clone().unbind()))
            .collect();
        Some(Entry {
            program,
            inputs,
            outputs,
            output_names,
            returns: returns.into_iter().map(|(_, returned)| returned).collect(),
            tuple_result,
            _kept: kept,
        })
    }
}

/// The compiled signatures by key.
type Entries = HashMap<Vec<Part>, Arc<Entry>, BuildHasherDefault<KeyHasher>>;

/// A multiply-and-rotate hash of a signature key (as rustc's `FxHasher`): the default
/// SipHash, which resists keys chosen to collide, took a tenth of a cached call, and these
/// keys are the caller's own arguments.
#[derive(Default)]
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The global names a function reads, each with its `str` object for dict lookups.
type GlobalNames = Arc<Vec<(String, Py<PyString>)>>;

/// The base class of `arrayc.jit`'s `JitFunction` (see the module's comment).
#[pyclass(module = "arrayc._arrayc", subclass, frozen)]
pub(crate) struct Dispatcher {
    config: OnceLock<Config>,
    /// The global names the function and its callees read (not its parameters), known once
    /// the Python layer has found the source; with their `str` objects for dict lookups.
    global_names: Mutex<GlobalNames>,
    entries: Mutex<Entries>,
    python_only: AtomicBool,
}

#[pymethods]
impl Dispatcher {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Dispatcher {
        Dispatcher {
            config: OnceLock::new(),
            global_names: Mutex::new(Arc::new(Vec::new())),
            entries: Mutex::new(Entries::default()),
            python_only: AtomicBool::new(false),
        }
    }

    /// Sets the function's parameter names, its positional defaults and the dicts its
    /// globals are looked up in.
    fn _configure(
        &self,
        parameters: Vec<String>,
        defaults: Py<PyTuple>,
        globals: Py<PyDict>,
        builtins: Py<PyDict>,
    ) -> PyResult<()> {
        self.config
            .set(Config {
                parameters,
                defaults,
                globals,
                builtins,
            })
            .map_err(|_| pyo3::exceptions::PyRuntimeError::new_err("configured twice"))
    }

    /// Sets the global names the function reads (found with its source), and whether its
    /// calls are all left to the Python layer (a function that loads files at each call).
    fn _set_global_names(&self, py: Python<'_>, names: Vec<String>, python_only: bool) {
        self.python_only.store(python_only, Ordering::Relaxed);
        let names = names
            .into_iter()
            .map(|name| {
                let object = PyString::new(py, &name).unbind();
                (name, object)
            })
            .collect();
        *self.lock_names() = Arc::new(names);
    }

    /// How many signatures the call path has cached (a test's view of the cache).
    fn _cached_keys(&self) -> usize {
        self.lock_entries().len()
    }

    #[pyo3(signature = (*args, **kwargs))]
    fn __call__(
        slf: &Bound<'_, Self>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let this = slf.get();
        let Some(config) = this.config.get() else {
            return Err(pyo3::exceptions::PyRuntimeError::new_err(
                "arrayc.jit: the function was not configured",
            ));
        };
        let keywords = kwargs.is_some_and(|kwargs| !kwargs.is_empty());
        let python_only = this.python_only.load(Ordering::Relaxed);
        let missing = config.parameters.len().checked_sub(args.len());
        let defaults = config.defaults.bind(py);
        let given = args;
        let args = match missing {
            Some(0) => args.clone(),
            // The last parameters take their defaults, as Python binds them.
            Some(missing) if missing <= defaults.len() => {
                let tail = defaults.get_slice(defaults.len() - missing, defaults.len());
                let values: Vec<Bound<'_, PyAny>> = args.iter().chain(tail.iter()).collect();
                PyTuple::new(py, values)?
            }
            _ => args.clone(),
        };
        if keywords || python_only || args.len() != config.parameters.len() {
            return slf
                .call_method1("_call", (given, kwargs))
                .map(Bound::unbind);
        }
        let args = &args;
        let mut names = Arc::clone(&this.lock_names());
        let Some(mut slots) = this.classify(py, config, args, &names)? else {
            return slf.call_method1("_call", (args, kwargs)).map(Bound::unbind);
        };
        let known = this.lock_entries().get(&slots.key).cloned();
        let entry = match known {
            Some(entry) => entry,
            None => {
                let program = slf.call_method1("_compile", (args,))?;
                // The first compile finds the files the function loads or saves: then its
                // calls are the Python layer's, this one too.
                if this.python_only.load(Ordering::Relaxed) {
                    return slf.call_method1("_call", (args, kwargs)).map(Bound::unbind);
                }
                let program = program.cast_into::<Program>()?.unbind();
                // The first compile found the global names: the key includes them now.
                names = Arc::clone(&this.lock_names());
                slots = match this.classify(py, config, args, &names)? {
                    Some(slots) => slots,
                    None => return slf.call_method1("_call", (args, kwargs)).map(Bound::unbind),
                };
                let slot_names: Vec<String> = config
                    .parameters
                    .iter()
                    .cloned()
                    .chain(names.iter().map(|(name, _)| name.clone()))
                    .collect();
                let Some(entry) = Entry::new(program, &slot_names, &slots) else {
                    return slf.call_method1("_call", (args, kwargs)).map(Bound::unbind);
                };
                let entry = Arc::new(entry);
                this.lock_entries()
                    .insert(slots.key.clone(), Arc::clone(&entry));
                entry
            }
        };
        call(py, &entry, &slots)
    }
}

impl Dispatcher {
    fn lock_names(&self) -> std::sync::MutexGuard<'_, GlobalNames> {
        self.global_names
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The call's slots and key; `None` when an argument is of a kind this path leaves to
    /// the Python layer. Overlapping views of one array are refused here, as the Python
    /// layer refuses them.
    fn classify<'py>(
        &self,
        py: Python<'py>,
        config: &Config,
        args: &Bound<'py, PyTuple>,
        global_names: &[(String, Py<PyString>)],
    ) -> PyResult<Option<Slots<'py>>> {
        let count = args.len() + global_names.len();
        let mut slots = Slots {
            values: Vec::with_capacity(count),
            arrays: Vec::with_capacity(count),
            key: Vec::with_capacity(count),
        };
        let types = scalar_types(py)?;
        for value in args.iter() {
            let part = if let Ok(array) = value.cast::<PyUntypedArray>() {
                match self.array_part(array, config, global_names, &slots)? {
                    Some((part, facts)) => {
                        slots.push(part, Some(value), Some(facts));
                        continue;
                    }
                    None => return Ok(None),
                }
            } else if value.is_exact_instance_of::<PyBool>() {
                Part::Scalar(DType::Bool)
            } else if value.is_instance_of::<PyInt>() {
                match value.extract::<i64>() {
                    Ok(number) => Part::Int(number),
                    Err(_) => return Ok(None),
                }
            } else if value.is_instance_of::<PyFloat>() {
                Part::Scalar(DType::F64)
            } else if value.is_instance(types.bool_.bind(py))? {
                Part::Scalar(DType::Bool)
            } else if value.is_instance(types.float32.bind(py))? {
                Part::Scalar(DType::F32)
            } else if value.is_instance(types.floating.bind(py))? {
                Part::Scalar(DType::F64)
            } else if value.is_instance(types.integer.bind(py))? {
                match value.extract::<i64>() {
                    Ok(number) => Part::Int(number),
                    Err(_) => return Ok(None),
                }
            } else {
                return Ok(None);
            };
            slots.push(part, Some(value), None);
        }
        let globals = config.globals.bind(py);
        let builtins = config.builtins.bind(py);
        for (_, name) in global_names {
            let name = name.bind(py);
            let value = match globals.get_item(name)? {
                Some(value) => Some(value),
                None => builtins.get_item(name)?,
            };
            let Some(value) = value else {
                slots.push(Part::Missing, None, None);
                continue;
            };
            let part = if let Ok(array) = value.cast::<PyUntypedArray>() {
                match self.array_part(array, config, global_names, &slots)? {
                    Some((part, facts)) => {
                        slots.push(part, Some(value), Some(facts));
                        continue;
                    }
                    None => return Ok(None),
                }
            } else if value.is_exact_instance_of::<PyBool>()
                || value.is_instance(types.bool_.bind(py))?
            {
                Part::Bool(value.is_truthy()?)
            } else if value.is_instance_of::<PyInt>()
                || value.is_instance(types.integer.bind(py))?
            {
                match value.extract::<i64>() {
                    Ok(number) => Part::Int(number),
                    Err(_) => return Ok(None),
                }
            } else if value.is_instance_of::<PyFloat>()
                || value.is_instance(types.floating.bind(py))?
            {
                Part::Float(value.extract::<f64>()?.to_bits())
            } else {
                Part::Object(value.as_ptr() as usize)
            };
            slots.push(part, Some(value), None);
        }
        Ok(Some(slots))
    }

    /// An array's key part (`Same` for an array object in an earlier slot) and facts;
    /// `None` for a dtype the Python layer refuses.
    fn array_part(
        &self,
        array: &Bound<'_, PyUntypedArray>,
        config: &Config,
        global_names: &[(String, Py<PyString>)],
        slots: &Slots<'_>,
    ) -> PyResult<Option<(Part, ArrayFacts)>> {
        let Some((facts, part)) = array_facts(array) else {
            return Ok(None);
        };
        let slot = slots.key.len();
        for (other, earlier) in slots.arrays.iter().enumerate() {
            let Some(earlier) = earlier else { continue };
            let same = slots.values[other]
                .as_ref()
                .is_some_and(|value| value.is(array));
            if same {
                return Ok(Some((Part::Same(other), facts)));
            }
            if facts.start < earlier.end && earlier.start < facts.end {
                let name_of = |slot: usize| match slot.checked_sub(config.parameters.len()) {
                    None => config.parameters[slot].clone(),
                    Some(global) => global_names[global].0.clone(),
                };
                return Err(input_error(format!(
                    "arguments `{}` and `{}` share memory (overlapping views of one array); \
                     arrayc.jit takes the same array twice or arrays that do not overlap \
                     (pass a `.copy()`)",
                    name_of(other),
                    name_of(slot)
                )));
            }
        }
        Ok(Some((part, facts)))
    }
}

impl<'py> Slots<'py> {
    fn push(&mut self, part: Part, value: Option<Bound<'py, PyAny>>, facts: Option<ArrayFacts>) {
        self.key.push(part);
        self.values.push(value);
        self.arrays.push(facts);
    }
}

/// A view of a caller's array read in place, or `None` when it must be converted first:
/// not C-contiguous and aligned, or a bool array holding bytes other than 0 and 1.
fn direct_view<'a>(array: &'a Bound<'_, PyUntypedArray>, facts: &ArrayFacts) -> Option<Held<'a>> {
    if !facts.direct {
        return None;
    }
    let shape = array.shape();
    if facts.len == 0 {
        let view = match facts.dtype {
            DType::F64 => ArrayView::new(shape, &[] as &[f64]),
            DType::F32 => ArrayView::new(shape, &[] as &[f32]),
            DType::I64 => ArrayView::new(shape, &[] as &[i64]),
            DType::Bool => ArrayView::new(shape, &[] as &[bool]),
        };
        return Some(Held::Direct(view));
    }
    // SAFETY: the array is alive for `'a` (the call holds it), C-contiguous and aligned,
    // with `len` elements of `dtype` at `data` (checked by `array_facts`); bools are taken
    // only after checking that every byte is 0 or 1.
    let view = unsafe {
        match facts.dtype {
            DType::F64 => ArrayView::new(shape, typed::<f64>(facts.data, facts.len)),
            DType::F32 => ArrayView::new(shape, typed::<f32>(facts.data, facts.len)),
            DType::I64 => ArrayView::new(shape, typed::<i64>(facts.data, facts.len)),
            DType::Bool => {
                if typed::<u8>(facts.data, facts.len)
                    .iter()
                    .any(|&byte| byte > 1)
                {
                    return None;
                }
                ArrayView::new(shape, typed::<bool>(facts.data, facts.len))
            }
        }
    };
    Some(Held::Direct(view))
}

/// `len` elements of `T` at `data`.
///
/// # Safety
/// `data` must point at `len` initialised, aligned elements of `T` that stay valid for `'a`.
unsafe fn typed<'a, T>(data: *mut u8, len: usize) -> &'a [T] {
    // SAFETY: the caller's contract.
    unsafe { std::slice::from_raw_parts(data.cast::<T>().cast_const(), len) }
}

/// A scalar argument as the input of `dtype` it is compiled as.
fn scalar(value: &Bound<'_, PyAny>, dtype: DType) -> PyResult<Held<'static>> {
    let data: ArrayData = match dtype {
        DType::Bool => vec![value.is_truthy()?].into(),
        DType::F32 => vec![value.extract::<f64>()? as f32].into(),
        DType::F64 => vec![value.extract::<f64>()?].into(),
        DType::I64 => vec![value.extract::<i64>()?].into(),
    };
    arrayc::Array::from_data(Vec::new(), data)
        .map(Held::Scalar)
        .ok_or_else(|| input_error("a scalar argument is not a scalar".to_string()))
}

/// A written array the program computes in place: C-contiguous, aligned, writeable, of
/// the compiled dtype, and for bool only 0 and 1 bytes (what `direct_view` reads too).
fn in_place_data<'a>(facts: &ArrayFacts, dtype: DType) -> Option<DataMut<'a>> {
    if !facts.direct || !facts.writeable || facts.dtype != dtype {
        return None;
    }
    if facts.len == 0 {
        return None;
    }
    // SAFETY: as `direct_view`; the array is writeable, and no other slot's memory
    // overlaps it (`array_part` refused overlapping views, and the same array given twice
    // is one input), so nothing else the run reads or writes is this memory.
    unsafe {
        Some(match dtype {
            DType::F64 => DataMut::F64(typed_mut(facts.data, facts.len)),
            DType::F32 => DataMut::F32(typed_mut(facts.data, facts.len)),
            DType::I64 => DataMut::I64(typed_mut(facts.data, facts.len)),
            DType::Bool => {
                if typed::<u8>(facts.data, facts.len)
                    .iter()
                    .any(|&byte| byte > 1)
                {
                    return None;
                }
                DataMut::Bool(typed_mut(facts.data, facts.len))
            }
        })
    }
}

/// `len` writable elements of `T` at `data`.
///
/// # Safety
/// As `typed`, and nothing else may read or write them while the slice lives.
unsafe fn typed_mut<'a, T>(data: *mut u8, len: usize) -> &'a mut [T] {
    // SAFETY: the caller's contract.
    unsafe { std::slice::from_raw_parts_mut(data.cast::<T>(), len) }
}

/// Runs `entry` for a call's `slots` and gives back what the function returns.
fn call(py: Python<'_>, entry: &Entry, slots: &Slots<'_>) -> PyResult<Py<PyAny>> {
    let program = entry.program.get();
    // Written arrays computed in the caller's memory, and the slots they take.
    let mut in_place: Vec<InPlace<'_>> = Vec::new();
    let mut in_place_slots: Vec<usize> = Vec::new();
    let output_names = &entry.output_names;
    for (used, output) in entry.outputs.iter().zip(output_names) {
        let OutputUse::Written {
            slot,
            in_place: true,
        } = used
        else {
            continue;
        };
        let (Some(facts), Some(value)) = (&slots.arrays[*slot], &slots.values[*slot]) else {
            continue;
        };
        let dtype = entry
            .inputs
            .iter()
            .find(|(_, s, _)| s == slot)
            .map(|(_, _, d)| *d);
        let Ok(array) = value.cast::<PyUntypedArray>() else {
            continue;
        };
        if let Some(data) = dtype.and_then(|dtype| in_place_data(facts, dtype)) {
            in_place.push(InPlace {
                output,
                shape: array.shape(),
                data,
            });
            in_place_slots.push(*slot);
        }
    }
    let mut held: Vec<Held<'_>> = Vec::with_capacity(entry.inputs.len());
    let mut names: Vec<&str> = Vec::with_capacity(entry.inputs.len());
    for (name, slot, dtype) in &entry.inputs {
        if in_place_slots.contains(slot) {
            continue;
        }
        let Some(value) = &slots.values[*slot] else {
            return Err(input_error(format!("input `{name}` has no value")));
        };
        let direct = match (&slots.arrays[*slot], value.cast::<PyUntypedArray>()) {
            (Some(facts), Ok(array)) if facts.dtype == *dtype => direct_view(array, facts),
            _ => None,
        };
        let one = match direct {
            Some(view) => view,
            None if matches!(slots.key[*slot], Part::Scalar(_)) => scalar(value, *dtype)?,
            None => hold(name, value, *dtype)?,
        };
        held.push(one);
        names.push(name);
    }
    let result = program.run_held_in_place(py, &names, &held, &mut in_place)?;
    drop(held);
    drop(in_place);
    let numpy = numpy_module(py)?;
    let mut values: Vec<Option<Bound<'_, PyAny>>> = Vec::with_capacity(entry.outputs.len());
    // The result holds every output but those computed in place, in order.
    let mut results = result.outputs.into_iter();
    for (used, output) in entry.outputs.iter().zip(output_names) {
        if let OutputUse::Written { slot, .. } = used {
            if in_place_slots.contains(slot) {
                values.push(None);
                continue;
            }
        }
        let Some((name, array)) = results.next() else {
            return Err(input_error(format!("output `{output}` is missing")));
        };
        match used {
            OutputUse::Written { slot, .. } => {
                write_back(py, &slots.values[*slot], &slots.arrays[*slot], &name, array)?;
                values.push(None);
            }
            OutputUse::Saved(file) => {
                let value = array_to_numpy(py, &name, array)?;
                numpy.call_method1("save", (format!("{file}.npy"), value))?;
                values.push(None);
            }
            OutputUse::Returned => values.push(Some(array_to_numpy(py, &name, array)?)),
        }
    }
    let mut returned: Vec<Bound<'_, PyAny>> = Vec::with_capacity(entry.returns.len());
    for one in &entry.returns {
        let value = match one {
            Returned::Output(index) => values[*index].take(),
            Returned::Object(slot) => slots.values[*slot].clone(),
        };
        returned.push(value.unwrap_or_else(|| py.None().into_bound(py)));
    }
    if entry.tuple_result {
        return Ok(PyTuple::new(py, returned)?.into_any().unbind());
    }
    Ok(match returned.into_iter().next() {
        Some(value) => value.unbind(),
        None => py.None(),
    })
}

/// Puts the final contents of a written array into the caller's array: copied in place
/// when it is C-contiguous, writeable and of the output's dtype, otherwise by
/// `numpy.copyto` (a strided or Fortran-order array, or another dtype).
fn write_back(
    py: Python<'_>,
    value: &Option<Bound<'_, PyAny>>,
    facts: &Option<ArrayFacts>,
    name: &str,
    array: arrayc::Array,
) -> PyResult<()> {
    let Some(value) = value else {
        return Ok(());
    };
    if let Some(facts) = facts {
        let same = facts.direct
            && facts.writeable
            && facts.dtype == array.dtype()
            && facts.len == array.data.len();
        if same && facts.len > 0 {
            let bytes = facts.len * facts.dtype.size_bytes();
            let source: *const u8 = match &array.data {
                ArrayData::F64(data) => data.as_ptr().cast(),
                ArrayData::F32(data) => data.as_ptr().cast(),
                ArrayData::I64(data) => data.as_ptr().cast(),
                ArrayData::Bool(data) => data.as_ptr().cast(),
            };
            // SAFETY: both hold `bytes` bytes of one dtype (checked above); the output is
            // the program's own memory, which never overlaps the caller's array.
            unsafe { std::ptr::copy_nonoverlapping(source, facts.data, bytes) };
            return Ok(());
        }
        if same {
            return Ok(());
        }
    }
    let output = array_to_numpy(py, name, array)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("casting", "unsafe")?;
    numpy_module(py)?.call_method("copyto", (value, output), Some(&kwargs))?;
    Ok(())
}
