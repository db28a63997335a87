//! The IR as a contract: its text form round-trips through `ir::parse` for every program
//! of the corpus (and the re-parsed IR computes the same bits), and the IR file tests in
//! `tests/data/ir` run hand-written IR straight through codegen and the JIT.
//!
//! An IR file is IR text (lines starting with `;` are comments) followed by a `; expect`
//! line and the expected result, one `;` line each:
//! - `; out NAME [SHAPE] = [VALUES]` for every output, in order, values printed exactly;
//! - `; stdout: LINE` for every line `print` writes;
//! - `; run error: MESSAGE` when the run fails, `; refused by the verifier` when the IR is
//!   refused before codegen (then nothing runs);
//! - `; functions: N`, the number of functions codegen made (chunks, row functions).
//!
//! A `; options: threads=N parallel_min_elements=M` line in the IR part sets those options.
//!
//! As in Cranelift's filetests, a line of the IR part that ends in `; error: MESSAGE` is one
//! the verifier must refuse with MESSAGE: the verifier's errors, each located at its
//! statement's line (or at the `slots` line for the program's tables), must be exactly the
//! annotations.
//!
//! The IR part must be in canonical form (printing its parse gives it back). The expected
//! part is rewritten with `UPDATE_EXPECT=1`.

use arrayc::{parse_ir, parse_ir_located, Options};
use arrayc_tests::*;
use std::path::{Path, PathBuf};

fn options() -> Options {
    Options {
        verify: true,
        ..Options::default()
    }
}

/// Every `.arr` file under `tests/data` and `examples`.
fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let data = data_dir("");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&data)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.is_dir())
                .collect()
        })
        .unwrap_or_default();
    folders.push(root().join("examples"));
    folders.sort();
    for folder in folders {
        files.extend(arr_files(&folder));
    }
    files
}

