//! Nothing a user types or feeds in may crash, hang or exhaust arrayc.
//!
//! - generated programs too large to commit (200,000 nested parentheses and the like);
//! - bad inputs through the library (missing, extra, misshaped, duplicated);
//! - bad `.npy` files written to a temporary directory and read with `arrayc_npy::read`,
//!   and unusual but valid ones (other dtypes, Fortran order, big-endian) whose values must
//!   convert exactly;
//! - every prefix of every test and example program through the parser and the checker.

use arrayc::{ArrayView, DType, Diagnostic, Error, ErrorKind, Options};
use arrayc_tests::{read, root};
use std::path::{Path, PathBuf};

/// Checks that every span lies inside the source and that rendering does not panic.
fn check_spans(what: &str, diagnostics: &[Diagnostic], source: &str) -> Result<(), String> {
    for diagnostic in diagnostics {
        if let Some(span) = diagnostic.span {
            let (start, end) = (span.start as usize, span.end as usize);
            if start > end || end > source.len() {
                return Err(format!(
                    "{what}: span {start}..{end} of `{}` is outside the source ({} bytes)",
                    diagnostic.message,
                    source.len()
                ));
            }
        }
        let _ = diagnostic.render("robustness", source);
    }
    Ok(())
}

/// Checks that `error` has the expected kind and a diagnostic of that kind mentioning `message`.
fn check_error(
    what: &str,
    error: &Error,
    source: &str,
    kind: ErrorKind,
    message: &str,
) -> Result<(), String> {
    if message.is_empty() {
        return Err(format!(
            "{what}: the expected message is empty, which every diagnostic mentions"
        ));
    }
    check_spans(what, &error.diagnostics, source)?;
    let rendered = error.render();
    if error.kind() != kind {
        return Err(format!(
            "{what}: expected a {kind:?} error, got {:?}:\n{rendered}",
            error.kind()
        ));
    }
    let mentions = error.diagnostics.iter().any(|d| {
        d.kind == kind
            && (d.message.contains(message) || d.notes.iter().any(|n| n.contains(message)))
    });
    if !mentions {
        return Err(format!(
            "{what}: no {kind:?} diagnostic mentions {message:?}:\n{rendered}"
        ));
    }
    Ok(())
}

/// Runs one corpus case on its own thread so that a panic is reported as a failure of that
/// case rather than aborting the others.
fn isolated<T: Send>(
    what: &str,
    f: impl FnOnce() -> Result<T, String> + Send,
) -> Result<T, String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(what.to_string())
            .stack_size(64 << 20)
            .spawn_scoped(scope, f)
            .map_err(|e| format!("{what}: cannot spawn a thread: {e}"))?
            .join()
            .unwrap_or_else(|panic| {
                let text = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Err(format!("{what}: PANICKED: {text}"))
            })
    })
}

/// The most diagnostics one compile may return.
const MAX_DIAGNOSTICS: usize = 100;

