//! Reads a program's text from a file or standard input, refusing what is not a program
//! (too large, not UTF-8) with a message that names it.

use crate::output::Failure;
use std::io::Read;
use std::path::Path;

/// The largest program text read, in bytes: far above any real program, far below what
/// reading `/dev/zero` would take before failing.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

pub fn read_source(path: &Path) -> Result<(String, String), Failure> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_SOURCE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("error: cannot read standard input: {e}")))?
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| Failure(format!("error: cannot read `{name}`: {e}")))?
    };
    if read as u64 > MAX_SOURCE_BYTES {
        return Err(Failure(format!(
            "error: `{name}` is larger than {} MiB; that is not a program",
            MAX_SOURCE_BYTES >> 20
        )));
    }
    let source = String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "error: `{name}` is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok((name, source))
}
