//! The session's behaviour, entry by entry, through `Session::submit`.

use super::session::{Binding, Session};
use super::terminal::{is_incomplete, read_entry, CONTINUATION, PROMPT};
use arrayc::{Array, DType, DataView};

fn submit_all(session: &mut Session, entries: &[&str]) -> (String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    for entry in entries {
        session.submit(entry, &mut out, &mut err);
    }
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// Linear in the number of entries: each entry is one compile of a program whose size
/// does not depend on how long the session has been going.
#[test]
fn an_entry_compiles_once_and_only_itself() {
    let mut session = Session::default();
    submit_all(&mut session, &["var x = zeros([4])"]);
    let mut sizes = Vec::new();
    for index in 0..300 {
        let before = session.compiled_bytes;
        let declare = format!("let a{index:04} = x + 1");
        submit_all(&mut session, &[&declare, "x = x + 1"]);
        sizes.push(session.compiled_bytes - before);
    }
    assert_eq!(session.compiles, 1 + 2 * 300);
    assert!(
        sizes.iter().all(|&size| size == sizes[0]),
        "bytes compiled per pair of entries grew: {:?} ... {:?}",
        &sizes[..3],
        &sizes[sizes.len() - 3..]
    );
    let (out, err) = submit_all(&mut session, &["sum(x) + a0299[0]"]);
    assert_eq!(err, "");
    assert_eq!(out, "1500.0\n");
}

/// int64 and bool values keep their dtypes from entry to entry, a large int64 exactly.
#[test]
fn int64_and_bool_values_keep_their_dtype_across_entries() {
    let mut session = Session::default();
    let (out, err) = submit_all(
        &mut session,
        &[
            "let k = zeros([3], i64) + i64(2)",
            "let m = k > 1",
            "let c = sum(m)",
            "c",
            "let big = i64(2147483648) * i64(2147483648) + c",
            "big * i64(2)",
            ":vars",
        ],
    );
    assert_eq!(err, "");
    // NumPy: m.sum() is int64 3; (2**62 + 3) * 2 wraps to -(2**63) + 6.
    assert_eq!(
        out,
        "3\n\
         -9223372036854775802\n\
         let big: i64[]\n\
         let c: i64[] = i64(3)\n\
         let k: i64[3]\n\
         let m: bool[3]\n"
    );
}

/// A float32 value keeps its dtype from entry to entry (handed in as an `f32` input, a
/// scalar as `f32(...)`); `:vars` and `out` lines say which dtype each value has.
#[test]
fn float32_values_keep_their_dtype_across_entries() {
    let mut session = Session::default();
    let (out, err) = submit_all(
        &mut session,
        &[
            "let x = zeros([3], f32) + 0.1",
            "x * 3",
            "let s = sum(x)",
            "s * 2",
            "var y = ones([2, 2])",
            "out z = x + 1.5",
            ":vars",
        ],
    );
    assert_eq!(err, "");
    // NumPy: np.zeros(3, np.float32) + 0.1 is float32 0.1; sums and products round in
    // float32 (a float64 0.6 from float32 0.1s would print as 0.6000000089406967).
    assert_eq!(
        out,
        "[0.3 0.3 0.3]\n\
         0.6\n\
         z = [1.6 1.6 1.6]  (float32)\n\
         let s: f32[] = f32(0.30000001192092896)\n\
         let x: f32[3]\n\
         var y: [2, 2]\n\
         let z: f32[3]\n"
    );
}

#[test]
fn a_failed_entry_changes_nothing() {
    let mut session = Session::default();
    let (out, err) = submit_all(
        &mut session,
        &[
            "var x = [1, 2, 3]",
            // Fails at run time on its fourth trip, after changing `x`.
            "loop i in 0..5 { x = x + 1; let y = x[i] }",
            // Fails to compile.
            "x = x + [1, 2]; let z = 1",
            "fn f(a) = a +",
            "x",
            "z",
            "f(1)",
        ],
    );
    assert_eq!(out, "[1 2 3]\n", "{err}");
    assert!(err.contains("index out of range"), "{err}");
    assert!(err.contains("unknown name `z`"), "{err}");
    assert!(err.contains("unknown function `f`"), "{err}");
    assert_eq!(session.failures, 5);
}

#[test]
fn reset_forgets_functions_and_params() {
    let mut session = Session::default();
    let (out, err) = submit_all(
        &mut session,
        &[
            "param n = 2",
            "fn f(a) = a * n",
            ":reset",
            "f(1)",
            "n",
            "param n = 5",
            "n",
        ],
    );
    assert_eq!(out, "session reset\n5\n", "{err}");
    assert!(err.contains("unknown function `f`"), "{err}");
    assert!(err.contains("unknown name `n`"), "{err}");
}

#[test]
fn timings_count_scope_lines_in_the_entry() {
    let mut session = Session::default();
    let (out, err) = submit_all(
        &mut session,
        &[
            "var x = zeros([4])",
            "param n = 3",
            ":timings",
            "let y = 2\nloop i in 0..n { x = x + y }",
        ],
    );
    assert_eq!(err, "");
    let row = out
        .lines()
        .find(|line| line.trim_start().starts_with("loop"))
        .unwrap_or_else(|| panic!("no scope row: {out}"));
    let line: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(line[..3], ["loop", "2", "3"], "{row}");
}

#[test]
fn incomplete_while_braces_are_open() {
    assert!(is_incomplete("loop i in 0..3 {"));
    assert!(is_incomplete("var x = [1,\n"));
    assert!(is_incomplete("var x = 1 +"));
    assert!(!is_incomplete("loop i in 0..3 {\n x = x + 1\n}"));
    assert!(!is_incomplete(":help"));
    assert!(!is_incomplete("var x = 1 # {"));
}

#[test]
fn continuation_lines_get_their_own_prompt() {
    let mut lines = vec!["}", "  x = x * 2", "loop i in 0..3 {"];
    let mut prompts = Vec::new();
    let entry = read_entry(|prompt| {
        prompts.push(prompt.to_string());
        Ok::<_, ()>(lines.pop().map(str::to_string))
    });
    assert_eq!(
        entry,
        Ok(Some("loop i in 0..3 {\n  x = x * 2\n}".to_string()))
    );
    assert_eq!(prompts, [PROMPT, CONTINUATION, CONTINUATION]);
    assert_ne!(PROMPT, CONTINUATION);
}

#[test]
fn prints_and_expressions_run_once() {
    let mut session = Session::default();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    session.submit("var x = 1; print x\n", &mut out, &mut err);
    session.submit("x + 1\n", &mut out, &mut err);
    assert_eq!(String::from_utf8_lossy(&err), "");
    assert_eq!(String::from_utf8_lossy(&out), "1\n2\n");
    // The second entry's program: `x` declared with its value, not the first entry.
    assert_eq!(
        session.last.as_deref(),
        Some("let x = i64(1)\nprint x + 1\n")
    );
}

/// Values carried from entry to entry are the kept arrays, given to the next program as
/// inputs: a float64 scalar, a float32 scalar and an int64 beyond 2^53 keep every bit and
/// their dtype, and no entry's program spells them as literals.
#[test]
fn carried_values_are_arrays_bit_for_bit() {
    let mut session = Session::default();
    let mut run = |entry: &str| {
        let (out, err) = submit_all(&mut session, &[entry]);
        assert_eq!((out.as_str(), err.as_str()), ("", ""), "{entry}");
        session.last.clone().unwrap_or_default()
    };
    run("let third = 1 / 3");
    run("let h = f32(1) / f32(3)");
    run("let big = i64(3037000499) * i64(3037000499)");
    let program = run("var rest = third * 3 - third - third - third");
    assert!(program.starts_with("input __repl_third: []\nlet third = __repl_third\n"));
    let program = run("let h3 = h * f32(3) - h");
    assert!(program.starts_with("input __repl_h: f32[]\nlet h = __repl_h\n"));
    let program = run("let next = big + i64(1)");
    assert!(program.starts_with("input __repl_big: i64[]\nlet big = __repl_big\n"));
    let third = 1.0f64 / 3.0;
    let h = 1.0f32 / 3.0;
    let value = |name: &str| match session.bindings.get(name) {
        Some(Binding::Let(array) | Binding::Var(array)) => array.clone(),
        Some(Binding::Param(_) | Binding::Input(_)) | None => panic!("no value `{name}`"),
    };
    let bits = |array: &Array| -> (DType, Vec<u64>) {
        let bits = match array.data.view() {
            DataView::F64(values) => values.iter().map(|v| v.to_bits()).collect(),
            DataView::F32(values) => values.iter().map(|v| u64::from(v.to_bits())).collect(),
            DataView::I64(values) => values.iter().map(|&v| v as u64).collect(),
            DataView::Bool(values) => values.iter().map(|&v| u64::from(v)).collect(),
        };
        (array.dtype(), bits)
    };
    let rest = third * 3.0 - third - third - third;
    assert_eq!(bits(&value("rest")), (DType::F64, vec![rest.to_bits()]));
    assert_ne!(rest, 0.0, "the check needs a value that is not round");
    let h3 = h * 3.0 - h;
    assert_eq!(
        bits(&value("h3")),
        (DType::F32, vec![u64::from(h3.to_bits())])
    );
    let next = 3037000499i64 * 3037000499 + 1;
    assert!(next > 1 << 53 && next as f64 as i64 != next);
    assert_eq!(bits(&value("next")), (DType::I64, vec![next as u64]));
}
