//! Reads a `.npy` file: memory-maps it and borrows the data in place when the file already
//! holds the dtype asked for, little-endian, C order and aligned (`NpyData::Mapped`, under the
//! SIGBUS `guard`), and converts it into an owned `ArrayData` otherwise. Also validates an
//! in-memory file the same way (`parse`).

use crate::convert::{layout_is_c, target, to_values};
use crate::descr::Elem;
use crate::header::parse_header;
use crate::{err, guard, NpyError};
use arrayc::{ArrayData, DType, DataView};
use memmap2::Mmap;
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The element data of a .npy file: borrowed from the memory map when the file holds the
/// dtype asked for (float64, float32 or int64), little-endian, in C order and aligned;
/// otherwise converted into an owned vector.
#[derive(Debug)]
pub enum NpyData {
    /// `len` values of `dtype` starting `offset` bytes into `map`.
    Mapped {
        /// Catches the fault of a page that vanishes when the file is truncated meanwhile.
        /// Declared first so that it is released before the map is unmapped.
        guard: guard::Guard,
        map: Mmap,
        offset: usize,
        len: usize,
        dtype: DType,
    },
    Owned(ArrayData),
}

impl NpyData {
    /// Returns the elements in C order. [`read`] validates a mapped range before constructing
    /// one; a `Mapped` value built by hand with a bad range reads as empty rather than unsafely.
    pub fn view(&self) -> DataView<'_> {
        match self {
            NpyData::Owned(values) => values.view(),
            NpyData::Mapped {
                map,
                offset,
                len,
                dtype,
                ..
            } => mapped_slice(map, *offset, *len, *dtype).unwrap_or(match dtype {
                DType::F64 => DataView::F64(&[]),
                DType::F32 => DataView::F32(&[]),
                DType::I64 => DataView::I64(&[]),
                DType::Bool => DataView::Bool(&[]),
            }),
        }
    }

    /// The elements if they are float64.
    pub fn as_f64(&self) -> Option<&[f64]> {
        self.view().as_f64()
    }

    pub fn dtype(&self) -> DType {
        match self {
            NpyData::Owned(values) => values.dtype(),
            NpyData::Mapped { dtype, .. } => *dtype,
        }
    }

    pub fn is_zero_copy(&self) -> bool {
        matches!(self, NpyData::Mapped { .. })
    }

    /// True when the file was truncated while mapped and part of it read as zeros: whatever
    /// was computed from it since is not the file's data.
    pub fn changed(&self) -> bool {
        match self {
            NpyData::Owned(_) => false,
            NpyData::Mapped { guard, .. } => guard.faulted(),
        }
    }
}

/// An array read from a .npy file: `data` holds the product of `shape` elements in C order.
#[derive(Debug)]
pub struct NpyArray {
    pub shape: Vec<usize>,
    pub data: NpyData,
    /// NumPy's name of the type stored in the file (`"int32"`, `"float16"`, ...).
    pub stored: &'static str,
}

impl NpyArray {
    /// See [`NpyData::changed`].
    pub fn changed(&self) -> bool {
        self.data.changed()
    }
}

/// Views `len` values of `dtype` at `offset` in `bytes`, or returns `None` when the range is
/// out of bounds, misaligned, the host is big-endian (the mapped bytes are little-endian) or
/// the dtype is bool (not every byte is a valid `bool`, and a mapped file may change).
fn mapped_slice(bytes: &[u8], offset: usize, len: usize, dtype: DType) -> Option<DataView<'_>> {
    fn view<T>(bytes: &[u8], offset: usize, len: usize) -> Option<&[T]> {
        let size = std::mem::size_of::<T>();
        let region = bytes.get(offset..offset.checked_add(len.checked_mul(size)?)?)?;
        let ptr = region.as_ptr().cast::<T>();
        if cfg!(target_endian = "big") || !ptr.is_aligned() {
            return None;
        }
        // SAFETY: `region` borrows exactly `len * size` initialised bytes, `ptr` was just
        // checked to be aligned for `T`, and `T` is f64, f32 or i64, for which every bit
        // pattern is valid. The result borrows `bytes`, so the memory map cannot be unmapped
        // while the slice lives. As with any memory map, the contents stay stable only if no
        // other process truncates or rewrites the file meanwhile; `read` accepts that
        // standard memmap caveat.
        Some(unsafe { std::slice::from_raw_parts(ptr, len) })
    }
    match dtype {
        DType::F64 => view(bytes, offset, len).map(DataView::F64),
        DType::F32 => view(bytes, offset, len).map(DataView::F32),
        DType::I64 => view(bytes, offset, len).map(DataView::I64),
        DType::Bool => None,
    }
}

