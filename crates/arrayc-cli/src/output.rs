//! Where results leave the CLI: standard output and error (a closed pipe ends a command
//! quietly), a writer that remembers its first error, and the `.npy` files of `--out-dir`
//! or of a script's `np.save`, staged so that none appears unless all were written.

use arrayc::RunResult;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A user-facing failure: already rendered, printed to stderr, exit code 1. An empty
/// message means standard output was closed by its reader (`arrayc ... | head`): the
/// command ends quietly with exit code 0, as `cat` does.
pub struct Failure(pub String);

impl Failure {
    /// Standard output's reader went away.
    pub fn output_closed() -> Failure {
        Failure(String::new())
    }

    /// A failed write to standard output: quiet when the reader is gone, an error otherwise.
    pub fn from_stdout(error: &std::io::Error) -> Failure {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::output_closed()
        } else {
            Failure(format!("error: cannot write to standard output: {error}"))
        }
    }
}

/// Writes to standard output and flushes, so that a write error is seen here.
pub fn emit(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::from_stdout(&e))
}

/// Writes to standard error, ignoring failure: there is nowhere left to report it.
pub fn warn(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", text.trim_end());
}

/// A writer that remembers its first error, so that a failed `print` can be told apart
/// from an error of the program after the run.
pub struct Recording<W: Write> {
    inner: W,
    pub error: Option<std::io::Error>,
}

impl<W: Write> Recording<W> {
    pub fn new(inner: W) -> Recording<W> {
        Recording { inner, error: None }
    }

    pub fn into_inner(self) -> W {
        self.inner
    }

    fn record<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            if self.error.is_none() {
                self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        }
        result
    }
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(bytes);
        self.record(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.record(result)
    }
}

/// Where a run's `print`s go: standard output, or a buffer (`run --json` puts them in its
/// document).
pub enum Sink<'a> {
    Stdout(std::io::StdoutLock<'a>),
    Collect(Vec<u8>),
}

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(stdout) => stdout.write(bytes),
            Sink::Collect(buffer) => buffer.write(bytes),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(stdout) => stdout.flush(),
            Sink::Collect(buffer) => buffer.flush(),
        }
    }
}

/// Writes every output to `DIR/NAME.npy` under a temporary name, returned for the caller to
/// commit once every file is ready.
pub fn stage_outputs(dir: &Path, result: &RunResult) -> Result<Vec<arrayc_npy::Staged>, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure(format!("error: cannot create `{}`: {e}", dir.display())))?;
    let files = result
        .outputs
        .iter()
        .map(|(name, _)| (name.clone(), dir.join(format!("{name}.npy"))));
    stage_files(files, result)
}

/// Writes each named output to its file under a temporary name (a Python script's
/// `np.save("FILE", a)`: the file as written, relative to the working directory, which
/// must exist as it must for NumPy), returned for the caller to commit.
pub fn stage_files(
    files: impl IntoIterator<Item = (String, PathBuf)>,
    result: &RunResult,
) -> Result<Vec<arrayc_npy::Staged>, Failure> {
    let mut staged = Vec::new();
    for (name, path) in files {
        let Some((_, array)) = result.outputs.iter().find(|(output, _)| *output == name) else {
            continue;
        };
        staged.push(
            arrayc_npy::stage(&path, &array.shape, array.data.view())
                .map_err(|e| Failure(format!("error: cannot write `{}`: {e}", path.display())))?,
        );
    }
    Ok(staged)
}
