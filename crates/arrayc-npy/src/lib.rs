//! Reads NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) from a path or a byte buffer into
//! a shape plus elements in C order in one of arrayc's four dtypes (float64, float32, int64,
//! bool; [`arrayc::DType`], held as [`arrayc::ArrayData`] or viewed as [`arrayc::DataView`]):
//! the file's own, or one the caller asks for, converted as NumPy's `astype` does when
//! NumPy's `same_kind` casting ([`arrayc::can_cast_same_kind`]) allows it and refused
//! otherwise. Float64, float32 and int64 data in the dtype asked for, little-endian, C order
//! and aligned, is memory-mapped without copying. Writes C-order arrays of the four dtypes as
//! version 1.0 `.npy` files, atomically, with a writer of its own (a dozen lines that give
//! NumPy's exact layout). Uses the library's dtypes and casting table only: knows nothing of
//! the arrayc language or compiler.
//!
//! A mapped file that shrinks while it is read does not crash the process: the vanished pages
//! read as zeros and [`NpyArray::changed`] turns true, for the caller to report (see `guard`).
//!
//! One file per job: `header` validates everything before the data, `descr` knows the file's
//! element types, `convert` turns stored elements into a dtype, `read` maps or copies a file,
//! `write` stages and commits one.

use std::fmt;

pub use arrayc::{ArrayData, DType, DataView};

#[derive(Debug, Clone, PartialEq)]
pub struct NpyError {
    pub message: String,
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NpyError {}

fn err(message: impl Into<String>) -> NpyError {
    let message = message.into();
    NpyError { message }
}

/// Returns early with a formatted `NpyError`, keeping each validation check to one line.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::err(format!($($arg)*)))
    };
}

mod convert;
mod descr;
mod guard;
mod header;
mod read;
mod write;

pub use guard::Guard;
pub use read::{parse, parse_as, read, read_as, NpyArray, NpyData};
pub use write::{stage, to_bytes, write, Staged};

#[cfg(test)]
mod tests;