/// Memory-maps and validates the file at `path`, in the dtype of the file's own
/// (float64 as float64, float32 and float16 as float32, every integer as int64, bool as
/// bool), borrowing the data from the map if possible.
pub fn read(path: &Path) -> Result<NpyArray, NpyError> {
    read_with(path, None)
}

/// Memory-maps and validates the file at `path`, converting its data to `dtype` when
/// NumPy's `same_kind` casting allows it (an error names both types otherwise), borrowing
/// the data from the map if possible.
pub fn read_as(path: &Path, dtype: DType) -> Result<NpyArray, NpyError> {
    read_with(path, Some(dtype))
}

fn read_with(path: &Path, want: Option<DType>) -> Result<NpyArray, NpyError> {
    let io_err = |what: &str, e: io::Error| err(format!("cannot {what} {}: {e}", path.display()));
    // The type is checked before opening: opening a FIFO with no writer would block forever.
    let meta = std::fs::metadata(path).map_err(|e| io_err("open", e))?;
    if !meta.is_file() {
        bail!("{} is not a regular file", path.display());
    }
    // Non-blocking, in case the path was replaced by a FIFO after the check.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| io_err("open", e))?;
    let meta = file.metadata().map_err(|e| io_err("read metadata of", e))?;
    if !meta.is_file() {
        bail!("{} is not a regular file", path.display());
    }
    // mmap(2) rejects zero-length mappings, so an empty file gets its own message, not EINVAL.
    if meta.len() == 0 {
        bail!("{} is empty (0 bytes), not a .npy file", path.display());
    }
    // SAFETY: a file mapping is unsound if another process truncates the file while it is
    // mapped; the guard below turns the resulting fault into zero pages and a flag the
    // caller checks (`NpyArray::changed`), and the header is parsed while the guard is on.
    let map = unsafe { Mmap::map(&file) }.map_err(|e| io_err("memory-map", e))?;
    let Some(guard) = guard::Guard::new(map.as_ptr(), map.len()) else {
        // No guard slot left: read a private copy instead of mapping.
        let mut bytes = Vec::new();
        let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
        if bytes.try_reserve_exact(size).is_err() {
            bail!(
                "cannot allocate {} MiB to read {}",
                size >> 20,
                path.display()
            );
        }
        (&file)
            .read_to_end(&mut bytes)
            .map_err(|e| io_err("read", e))?;
        let h = parse_header(&bytes)?;
        let values = to_values(&h, &bytes, target(&h, want)?)?;
        return Ok(NpyArray {
            shape: h.shape,
            data: NpyData::Owned(values),
            stored: h.elem.numpy_name(),
        });
    };
    let h = parse_header(&map)?;
    let dtype = target(&h, want)?;
    let zero_copy = h.elem == Elem::of(dtype)
        && !h.big_endian
        && layout_is_c(&h.shape, h.fortran)
        && mapped_slice(&map, h.offset, h.count, dtype).is_some();
    let data = if zero_copy {
        NpyData::Mapped {
            offset: h.offset,
            len: h.count,
            dtype,
            map,
            guard,
        }
    } else {
        let values = to_values(&h, &map, dtype)?;
        if guard.faulted() {
            bail!("{} changed while it was read", path.display());
        }
        NpyData::Owned(values)
    };
    Ok(NpyArray {
        shape: h.shape,
        data,
        stored: h.elem.numpy_name(),
    })
}

/// Validates an in-memory .npy file exactly as `read` does; returns its shape and C-order
/// elements in the dtype of the file's own.
pub fn parse(bytes: &[u8]) -> Result<(Vec<usize>, ArrayData), NpyError> {
    let h = parse_header(bytes)?;
    let values = to_values(&h, bytes, h.elem.natural())?;
    Ok((h.shape, values))
}

/// Validates an in-memory .npy file exactly as `read_as` does; returns its shape and C-order
/// elements converted to `dtype`.
pub fn parse_as(bytes: &[u8], dtype: DType) -> Result<(Vec<usize>, ArrayData), NpyError> {
    let h = parse_header(bytes)?;
    let values = to_values(&h, bytes, target(&h, Some(dtype))?)?;
    Ok((h.shape, values))
}
