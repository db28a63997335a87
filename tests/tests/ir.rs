//! The IR as a contract: its text form round-trips through `ir::parse` for every program
//! of the corpus (and the re-parsed IR computes the same bits), and the IR file tests in
//! `tests/data/ir` run hand-written IR straight through codegen and the JIT.
//!
//! An IR file is IR text (lines starting with `;` are comments) followed by a `; expect`
//! line and the expected result, one `;` line each:
//! - `; out NAME [SHAPE] = [VALUES]` for every output, in order, values printed exactly;
//! - `; stdout: LINE` for every line `print` writes;
//! - `; run error: MESSAGE` when the run fails, `; verify error: MESSAGE` when the IR is
//!   refused before codegen (then nothing runs).
//!
//! The IR part must be in canonical form (printing its parse gives it back). The expected
//! part is rewritten with `UPDATE_EXPECT=1`.

use arrayc::{ir, Options};
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
        match ir::parse(&text) {
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
    // Most of the corpus is refused on purpose (check/, bad/); about 64 programs compile.
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
        let reparsed = ir::parse(&text)
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

/// What running an IR file gives, in the file's expectation syntax.
fn expectation(text: &str) -> Result<Vec<String>, String> {
    let program = ir::parse(text).map_err(|e| format!("does not parse: {e}"))?;
    let compiled = match arrayc::compile_ir(program, text, &options()) {
        Ok(compiled) => compiled,
        Err(error) => {
            let message = &error.diagnostics[0].message;
            return Ok(vec![format!("; verify error: {message}")]);
        }
    };
    let mut stdout = Vec::new();
    let result = compiled.run_with_output(&[], &mut stdout);
    let mut lines = Vec::new();
    for line in String::from_utf8_lossy(&stdout).lines() {
        lines.push(format!("; stdout: {line}"));
    }
    match result {
        Ok(result) => lines.extend(outputs_text(&result)),
        Err(error) => lines.push(format!("; run error: {}", error.diagnostics[0].message)),
    }
    Ok(lines)
}

fn check_ir_file(path: &Path) -> Result<(), String> {
    let text = read(path);
    let (ir_part, expected) = text
        .split_once("; expect\n")
        .ok_or_else(|| format!("{}: no `; expect` line", path.display()))?;
    let canonical: String = ir_part
        .lines()
        .filter(|line| !line.starts_with(';') && !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    let program = ir::parse(ir_part).map_err(|e| format!("{}: {e}", path.display()))?;
    let printed = program.to_text();
    if printed != canonical {
        return Err(format!(
            "{}: the IR is not in canonical form; it prints as\n{printed}",
            path.display()
        ));
    }
    let actual = expectation(ir_part).map_err(|e| format!("{}: {e}", path.display()))?;
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let rewritten = format!("{ir_part}; expect\n{}\n", actual.join("\n"));
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
    ];
    for (text, line, message) in cases {
        let error = ir::parse(text).expect_err(text);
        assert_eq!(error.line, line, "{text}: {error}");
        assert!(error.message.contains(message), "{text}: {error}");
    }
}
