//! How to compile a program: `Options`, and the cap on the threads a program may start.
//! Read by the pipeline and the runtime; knows nothing of the stages themselves.

use crate::ir::DType;

/// `Options::threads` is capped at this many threads per available core.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// How to compile a program.
#[derive(Debug, Clone)]
pub struct Options {
    /// `param` overrides, as the CLI's `--set name=value`.
    pub params: Vec<(String, f64)>,
    /// The most IR operations unrolling may grow a program to (default 1,000,000).
    pub unroll_budget: usize,
    /// The most bytes of arrays a program may allocate (default 4 GiB).
    pub max_memory_bytes: usize,
    /// The name diagnostics give the source (default `<input>`).
    pub file_name: String,
    /// Keep the Cranelift IR text (`Program::clif`).
    pub keep_clif: bool,
    /// Keep the disassembly (`Program::asm`).
    pub keep_asm: bool,
    /// Run Cranelift's IR verifier on every function (slower).
    pub verify: bool,
    /// Threads for large kernels (0: one per available core; 1: none besides the caller).
    pub threads: usize,
    /// Kernels with at least this many elements are split over the threads (default 2^18).
    pub parallel_min_elements: usize,
    /// Threads that compile functions to machine code (0: one per available core;
    /// 1: only the caller's). Independent of `threads`, which is about running; the code
    /// is the same for any number.
    pub compile_threads: usize,
    /// The source's language (default `.arr`; `Language::of_file` picks it by extension).
    pub language: Language,
    /// Python sources: the shape and dtype of each input the script loads, known before
    /// compiling (`np.load("x.npy")` is the input `x`; its shape must be fixed at compile
    /// time, so the host reads the file's header first: `python_loads` lists the files).
    /// A load without a spec here is refused at its line.
    pub input_specs: Vec<InputSpec>,
    /// Python sources: compile one function of the module for a signature (`@arrayc.jit`)
    /// instead of the module-level code. See `Entry`.
    pub entry: Option<Entry>,
    /// Hand back a program compiled earlier in this process from the same source and
    /// options instead of compiling it again (default true; see `cache`).
    pub reuse: bool,
    /// Also keep compiled programs in this directory, for later processes: the code, its
    /// tables and its report in one file per source and options (default none: nothing is
    /// written). The library reads and writes no other files.
    pub cache_dir: Option<std::path::PathBuf>,
}

/// A declared `input` of a program (or one a host declares for a Python source,
/// `Options::input_specs`).
#[derive(Debug, Clone, PartialEq)]
pub struct InputSpec {
    pub name: String,
    pub shape: Vec<usize>,
    /// The element type the program reads it in.
    pub dtype: DType,
}

/// A Python function compiled for one signature (`Options::entry`): the source holds the
/// `def` (and the functions it calls, inlined as in a script); the module's other
/// statements are not compiled, the host says what each global name is instead.
///
/// The program's inputs are the array and by-type scalar arguments, named after their
/// parameters, and the array globals, named after the global. Its outputs are named:
/// - `return` (one returned value) or `return_0`, `return_1`, ... (a returned tuple);
///   `return_is_NAME` / `return_K_is_NAME` (a scalar 0) when the value returned is the
///   argument (or array global) `NAME` itself, the same object, as NumPy would return it;
/// - `NAME__written`: the final contents of the argument or array global `NAME` when the
///   function writes into it; the host copies them back into the caller's array.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The `def`'s name.
    pub function: String,
    /// Each parameter's value, in the `def`'s order.
    pub arguments: Vec<(String, EntryValue)>,
    /// The module globals the function (or a function it calls) reads.
    pub globals: Vec<(String, EntryValue)>,
}

/// What one argument or global name of an `Entry` is.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryValue {
    /// An array of this shape and dtype: an input.
    Array {
        shape: Vec<usize>,
        dtype: DType,
    },
    /// A scalar known by type only: a scalar input.
    Scalar(DType),
    /// Constants, compiled in by value (an int may be a shape or a loop bound).
    Int(i64),
    Float(f64),
    Bool(bool),
    /// The same array object as the earlier argument of this name.
    SameAs(String),
    /// A module: `numpy`, `math`, `arrayc` or `matplotlib...`.
    Module(String),
    /// A name imported from a module (`from numpy import exp`): the module and the name.
    Imported(String, String),
}