#[test]
fn text_round_trips_for_the_corpus() {
    let mut round_tripped = 0;
    let mut failures = Vec::new();
    for path in corpus() {
        let source = read(&path);
        let Ok(text) = arrayc::ir_text(&source, &options()) else {
            continue;
        };
        round_tripped += 1;
        match parse_ir(&text) {
            Ok(program) => {
                let again = program.to_text();
                if again != text {
                    failures.push(format!(
                        "{}: print → parse → print differs:\n--- printed\n{text}\n--- reprinted\n{again}",
                        path.display()
                    ));
                }
            }
            Err(error) => failures.push(format!(
                "{}: the printed IR does not parse: {error}\n{text}",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Much of the corpus is refused on purpose (check/); the rest compiles.
    assert!(
        round_tripped >= 60,
        "only {round_tripped} programs compiled"
    );
}

/// The outputs of a run, bit for bit, as comparable text.
fn outputs_text(result: &arrayc::RunResult) -> Vec<String> {
    result
        .outputs
        .iter()
        .map(|(name, array)| {
            let values: Vec<String> = array.data.iter().map(|v| format!("{v:?}")).collect();
            format!("; out {name} {:?} = [{}]", array.shape, values.join(", "))
        })
        .collect()
}

/// Programs without inputs compute the same bits from their re-parsed IR as from source.
#[test]
fn reparsed_ir_computes_the_same_bits() {
    let mut compared = 0;
    let mut failures = Vec::new();
    for path in corpus() {
        let source = read(&path);
        let Ok(program) = arrayc::compile(&source, &options()) else {
            continue;
        };
        if !program.inputs().is_empty() {
            continue;
        }
        let Ok(direct) = program.run(&[]) else {
            continue;
        };
        let text = program.ir_text();
        let reparsed = parse_ir(&text)
            .map_err(|e| e.to_string())
            .and_then(|ir| arrayc::compile_ir(ir, &text, &options()).map_err(|e| e.render()))
            .and_then(|program| program.run(&[]).map_err(|e| e.render()));
        compared += 1;
        match reparsed {
            Ok(result) if outputs_text(&result) == outputs_text(&direct) => {}
            Ok(_) => failures.push(format!("{}: outputs differ", path.display())),
            Err(error) => failures.push(format!("{}: {error}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(compared >= 30, "only {compared} programs compared");
}

/// The options an IR file asks for.
fn file_options(text: &str) -> Result<Options, String> {
    let mut options = options();
    for line in text.lines() {
        let Some(items) = line.strip_prefix("; options:") else {
            continue;
        };
        for item in items.split_whitespace() {
            let parsed = match item.split_once('=') {
                Some(("threads", n)) => n.parse().map(|n| options.threads = n),
                Some(("parallel_min_elements", n)) => {
                    n.parse().map(|n| options.parallel_min_elements = n)
                }
                _ => return Err(format!("unknown option `{item}`")),
            };
            parsed.map_err(|e| format!("option `{item}`: {e}"))?;
        }
    }
    Ok(options)
}

/// What running an IR file gives, in the file's expectation syntax.
fn expectation(text: &str) -> Result<Vec<String>, String> {
    let program = parse_ir(text).map_err(|e| format!("does not parse: {e}"))?;
    if program.verify().is_err() {
        // `compile_ir` must refuse it too, before generating code.
        return match arrayc::compile_ir(program, text, &file_options(text)?) {
            Ok(_) => Err("the verifier refuses the IR but `compile_ir` compiled it".to_string()),
            Err(_) => Ok(vec!["; refused by the verifier".to_string()]),
        };
    }
    let compiled = arrayc::compile_ir(program, text, &file_options(text)?)
        .map_err(|error| format!("does not compile: {}", error.render()))?;
    let mut stdout = Vec::new();
    let result = compiled.run_with_output(&[], &mut stdout);
    let mut lines = vec![format!("; functions: {}", compiled.report().functions)];
    for line in String::from_utf8_lossy(&stdout).lines() {
        lines.push(format!("; stdout: {line}"));
    }
    match result {
        Ok(result) => lines.extend(outputs_text(&result)),
        Err(error) => lines.push(format!("; run error: {}", error.diagnostics[0].message)),
    }
    Ok(lines)
}

/// The IR part without its `; error: MESSAGE` line endings, and those annotations as
/// (1-based line, MESSAGE), in line order.
fn error_annotations(ir_part: &str) -> (String, Vec<(usize, String)>) {
    let mut annotations = Vec::new();
    let mut stripped = String::new();
    for (k, line) in ir_part.lines().enumerate() {
        match line.split_once("; error: ") {
            Some((code, message)) if !code.trim().is_empty() => {
                annotations.push((k + 1, message.to_string()));
                stripped.push_str(code.trim_end());
            }
            _ => stripped.push_str(line),
        }
        stripped.push('\n');
    }
    (stripped, annotations)
}

/// The verifier's errors, each at the line of its statement (the `slots` line for the
/// program's tables), in line order.
fn located_verifier_errors(ir_part: &str) -> Result<Vec<(usize, String)>, String> {
    let (program, statement_lines) =
        parse_ir_located(ir_part).map_err(|e| format!("does not parse: {e}"))?;
    let header = ir_part
        .lines()
        .position(|line| line.starts_with("slots"))
        .map_or(0, |k| k + 1);
    let Err(errors) = program.verify() else {
        return Ok(Vec::new());
    };
    let mut located = Vec::new();
    for error in errors {
        let line = match error.stmt {
            None => header,
            Some(stmt) => *statement_lines
                .get(stmt as usize)
                .ok_or_else(|| format!("an error at unknown statement {stmt}: {error}"))?,
        };
        located.push((line, error.message));
    }
    located.sort();
    Ok(located)
}

fn check_ir_file(path: &Path) -> Result<(), String> {
    let text = read(path);
    let (annotated_part, expected) = text
        .split_once("; expect\n")
        .ok_or_else(|| format!("{}: no `; expect` line", path.display()))?;
    let (ir_part, annotations) = error_annotations(annotated_part);
    let canonical: String = ir_part
        .lines()
        .filter(|line| !line.starts_with(';') && !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    let program = parse_ir(&ir_part).map_err(|e| format!("{}: {e}", path.display()))?;
    let printed = program.to_text();
    if printed != canonical {
        return Err(format!(
            "{}: the IR is not in canonical form; it prints as\n{printed}",
            path.display()
        ));
    }
    let located =
        located_verifier_errors(&ir_part).map_err(|e| format!("{}: {e}", path.display()))?;
    if located != annotations {
        let show = |errors: &[(usize, String)]| -> String {
            errors
                .iter()
                .map(|(line, message)| format!("line {line}: ; error: {message}\n"))
                .collect()
        };
        return Err(format!(
            "{}: the verifier's errors are not the `; error:` annotations:\n--- annotated\n{}--- verifier\n{}",
            path.display(),
            show(&annotations),
            show(&located)
        ));
    }
    let actual = expectation(&ir_part).map_err(|e| format!("{}: {e}", path.display()))?;
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let rewritten = format!("{annotated_part}; expect\n{}\n", actual.join("\n"));
        return std::fs::write(path, rewritten).map_err(|e| e.to_string());
    }
    let expected: Vec<String> = expected.lines().map(str::to_string).collect();
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "{}: differs (run with UPDATE_EXPECT=1 to accept):\n--- expected\n{}\n--- actual\n{}",
            path.display(),
            expected.join("\n"),
            actual.join("\n")
        ))
    }
}

#[test]
fn ir_files() {
    let dir = data_dir("ir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "ir"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(files.len() >= 10, "only {} IR files", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| check_ir_file(path).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} IR files failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn parse_errors_name_the_line() {
    let cases = [
        ("slots 0\nchecks 0\nbuffer %1 f64[2] scratch \"x\"\n", 3, "expected buffer %0"),
        ("slots 0\nchecks 0\nbuffer %0 f16[2] scratch \"x\"\n", 3, "unknown dtype `f16`"),
        (
            "slots 0\nchecks 0\nbuffer %0 f64[2] scratch \"x\"\n%0[i0] = foo(1.0) @0..1\n",
            4,
            "unknown operation `foo`",
        ),
        (
            "slots 0\nchecks 0\nbuffer %0 f64[2] scratch \"x\"\n%0[i1] = 1.0 @0..1\n",
            4,
            "one index per axis",
        ),
        (
            "slots 1\nchecks 0\nbuffer %0 f64[2] scratch \"x\"\nloop s0 in 0.0 .. 2.0 scope 0 site 0 {\n",
            4,
            "not closed",
        ),
        ("slots 0\nchecks 0\n}\n", 3, "without an open block"),
        (
            "slots 0\nchecks 0\nbuffer %0 f64[2] scratch \"x\"\n%0[i0] = scan 1.0 @0..1\n",
            4,
            "`scan` is followed by a reduction",
        ),
    ];
    for (text, line, message) in cases {
        let error = parse_ir(text).expect_err(text);
        assert_eq!(error.line, line, "{text}: {error}");
        assert!(error.message.contains(message), "{text}: {error}");
    }
}

/// Damaged IR text is refused with an error or read as some program, never a panic, and
/// whatever is read prints as text that reads back to the same text. Every IR file and
/// lowering golden, with each character in turn deleted, doubled, or replaced by a digit.
#[test]
fn damaged_text_never_panics_and_what_parses_round_trips() {
    let mut texts = Vec::new();
    for (dir, extension) in [("ir", "ir"), ("lower", "ir")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(data_dir(dir))
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| path.extension().is_some_and(|ext| ext == extension))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        texts.extend(files.iter().map(|path| read(path)));
    }
    assert!(texts.len() >= 30, "only {} IR texts", texts.len());
    let mut parsed = 0usize;
    let mut refused = 0usize;
    for text in &texts {
        let text = text.split("; expect\n").next().unwrap_or(text);
        let boundaries: Vec<usize> = text.char_indices().map(|(k, _)| k).collect();
        for &k in &boundaries {
            let c = text[k..].chars().next().unwrap_or(' ');
            let next = k + c.len_utf8();
            let damaged = [
                format!("{}{}", &text[..k], &text[next..]),
                format!("{}{c}{}", &text[..k], &text[k..]),
                format!("{}7{}", &text[..k], &text[next..]),
            ];
            for damaged in damaged {
                let Ok(program) = parse_ir(&damaged) else {
                    refused += 1;
                    continue;
                };
                parsed += 1;
                let _ = program.verify();
                let printed = program.to_text();
                let again = parse_ir(&printed).map(|p| p.to_text());
                assert_eq!(
                    again.as_ref(),
                    Ok(&printed),
                    "damaged text read as a program that does not round-trip:\n{damaged}"
                );
            }
        }
    }
    // Both outcomes occur: the test exercises the parser's errors and its successes.
    assert!(
        parsed > 1000 && refused > 1000,
        "parsed {parsed}, refused {refused}"
    );
}

/// Codegen computes row-invariant work once per row: the divisor of `grad` along axis 0
/// depends only on the row, so the kernel's one division stays out of the two-lane inner
/// loop (whose unrolled copies and tails would otherwise each divide).
#[test]
fn row_invariant_work_is_computed_once_per_row() {
    let options = Options {
        keep_clif: true,
        ..options()
    };
    let program = arrayc::compile("input d: [6, 9]\nout g = grad(d, 0)\n", &options)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    let divisions = program.clif().matches(" fdiv ").count();
    assert_eq!(divisions, 1, "{}", program.clif());
}

/// The innermost dimension runs two lanes at a time (reads that advance by one element
/// are `F64X2` loads), except in kernels that call a host math function per element.
#[test]
fn inner_loops_use_two_lanes_unless_they_call_the_host() {
    let clif = |source: &str| {
        let options = Options {
            keep_clif: true,
            ..options()
        };
        arrayc::compile(source, &options)
            .map(|program| program.clif().to_string())
            .unwrap_or_else(|e| panic!("{}", e.render()))
    };
    let arithmetic = clif("input d: [4, 8]\nout g = d * 2 + 1\n");
    assert!(arithmetic.contains("load.f64x2"), "{arithmetic}");
    let host = clif("input d: [4, 8]\nout g = exp(d)\n");
    assert!(!host.contains("f64x2"), "{host}");
    assert!(host.contains("call"), "{host}");
}

/// Every dtype shows in the text form: typed constants, casts, int64 index values and
/// constant buffers of each dtype print, parse back and print the same, and verify.
#[test]
fn typed_text_round_trips_and_verifies() {
    let text = "\
slots 0
checks 0
buffer %0 f32[2] constant \"c\" [1.5, 0.1]
buffer %1 i64[2] constant \"k\" [-3, 9007199254740993]
buffer %2 bool[2] constant \"m\" [true, false]
buffer %3 f64[2] scratch \"x\"
buffer %4 bool[2] scratch \"y\"
buffer %5 f32[2] scratch \"z\"
output \"x\" %3
%3[i0] = select(%2[i0], f64(%1[i0]), f64(mul(%0[i0], 2.5f32))) @0..1
%4[i0] = and(lt(int(i0), 1i64), not(false)) @0..1
%5[i0] = add(f32(%1[i0]), -0.1f32) @0..1
";
    let program = parse_ir(text).expect("typed IR parses");
    assert_eq!(program.to_text(), text);
    assert_eq!(program.verify(), Ok(()));
}

/// The verifier enforces the dtype rules per node.
#[test]
fn verifier_refuses_ill_typed_expressions() {
    let head = "\
slots 0
checks 0
buffer %0 f64[2] constant \"a\" [1.0, 2.0]
buffer %1 f32[2] constant \"b\" [1.0, 2.0]
buffer %2 i64[2] constant \"k\" [1, 2]
buffer %3 bool[2] constant \"m\" [true, false]
buffer %4 f64[2] scratch \"x\"
buffer %5 i64[2] scratch \"n\"
buffer %6 bool[2] scratch \"t\"
buffer %7 f64[] scratch \"s\"
buffer %8 i64[] scratch \"si\"
buffer %9 bool[] scratch \"b\"
";
    let cases = [
        (
            "%4[i0] = add(%0[i0], %1[i0]) @0..1",
            "add of a f64 and a f32",
        ),
        ("%4[i0] = f64(div(%2[i0], %2[i0])) @0..1", "div of i64s"),
        ("%4[i0] = f64(add(%3[i0], %3[i0])) @0..1", "add of bools"),
        ("%4[i0] = f64(neg(%3[i0])) @0..1", "neg of a bool"),
        ("%4[i0] = sqrt(f64(%2[i0])) @0..1", ""),
        ("%5[i0] = exp(%2[i0]) @0..1", "exp of a i64"),
        (
            "%6[i0] = and(%0[i0], %3[i0]) @0..1",
            "and of a f64 and a bool",
        ),
        ("%6[i0] = not(%0[i0]) @0..1", "not of a f64"),
        (
            "%4[i0] = select(%0[i0], %0[i0], %0[i0]) @0..1",
            "a select on a f64",
        ),
        ("%4[i0] = select(%3[i0], %0[i0], f64(%2[i0])) @0..1", ""),
        (
            "%4[i0] = select(%3[i0], %0[i0], %2[i0]) @0..1",
            "a select of a f64 and a i64",
        ),
        (
            "%4[i0] = lt(%0[i0], 1.0) @0..1",
            "kernel computes a bool value into %4",
        ),
        (
            "%9[] = sum[i0 < 2](%3[i0]) @0..1",
            "a sum or product of bools",
        ),
        ("%9[] = max[i0 < 2](%3[i0]) @0..1", ""),
        (
            "%8[] = sum[i0 < 2](%2[i0]) / 2.0 @0..1",
            "a mean of i64 values",
        ),
        ("%7[] = sum[i0 < 2](f64(%3[i0])) / 2.0 @0..1", ""),
        (
            "if %0[0] {\n} else {\n}",
            "an `if` condition %0[0] is a f64",
        ),
        ("if gt(%0[0], 1.0) {\n} else {\n}", ""),
    ];
    for (statement, message) in cases {
        let text = format!("{head}{statement}\n");
        let program = parse_ir(&text).unwrap_or_else(|e| panic!("{statement}: {e}"));
        match program.verify() {
            Ok(()) => assert!(message.is_empty(), "{statement}: verified"),
            Err(errors) => assert!(
                !message.is_empty() && errors.iter().any(|error| error.message.contains(message)),
                "{statement}: {errors:?}"
            ),
        }
    }
}
