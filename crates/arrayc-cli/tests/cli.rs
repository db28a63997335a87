//! The `arrayc` binary driven as a user drives it: arguments, pipes, files, exit codes.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::common::{arrayc, repl, scratch, text, write};

fn run(args: &[&str]) -> Output {
    arrayc().args(args).output().expect("run arrayc")
}

/// The width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("read the PNG");
    assert!(
        bytes.len() > 24,
        "{} is too short for a PNG",
        path.display()
    );
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    (width, height)
}

#[test]
fn repl_bindings_persist_and_expressions_print() {
    let (code, out, err) = repl("var x = 1\nx + 1\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "2\n");
    assert_eq!(err, "");
}

#[test]
fn repl_no_arguments_starts_the_session() {
    let mut child = arrayc()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start arrayc");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(b"3 * 4\n")
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "12\n");
}

#[test]
fn repl_prints_run_once_and_error_does_not_end_the_session() {
    let (code, out, err) = repl("var x = 2; print x\nundefined_name + 1\nx * 10\n");
    assert_eq!(code, 1, "a piped session with an error exits 1");
    // `print x` ran with its own line only; the bad line printed nothing and was dropped.
    assert_eq!(out, "2\n20\n");
    assert!(
        err.starts_with("error: unknown name `undefined_name`\n"),
        "{err}"
    );
    assert!(
        err.ends_with("error: 1 entry of the session failed\n"),
        "{err}"
    );
    assert!(
        err.contains("<repl>:1:1"),
        "the caret points at the typed text: {err}"
    );
}

#[test]
fn repl_syntax_error_then_good_line() {
    let (code, out, err) = repl("var = = 3\nvar y = 5\ny\n");
    assert_eq!(code, 1, "a piped session with an error exits 1");
    assert!(
        err.starts_with("syntax error: expected a name after `var`, found `=`\n --> <repl>:1:5"),
        "{err}"
    );
    assert!(
        err.ends_with("error: 1 entry of the session failed\n"),
        "{err}"
    );
    assert_eq!(out, "5\n");
}

#[test]
fn repl_multi_line_loop() {
    let input = "var x = 1\nloop i in 0..3 {\n    x = x * 2\n}\nx\n";
    let (code, out, err) = repl(input);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    assert_eq!(out, "8\n");
}

#[test]
fn repl_keeps_region_stores_tuples_and_while_results() {
    // Region stores and `while` change session vars; `var (a, b)` declares two and
    // `a, b = b, a` assigns both, and later entries see every change.
    let input = "var u = zeros([5])\nu[1:3] = 7\nvar (a, b) = (1, 2)\na, b = b, a\n\
                 var k = 0\nwhile k < 3 { k += 1 }\nu\na * 10 + b\nk\n";
    let (code, out, err) = repl(input);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "[0. 7. 7. 0. 0.]\n21\n3\n", "{err}");
}

