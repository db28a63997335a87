//! The command line's contract under hostile or careless use (issue 14): exit code 0, 1 or 2,
//! "error" in every failure, never a panic, a signal or a hang; output files whole or absent.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{arrayc, finish, repl, scratch, text, write};

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn run_with_timeout(args: &[&str], what: &str) -> Output {
    let child = arrayc()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start arrayc");
    finish(child, Duration::from_secs(60), what)
}

/// The failure's exit code, and stderr that starts with a diagnostic's header line
/// (`error: `, `syntax error: `, `run-time error: `, ...), never a panic. The callers check
/// the message itself.
#[track_caller]
fn assert_failure(output: &Output, code: i32) -> String {
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {err}");
    let first = err.lines().next().unwrap_or_default();
    let header = first
        .split_once("error: ")
        .is_some_and(|(kind, _)| kind.is_empty() || kind.ends_with(' ') && !kind.contains(':'));
    assert!(header, "the first line is not a diagnostic's header: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full")
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let dir = scratch("dev-full");
    let plain = write(&dir, "plain.arr", "out y = linspace(0, 1, 3)\n");
    let printing = write(&dir, "printing.arr", "print [1, 2, 3]\nout y = 1\n");
    for program in [&plain, &printing] {
        for command in [&["run"][..], &["ir"], &["check"]] {
            let mut args: Vec<&str> = command.to_vec();
            args.push(path(program));
            let output = arrayc()
                .args(&args)
                .stdout(dev_full())
                .stderr(Stdio::piped())
                .output()
                .expect("run arrayc");
            let err = assert_failure(&output, 1);
            assert!(err.contains("No space left"), "{err}");
        }
    }
}

