//! The element types a `.npy` file may store (`Elem`, twelve of them, each with its size and
//! NumPy name), read from NumPy type strings such as `<f8`, and the dtype each widens to.
//! Which conversions NumPy allows is the library's table, `arrayc::can_cast_same_kind`.

use crate::NpyError;
use arrayc::DType;

/// The element types a file may store.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Elem {
    F8,
    F4,
    F2,
    I1,
    I2,
    I4,
    I8,
    U1,
    U2,
    U4,
    U8,
    B1,
}

impl Elem {
    pub(crate) fn size(self) -> usize {
        match self {
            Elem::I1 | Elem::U1 | Elem::B1 => 1,
            Elem::F2 | Elem::I2 | Elem::U2 => 2,
            Elem::F4 | Elem::I4 | Elem::U4 => 4,
            Elem::F8 | Elem::I8 | Elem::U8 => 8,
        }
    }

    pub(crate) fn numpy_name(self) -> &'static str {
        match self {
            Elem::F8 => "float64",
            Elem::F4 => "float32",
            Elem::F2 => "float16",
            Elem::I1 => "int8",
            Elem::I2 => "int16",
            Elem::I4 => "int32",
            Elem::I8 => "int64",
            Elem::U1 => "uint8",
            Elem::U2 => "uint16",
            Elem::U4 => "uint32",
            Elem::U8 => "uint64",
            Elem::B1 => "bool",
        }
    }

    /// The element type that holds every value of this one as NumPy would promote it (a
    /// float16 is exactly a float32; a uint64 above int64's range wraps, as `astype`).
    pub(crate) fn natural(self) -> DType {
        match self {
            Elem::F8 => DType::F64,
            Elem::F4 | Elem::F2 => DType::F32,
            Elem::I1 | Elem::I2 | Elem::I4 | Elem::I8 => DType::I64,
            Elem::U1 | Elem::U2 | Elem::U4 | Elem::U8 => DType::I64,
            Elem::B1 => DType::Bool,
        }
    }

    /// The stored type of the same layout as `dtype`, the one a file must hold to be mapped
    /// as `dtype` without conversion.
    pub(crate) fn of(dtype: DType) -> Elem {
        match dtype {
            DType::F64 => Elem::F8,
            DType::F32 => Elem::F4,
            DType::I64 => Elem::I8,
            DType::Bool => Elem::B1,
        }
    }

    /// NumPy's `can_cast(self, to, casting="same_kind")`: every stored type casts as the
    /// dtype it widens to, since widening stays within its kind.
    pub(crate) fn casts_same_kind_to(self, to: DType) -> bool {
        arrayc::can_cast_same_kind(self.natural(), to)
    }
}

/// An element type and whether it is stored big-endian.
pub(crate) type Dtype = (Elem, bool);

/// Interprets a NumPy type string such as `<f8` as an element type and a big-endian flag.
///
/// A leading `=` or `|`, or no order character, means "native" to NumPy. NumPy never writes those
/// for multi-byte types and the format is in practice produced on little-endian machines, so they
/// are read as little-endian.
pub(crate) fn parse_descr(descr: &str) -> Result<Dtype, NpyError> {
    let b = descr.as_bytes();
    let (big_endian, rest) = match b.first() {
        Some(b'>') => (true, &b[1..]),
        Some(b'<' | b'=' | b'|') => (false, &b[1..]),
        _ => (false, b),
    };
    let elem = match rest {
        b"f8" => Elem::F8,
        b"f4" => Elem::F4,
        b"f2" => Elem::F2,
        b"i1" => Elem::I1,
        b"i2" => Elem::I2,
        b"i4" => Elem::I4,
        b"i8" => Elem::I8,
        b"u1" => Elem::U1,
        b"u2" => Elem::U2,
        b"u4" => Elem::U4,
        b"u8" => Elem::U8,
        b"b1" => Elem::B1,
        _ => {
            let why = match rest.first() {
                Some(b'c') => {
                    "complex numbers have no equivalent in float64, float32, int64 or bool"
                }
                Some(b'O') => "python objects cannot be read outside python",
                Some(b'S' | b'a' | b'U') => "strings are not numbers",
                Some(b'V') => "raw void records are not numbers",
                Some(b'M' | b'm') => "dates and time deltas are not supported",
                _ => "expected a float, integer or bool type such as '<f8'",
            };
            bail!("unsupported dtype '{descr}' ({why})")
        }
    };
    Ok((elem, big_endian))
}