/// The two surfaces of the compiler, each a front end (`front/`) producing the same tree:
/// the `.arr` language and NumPy as written in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Arr,
    Python,
}

impl Language {
    /// The language a file's name says (`.py` is Python; anything else `.arr`).
    pub fn of_file(file_name: &str) -> Language {
        if file_name.ends_with(".py") {
            Language::Python
        } else {
            Language::Arr
        }
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            params: Vec::new(),
            unroll_budget: 1_000_000,
            max_memory_bytes: 4 << 30,
            file_name: "<input>".to_string(),
            keep_clif: false,
            keep_asm: false,
            verify: false,
            threads: 0,
            parallel_min_elements: 1 << 18,
            compile_threads: 0,
            language: Language::Arr,
            input_specs: Vec::new(),
            entry: None,
            reuse: true,
            cache_dir: None,
        }
    }
}

impl Options {
    /// The number of threads a program will use: `threads`, or one per core when 0, and
    /// never more than `MAX_THREADS_PER_CORE` per core (more only cost time to start and
    /// to schedule: 100,000 threads turned a 0.13 s run into minutes).
    pub fn thread_count(&self) -> usize {
        capped_threads(self.threads)
    }

    /// The number of threads code generation may use: `compile_threads`, or one per core
    /// when 0, under the same cap as `thread_count`.
    pub fn compile_thread_count(&self) -> usize {
        capped_threads(self.compile_threads)
    }

    /// Sets a `param` override.
    pub fn param(mut self, name: &str, value: f64) -> Options {
        self.params.push((name.to_string(), value));
        self
    }
}

/// `threads`, or one per core when 0, at most `MAX_THREADS_PER_CORE` per core.
fn capped_threads(threads: usize) -> usize {
    if threads == 1 {
        return 1;
    }
    // Asking the system reads cgroup files: do it once per process, and only if needed.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    match threads {
        0 => cores,
        n => n.min(cores.saturating_mul(MAX_THREADS_PER_CORE)),
    }
}

impl Options {
    /// What the Python front end is told about inputs and the entry, in its own terms
    /// (the front end comes before the IR's `DType`: dtypes go as their `.arr` names).
    pub(crate) fn python_given(&self) -> crate::front::python::Given {
        use crate::front::python::{Given, GivenEntry, GivenInput, GivenValue};
        let value = |value: &EntryValue| match value {
            EntryValue::Array { shape, dtype } => GivenValue::Array {
                shape: shape.clone(),
                dtype: dtype.name(),
            },
            EntryValue::Scalar(dtype) => GivenValue::Scalar(dtype.name()),
            EntryValue::Int(value) => GivenValue::Int(*value),
            EntryValue::Float(value) => GivenValue::Float(*value),
            EntryValue::Bool(value) => GivenValue::Bool(*value),
            EntryValue::SameAs(name) => GivenValue::SameAs(name.clone()),
            EntryValue::Module(name) => GivenValue::Module(name.clone()),
            EntryValue::Imported(module, name) => {
                GivenValue::Imported(module.clone(), name.clone())
            }
        };
        let values = |values: &[(String, EntryValue)]| {
            values
                .iter()
                .map(|(name, v)| (name.clone(), value(v)))
                .collect()
        };
        Given {
            inputs: self
                .input_specs
                .iter()
                .map(|spec| GivenInput {
                    name: spec.name.clone(),
                    shape: spec.shape.clone(),
                    dtype: spec.dtype.name(),
                })
                .collect(),
            entry: self.entry.as_ref().map(|entry| GivenEntry {
                function: entry.function.clone(),
                arguments: values(&entry.arguments),
                globals: values(&entry.globals),
            }),
        }
    }
}