#[test]
fn repl_multi_line_brackets_and_operators() {
    let (code, out, err) = repl("var a = [1,\n  2,\n  3]\nsum(a) +\n  1\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "7\n", "{err}");
}

#[test]
fn repl_out_shows_the_value() {
    let (code, out, err) = repl("out y = [1, 2]\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "y = [1 2]  (int64)\n");
}

#[test]
fn repl_timings_toggle() {
    let (code, out, err) = repl(":timings\n1 + 1\n:timings\n2 + 2\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("timings on"), "{out}");
    assert!(out.contains("compile total"), "{out}");
    assert!(out.contains("timings off"), "{out}");
    // Only the entry made while timings were on has a report.
    assert_eq!(out.matches("compile total").count(), 1, "{out}");
    assert!(out.contains("\n4\n"), "{out}");
}

#[test]
fn repl_ir_clif_asm() {
    let (code, out, err) = repl("var x = 3\nloop i in 0..2 { x = x + 1 }\n:ir\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("loop"), "IR shows the loop: {out}");
    assert!(out.contains("buffer"), "{out}");

    let (code, out, err) = repl("var x = 3\n:clif\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("function"), "{out}");
    assert!(out.contains("block0"), "{out}");

    let (code, out, err) = repl("var x = 3\n:asm\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ret"), "{out}");
}

#[test]
fn repl_ir_before_anything_ran_is_an_error_not_an_end() {
    let (code, out, err) = repl(":ir\n5\n");
    assert_eq!(code, 1, "a piped session with an error exits 1");
    assert_eq!(
        err,
        "error: nothing has run yet\nerror: 1 entry of the session failed\n"
    );
    assert_eq!(out, "5\n");
}

#[test]
fn repl_help_and_unknown_command() {
    let (code, out, err) = repl(":help\n:frobnicate\n1\n");
    assert_eq!(code, 1, "a piped session with an error exits 1");
    assert!(out.contains(":load"), "{out}");
    assert!(out.contains(":quit"), "{out}");
    assert!(err.contains("unknown command"), "{err}");
    assert!(out.ends_with("1\n"), "{out}");
}

#[test]
fn repl_reset_forgets_bindings() {
    let (code, out, err) = repl("var x = 4\n:reset\nx\nvar x = 7\nx\n");
    assert_eq!(code, 1, "a piped session with an error exits 1");
    assert!(err.contains("unknown name `x`"), "{err}");
    assert!(out.ends_with("7\n"), "{out}");
    assert!(!out.contains('4'), "{out}");
}

#[test]
fn repl_load_file() {
    let dir = scratch("repl-load");
    let file = write(
        &dir,
        "lib.arr",
        "param n = 3\nvar v = linspace(0, 1, n)\nprint n\n",
    );
    let input = format!(
        ":load {}\nsum(v)\n:load {}\n",
        file.display(),
        dir.join("missing.arr").display()
    );
    let (code, out, err) = repl(&input);
    assert_eq!(code, 1, "a piped session with an error exits 1");
    // The file's print ran once, when it was loaded; then its bindings are available.
    assert_eq!(out, "3\n1.5\n", "{err}");
    assert!(err.contains("error: cannot read"), "{err}");
}

#[test]
fn repl_quit_ends_the_session() {
    let (code, out, _) = repl("1\n:quit\n2\n");
    assert_eq!(code, 0);
    assert_eq!(out, "1\n");
}

#[test]
fn repl_unclosed_brace_at_end_of_input_is_reported() {
    let (code, _, err) = repl("loop i in 0..3 {\n");
    assert_eq!(code, 1, "a piped session with an error exits 1");
    assert!(
        err.starts_with(
            "syntax error: expected `}` to close the block, found the end of the file\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("  |                - the block opened here is not closed\n"),
        "{err}"
    );
}

#[test]
fn repl_entries_see_earlier_bindings_of_every_kind() {
    let input = "\
param n = 3
let k = 2
var v = linspace(0, 1, n)
fn scale(a) = a * k
fn twice(a) = scale(scale(a))
zeros([k])
loop i in 0..n { v = v + twice(1) }
v
fn scale(a) = a * 10
twice(1)
";
    let (code, out, err) = repl(input);
    assert_eq!(code, 0, "{err}");
    // A `let` of a constant is still one (an extent); a redefined function replaces the
    // old one, also for the functions that call it.
    assert_eq!(out, "[0. 0.]\n[12.  12.5 13. ]\n100\n", "{err}");
}

#[test]
fn repl_long_script_keeps_every_binding() {
    let mut input = String::from("var s = 0\nlet a0 = zeros([2])\n");
    for index in 1..1000 {
        input.push_str(&format!("let a{index} = a{} + 1; s += 1\n", index - 1));
    }
    input.push_str("s + sum(a999) + a1[0]\n");
    let (code, out, err) = repl(&input);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "2998.0\n");
}

#[test]
fn repl_let_stays_immutable_and_var_changes_persist() {
    let (code, out, err) = repl("let a = [1, 2]\na = a + 1\nvar b = a\nb += 1\nb\na\n");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot assign to `a`: it is a `let`"), "{err}");
    assert_eq!(out, "[2 3]\n[1 2]\n");
}

#[test]
fn repl_ir_and_timings_show_only_the_last_entry() {
    let input = "\
var d = zeros([64, 64])
loop i in 0..10 { d = d + 1 }
sum(d)
:ir
:timings
d[0, 0] + 2
";
    let (code, out, err) = repl(input);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("40960.0\n"), "{out}");
    assert!(out.contains("buffer"), "the IR is shown: {out}");
    assert!(!out.contains("loop"), "only the last entry's IR: {out}");
    assert!(out.contains("compile total"), "{out}");
    assert!(
        !out.contains("scope"),
        "only the last entry's scopes: {out}"
    );
    assert!(out.contains("12.0\n"), "{out}");
}

const SWEEP_PROGRAM: &str = "\
param steps = 4
param n = 8
var d = linspace(0, 1, n)
for i in 0..steps {
    d = d + 0.01 * grad(d, 0)
}
out d
";

#[test]
fn sweep_table_and_svg_plot() {
    let dir = scratch("sweep-svg");
    let file = write(&dir, "sweep.arr", SWEEP_PROGRAM);
    let svg = dir.join("sweep.svg");
    let output = run(&[
        "sweep",
        file.to_str().unwrap(),
        "--set",
        "steps=1,4,16",
        "--scopes",
        "for,loop",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    for column in [
        "steps",
        "scope",
        "compile µs",
        "run µs",
        "µs/step",
        "IR ops",
        "code bytes",
        "peak MiB",
    ] {
        assert!(out.contains(column), "column `{column}` in\n{out}");
    }
    // Three values times two scope kinds.
    let rows: Vec<&str> = out
        .lines()
        .filter(|line| {
            line.trim_end().ends_with(char::is_numeric)
                && (line.contains(" for ") || line.contains(" loop "))
        })
        .collect();
    assert_eq!(rows.len(), 6, "{out}");
    assert!(out.contains("VmHWM"), "the memory footnote: {out}");
    let picture = std::fs::read_to_string(&svg).expect("the SVG was written");
    assert!(
        picture.starts_with("<svg"),
        "{}",
        &picture[..picture.len().min(100)]
    );
    assert!(
        picture.contains("<path") || picture.contains("<polyline"),
        "the SVG has lines"
    );
}

#[test]
fn sweep_png_plot_and_two_params() {
    let dir = scratch("sweep-png");
    let file = write(&dir, "sweep.arr", SWEEP_PROGRAM);
    let png = dir.join("sweep.png");
    let output = run(&[
        "sweep",
        file.to_str().unwrap(),
        "--set",
        "steps=2,8",
        "--set",
        "n=4,16",
        "--plot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("steps") && out.contains(" n "), "{out}");
    assert_eq!(png_size(&png), (800, 600));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["sweep.arr", "sweep.png"],
        "no temporary is left behind"
    );
}

#[test]
fn sweep_rewrites_loop_with_unroll_to_for() {
    let dir = scratch("sweep-unroll");
    let file = write(
        &dir,
        "unroll.arr",
        "param steps = 4\nvar x = 0\nloop i in 0..steps unroll 2 {\n    x = x + 1\n}\nout x\n",
    );
    let output = run(&[
        "sweep",
        file.to_str().unwrap(),
        "--set",
        "steps=3",
        "--scopes",
        "for,loop",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains(" for "), "{out}");
    assert!(out.contains(" loop "), "{out}");
}

#[test]
fn sweep_errors() {
    let dir = scratch("sweep-errors");
    let file = write(&dir, "sweep.arr", SWEEP_PROGRAM);
    let file = file.to_str().unwrap();
    let output = run(&["sweep", file, "--set", "steps=1,x"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "error: --set steps: `x` is not a number\n"
    );

    let output = run(&["sweep", file, "--set", "steps=1,2", "--plot", "out.gif"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "error: --plot `out.gif`: the file name must end in .svg or .png\n"
    );

    let output = run(&["sweep", file, "--scopes", "while"]);
    assert_eq!(output.status.code(), Some(2));

    // A program that fails to compile: the table still prints, the exit code says so.
    let bad = write(&dir, "bad.arr", "param steps = 2\nout y = nope\n");
    let output = run(&["sweep", bad.to_str().unwrap(), "--set", "steps=1,2"]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(err.starts_with("error: unknown name `nope`\n"), "{err}");
    assert!(
        err.ends_with("error: 2 of 2 runs failed; the first (steps=1) is shown above\n"),
        "{err}"
    );
    let out = text(&output.stdout);
    assert!(
        out.contains("    1      -       error\n    2      -       error\n"),
        "{out}"
    );
}

#[test]
fn run_plot_writes_pngs_for_rank_1_and_2() {
    let dir = scratch("run-plot");
    let file = write(
        &dir,
        "plot.arr",
        "let x = reshape(linspace(-3, 3, 20), [20, 1])\nlet y = linspace(-2, 2, 10)\nout heat = exp(-(x^2) - y^2)\nout wave = sin(linspace(0, 6, 50))\nout total = sum(y)\n",
    );
    let pictures = dir.join("pictures");
    let output = run(&[
        "run",
        file.to_str().unwrap(),
        "--plot",
        pictures.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(png_size(&pictures.join("heat.png")), (800, 600));
    assert_eq!(png_size(&pictures.join("wave.png")), (800, 600));
    assert!(!pictures.join("total.png").exists());
    // Each picture was drawn under a temporary name and renamed: none is left behind.
    let mut names: Vec<String> = std::fs::read_dir(&pictures)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["heat.png", "wave.png"]);
    assert!(
        text(&output.stderr).contains("total"),
        "a note names the skipped output"
    );
}

#[test]
fn ir_asm_and_clif() {
    let dir = scratch("ir-asm");
    let file = write(&dir, "p.arr", SWEEP_PROGRAM);
    let output = run(&["ir", file.to_str().unwrap(), "--asm"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("ret"), "{out}");
    assert!(out.lines().count() > 10, "{out}");

    let output = run(&["ir", file.to_str().unwrap(), "--clif"]);
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output.stdout);
    assert!(out.contains("function") && out.contains("block0"), "{out}");
}

#[test]
fn run_basics_and_exit_codes() {
    let dir = scratch("run-basics");
    let good = write(&dir, "good.arr", "out y = linspace(0, 1, 3)\n");
    let output = run(&["run", good.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).contains("y: shape [3]"));

    let bad = write(&dir, "bad.arr", "out y = linspace(0, 1, 3) + [1, 2]\n");
    let output = run(&["run", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(
        err.starts_with("error: shapes [3] and [2] cannot be broadcast together\n"),
        "{err}"
    );

    let missing = dir.join("missing.arr");
    let output = run(&["run", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        format!(
            "error: cannot read `{}`: No such file or directory (os error 2)\n",
            missing.display()
        )
    );

    let output = run(&["run", good.to_str().unwrap(), "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_report_says_how_many_threads_generated_code() {
    let dir = scratch("codegen-threads");
    let small = write(
        &dir,
        "small.arr",
        "var x = 1\nloop i in 0..3 { x = x * 2 }\nout x\n",
    );
    let output = run(&["run", small.to_str().unwrap_or_default(), "--timings"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    let line = out
        .lines()
        .find(|line| line.contains("codegen (Cranelift)"))
        .unwrap_or_default();
    // One function is always compiled on the caller's thread.
    assert!(line.ends_with(" µs on 1 thread"), "{out}");
    // A long unrolled `for` is several functions; the JSON says how many threads compiled them.
    let large = write(
        &dir,
        "large.arr",
        "var x = linspace(0, 1, 8)\nfor i in 0..400 { x = x * 0.5 + i }\nout x\n",
    );
    let output = run(&["run", large.to_str().unwrap_or_default(), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    let number = |key: &str| -> usize {
        let start = out
            .find(&format!("\"{key}\": "))
            .map(|at| at + key.len() + 4);
        let digits: String = start
            .map(|at| out[at..].chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        digits.parse().unwrap_or(0)
    };
    let (threads, functions) = (number("codegen_threads"), number("functions"));
    assert!(functions > 1, "{out}");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!((1..=cores.min(functions)).contains(&threads), "{out}");
    if cores > 1 {
        assert!(threads > 1, "{out}");
    }
    // `--compile-threads 1` keeps code generation on the caller's thread.
    let output = run(&[
        "run",
        large.to_str().unwrap_or_default(),
        "--json",
        "--compile-threads",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("\"codegen_threads\": 1,"), "{out}");
}

/// `np.load` in a script: the file's header gives the input's shape and dtype when the
/// script is compiled (relative to the working directory), `--input` loads another file,
/// and a missing file is an error at the line that loads it.
#[test]
fn python_scripts_load_their_inputs() {
    let dir = scratch("py-load");
    arrayc_npy::write(&dir.join("u0.npy"), &[4], &[1.0f64, 2.0, 3.0, 4.0][..])
        .expect("write u0.npy");
    arrayc_npy::write(&dir.join("other.npy"), &[2], &[10.0f64, 20.0][..]).expect("write other.npy");
    write(
        &dir,
        "sim.py",
        "import numpy as np\nu = np.load(\"u0.npy\")\nu *= 2\nnp.save(\"v.npy\", u)\n",
    );
    let run = |extra: &[&str]| {
        arrayc()
            .current_dir(&dir)
            .args(["run", "sim.py"])
            .args(extra)
            .output()
            .expect("run arrayc")
    };
    let output = run(&[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("v: shape [4]  min 2.0  max 8.0"),
        "{}",
        text(&output.stdout)
    );
    let read = |file: &str| {
        let array = arrayc_npy::read(&dir.join(file)).expect("the saved file");
        array.data.as_f64().expect("float64 data").to_vec()
    };
    let saved = || read("v.npy");
    assert_eq!(saved(), [2.0, 4.0, 6.0, 8.0]);
    let output = run(&["--input", "u0=other.npy"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("v: shape [2]  min 20.0  max 40.0"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(saved(), [20.0, 40.0]);
    // `-o DIR` collects the outputs there instead.
    let output = run(&["-o", "results"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(saved(), [20.0, 40.0]);
    assert_eq!(read("results/v.npy"), [2.0, 4.0, 6.0, 8.0]);
    let output = run(&["--input", "u0=missing.npy"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error: cannot read `missing.npy`"),
        "{stderr}"
    );
    assert!(stderr.contains("sim.py:2:5"), "{stderr}");
    assert!(stderr.contains("u = np.load(\"u0.npy\")"), "{stderr}");
}

/// A script's `np.save("DIR/FILE.npy", a)` writes that file, relative to the working
/// directory, as CPython would; a directory that does not exist is an error that names the
/// file, and then no file of the run is written.
#[test]
fn python_scripts_save_where_they_say() {
    let dir = scratch("py-save");
    std::fs::create_dir_all(dir.join("out")).expect("mkdir out");
    write(
        &dir,
        "sim.py",
        "import numpy as np\nu = np.arange(3.0)\nnp.save(\"first.npy\", u)\nnp.save(\"out/u2.npy\", u * 2)\n",
    );
    write(
        &dir,
        "bad.py",
        "import numpy as np\nu = np.arange(3.0)\nnp.save(\"kept.npy\", u)\nnp.save(\"missing/u2.npy\", u * 2)\n",
    );
    let run = |file: &str| {
        arrayc()
            .current_dir(&dir)
            .args(["run", file])
            .output()
            .expect("run arrayc")
    };
    let output = run("sim.py");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let read = |file: &str| {
        let array = arrayc_npy::read(&dir.join(file)).map_err(|e| e.to_string())?;
        Ok::<_, String>(array.data.as_f64().expect("float64 data").to_vec())
    };
    assert_eq!(read("first.npy"), Ok(vec![0.0, 1.0, 2.0]));
    assert_eq!(read("out/u2.npy"), Ok(vec![0.0, 2.0, 4.0]));
    let output = run("bad.py");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("cannot write `missing/u2.npy`"), "{stderr}");
    assert!(
        read("kept.npy").is_err(),
        "a failed run writes none of its files"
    );
}

/// `run`'s statistics are NumPy's `x.sum()` and `x.mean()` bit for bit: summed pairwise
/// (a sequential sum gives 14998499.999999998 for `x`), and an int64 mean's float64 sum
/// in NumPy's order too (a sequential one gives 1.234506161728944e+18).
#[test]
fn run_statistics_sum_in_numpys_order() {
    let dir = scratch("statistics");
    let program = write(
        &dir,
        "sums.arr",
        "out x = arange(10000) * 0.3\nout k = arange(20000) * 123456789012345\n",
    );
    let output = run(&["run", program.to_str().unwrap()]);
    assert_eq!(
        text(&output.stdout),
        "x: shape [10000]  min 0.0  max 2999.7  mean 1499.85  sum 14998500.0\n\
         k: shape [20000] int64  min 0  max 2469012323457887655  mean 1.2345061617289439e+18  \
         sum 8379663955496487792\n"
    );
}

#[test]
fn run_json_keeps_printed_lines_inside_the_document() {
    let dir = scratch("json-print");
    let file = write(
        &dir,
        "print.arr",
        "let a = linspace(1, 3, 3)\nprint sum(a)\nprint a\nout b = a * 2\n",
    );
    let output = run(&["run", file.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    // One document and nothing else on standard output: the printed lines are in it.
    assert!(out.starts_with("{\"outputs\": {\"b\": "), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains(", \"printed\": [\"6.0\", \"[1. 2. 3.]\"], "),
        "{out}"
    );
    // Without `--json` they are printed where the program prints them.
    let output = run(&["run", file.to_str().unwrap()]);
    assert!(text(&output.stdout).starts_with("6.0\n[1. 2. 3.]\nb: "));
    // A run that fails after printing shows the lines on standard error, before the error.
    let failing = write(
        &dir,
        "fails.arr",
        "input i\nlet a = linspace(1, 3, 3)\nprint a\nout b = a[i]\n",
    );
    let output = run(&["run", failing.to_str().unwrap(), "--json", "--input", "i=7"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "");
    let error = text(&output.stderr);
    assert!(
        error.starts_with("[1. 2. 3.]\nrun-time error: index out of range"),
        "{error}"
    );
}

/// The `µs/step` cell of every row of a sweep table (the fifth column from the right).
fn per_step_cells(table: &str) -> Vec<String> {
    let header = table.lines().next().unwrap_or_default();
    let at = header.find("µs/step").expect("a µs/step column") + "µs/step".len();
    table
        .lines()
        .skip(1)
        .take_while(|line| !line.is_empty())
        .map(|line| {
            let end = line.char_indices().nth(header[..at].chars().count());
            let cell = &line[..end.map_or(line.len(), |(offset, _)| offset)];
            cell.rsplit("  ")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn sweep_divides_by_the_trip_count_param_whatever_its_name() {
    let dir = scratch("sweep-per");
    let file = write(
        &dir,
        "heat.arr",
        "param nt = 4\nparam n = 8\nvar d = linspace(0, 1, n)\nfor i in 0..nt {\n    d = d + 0.01 * grad(d, 0)\n}\nout d\n",
    );
    let sweep = |extra: &[&str]| {
        let mut args = vec![
            "sweep",
            file.to_str().unwrap(),
            "--set",
            "n=8,16",
            "--set",
            "nt=2,64",
        ];
        args.extend_from_slice(extra);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    // `nt` is the `for` scope's trip count in every row, so it counts the steps.
    let out = sweep(&["--scopes", "for,loop"]);
    let cells = per_step_cells(&out);
    assert_eq!(cells.len(), 8, "{out}");
    assert!(
        cells.iter().all(|cell| cell.parse::<f64>().is_ok()),
        "{cells:?}\n{out}"
    );
    // Named with --per, another param divides (here `n`, which counts no scope).
    let out = sweep(&["--per", "n"]);
    assert!(
        per_step_cells(&out).iter().all(|cell| !cell.is_empty()),
        "{out}"
    );
    let output = run(&[
        "sweep",
        file.to_str().unwrap(),
        "--set",
        "nt=2,4",
        "--per",
        "steps",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("error: --per `steps` is not a swept param"));
}

#[test]
fn check_says_what_is_wrong_and_what_to_write() {
    let dir = scratch("weak-diagnostics");
    let check = |name: &str, program: &str, extra: &[&str]| {
        let file = write(&dir, name, program);
        let mut args = vec!["check", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(1));
        text(&output.stderr)
    };
    let error = check("else.arr", "else { out a = 1 }\n", &[]);
    assert!(
        error.starts_with("syntax error: `else` without an `if`"),
        "{error}"
    );
    assert!(
        error.contains("write `if condition { ... } else { ... }`"),
        "{error}"
    );
    // The next line's statement is read inside the still open `[`: the error says so.
    let error = check("shape.arr", "input x: [2,\nout y = x\n", &[]);
    assert!(
        error.starts_with("syntax error: expected `,` or `]`, found `out`"),
        "{error}"
    );
    assert!(
        error.contains("- the `[` opened here is not closed"),
        "{error}"
    );
    // Sizes below a MiB are not rounded to 0 MiB.
    let error = check(
        "memory.arr",
        "var a = zeros([100000])\nvar b = ones([100000])\nout c = a + b\n",
        &["--max-memory", "1"],
    );
    assert!(
        error.starts_with("error: limit exceeded: the program would allocate more than the memory limit of 1 MiB: an array of shape [100000] needs 781.2 KiB, with 781.2 KiB allocated before it"),
        "{error}"
    );
}

#[test]
fn timings_list_a_while_as_a_scope() {
    let dir = scratch("while-row");
    let file = write(
        &dir,
        "while.arr",
        "var x = 0.0\nloop i in 0..3 {\n    x = x + i\n}\nwhile x < 100 {\n    x = x * 2 + 1\n}\nout x\n",
    );
    let output = run(&["run", file.to_str().unwrap(), "--timings"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("scope "))
        .skip(1)
        .map(|line| line.split_whitespace().take(4).collect())
        .collect();
    // Kind, line, trips (a `while`'s is known only at run time), unroll.
    assert_eq!(
        rows,
        [["loop", "2", "3", "1"], ["while", "5", "runtime", "1"]],
        "{out}"
    );
}

/// `ARRAYC_CACHE_DIR`: the second run of a file reads its program from the directory (the
/// report says so) and prints the same; a directory that cannot be written is a warning,
/// and the run goes on.
#[test]
fn run_with_a_cache_directory_reads_the_second_compile_from_it() {
    let dir = scratch("cache-dir");
    let program = write(
        &dir,
        "p.arr",
        "var x = linspace(0, 1, 9)\nloop i in 0..4 { x = x * x + 0.5 }\nprint sum(x)\nout x\n",
    );
    let cache = dir.join("cache");
    let run_cached = |args: &[&str], cache: &Path| {
        arrayc()
            .args(args)
            .env("ARRAYC_CACHE_DIR", cache)
            .output()
            .expect("run arrayc")
    };
    let path = program.to_str().expect("a UTF-8 path");
    let first = run_cached(&["run", path, "--json"], &cache);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("\"cached\": null"),
        "{}",
        text(&first.stdout)
    );
    let second = run_cached(&["run", path, "--json"], &cache);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(
        text(&second.stdout).contains("\"cached\": \"disk\""),
        "{}",
        text(&second.stdout)
    );
    let outputs = |out: &Output| {
        text(&out.stdout)
            .split("\"timings_us\"")
            .next()
            .map(str::to_string)
    };
    assert_eq!(outputs(&first), outputs(&second));
    let timings = run_cached(&["run", path, "--timings"], &cache);
    assert!(
        text(&timings.stdout).contains("  cached  "),
        "{}",
        text(&timings.stdout)
    );
    let blocked = write(&dir, "blocked", "");
    let warned = run_cached(&["run", path], &blocked);
    assert!(warned.status.success(), "{}", text(&warned.stderr));
    assert!(
        text(&warned.stderr).contains("warning: cannot write the compile cache in"),
        "{}",
        text(&warned.stderr)
    );
    let plain = run(&["run", path, "--timings"]);
    assert!(
        !text(&plain.stdout).contains("cached"),
        "{}",
        text(&plain.stdout)
    );
}