/// Reads one line of the command's output, then closes the pipe while it still writes.
fn close_after_one_line(args: &[&str]) -> Output {
    let mut child = arrayc()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start arrayc");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("read a line");
    assert!(!first.is_empty());
    finish(child, Duration::from_secs(60), "writing to a closed pipe")
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = scratch("closed-pipe");
    // Far more IR text than a pipe buffer holds, so the reader leaves while arrayc writes.
    let long_ir = write(
        &dir,
        "long.arr",
        "var x = linspace(0, 1, 8)\nfor i in 0..3000 {\n    x = x * 0.5 + 1\n}\nout x\n",
    );
    let output = close_after_one_line(&["ir", path(&long_ir)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");

    // A `print` in a long loop stops at the first failed write instead of running on.
    let printing = write(
        &dir,
        "printing.arr",
        "var x = linspace(0, 1, 50)\nloop i in 0..100000000 {\n    print x\n}\nout x\n",
    );
    let started = Instant::now();
    let output = close_after_one_line(&["run", path(&printing)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn reading_dev_zero_is_bounded() {
    let output = run_with_timeout(&["run", "/dev/zero"], "run /dev/zero");
    let err = assert_failure(&output, 1);
    assert!(err.contains("larger than"), "{err}");

    let child = arrayc()
        .arg("repl")
        .stdin(std::fs::File::open("/dev/zero").expect("open /dev/zero"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the repl");
    let output = finish(child, Duration::from_secs(60), "repl < /dev/zero");
    let err = assert_failure(&output, 1);
    assert!(err.contains("MiB"), "{err}");
}

#[test]
fn a_fifo_input_is_refused_without_blocking() {
    let dir = scratch("fifo");
    let program = write(&dir, "p.arr", "input a: [3]\nout y = a * 2\n");
    let fifo = dir.join("a.npy");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(status.success());
    let input = format!("a={}", path(&fifo));
    let output = run_with_timeout(&["run", path(&program), "--input", &input], "a FIFO input");
    let err = assert_failure(&output, 1);
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn threads_are_bounded_and_only_offered_where_they_matter() {
    let dir = scratch("threads");
    let program = write(&dir, "p.arr", "out y = linspace(0, 1, 3)\n");
    let output = run_with_timeout(
        &["run", path(&program), "--threads", "100000"],
        "--threads 100000",
    );
    let err = assert_failure(&output, 2);
    assert!(err.contains("--threads"), "{err}");
    let output = run_with_timeout(&["run", path(&program), "--threads", "256"], "256");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    for command in ["check", "ir"] {
        let output = run_with_timeout(&[command, path(&program), "--threads", "2"], command);
        let err = assert_failure(&output, 2);
        assert!(err.contains("--threads"), "{err}");
    }
}

#[test]
fn clif_and_asm_together_are_refused() {
    let dir = scratch("clif-asm");
    let program = write(&dir, "p.arr", "out y = linspace(0, 1, 3)\n");
    let output = run_with_timeout(&["ir", path(&program), "--clif", "--asm"], "ir");
    let err = assert_failure(&output, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn limit_diagnostics_say_error() {
    let dir = scratch("limits");
    let program = write(&dir, "p.arr", "out y = linspace(0, 1, 3)\n");
    let output = run_with_timeout(&["run", path(&program), "--max-memory", "0"], "limit");
    let err = assert_failure(&output, 1);
    assert!(err.starts_with("error: limit exceeded"), "{err}");
    let unrolled = write(
        &dir,
        "unroll.arr",
        "var x = 0\nfor i in 0..100000 {\n    x = x + 1\n}\nout x\n",
    );
    let output = run_with_timeout(&["check", path(&unrolled), "--max-unroll", "10"], "unroll");
    let err = assert_failure(&output, 1);
    assert!(err.starts_with("error: limit exceeded"), "{err}");
}

#[test]
fn a_failed_run_time_allocation_is_an_error_with_a_location() {
    let dir = scratch("allocation");
    // 1.2 TiB: within a raised limit, beyond any machine's memory.
    let program = write(
        &dir,
        "big.arr",
        "let a = 1\nout h = zeros([400000, 400000]) + a\n",
    );
    let output = run_with_timeout(
        &["run", path(&program), "--max-memory", "100000000"],
        "a huge allocation",
    );
    let err = assert_failure(&output, 1);
    assert!(err.starts_with("error: limit exceeded"), "{err}");
    assert!(err.contains("big.arr:2:"), "a source location: {err}");
}

#[test]
fn long_lines_and_names_are_cut_in_diagnostics() {
    let dir = scratch("long-lines");
    let padding = " ".repeat(500_000);
    let line = format!("{padding}out y = nope{padding}+ 1\n");
    let program = write(&dir, "line.arr", &line);
    let output = run_with_timeout(&["check", path(&program)], "a 1 MB line");
    let err = assert_failure(&output, 1);
    assert!(err.len() < 2_000, "{} bytes of diagnostics", err.len());
    assert!(err.contains("nope"), "the span is shown: {err}");

    let name = "n".repeat(1_000_000);
    let program = write(&dir, "name.arr", &format!("out y = {name} + 1\n"));
    let output = run_with_timeout(&["check", path(&program)], "a 1 MB name");
    let err = assert_failure(&output, 1);
    assert!(err.len() < 2_000, "{} bytes of diagnostics", err.len());
}

/// The `.npy` files in a directory, sorted.
fn npy_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.expect("a directory entry").file_name())
                .map(|name| name.to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_failed_plot_leaves_no_npy_and_a_failed_output_leaves_no_other() {
    let dir = scratch("atomic-outputs");
    let program = write(
        &dir,
        "p.arr",
        "out a = linspace(0, 1, 4)\nout b = linspace(0, 2, 4)\n",
    );
    let out = dir.join("out");
    // The plot directory cannot be created: a file is in the way.
    let blocker = write(&dir, "blocker", "");
    let output = run_with_timeout(
        &[
            "run",
            path(&program),
            "-o",
            path(&out),
            "--plot",
            path(&blocker.join("pictures")),
        ],
        "a failing plot",
    );
    let err = assert_failure(&output, 1);
    assert_eq!(
        err,
        format!(
            "error: cannot create `{}`: Not a directory (os error 20)\n",
            blocker.join("pictures").display()
        )
    );
    assert_eq!(npy_files(&out), Vec::<String>::new());

    // The second output cannot be written: a directory is in its place.
    std::fs::create_dir_all(out.join("b.npy")).expect("create the obstacle");
    let output = run_with_timeout(
        &["run", path(&program), "-o", path(&out)],
        "a failing output",
    );
    let err = assert_failure(&output, 1);
    assert_eq!(
        err,
        format!(
            "error: cannot write `{}`: a directory is in the way\n",
            out.join("b.npy").display()
        )
    );
    assert_eq!(npy_files(&out), ["b.npy"], "a.npy was not written");
}

#[test]
fn out_dir_replaces_a_symbolic_link_instead_of_following_it() {
    let dir = scratch("symlink");
    let program = write(&dir, "p.arr", "out y = linspace(0, 1, 3)\n");
    let outside = write(&dir, "outside.txt", "precious");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("create the output directory");
    std::os::unix::fs::symlink(&outside, out.join("y.npy")).expect("plant a link");
    let output = run_with_timeout(&["run", path(&program), "-o", path(&out)], "-o");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(std::fs::read_to_string(&outside).expect("read"), "precious");
    let written = out.join("y.npy");
    assert!(!std::fs::symlink_metadata(&written)
        .expect("stat")
        .is_symlink());
    let array = arrayc_npy::read(&written).expect("a .npy file");
    assert_eq!(array.data.as_f64(), Some(&[0.0, 0.5, 1.0][..]));
}

#[test]
fn concurrent_runs_never_tear_an_output() {
    let dir = scratch("concurrent");
    let program = write(
        &dir,
        "p.arr",
        "param v = 1\nout big = zeros([2000, 2000]) + v\n",
    );
    let out = dir.join("out");
    let children: Vec<Child> = (1..=8)
        .map(|v| {
            arrayc()
                .args(["run", path(&program), "-o", path(&out)])
                .args(["--set", &format!("v={v}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start arrayc")
        })
        .collect();
    for child in children {
        let output = finish(child, Duration::from_secs(120), "a concurrent run");
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    }
    let array = arrayc_npy::read(&out.join("big.npy")).expect("a whole .npy file");
    let data = array.data.as_f64().expect("float64 data");
    assert_eq!(data.len(), 4_000_000);
    assert!(
        (1.0..=8.0).contains(&data[0]) && data.iter().all(|&x| x == data[0]),
        "one run's bytes only"
    );
    assert_eq!(npy_files(&out), ["big.npy"], "no temporary file is left");
}

#[test]
fn scalar_outputs_print_their_value() {
    let dir = scratch("scalars");
    let program = write(&dir, "p.arr", "out s = sum([1, 2, 0.5])\n");
    let output = run_with_timeout(&["run", path(&program)], "run");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "s: shape []  value 3.5\n");
    let output = run_with_timeout(&["run", path(&program), "--json"], "run --json");
    assert!(
        text(&output.stdout)
            .contains("\"s\": {\"shape\": [], \"dtype\": \"float64\", \"value\": 3.5,"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn a_fractional_run_time_index_is_not_an_integer() {
    let dir = scratch("fraction");
    let program = write(&dir, "p.arr", "input k\nout y = [1, 2, 3, 4][k]\n");
    let output = run_with_timeout(&["run", path(&program), "--input", "k=1.5"], "a[1.5]");
    let err = assert_failure(&output, 1);
    assert!(err.contains("must be an integer"), "{err}");
    assert!(!err.contains("out of range"), "{err}");
    let output = run_with_timeout(&["run", path(&program), "--input", "k=9"], "a[9]");
    let err = assert_failure(&output, 1);
    assert!(err.contains("out of range"), "{err}");
}

#[test]
fn repl_scripts_with_an_error_exit_1() {
    let (code, out, err) = repl("var x = 1\nnope + 1\nx\n");
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "1\n");
    assert!(err.contains("1 entry of the session failed"), "{err}");
    let (code, _, err) = repl("var x = 1\nx\n");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn repl_input_supplies_numbers_and_files() {
    let dir = scratch("repl-input");
    let file = dir.join("v.npy");
    arrayc_npy::write(&file, &[3], &[1.0, 2.0, 3.0]).expect("write an input");
    let script = format!(
        ":input v={}\n:input dt=0.5\ninput v: [3]\ninput dt\nsum(v) * dt\n:input bad\n",
        path(&file)
    );
    let (code, out, err) = repl(&script);
    assert!(out.ends_with("input `dt` set\n3.0\n"), "{out}\n{err}");
    assert!(out.contains("input `dt` set"), "{out}");
    assert!(
        err.contains(":input takes NAME=FILE.npy or NAME=NUMBER"),
        "{err}"
    );
    assert_eq!(code, 1, "the bad :input is an error");
}

#[test]
fn set_of_an_unknown_param_is_not_an_input_error() {
    let dir = scratch("set-unknown");
    let program = write(&dir, "p.arr", "param n = 3\nout y = linspace(0, 1, n)\n");
    let output = run_with_timeout(&["run", path(&program), "--set", "nosuch=3"], "--set");
    let err = assert_failure(&output, 1);
    assert!(!err.contains("input error"), "{err}");
    assert!(err.contains("nosuch"), "{err}");
}

#[test]
fn an_output_is_moved_not_copied() {
    // 320 MB of output: a copy at the end would double the peak.
    output_peak_is_one_copy("let h = ones([2000, 20000]) * 2\nout h\n", 305.0);
    // The same for float32 (160 MB), allocated and handed over as a `Vec<f32>`.
    output_peak_is_one_copy("let h = ones([2000, 20000], f32) * 2\nout h\n", 152.6);
}

/// Runs `source` under `sweep` and checks that the peak memory stays under 1.5 times the
/// output's `mebibytes`.
fn output_peak_is_one_copy(source: &str, mebibytes: f64) {
    let dir = scratch("moved");
    let program = write(&dir, "p.arr", source);
    let output = run_with_timeout(&["sweep", path(&program)], "sweep");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let table = text(&output.stdout);
    let row = table
        .lines()
        .skip_while(|line| !line.contains("peak MiB"))
        .find(|line| line.trim_end().ends_with(char::is_numeric))
        .expect("a row");
    let peak: f64 = row
        .split_whitespace()
        .last()
        .and_then(|word| word.parse().ok())
        .expect("the peak in MiB");
    assert!(
        peak < 1.5 * mebibytes,
        "peak {peak} MiB for a {mebibytes} MiB output:\n{table}"
    );
}

#[test]
fn an_input_file_truncated_during_the_run_is_an_error_not_a_signal() {
    let dir = scratch("truncated");
    let file = dir.join("a.npy");
    let values = vec![1.0; 1_000_000];
    arrayc_npy::write(&file, &[values.len()], &values).expect("write an input");
    // It prints once it runs (with the file mapped), then reads the file for seconds.
    let program = write(
        &dir,
        "p.arr",
        "input a: [1000000]\nprint 1\nvar s = 0\nloop i in 0..4000 {\n    s = s + sum(a)\n}\nout s\n",
    );
    let input = format!("a={}", path(&file));
    let mut child = arrayc()
        .args(["run", path(&program), "--input", &input])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start arrayc");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut first)
        .expect("read the first line");
    assert_eq!(first, "1\n");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_len(4096))
        .expect("truncate the input");
    let output = finish(
        child,
        Duration::from_secs(120),
        "a run on a truncated input",
    );
    let err = assert_failure(&output, 1);
    assert!(err.contains("truncated while the program ran"), "{err}");
}

#[test]
fn ctrl_c_stops_a_running_loop_with_exit_130_and_says_where() {
    let dir = scratch("ctrl-c");
    let program = write(
        &dir,
        "forever.arr",
        "var x = 0\nprint 1\nwhile x >= 0 {\n    x = x + 1\n}\nout x\n",
    );
    let mut child = arrayc()
        .args(["run", path(&program)])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start arrayc");
    // Once the run has printed its first line it is running (compiled, the handler in
    // place); then send SIGINT as a terminal's Ctrl-C does.
    let mut first = String::new();
    let stdout = child.stdout.take().expect("stdout is piped");
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("read the first line");
    assert_eq!(first, "1\n");
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let output = finish(child, Duration::from_secs(60), "an interrupted run");
    let err = assert_failure(&output, 130);
    assert!(err.contains("interrupted"), "{err}");
    assert!(err.contains("forever.arr:3:1"), "{err}");
}
