//! The one definition of the interface between generated code and the host: the run-time
//! context and its field offsets, the types of the entry, row and callback functions, and
//! the Cranelift signatures derived from those types. Knows no IR and no kernel.
//!
//! Generated code reaches the host only through what is declared here: `runtime` fills a
//! `RunContext` and calls an `EntryFn`; codegen reads the context at the `CONTEXT_*`
//! offsets, which compile-time assertions tie to the struct, and calls `Import`s whose
//! Cranelift signatures are computed from their Rust function types.

use super::blas::order::{self, MatmulCall};
use super::masked;
use super::pairwise::walk;
use cranelift_codegen::ir::{types, AbiParam, Signature, Type};
use cranelift_jit::JITModule;
use cranelift_module::Module;
use std::mem::{offset_of, size_of};

/// What generated code sees through its one pointer argument.
#[repr(C)]
pub struct RunContext {
    /// The buffer table: one data pointer per IR buffer (swaps exchange entries).
    pub buffers: *mut *mut f64,
    /// The current value of each `loop` index, as a float64.
    pub slots: *mut f64,
    /// The offending value of a failed run-time check.
    pub error_value: f64,
    /// What the host's callbacks need (the writer, the program); opaque to generated code.
    pub host: *mut std::ffi::c_void,
    /// The run's interrupt flag (one byte, non-zero to stop), polled at every back edge
    /// of a machine loop.
    pub interrupt: *const std::sync::atomic::AtomicBool,
}

/// Byte offsets of the fields of `RunContext` that generated code reads or writes.
pub const CONTEXT_BUFFERS: i32 = 0;
pub const CONTEXT_SLOTS: i32 = 8;
pub const CONTEXT_ERROR_VALUE: i32 = 16;
pub const CONTEXT_INTERRUPT: i32 = 32;

/// The statuses generated code and the host's functions return — their one home: 0 when
/// all went well, `site_status(site)` (1 + the site's index) when a run-time check at that
/// site failed, or one of the negative statuses below. `STATUS_OK` is zero so that generated
/// code tests a status with one `brif`.
pub const STATUS_OK: i32 = 0;
/// The status the host's `print` returns when the writer fails; no site has it.
pub const STATUS_WRITE_FAILED: i32 = -1;
/// The status of a run stopped by its interrupt flag; `error_value` then holds the index
/// of the interrupted loop's site (the site of its bounds check).
pub const STATUS_INTERRUPTED: i32 = -2;
/// The status of a function compiled from part of a loop body that ran `break` (or
/// `continue`): the caller, inside the loop, leaves it (or goes to its next iteration).
pub const STATUS_BREAK: i32 = -3;
pub const STATUS_CONTINUE: i32 = -4;
/// The status of a draw from a random stream that was not seeded first (lowering orders
/// every seeding before the draws from its stream, so this is a compiler bug).
pub const STATUS_UNSEEDED: i32 = -5;
/// The status of a failed run-time check at `site`.
pub fn site_status(site: u32) -> i32 {
    i32::try_from(site).map_or(i32::MAX, |site| site.saturating_add(1))
}

/// The site whose failed check returned `status`, if it is such a status.
pub fn status_site(status: i32) -> Option<usize> {
    usize::try_from(status).ok()?.checked_sub(1)
}

/// Bytes per entry of the buffer table and of the slots.
pub const BUFFER_ENTRY_BYTES: i32 = 8;
pub const SLOT_BYTES: i32 = 8;

const _: () = {
    assert!(offset_of!(RunContext, buffers) == CONTEXT_BUFFERS as usize);
    assert!(offset_of!(RunContext, slots) == CONTEXT_SLOTS as usize);
    assert!(offset_of!(RunContext, error_value) == CONTEXT_ERROR_VALUE as usize);
    assert!(offset_of!(RunContext, interrupt) == CONTEXT_INTERRUPT as usize);
    assert!(size_of::<*mut f64>() == BUFFER_ENTRY_BYTES as usize);
    assert!(size_of::<f64>() == SLOT_BYTES as usize);
};

