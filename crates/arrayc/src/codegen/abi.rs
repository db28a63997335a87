//! The interface between generated code and the runtime: the context's field offsets,
//! the host functions generated code calls and the entry function's type. Knows no IR.

use crate::ir::{Binary, Unary};

/// Byte offsets of the fields of `RunContext` that generated code reads.
pub const CONTEXT_BUFFERS: i32 = 0;
pub const CONTEXT_SLOTS: i32 = 8;
pub const CONTEXT_ERROR_VALUE: i32 = 16;
/// A pointer to the run's interrupt flag (one byte, non-zero to stop), polled at every
/// back edge of a machine loop.
pub const CONTEXT_INTERRUPT: i32 = 32;

/// The host's functions generated code calls, by symbol.
pub struct Runtime {
    pub print: *const u8,
    pub parallel: *const u8,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Import {
    Unary(Unary),
    Binary(Binary),
    Print,
    Parallel,
}

pub(super) fn import_symbol(import: Import) -> (&'static str, *const u8, usize) {
    use crate::numeric as n;
    match import {
        Import::Unary(Unary::Exp) => ("arrayc_exp", n::exp as *const u8, 1),
        Import::Unary(Unary::Log) => ("arrayc_log", n::log as *const u8, 1),
        Import::Unary(Unary::Sin) => ("arrayc_sin", n::sin as *const u8, 1),
        Import::Unary(Unary::Cos) => ("arrayc_cos", n::cos as *const u8, 1),
        Import::Unary(Unary::Tan) => ("arrayc_tan", n::tan as *const u8, 1),
        Import::Unary(_) => ("arrayc_tanh", n::tanh as *const u8, 1),
        Import::Binary(Binary::Rem) => ("arrayc_remainder", n::remainder as *const u8, 2),
        Import::Binary(_) => ("arrayc_pow", n::pow as *const u8, 2),
        Import::Print => ("arrayc_print", std::ptr::null(), 0),
        Import::Parallel => ("arrayc_parallel", std::ptr::null(), 0),
    }
}

pub(super) const IMPORTS: [Import; 10] = [
    Import::Parallel,
    Import::Unary(Unary::Exp),
    Import::Unary(Unary::Log),
    Import::Unary(Unary::Sin),
    Import::Unary(Unary::Cos),
    Import::Unary(Unary::Tan),
    Import::Unary(Unary::Tanh),
    Import::Binary(Binary::Rem),
    Import::Binary(Binary::Pow),
    Import::Print,
];

pub type EntryFn = unsafe extern "C" fn(*mut u8) -> i32;
