//! How to compile a program: `Options`, and the cap on the threads a program may start.
//! Read by the pipeline and the runtime; knows nothing of the stages themselves.

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
