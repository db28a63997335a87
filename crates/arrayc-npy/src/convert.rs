//! Turns a validated file's stored elements into a dtype, as NumPy's `astype` does: decodes
//! each stored element (any of the twelve types, either byte order), converts it, and reorders
//! Fortran-order data into C order. Refuses what NumPy's `same_kind` casting refuses.

use crate::descr::Elem;
use crate::header::Header;
use crate::NpyError;
use arrayc::{ArrayData, DType};

/// A value of the file on its way to the element type asked for, exactly as stored.
#[derive(Clone, Copy)]
enum Stored {
    Float(f64),
    Int(i128),
    Bool(bool),
}

/// The element at the start of `bytes` (at least `elem.size()` of them).
fn stored(elem: Elem, big_endian: bool, bytes: &[u8]) -> Stored {
    macro_rules! number {
        ($t:ty) => {{
            let mut raw = [0u8; std::mem::size_of::<$t>()];
            raw.copy_from_slice(&bytes[..std::mem::size_of::<$t>()]);
            if big_endian {
                <$t>::from_be_bytes(raw)
            } else {
                <$t>::from_le_bytes(raw)
            }
        }};
    }
    match elem {
        Elem::F8 => Stored::Float(number!(f64)),
        Elem::F4 => Stored::Float(f64::from(number!(f32))),
        // Every float16 is exactly a float64 (and a float32).
        Elem::F2 => Stored::Float(half_to_f64(number!(u16))),
        Elem::I1 => Stored::Int(i128::from(number!(i8))),
        Elem::I2 => Stored::Int(i128::from(number!(i16))),
        Elem::I4 => Stored::Int(i128::from(number!(i32))),
        Elem::I8 => Stored::Int(i128::from(number!(i64))),
        Elem::U1 => Stored::Int(i128::from(number!(u8))),
        Elem::U2 => Stored::Int(i128::from(number!(u16))),
        Elem::U4 => Stored::Int(i128::from(number!(u32))),
        Elem::U8 => Stored::Int(i128::from(number!(u64))),
        // NumPy reads any byte other than 0 as true.
        Elem::B1 => Stored::Bool(bytes[0] != 0),
    }
}

/// Converts the validated data (in file order) to `target` as NumPy's `astype` does: floats
/// and integers round to the nearest float64 or float32 (directly, never twice), a uint64
/// wraps into int64, a bool is 0 or 1. The caller has checked that `same_kind` casting allows
/// it. Fails rather than aborts when the result does not fit in memory (a 1 GB file of
/// bytes becomes 8 GB of float64).
fn decode(elem: Elem, big_endian: bool, data: &[u8], target: DType) -> Result<ArrayData, NpyError> {
    fn convert<T>(
        elem: Elem,
        big_endian: bool,
        data: &[u8],
        target: DType,
        cast: impl Fn(Stored) -> Option<T>,
    ) -> Result<Vec<T>, NpyError> {
        let count = data.len() / elem.size();
        let mut out = Vec::new();
        if out.try_reserve_exact(count).is_err() {
            bail!(
                "cannot allocate {} MiB to convert {count} elements to {}",
                count.saturating_mul(target.size_bytes()) >> 20,
                target.numpy_name()
            );
        }
        for bytes in data.chunks_exact(elem.size()) {
            let Some(value) = cast(stored(elem, big_endian, bytes)) else {
                bail!(
                    "{} data cannot be converted to {}",
                    elem.numpy_name(),
                    target.numpy_name()
                );
            };
            out.push(value);
        }
        Ok(out)
    }
    Ok(match target {
        DType::F64 => ArrayData::F64(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(v) => Some(v),
                Stored::Int(v) => Some(v as f64),
                Stored::Bool(v) => Some(f64::from(u8::from(v))),
            },
        )?),
        DType::F32 => ArrayData::F32(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(v) => Some(v as f32),
                Stored::Int(v) => Some(v as f32),
                Stored::Bool(v) => Some(f32::from(u8::from(v))),
            },
        )?),
        DType::I64 => ArrayData::I64(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(_) => None,
                Stored::Int(v) => Some(v as i64),
                Stored::Bool(v) => Some(i64::from(v)),
            },
        )?),
        DType::Bool => ArrayData::Bool(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(_) | Stored::Int(_) => None,
                Stored::Bool(v) => Some(v),
            },
        )?),
    })
}

/// The value of an IEEE 754 binary16 bit pattern, exactly (signed zeros, subnormals,
/// infinities and NaNs included).
fn half_to_f64(bits: u16) -> f64 {
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        0x1f if mantissa == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        _ => (1024.0 + mantissa) * 2f64.powi(exponent - 25),
    };
    if bits & 0x8000 == 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// Fortran and C order coincide when at most one dimension exceeds 1, so no transpose is needed.
pub(crate) fn layout_is_c(shape: &[usize], fortran: bool) -> bool {
    !fortran || shape.iter().filter(|&&d| d > 1).count() <= 1
}

/// Reorders column-major `src` into row-major order by advancing the C-order index like an
/// odometer while tracking the matching column-major offset: O(len) for any rank.
fn fortran_to_c<T: Copy>(shape: &[usize], src: Vec<T>) -> Result<Vec<T>, NpyError> {
    if src.is_empty() || layout_is_c(shape, true) {
        return Ok(src);
    }
    // Column-major strides are prefix products; with no zero dimension each is at most src.len().
    let mut strides = vec![1usize; shape.len()];
    for k in 1..shape.len() {
        strides[k] = strides[k - 1] * shape[k - 1];
    }
    let mut out = Vec::new();
    if out.try_reserve_exact(src.len()).is_err() {
        bail!(
            "cannot allocate {} MiB to reorder a Fortran-order array",
            src.len().saturating_mul(std::mem::size_of::<T>()) >> 20
        );
    }
    let (mut index, mut off) = (vec![0usize; shape.len()], 0usize);
    for _ in 0..src.len() {
        out.push(src[off]);
        for k in (0..shape.len()).rev() {
            index[k] += 1;
            off += strides[k];
            if index[k] < shape[k] {
                break;
            }
            off -= strides[k] * shape[k];
            index[k] = 0;
        }
    }
    Ok(out)
}

/// The element type to read `h`'s data as: `want`, if `same_kind` casting allows it, or the
/// file's own.
pub(crate) fn target(h: &Header, want: Option<DType>) -> Result<DType, NpyError> {
    let Some(want) = want else {
        return Ok(h.elem.natural());
    };
    if !h.elem.casts_same_kind_to(want) {
        bail!(
            "the file holds {} data, which cannot be converted to {} (NumPy's `same_kind` \
             casting refuses it)",
            h.elem.numpy_name(),
            want.numpy_name()
        );
    }
    Ok(want)
}

/// The data of the file `bytes` (validated as `h`) as `target`, in C order.
pub(crate) fn to_values(h: &Header, bytes: &[u8], target: DType) -> Result<ArrayData, NpyError> {
    let values = decode(h.elem, h.big_endian, &bytes[h.offset..], target)?;
    if !h.fortran {
        return Ok(values);
    }
    // One generic reordering for whichever dtype the vector holds.
    macro_rules! reorder {
        ($($variant:ident),*) => {
            match values {
                $(ArrayData::$variant(v) => ArrayData::$variant(fortran_to_c(&h.shape, v)?),)*
            }
        };
    }
    Ok(reorder!(F64, F32, I64, Bool))
}