/// The entry function and every chunk function: a status (`STATUS_OK`, `site_status`, or
/// `STATUS_INTERRUPTED`).
pub type EntryFn = unsafe extern "C" fn(*mut RunContext) -> i32;
/// A kernel's row function: computes rows `first..end` of its first dimension.
pub type RowsFn = unsafe extern "C" fn(*mut RunContext, i64, i64) -> i32;
/// The host's `print`: prints `Program::prints[id]`, returns a status.
pub type PrintFn = unsafe extern "C" fn(*mut RunContext, u32) -> i32;
/// The host's random draws: makes `Program::draws[id]`, returns a status.
pub type RandomFn = unsafe extern "C" fn(*mut RunContext, u32) -> i32;
/// The host's thread dispatch: runs a row function over `rows` rows, returns a status.
pub type ParallelFn = unsafe extern "C" fn(*mut RunContext, RowsFn, i64) -> i32;
/// The `numeric` math functions generated code calls per element.
pub type UnaryMathFn = extern "C" fn(f64) -> f64;
pub type BinaryMathFn = extern "C" fn(f64, f64) -> f64;
/// The float32 ones (`%`, `//`, `**`), so that generated code and constant folding agree.
pub type BinaryMathF32Fn = extern "C" fn(f32, f32) -> f32;
/// `numeric::power_i64`, the one int64 operation generated code calls the host for.
pub type BinaryIntFn = extern "C" fn(i64, i64) -> i64;
/// NumPy's pairwise sum of contiguous elements (`pairwise::walk`).
pub type PairwiseFn<T> = unsafe extern "C" fn(*mut T, i64) -> T;
/// NumPy's pairwise sum of the elements a bool mask selects (`masked`).
pub type MaskedSumFn<T> = unsafe extern "C" fn(*mut T, *mut u8, i64) -> T;
/// `matmul` in NumPy's order (`codegen/blas/order.rs`).
pub type MatmulFn = unsafe extern "C" fn(*mut MatmulCall) -> i64;

/// The host's functions generated code calls.
pub struct Runtime {
    pub print: PrintFn,
    pub random: RandomFn,
    pub parallel: ParallelFn,
}

/// A Rust type that crosses the boundary, and the Cranelift type it travels as.
pub(super) trait AbiValue {
    fn ty(pointer: Type) -> Type;
}

impl AbiValue for f64 {
    fn ty(_: Type) -> Type {
        types::F64
    }
}

impl AbiValue for f32 {
    fn ty(_: Type) -> Type {
        types::F32
    }
}

impl AbiValue for i32 {
    fn ty(_: Type) -> Type {
        types::I32
    }
}

impl AbiValue for u32 {
    fn ty(_: Type) -> Type {
        types::I32
    }
}

impl AbiValue for i64 {
    fn ty(_: Type) -> Type {
        types::I64
    }
}

impl<T> AbiValue for *mut T {
    fn ty(pointer: Type) -> Type {
        pointer
    }
}

impl AbiValue for RowsFn {
    fn ty(pointer: Type) -> Type {
        pointer
    }
}

/// A function type that crosses the boundary, and its Cranelift signature.
pub(super) trait AbiFunction {
    fn signature(module: &JITModule) -> Signature;
}

macro_rules! abi_function {
    ($($arg:ident),*) => {
        impl<R: AbiValue, $($arg: AbiValue),*> AbiFunction for extern "C" fn($($arg),*) -> R {
            fn signature(module: &JITModule) -> Signature {
                let pointer = module.target_config().pointer_type();
                let mut signature = module.make_signature();
                signature.params = vec![$(AbiParam::new($arg::ty(pointer))),*];
                signature.returns.push(AbiParam::new(R::ty(pointer)));
                signature
            }
        }

        impl<R: AbiValue, $($arg: AbiValue),*> AbiFunction
            for unsafe extern "C" fn($($arg),*) -> R
        {
            fn signature(module: &JITModule) -> Signature {
                <extern "C" fn($($arg),*) -> R as AbiFunction>::signature(module)
            }
        }
    };
}

abi_function!(A);
abi_function!(A, B);
abi_function!(A, B, C);

/// A host function generated code calls, by symbol.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Import {
    Exp,
    Log,
    Sin,
    Cos,
    Tan,
    Tanh,
    Remainder,
    FloorDivide,
    Pow,
    PowI64,
    RemainderF32,
    FloorDivideF32,
    PowF32,
    Atan2,
    Hypot,
    Copysign,
    Fmod,
    Logaddexp,
    PairwiseF64,
    PairwiseF32,
    MaskedSumF64,
    MaskedSumF32,
    MatmulF64,
    Print,
    Random,
    Parallel,
}

impl Import {
    pub(super) const ALL: [Import; 26] = [
        Import::Parallel,
        Import::Exp,
        Import::Log,
        Import::Sin,
        Import::Cos,
        Import::Tan,
        Import::Tanh,
        Import::Remainder,
        Import::FloorDivide,
        Import::Pow,
        Import::PowI64,
        Import::RemainderF32,
        Import::FloorDivideF32,
        Import::PowF32,
        Import::Atan2,
        Import::Hypot,
        Import::Copysign,
        Import::Fmod,
        Import::Logaddexp,
        Import::PairwiseF64,
        Import::PairwiseF32,
        Import::MaskedSumF64,
        Import::MaskedSumF32,
        Import::MatmulF64,
        Import::Print,
        Import::Random,
    ];

