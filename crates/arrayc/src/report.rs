//! The compile report: what each phase cost, how large the IR and the code grew, and what
//! each scope contributed. Filled in by the pipeline; plain data for the caller.

/// What one scope contributed to the program.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeReport {
    /// `"for"` or `"loop"`.
    pub kind: &'static str,
    pub line: usize,
    /// The trip count, when it is known at compile time.
    pub trips: Option<u64>,
    pub unroll: u32,
    pub ir_ops: usize,
}

/// The compile-cost report: microseconds per phase, IR size and code size.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompileReport {
    pub parse_us: f64,
    pub check_us: f64,
    pub lower_us: f64,
    /// Wall time of code generation (building, compiling and placing every function).
    pub codegen_us: f64,
    /// Threads that compiled functions to machine code (1 unless there were several
    /// functions and enough work to share).
    pub codegen_threads: usize,
    pub finalize_us: f64,
    pub total_us: f64,
    pub ir_ops: usize,
    pub code_bytes: usize,
    /// Cranelift functions generated (large unrolled code is split into several).
    pub functions: usize,
    pub scopes: Vec<ScopeReport>,
    /// Where the program came from: compiled now, or taken from the compile cache. For a
    /// cached program `total_us` is the time it took to find (and load) it; the other
    /// timings are those of the compile that made it.
    pub origin: Origin,
    /// Why the program was not read from or written to the cache directory
    /// (`Options::cache_dir`), said once per directory and process: it was compiled
    /// without the persistent cache.
    pub cache_note: Option<String>,
}

/// Where a program came from (`CompileReport::origin`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Origin {
    /// Compiled by this call.
    #[default]
    Compiled,
    /// Compiled earlier in this process from the same source and options.
    Memory,
    /// Read from the cache directory, compiled by this or another process.
    Disk,
}

impl Origin {
    /// `None` for a compiled program, else `"memory"` or `"disk"`.
    pub fn cached(self) -> Option<&'static str> {
        match self {
            Origin::Compiled => None,
            Origin::Memory => Some("memory"),
            Origin::Disk => Some("disk"),
        }
    }
}