/// Programs too large to commit, each with the kind and message it must be refused with.
fn generated_programs() -> Vec<(&'static str, String, ErrorKind, &'static str)> {
    const N: usize = 200_000;
    let mut cases = vec![
        (
            "200,000 nested parentheses",
            format!("out a = {}1{}", "(".repeat(N), ")".repeat(N)),
            ErrorKind::Limit,
            "nested",
        ),
        (
            "200,000 unclosed parentheses",
            format!("out a = {}1", "(".repeat(N)),
            ErrorKind::Limit,
            "nested",
        ),
        (
            "200,000 closing parentheses",
            format!("out a = 1{}", ")".repeat(N)),
            ErrorKind::Syntax,
            ")",
        ),
        (
            "200,000 nested brackets",
            format!("out a = {}1{}", "[".repeat(N), "]".repeat(N)),
            ErrorKind::Limit,
            "nested",
        ),
        (
            "200,000 nested blocks",
            format!(
                "var s = 0\n{}s = 1{}\nout s",
                "if 1 { ".repeat(N),
                " }".repeat(N)
            ),
            ErrorKind::Limit,
            "nested",
        ),
        (
            "200,000 unary minus signs",
            format!("out a = {}1", "-".repeat(N)),
            ErrorKind::Limit,
            "nested",
        ),
        (
            "200,000 negations",
            format!("out a = {}1", "!".repeat(N)),
            ErrorKind::Limit,
            "nested",
        ),
        (
            "a 200,000-term sum",
            format!("out a = 1{}", " + 1".repeat(N)),
            ErrorKind::Limit,
            "expression too large",
        ),
        (
            "a 200,000-term power tower (right-associative)",
            format!("out a = 1{}", " ^ 1".repeat(N)),
            ErrorKind::Limit,
            "nested",
        ),
        (
            "a 200,000-term comparison chain",
            format!("out a = 1{}", " < 1".repeat(N)),
            ErrorKind::Limit,
            "expression too large",
        ),
        (
            "a 200,000-term logic chain",
            format!("out a = 1{}", " && 1".repeat(N)),
            ErrorKind::Limit,
            "expression too large",
        ),
        (
            "200,000 postfix indexings",
            format!("let v = [1]\nout a = v{}", "[0]".repeat(N)),
            ErrorKind::Limit,
            "expression too large",
        ),
        (
            "200,000 postfix calls",
            format!("fn f(x) = x\nout a = f(1){}", "(1)".repeat(N)),
            ErrorKind::Syntax,
            "only a function name can be called",
        ),
        (
            "a function with 100,000 parameters called with one argument",
            format!(
                "fn f({}) = p0\nout a = f(1)",
                (0..100_000)
                    .map(|k| format!("p{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ErrorKind::Semantic,
            "takes 100000 arguments, but 1 was given",
        ),
        (
            // Kept at 300: checking a chain of n functions costs about n^2.6 (1,000 take 24 s).
            "a 300-deep call chain",
            {
                let mut s = String::from("fn f0(x) = x + 1\n");
                for k in 1..300 {
                    s.push_str(&format!("fn f{k}(x) = f{}(x)\n", k - 1));
                }
                s + "out a = f299(1)"
            },
            ErrorKind::Semantic,
            "calls nested more than",
        ),
        (
            "60 levels of functions that each call the previous one twice",
            {
                let mut s = String::from("fn g0(x) = x + 1\n");
                for k in 1..=60 {
                    s.push_str(&format!("fn g{k}(x) = g{0}(x) + g{0}(x)\n", k - 1));
                }
                s + "out a = g60(1)"
            },
            ErrorKind::Semantic,
            "calls nested more than",
        ),
        (
            "an unknown name 2,000 times",
            format!("out a = 0{}", " + zz".repeat(2_000)),
            ErrorKind::Semantic,
            "unknown name",
        ),
        (
            "a for whose unrolled body is a 5,000-term sum",
            format!(
                "var s = 0\nfor i in 0..100000 {{\n    s = s{}\n}}\nout s",
                " + i".repeat(5_000)
            ),
            ErrorKind::Limit,
            "unroll budget",
        ),
        (
            "a 1 MB identifier",
            format!("out a = {}", "x".repeat(1 << 20)),
            ErrorKind::Semantic,
            "unknown name",
        ),
        (
            "200,000 syntax errors",
            "let = \n".repeat(N),
            ErrorKind::Syntax,
            "expected a name after `let`",
        ),
    ];
    // Four nested `for`s of 100 trips each: 10^8 instantiations, refused before any is made.
    let mut nested = String::from("var s = 0\n");
    for depth in 0..4 {
        nested.push_str(&format!("for i{depth} in 0..100 {{\n"));
    }
    nested.push_str("s = s + 1\n");
    nested.push_str(&"}\n".repeat(4));
    nested.push_str("out s");
    cases.push((
        "four nested fors of 100 trips",
        nested,
        ErrorKind::Limit,
        "unroll budget",
    ));
    cases
}

#[test]
fn generated_programs_are_refused() {
    let cases = generated_programs();
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(what, source, kind, message)| {
            isolated(what, || {
                match arrayc::compile(&source, &Options::default()) {
                    Ok(_) => Err(format!(
                        "{what}: compiled, but a {kind:?} error was expected"
                    )),
                    Err(error) => {
                        // A long rendered message would bury the others: show the first line only.
                        check_error(what, &error, &source, kind, message)
                            .map_err(|e| e.lines().take(3).collect::<Vec<_>>().join("\n"))?;
                        // Like the parser (20), the later stages must cap their diagnostics, or
                        // collecting and rendering them grows with the square of the input.
                        if error.diagnostics.len() > MAX_DIAGNOSTICS {
                            return Err(format!(
                                "{what}: {} diagnostics (more than {MAX_DIAGNOSTICS})",
                                error.diagnostics.len()
                            ));
                        }
                        Ok(())
                    }
                }
            })
            .err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Valid programs at the edge of the limits must still compile and give the right answer.
#[test]
fn large_valid_programs_run() {
    let long_literal = format!("out s = sum([{}])", vec!["1"; 100_000].join(", "));
    let many_statements = {
        let mut s = String::from("var s = 0\n");
        s.push_str(&"s = s + 1\n".repeat(20_000));
        s + "out s"
    };
    let deep_but_allowed = format!("out s = {}1{}", "(".repeat(150), ")".repeat(150));
    let long_sum = format!("out s = 0{}", " + 1".repeat(5_000));
    let cases = [
        ("a 100,000-element literal", long_literal, 100_000.0),
        ("20,000 statements", many_statements, 20_000.0),
        ("150 nested parentheses", deep_but_allowed, 1.0),
        ("a 5,000-term sum", long_sum, 5_000.0),
    ];
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(what, source, expected)| {
            isolated(what, || {
                let program = arrayc::compile(&source, &Options::default())
                    .map_err(|e| format!("{what}: {}", e.diagnostics[0]))?;
                let result = program.run(&[]).map_err(|e| format!("{what}: {e}"))?;
                let value = result.output("s").and_then(|a| a.to_f64().first().copied());
                if value == Some(expected) {
                    Ok(())
                } else {
                    Err(format!("{what}: gave {value:?}, expected {expected}"))
                }
            })
            .err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn compile_ok(source: &str) -> arrayc::Program {
    arrayc::compile(source, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn expect_input_error(
    what: &str,
    program: &arrayc::Program,
    inputs: &[(&str, ArrayView<'_>)],
    message: &str,
) -> Result<(), String> {
    match program.run(inputs) {
        Ok(_) => Err(format!("{what}: ran, but an input error was expected")),
        Err(error) => check_error(
            what,
            &error,
            &error.source.clone(),
            ErrorKind::Input,
            message,
        ),
    }
}

#[test]
fn bad_inputs_through_the_library() {
    let program = compile_ok("input a: [2, 3]\ninput dt\nout b = a * dt");
    let six = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let five = [1.0, 2.0, 3.0, 4.0, 5.0];
    let one = [0.5];
    let a = ArrayView::new(&[2, 3], &six);
    let dt = ArrayView::new(&[], &one);
    type Case<'a> = (&'a str, Vec<(&'a str, ArrayView<'a>)>, &'a str);
    let cases: Vec<Case<'_>> = vec![
        ("no inputs", vec![], "was not supplied"),
        ("missing dt", vec![("a", a)], "`dt`"),
        (
            "an extra input",
            vec![("a", a), ("dt", dt), ("c", dt)],
            "`c` is not an input",
        ),
        (
            "a duplicate input",
            vec![("a", a), ("dt", dt), ("dt", dt)],
            "more than once",
        ),
        (
            "the wrong shape",
            vec![("a", ArrayView::new(&[3, 2], &six)), ("dt", dt)],
            "must have shape [2, 3]",
        ),
        (
            "the wrong rank",
            vec![("a", ArrayView::new(&[6], &six)), ("dt", dt)],
            "must have shape",
        ),
        (
            "a scalar given an array",
            vec![("a", a), ("dt", a)],
            "`dt` must have shape []",
        ),
        (
            "data shorter than the shape",
            vec![("a", ArrayView::new(&[2, 3], &five)), ("dt", dt)],
            "must have shape",
        ),
        (
            "a shape whose element count overflows",
            vec![("a", ArrayView::new(&[usize::MAX, 2], &six)), ("dt", dt)],
            "must have shape",
        ),
        (
            "an empty name",
            vec![("", dt), ("a", a), ("dt", dt)],
            "is not an input",
        ),
    ];
    let mut failures = Vec::new();
    for (what, inputs, message) in &cases {
        if let Err(e) = expect_input_error(what, &program, inputs, message) {
            failures.push(e);
        }
    }
    // After all that the program still runs correctly.
    match program.run(&[("dt", dt), ("a", a)]) {
        Ok(result) => {
            let b = result.output("b").map(|b| b.to_f64());
            if b != Some(six.iter().map(|x| x * 0.5).collect()) {
                failures.push(format!("the good run gave {b:?}"));
            }
        }
        Err(e) => failures.push(format!("the good run failed: {e}")),
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A runtime error leaves the program usable: the next run with good inputs succeeds.
#[test]
fn runtime_error_then_good_run() {
    let program = compile_ok(
        "input k\nlet a = [1, 2, 3]\nvar s = 0\nloop i in 0..k {\n    s = s + a[i]\n}\nout s",
    );
    // A negative bound is an empty loop (like Python's range), so s stays 0.
    for (k, expected) in [(5.0, None), (3.0, Some(6)), (-1.0, Some(0)), (2.0, Some(3))] {
        let value = [k];
        let result = program.run(&[("k", ArrayView::new(&[], &value))]);
        match (result, expected) {
            (Ok(r), Some(e)) => {
                assert_eq!(r.output("s").unwrap().as_i64(), Some(&[e][..]), "k = {k}")
            }
            (Err(error), None) => {
                assert_eq!(error.kind(), ErrorKind::Runtime, "k = {k}: {error}");
                assert!(error.diagnostics[0].span.is_some(), "k = {k}: {error}");
            }
            (other, _) => panic!("k = {k}: unexpected {:?}", other.map(|r| r.outputs)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// .npy files

/// A version 1.0 .npy file around a literal header dict, the data at a multiple of 64.
fn npy_file(dict: &str, data: &[u8]) -> Vec<u8> {
    let offset = (10 + dict.len() + 1).next_multiple_of(64);
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend(((offset - 10) as u16).to_le_bytes());
    out.extend(dict.as_bytes());
    out.resize(offset - 1, b' ');
    out.push(b'\n');
    out.extend(data);
    out
}

fn header(descr: &str, fortran: bool, shape: &str) -> String {
    let fortran = if fortran { "True" } else { "False" };
    format!("{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}")
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("arrayc-robustness-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn bad_npy_files_are_refused() {
    let dir = TempDir::new("bad-npy");
    let good = npy_file(&header("<f8", false, "(2, 3)"), &[0; 48]);
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "empty"),
        ("magic only", b"\x93NUMPY".to_vec(), "truncated"),
        ("half the magic", b"\x93NUM".to_vec(), "truncated"),
        (
            "not npy",
            b"PK\x03\x04 a zip file".to_vec(),
            "not a .npy file",
        ),
        ("text", b"1.0, 2.0, 3.0\n".to_vec(), "not a .npy file"),
        (
            "truncated data",
            good[..good.len() - 1].to_vec(),
            "holds 47 bytes",
        ),
        (
            "truncated header",
            good[..40].to_vec(),
            "extends past the end",
        ),
        (
            "trailing data",
            [good.clone(), vec![0; 8]].concat(),
            "trailing data",
        ),
        (
            "lying shape",
            npy_file(&header("<f8", false, "(10,)"), &[0; 24]),
            "but the file holds 24 bytes",
        ),
        (
            "huge declared shape",
            npy_file(&header("<f8", false, "(1000000000000,)"), &[0; 8]),
            "1000000000000 elements",
        ),
        (
            "shape overflowing usize",
            npy_file(
                &header("<f8", false, "(4294967296, 4294967296, 4294967296)"),
                &[],
            ),
            "overflows",
        ),
        (
            "negative shape",
            npy_file(&header("<f8", false, "(-3,)"), &[]),
            "negative dimension",
        ),
        (
            "complex dtype",
            npy_file(&header("<c16", false, "(1,)"), &[0; 16]),
            "complex",
        ),
        (
            "object dtype",
            npy_file(&header("|O", false, "(1,)"), &[0; 8]),
            "python objects",
        ),
        (
            "string dtype",
            npy_file(&header("<U3", false, "(1,)"), &[0; 12]),
            "strings",
        ),
        (
            "float dtype of no size NumPy has",
            npy_file(&header("<f3", false, "(1,)"), &[0; 3]),
            "unsupported dtype",
        ),
        (
            "structured dtype",
            npy_file(
                "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                &[0; 8],
            ),
            "structured",
        ),
        (
            "missing key",
            npy_file("{'descr': '<f8', 'shape': (1,), }", &[0; 8]),
            "missing the 'fortran_order' key",
        ),
        (
            "header length past the end",
            {
                let mut bytes = good.clone();
                bytes[8] = 0xff;
                bytes[9] = 0xff;
                bytes
            },
            "extends past the end",
        ),
        (
            "unknown version",
            {
                let mut bytes = good.clone();
                bytes[6] = 9;
                bytes
            },
            "unsupported .npy format version 9.0",
        ),
        (
            "garbage header",
            npy_file("\u{1}\u{2}\u{3} garbage \u{ff}", &[]),
            "malformed header",
        ),
        (
            "deeply nested header",
            npy_file(
                &format!(
                    "{{'shape': {}1{}}}",
                    "(".repeat(100_000),
                    ")".repeat(100_000)
                ),
                &[],
            ),
            "nested",
        ),
    ];
    // Deterministic garbage: a xorshift stream after a valid magic and version.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for (k, len) in [16usize, 100, 1000, 70_000].into_iter().enumerate() {
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        while bytes.len() < len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push(state as u8);
        }
        let name = ["garbage 16", "garbage 100", "garbage 1000", "garbage 70000"][k];
        cases.push((name, bytes, ""));
    }
    let mut failures = Vec::new();
    for (k, (what, bytes, message)) in cases.iter().enumerate() {
        let path = dir.write(&format!("case{k}.npy"), bytes);
        let from_file = std::panic::catch_unwind(|| arrayc_npy::read(&path).map(|a| a.shape));
        let from_bytes = std::panic::catch_unwind(|| arrayc_npy::parse(bytes).map(|a| a.0));
        match (from_file, from_bytes) {
            (Ok(Err(e1)), Ok(Err(e2))) => {
                if !e1.message.contains(message) || !e2.message.contains(message) {
                    failures.push(format!(
                        "{what}: expected {message:?}, got {:?} / {:?}",
                        e1.message, e2.message
                    ));
                }
            }
            (Ok(Ok(shape)), _) | (_, Ok(Ok(shape))) => {
                failures.push(format!("{what}: accepted with shape {shape:?}"))
            }
            _ => failures.push(format!("{what}: PANICKED")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Element bytes of a value in a dtype, in the given byte order.
fn encode(values: &[f64], descr: &str) -> Vec<u8> {
    let big = descr.starts_with('>');
    let mut out = Vec::new();
    for &v in values {
        let bytes: Vec<u8> = match &descr[1..] {
            "f8" => {
                if big {
                    v.to_be_bytes().to_vec()
                } else {
                    v.to_le_bytes().to_vec()
                }
            }
            "f4" => {
                if big {
                    (v as f32).to_be_bytes().to_vec()
                } else {
                    (v as f32).to_le_bytes().to_vec()
                }
            }
            "i1" => vec![(v as i8) as u8],
            "u1" => vec![v as u8],
            "b1" => vec![u8::from(v != 0.0)],
            "i2" => {
                if big {
                    (v as i16).to_be_bytes().to_vec()
                } else {
                    (v as i16).to_le_bytes().to_vec()
                }
            }
            "u2" => {
                if big {
                    (v as u16).to_be_bytes().to_vec()
                } else {
                    (v as u16).to_le_bytes().to_vec()
                }
            }
            "i4" => {
                if big {
                    (v as i32).to_be_bytes().to_vec()
                } else {
                    (v as i32).to_le_bytes().to_vec()
                }
            }
            "u4" => {
                if big {
                    (v as u32).to_be_bytes().to_vec()
                } else {
                    (v as u32).to_le_bytes().to_vec()
                }
            }
            "i8" => {
                if big {
                    (v as i64).to_be_bytes().to_vec()
                } else {
                    (v as i64).to_le_bytes().to_vec()
                }
            }
            "u8" => {
                if big {
                    (v as u64).to_be_bytes().to_vec()
                } else {
                    (v as u64).to_le_bytes().to_vec()
                }
            }
            other => panic!("no encoder for {other}"),
        };
        out.extend(bytes);
    }
    out
}

/// Reorders a C-order array of `shape` into Fortran (column-major) order.
fn to_fortran(shape: &[usize], c_order: &[f64]) -> Vec<f64> {
    let count = c_order.len();
    let mut out = vec![0.0; count];
    for (c_index, &value) in c_order.iter().enumerate() {
        // Decompose the C index, then recompose it column-major.
        let mut rest = c_index;
        let mut index = vec![0; shape.len()];
        for axis in (0..shape.len()).rev() {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        let mut f_index = 0;
        for axis in (0..shape.len()).rev() {
            f_index = f_index * shape[axis] + index[axis];
        }
        out[f_index] = value;
    }
    out
}

fn shape_text(shape: &[usize]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[test]
fn unusual_npy_files_convert_exactly() {
    let dir = TempDir::new("odd-npy");
    // Values every dtype below can hold exactly.
    let small: Vec<f64> = (0..24).map(|k| (k * 5 % 17) as f64).collect();
    let signed: Vec<f64> = (0..24).map(|k| (k * 7 % 23) as f64 - 11.0).collect();
    let floats: Vec<f64> = (0..24).map(|k| (k as f64 - 7.5) * 0.25).collect();
    let wide: Vec<f64> = (0..24)
        .map(|k| (k as f64 - 12.0) * 1.0e15 + 0.5 * (k % 2) as f64)
        .collect();
    let bools: Vec<f64> = (0..24).map(|k| f64::from(u8::from(k % 3 == 0))).collect();
    let cases: Vec<(&str, &Vec<f64>)> = vec![
        ("<f8", &wide),
        (">f8", &wide),
        ("<f4", &floats),
        (">f4", &floats),
        ("|i1", &signed),
        ("|u1", &small),
        ("|b1", &bools),
        ("<i2", &signed),
        (">i2", &signed),
        ("<u2", &small),
        ("<i4", &signed),
        (">i4", &signed),
        ("<u4", &small),
        ("<i8", &signed),
        (">u8", &small),
        ("<u8", &small),
    ];
    let shapes: [&[usize]; 4] = [&[24], &[4, 6], &[2, 3, 4], &[1, 24]];
    let mut failures = Vec::new();
    for (descr, values) in &cases {
        for shape in shapes {
            for fortran in [false, true] {
                let stored = if fortran {
                    to_fortran(shape, values)
                } else {
                    values.to_vec()
                };
                let bytes = npy_file(
                    &header(descr, fortran, &shape_text(shape)),
                    &encode(&stored, descr),
                );
                let what = format!("{descr} {shape:?} fortran={fortran}");
                let path = dir.write("odd.npy", &bytes);
                match arrayc_npy::read_as(&path, DType::F64) {
                    Ok(array) => {
                        if array.shape != shape {
                            failures.push(format!("{what}: shape {:?}", array.shape));
                        } else if array.data.as_f64() != Some(values.as_slice()) {
                            failures.push(format!(
                                "{what}: values {:?}, expected {:?}",
                                array.data.view(),
                                values
                            ));
                        }
                    }
                    Err(e) => failures.push(format!("{what}: refused: {e}")),
                }
                match arrayc_npy::parse_as(&bytes, DType::F64) {
                    Ok((_, data)) if data.as_f64() == Some(values.as_slice()) => {}
                    other => failures.push(format!("{what}: parse gave {other:?}")),
                }
            }
        }
    }
    // Unaligned float64 data (a header whose length is not a multiple of 8) still reads.
    let mut unaligned = b"\x93NUMPY\x01\x00".to_vec();
    let dict = header("<f8", false, "(3,)") + "   \n";
    unaligned.extend((dict.len() as u16).to_le_bytes());
    unaligned.extend(dict.as_bytes());
    unaligned.extend(encode(&[1.5, -2.0, 3.25], "<f8"));
    let path = dir.write("unaligned.npy", &unaligned);
    match arrayc_npy::read(&path) {
        Ok(array) if array.data.as_f64() == Some(&[1.5, -2.0, 3.25][..]) => {}
        other => failures.push(format!(
            "unaligned: {:?}",
            other.map(|a| a.data.as_f64().map(<[f64]>::to_vec))
        )),
    }
    // A Fortran-order file fed to a program gives the same result as its C-order twin.
    let program = compile_ok("input m: [4, 6]\nout r = sum(m, 1)\nout t = transpose(m)");
    let c_path = dir.write(
        "c.npy",
        &npy_file(&header("<f8", false, "(4, 6)"), &encode(&floats, "<f8")),
    );
    let c = arrayc_npy::read_as(&c_path, DType::F64).unwrap();
    let c_result = program
        .run(&[("m", ArrayView::new(&c.shape, c.data.as_f64().unwrap()))])
        .unwrap();
    let f_path = dir.write(
        "f.npy",
        &npy_file(
            &header(">i4", true, "(4, 6)"),
            &encode(&to_fortran(&[4, 6], &signed), ">i4"),
        ),
    );
    let f = arrayc_npy::read_as(&f_path, DType::F64).unwrap();
    let f_result = program
        .run(&[("m", ArrayView::new(&f.shape, f.data.as_f64().unwrap()))])
        .unwrap();
    let expected_rows: Vec<f64> = signed.chunks(6).map(|row| row.iter().sum()).collect();
    if f_result.output("r").unwrap().data != expected_rows {
        failures.push(format!(
            "fortran input: row sums {:?}",
            f_result.output("r").unwrap().data
        ));
    }
    let expected_t = to_fortran(&[4, 6], &floats);
    if c_result.output("t").unwrap().data != expected_t {
        failures.push("c input: transpose differs".to_string());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Every prefix of every test and example program

fn arr_files_under(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            arr_files_under(&path, into);
        } else if path.extension().is_some_and(|e| e == "arr") {
            into.push(path);
        }
    }
}

/// The prefix lengths to try: every char boundary of small files, about 100 evenly spaced
/// ones (plus the first and last 50 bytes) of larger files.
fn prefix_lengths(source: &str) -> Vec<usize> {
    let boundaries: Vec<usize> = (0..=source.len())
        .filter(|&k| source.is_char_boundary(k))
        .collect();
    if source.len() <= 2048 {
        return boundaries;
    }
    let step = boundaries.len() / 100;
    boundaries
        .iter()
        .enumerate()
        .filter(|(k, _)| *k < 50 || *k + 50 >= boundaries.len() || k % step == 0)
        .map(|(_, &b)| b)
        .collect()
}

/// Whether a prefix also goes through the whole front end (which spawns a thread and lowers,
/// so it costs more than parsing): every fourth prefix, and every one that ends a line, so
/// that each statement is seen both cut and whole.
fn deep_check(source: &str, len: usize, ordinal: usize) -> bool {
    ordinal.is_multiple_of(4) || len == source.len() || source[..len].ends_with('\n')
}

/// Checks every prefix of one file; returns each failure as (signature, description), where
/// the signature is the message with its digits removed, to group the same bug across files.
fn check_prefixes(path: &Path) -> Vec<(String, String)> {
    let source = read(path);
    // Small limits keep prefixes that declare large arrays or long `for`s cheap to refuse.
    let options = Options {
        unroll_budget: 20_000,
        max_memory_bytes: 16 << 20,
        ..Options::default()
    };
    let mut failures = Vec::new();
    let mut fail = |message: String| {
        let signature: String = message
            .split_once(": ")
            .map_or(message.as_str(), |(_, rest)| rest)
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect();
        failures.push((signature, message));
    };
    for (ordinal, len) in prefix_lengths(&source).into_iter().enumerate() {
        let prefix = &source[..len];
        let what = format!("{} (prefix of {len} bytes)", path.display());
        match std::panic::catch_unwind(|| arrayc::syntax_tree(prefix)) {
            Ok(tree) => {
                let diagnostics = tree.err().unwrap_or_default();
                if let Err(e) = check_spans(&what, &diagnostics, prefix) {
                    fail(e);
                }
            }
            Err(_) => fail(format!("{what}: the parser PANICKED")),
        }
        if !deep_check(&source, len, ordinal) {
            continue;
        }
        if let Err(error) = arrayc::check(prefix, &options) {
            if let Err(e) = check_spans(&what, &error.diagnostics, prefix) {
                fail(e);
            }
            if error.kind() == ErrorKind::Internal {
                fail(format!("{what}: internal error: {}", error.diagnostics[0]));
            }
        }
    }
    failures
}

#[test]
fn every_prefix_of_every_program() {
    let mut files = Vec::new();
    arr_files_under(&root().join("tests").join("data"), &mut files);
    arr_files_under(&root().join("examples"), &mut files);
    assert!(files.len() > 50, "only {} programs found", files.len());
    // Two workers: the machine has two cores.
    let (left, right) = files.split_at(files.len() / 2);
    let failures: Vec<(String, String)> = std::thread::scope(|scope| {
        let workers: Vec<_> = [left, right]
            .into_iter()
            .map(|part| {
                std::thread::Builder::new()
                    .stack_size(64 << 20)
                    .spawn_scoped(scope, move || {
                        part.iter()
                            .flat_map(|path| check_prefixes(path))
                            .collect::<Vec<_>>()
                    })
                    .unwrap()
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|_| vec![("panic".into(), "a worker panicked".into())])
            })
            .collect()
    });
    // One line per distinct problem: its count and its first occurrence.
    let mut groups: Vec<(String, usize, String)> = Vec::new();
    for (signature, message) in failures {
        match groups.iter_mut().find(|(s, _, _)| *s == signature) {
            Some(group) => group.1 += 1,
            None => groups.push((signature, 1, message)),
        }
    }
    let report: Vec<String> = groups
        .iter()
        .map(|(_, count, first)| format!("{count} prefixes, first: {first}"))
        .collect();
    assert!(
        groups.is_empty(),
        "{} distinct problems in prefixes of {} files:\n{}",
        groups.len(),
        files.len(),
        report.join("\n")
    );
}