    pub(super) fn symbol(self) -> &'static str {
        match self {
            Import::Exp => "arrayc_exp",
            Import::Log => "arrayc_log",
            Import::Sin => "arrayc_sin",
            Import::Cos => "arrayc_cos",
            Import::Tan => "arrayc_tan",
            Import::Tanh => "arrayc_tanh",
            Import::Remainder => "arrayc_remainder",
            Import::FloorDivide => "arrayc_floor_divide",
            Import::Pow => "arrayc_pow",
            Import::PowI64 => "arrayc_pow_i64",
            Import::RemainderF32 => "arrayc_remainder_f32",
            Import::FloorDivideF32 => "arrayc_floor_divide_f32",
            Import::PowF32 => "arrayc_pow_f32",
            Import::Atan2 => "arrayc_atan2",
            Import::Hypot => "arrayc_hypot",
            Import::Copysign => "arrayc_copysign",
            Import::Fmod => "arrayc_fmod",
            Import::Logaddexp => "arrayc_logaddexp",
            Import::PairwiseF64 => "arrayc_pairwise_f64",
            Import::PairwiseF32 => "arrayc_pairwise_f32",
            Import::MaskedSumF64 => "arrayc_masked_sum_f64",
            Import::MaskedSumF32 => "arrayc_masked_sum_f32",
            Import::MatmulF64 => "arrayc_matmul_f64",
            Import::Print => "arrayc_print",
            Import::Random => "arrayc_random",
            Import::Parallel => "arrayc_parallel",
        }
    }

    /// The function's address. Each is first coerced to its declared type, so a function
    /// whose signature drifts from the one `signature` declares does not compile.
    pub(super) fn address(self, runtime: &Runtime) -> *const u8 {
        use crate::numeric as n;
        let unary = |f: UnaryMathFn| f as *const u8;
        let binary = |f: BinaryMathFn| f as *const u8;
        let binary_f32 = |f: BinaryMathF32Fn| f as *const u8;
        match self {
            Import::Exp => unary(n::exp),
            Import::Log => unary(n::log),
            Import::Sin => unary(n::sin),
            Import::Cos => unary(n::cos),
            Import::Tan => unary(n::tan),
            Import::Tanh => unary(n::tanh),
            Import::Remainder => binary(n::remainder),
            Import::FloorDivide => binary(n::floor_divide),
            Import::Pow => binary(n::pow),
            Import::PowI64 => (n::power_i64 as BinaryIntFn) as *const u8,
            Import::RemainderF32 => binary_f32(n::remainder_f32),
            Import::FloorDivideF32 => binary_f32(n::floor_divide_f32),
            Import::PowF32 => binary_f32(n::pow_f32),
            Import::Atan2 => binary(n::atan2),
            Import::Hypot => binary(n::hypot),
            Import::Copysign => binary(n::copysign),
            Import::Fmod => binary(n::fmod),
            Import::Logaddexp => binary(n::logaddexp),
            Import::PairwiseF64 => (walk::arrayc_pairwise_f64 as PairwiseFn<f64>) as *const u8,
            Import::PairwiseF32 => (walk::arrayc_pairwise_f32 as PairwiseFn<f32>) as *const u8,
            Import::MaskedSumF64 => {
                (masked::arrayc_masked_sum_f64 as MaskedSumFn<f64>) as *const u8
            }
            Import::MaskedSumF32 => {
                (masked::arrayc_masked_sum_f32 as MaskedSumFn<f32>) as *const u8
            }
            Import::MatmulF64 => (order::arrayc_matmul_f64 as MatmulFn) as *const u8,
            Import::Print => runtime.print as *const u8,
            Import::Random => runtime.random as *const u8,
            Import::Parallel => runtime.parallel as *const u8,
        }
    }

    pub(super) fn signature(self, module: &JITModule) -> Signature {
        match self {
            Import::Exp | Import::Log | Import::Sin | Import::Cos | Import::Tan | Import::Tanh => {
                UnaryMathFn::signature(module)
            }
            Import::Remainder
            | Import::FloorDivide
            | Import::Pow
            | Import::Atan2
            | Import::Hypot
            | Import::Copysign
            | Import::Fmod
            | Import::Logaddexp => BinaryMathFn::signature(module),
            Import::RemainderF32 | Import::FloorDivideF32 | Import::PowF32 => {
                BinaryMathF32Fn::signature(module)
            }
            Import::PowI64 => BinaryIntFn::signature(module),
            Import::PairwiseF64 => PairwiseFn::<f64>::signature(module),
            Import::PairwiseF32 => PairwiseFn::<f32>::signature(module),
            Import::MaskedSumF64 => MaskedSumFn::<f64>::signature(module),
            Import::MaskedSumF32 => MaskedSumFn::<f32>::signature(module),
            Import::MatmulF64 => MatmulFn::signature(module),
            Import::Print => PrintFn::signature(module),
            Import::Random => RandomFn::signature(module),
            Import::Parallel => ParallelFn::signature(module),
        }
    }
}
