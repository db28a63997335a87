//! The `arrayc._arrayc` extension module: takes Python source strings, options and NumPy
//! arrays, calls the arrayc library with the GIL released, and gives back NumPy arrays,
//! report dicts and exceptions carrying spans.
//!
//! It must not know Jupyter or the package's pure-Python layer (`python/arrayc/`), which
//! subclasses `Program` and wraps the report; nor anything of the compiler beyond the
//! library's public API.
//!
//! One file per job: `program` is the `Program` class, `result` the `Result` class,
//! `convert` moves arrays across the boundary, `errors` makes the exceptions, `interrupt`
//! turns Ctrl-C into a stop of the running program, `jit` compiles one Python function for
//! a signature (`arrayc.jit`) and `dispatch` is its call path (the signature key, the cache
//! of compiled signatures, the run).

mod convert;
mod dispatch;
mod errors;
mod interrupt;
mod jit;
mod program;
mod result;

use errors::{CompileError, Error, InputError, RunError};
use program::Program;
use pyo3::prelude::*;
use result::RunResult;

/// The extension module; `arrayc/__init__.py` re-exports what users need.
#[pymodule]
fn _arrayc(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    convert::import_numpy_api(py);
    module.add_class::<Program>()?;
    module.add_class::<RunResult>()?;
    module.add_class::<dispatch::Dispatcher>()?;
    module.add_function(wrap_pyfunction!(jit::compile_function, module)?)?;
    module.add_function(wrap_pyfunction!(jit::python_loads, module)?)?;
    module.add_function(wrap_pyfunction!(jit::python_saves, module)?)?;
    module.add("Error", py.get_type::<Error>())?;
    module.add("CompileError", py.get_type::<CompileError>())?;
    module.add("InputError", py.get_type::<InputError>())?;
    module.add("RunError", py.get_type::<RunError>())?;
    // Stops daemon threads' compiles and runs before Python finalises (see `interrupt`).
    module.add_function(wrap_pyfunction!(program::_stop_for_exit, module)?)?;
    let stop_for_exit = module.getattr("_stop_for_exit")?;
    py.import("atexit")?
        .call_method1("register", (stop_for_exit,))?;
    Ok(())
}
