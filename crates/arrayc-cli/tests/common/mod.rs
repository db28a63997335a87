//! Helpers shared by the CLI's test files: the binary, scratch directories, files, text.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `arrayc` binary under test, with any history file kept away from the user's own.
pub fn arrayc() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_arrayc"));
    command.env("XDG_DATA_HOME", scratch("data-home"));
    command
}

/// A fresh directory per test (named after the test file, the process and `name`), so tests
/// can run in parallel.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "arrayc-{}-{}-{name}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a test file");
    path
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
