//! Helpers shared by the CLI's test files: the binary, scratch directories, files, text.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

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

/// Waits for `child`, killing it (and failing) if it runs past `limit`.
pub fn finish(mut child: Child, limit: Duration, what: &str) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("poll the child").is_some() {
            return child.wait_with_output().expect("collect the output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} hung (still running after {limit:?})");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the REPL with `input` on a pipe; returns (exit code, stdout, stderr).
pub fn repl(input: &str) -> (i32, String, String) {
    let mut child = arrayc()
        .arg("repl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start arrayc repl");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("write to the repl");
    let output = finish(child, Duration::from_secs(60), "the repl");
    (
        output.status.code().unwrap_or(-1),
        text(&output.stdout),
        text(&output.stderr),
    )
}
