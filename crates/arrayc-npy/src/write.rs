//! Writes C-order arrays of the four dtypes as version 1.0 `.npy` files in NumPy's exact
//! layout, atomically: the file is staged under a temporary name beside its target and
//! renamed into place on `commit`.

use crate::header::{element_count, fmt_shape, MAGIC, MAX_RANK};
use crate::NpyError;
use arrayc::{DType, DataView};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The type string NumPy writes for `dtype`.
fn descr(dtype: DType) -> &'static str {
    match dtype {
        DType::F64 => "<f8",
        DType::F32 => "<f4",
        DType::I64 => "<i8",
        DType::Bool => "|b1",
    }
}

/// Appends the elements' little-endian bytes (a bool as one byte, 0 or 1).
fn extend_bytes(data: DataView<'_>, out: &mut Vec<u8>, range: std::ops::Range<usize>) {
    match data {
        DataView::F64(v) => out.extend(v[range].iter().flat_map(|x| x.to_le_bytes())),
        DataView::F32(v) => out.extend(v[range].iter().flat_map(|x| x.to_le_bytes())),
        DataView::I64(v) => out.extend(v[range].iter().flat_map(|x| x.to_le_bytes())),
        DataView::Bool(v) => out.extend(v[range].iter().map(|&x| u8::from(x))),
    }
}

/// Builds the magic string, version, length field and space-padded header dict so the data starts
/// at a multiple of 64 bytes, as NumPy does. `check_count` caps the rank, so the header always fits
/// the 2-byte length field of version 1.0 (64 dimensions of 20 digits need under 1.5 KiB).
fn header_with(descr: &str, shape: &[usize]) -> Vec<u8> {
    let dims = fmt_shape(shape);
    let dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}");
    let unpadded = 10 + dict.len() + 1;
    let total = unpadded.next_multiple_of(64);
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&((total - 10) as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out.resize(total - 1, b' ');
    out.push(b'\n');
    out
}

/// Rejects shapes that disagree with the data or that `read` would not accept back.
fn check_count(shape: &[usize], data: DataView<'_>) -> Result<(), String> {
    let (rank, n) = (shape.len(), data.len());
    if rank > MAX_RANK {
        return Err(format!(
            "shape has rank {rank}, more than the supported maximum of {MAX_RANK}"
        ));
    }
    match element_count(shape) {
        Some(count) if count == n => Ok(()),
        _ => Err(format!(
            "shape {} does not hold the {n} values given",
            fmt_shape(shape)
        )),
    }
}

/// Writes `data` (C order; `&[f64]`, `&[f32]`, `&[i64]`, `&[bool]` or a `DataView`) with `shape`
/// as a version 1.0 file of its type (`<f8`, `<f4`, `<i8`, `|b1`), atomically: see [`stage`].
pub fn write<'a>(path: &Path, shape: &[usize], data: impl Into<DataView<'a>>) -> io::Result<()> {
    stage(path, shape, data)?.commit()
}

/// A file written under a temporary name beside its target, not yet visible there.
/// [`Staged::commit`] renames it into place (replacing whatever is there, a symbolic link
/// included, without following it); dropping it uncommitted removes the temporary file. So
/// readers of the target see the old file or the new one, never a part or a mix of two
/// concurrent writers, and a caller can stage several files and commit none if one fails.
#[derive(Debug)]
pub struct Staged {
    temporary: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staged {
    /// Moves the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::rename(&self.temporary, &self.target).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot write {}: {e}", self.target.display()),
            )
        })?;
        self.committed = true;
        Ok(())
    }

    /// Where the file goes on `commit`.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Creates a new empty temporary file for `target` (in the same directory, so the rename
    /// cannot cross file systems; created exclusively, so it never follows a planted link).
    fn create(target: &Path) -> io::Result<(Staged, File)> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let directory = target.parent().unwrap_or(Path::new(""));
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        loop {
            let unique = format!(
                ".{name}.{}-{}.tmp",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            let temporary = directory.join(unique);
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
            {
                Ok(file) => {
                    let staged = Staged {
                        temporary,
                        target: target.to_path_buf(),
                        committed: false,
                    };
                    return Ok((staged, file));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("cannot write {}: {e}", target.display()),
                    ))
                }
            }
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            // Nothing to report if it is already gone.
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Writes the whole file under a temporary name; nothing appears at `path` until `commit`.
pub fn stage<'a>(
    path: &Path,
    shape: &[usize],
    data: impl Into<DataView<'a>>,
) -> io::Result<Staged> {
    let data = data.into();
    check_count(shape, data).map_err(|m| io::Error::new(io::ErrorKind::InvalidInput, m))?;
    let at =
        |e: io::Error| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()));
    let (staged, file) = Staged::create(path)?;
    let mut w = BufWriter::new(file);
    w.write_all(&header_with(descr(data.dtype()), shape))
        .map_err(at)?;
    // Converting in bounded chunks keeps memory flat for large arrays yet issues large writes.
    let mut buf = Vec::with_capacity(64 * 1024);
    const CHUNK: usize = 8 * 1024;
    for start in (0..data.len()).step_by(CHUNK) {
        buf.clear();
        extend_bytes(data, &mut buf, start..(start + CHUNK).min(data.len()));
        w.write_all(&buf).map_err(at)?;
    }
    w.flush().map_err(at)?;
    Ok(staged)
}

/// Returns the bytes `write` would produce, or an error if `data.len()` is not the product
/// of `shape`.
pub fn to_bytes<'a>(shape: &[usize], data: impl Into<DataView<'a>>) -> Result<Vec<u8>, NpyError> {
    let data = data.into();
    check_count(shape, data).map_err(|message| NpyError { message })?;
    let mut out = header_with(descr(data.dtype()), shape);
    extend_bytes(data, &mut out, 0..data.len());
    Ok(out)
}
