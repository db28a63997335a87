//! The data-driven tests: one function per folder of `tests/data`.
//!
//! - `parse/*.arr` → `.ast` (the syntax tree) — programs the parser accepts;
//! - `check/*.arr` → `.diag` (the rendered diagnostics of a refused program; with a
//!   `# stage: run` header, of its run);
//! - `lower/*.arr` → `.ir` (the IR after unrolling), and the number of kernels its
//!   `# kernels: N RULE` line states;
//! - `run/*.arr` → `NAME.OUTPUT.npy` fixtures made by NumPy (`tests/fixtures/make_fixtures.py`),
//!   inputs `NAME.in.INPUT.npy`, optional `NAME.stdout` for `print`, and the other scope form
//!   must give the same bits, as must a run with large kernels split over three threads.

use arrayc::Options;
use arrayc_tests::*;
use std::path::Path;

fn options(path: &Path) -> Options {
    Options {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        verify: true,
        ..Options::default()
    }
}

fn run_all(stage: &str, check: impl Fn(&Path) -> Result<(), String>) {
    let files = arr_files(&data_dir(stage));
    assert!(!files.is_empty(), "no test files in tests/data/{stage}");
    let failures: Vec<String> = files.iter().filter_map(|path| check(path).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn parse() {
    run_all("parse", |path| {
        let source = read(path);
        let tree = match arrayc::syntax_tree(&source) {
            Ok(tree) => tree,
            Err(diagnostics) => {
                let rendered: Vec<String> =
                    diagnostics.iter().map(|d| d.render("", &source)).collect();
                return Err(format!(
                    "{}: does not parse:\n{}",
                    path.display(),
                    rendered.join("\n")
                ));
            }
        };
        check_golden(&path.with_extension("ast"), &tree)
    });
}

#[test]
fn check() {
    // Some programs nest deeply (a long call chain, a deep expression): a large stack, as
    // the CLI's compile thread has.
    std::thread::Builder::new()
        .name("check".to_string())
        .stack_size(64 << 20)
        .spawn(|| run_all("check", check_one))
        .expect("spawn the check thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
}

/// The header of a check test, its leading `# key: value` lines:
/// - `# stage: run`: the program compiles and the diagnostic is the run's error;
/// - `# input: NAME=VALUE, ...`: scalar inputs for that run;
/// - `# option: unroll_budget=N` / `max_memory_bytes=N`: compile options.
///
/// Any other one-word key is an error, so a misspelt header is not ignored.
struct CheckHeader {
    options: Options,
    run: bool,
    inputs: Vec<(String, f64)>,
}

fn check_header(path: &Path, source: &str) -> Result<CheckHeader, String> {
    let what = path.display();
    let mut header = CheckHeader {
        options: options(path),
        run: false,
        inputs: Vec::new(),
    };
    for line in source.lines() {
        let Some(comment) = line.strip_prefix("# ") else {
            break;
        };
        let Some((key, value)) = comment.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key {
            "stage" if value == "run" => header.run = true,
            "input" => {
                for pair in value.split(',') {
                    let (name, number) = pair
                        .split_once('=')
                        .ok_or_else(|| format!("{what}: bad `# input:` line"))?;
                    let number: f64 = number
                        .trim()
                        .parse()
                        .map_err(|_| format!("{what}: bad input value {number}"))?;
                    header.inputs.push((name.trim().to_string(), number));
                }
            }
            "option" => {
                let (name, number) = value
                    .split_once('=')
                    .ok_or_else(|| format!("{what}: bad `# option:` line"))?;
                let number: usize = number
                    .trim()
                    .parse()
                    .map_err(|_| format!("{what}: bad option value {number}"))?;
                match name.trim() {
                    "unroll_budget" => header.options.unroll_budget = number,
                    "max_memory_bytes" => header.options.max_memory_bytes = number,
                    other => return Err(format!("{what}: unknown option {other}")),
                }
            }
            other if !other.contains(' ') => {
                return Err(format!(
                    "{what}: unknown header `# {other}: {value}` (stage: run, input, option)"
                ))
            }
            // Prose that happens to contain a colon.
            _ => {}
        }
    }
    if !header.inputs.is_empty() && !header.run {
        return Err(format!("{what}: `# input:` without `# stage: run`"));
    }
    Ok(header)
}

/// A check test: the program is refused with the diagnostics of `NAME.diag`, when compiled
/// or, with `# stage: run`, when run.
fn check_one(path: &Path) -> Result<(), String> {
    let source = read(path);
    let header = check_header(path, &source)?;
    let rendered = match (arrayc::compile(&source, &header.options), header.run) {
        (Err(error), false) => error.render(),
        (Ok(_), false) => {
            return Err(format!(
                "{}: compiled, but a diagnostic was expected",
                path.display()
            ))
        }
        (Err(error), true) => {
            return Err(format!(
                "{}: `# stage: run`, but it does not compile:\n{}",
                path.display(),
                error.render()
            ))
        }
        (Ok(program), true) => {
            let values: Vec<[f64; 1]> = header.inputs.iter().map(|(_, v)| [*v]).collect();
            let inputs: Vec<(&str, arrayc::ArrayView<'_>)> = header
                .inputs
                .iter()
                .zip(&values)
                .map(|((name, _), value)| (name.as_str(), arrayc::ArrayView::new(&[], value)))
                .collect();
            match program.run(&inputs) {
                Ok(result) => {
                    return Err(format!(
                        "{}: ran, but a run-time error was expected; outputs: {:?}",
                        path.display(),
                        result.outputs
                    ))
                }
                Err(error) if error.kind() != arrayc::ErrorKind::Runtime => {
                    return Err(format!(
                        "{}: a {:?} error from the run, a run-time error expected:\n{}",
                        path.display(),
                        error.kind(),
                        error.render()
                    ))
                }
                Err(error) => error.render(),
            }
        }
    };
    check_golden(&path.with_extension("diag"), &rendered)
}

#[test]
fn lower() {
    run_all("lower", |path| {
        let source = read(path);
        let text = arrayc::ir_text(&source, &options(path))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        check_kernels(path, &source, &text)?;
        check_golden(&path.with_extension("ir"), &text)
    });
}

/// The `# kernels: N RULE` line of a lower test: the number of kernels its IR must have
/// (kernel statements as written, a loop's body counted once) and the rule, a sentence,
/// that makes it that number. Checked before the golden, so a lost fusion rule fails here
/// even when someone re-blesses the golden.
fn check_kernels(path: &Path, source: &str, ir: &str) -> Result<(), String> {
    let mut headers = source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("# kernels:"));
    let header = headers.next().ok_or_else(|| {
        format!(
            "{}: no `# kernels: N RULE` line (the number of kernels and the rule it guards)",
            path.display()
        )
    })?;
    if headers.next().is_some() {
        return Err(format!(
            "{}: more than one `# kernels:` line",
            path.display()
        ));
    }
    let (count, rule) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
    let expected: usize = count.parse().map_err(|_| {
        format!(
            "{}: `# kernels: {count}` is not a number of kernels",
            path.display()
        )
    })?;
    let rule = rule.trim();
    if !rule.ends_with('.') || rule.split_whitespace().count() < 3 {
        return Err(format!(
            "{}: `# kernels: {count}` must state the rule it guards as a sentence",
            path.display()
        ));
    }
    let actual = kernel_count(ir);
    if actual != expected {
        return Err(format!(
            "{}: the IR has {actual} kernels, {expected} expected: {rule}\n--- IR\n{ir}",
            path.display()
        ));
    }
    Ok(())
}

/// The kernel statements of IR text: lines `%N[INDICES] = EXPRESSION`, at any depth.
fn kernel_count(ir: &str) -> usize {
    ir.lines()
        .map(str::trim_start)
        .filter(|line| {
            line.strip_prefix('%').is_some_and(|rest| {
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                digits > 0 && rest[digits..].starts_with('[') && rest.contains("] = ")
            })
        })
        .count()
}

/// The inputs of a run test: every `NAME.in.INPUT.npy` beside `NAME.arr`.
fn inputs_of(path: &Path) -> Result<Vec<(String, arrayc_npy::NpyArray)>, String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!("{stem}.in.");
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let mut inputs = Vec::new();
    for file in entries {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(input) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".npy"))
        {
            let array = arrayc_npy::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            inputs.push((input.to_string(), array));
        }
    }
    Ok(inputs)
}

fn run_program(path: &Path, source: &str) -> Result<(arrayc::RunResult, String), String> {
    run_with(path, source, options(path))
}

fn run_with(
    path: &Path,
    source: &str,
    options: Options,
) -> Result<(arrayc::RunResult, String), String> {
    let program =
        arrayc::compile(source, &options).map_err(|e| format!("{}:\n{e}", path.display()))?;
    let inputs = inputs_of(path)?;
    let views: Vec<(&str, arrayc::ArrayView<'_>)> = inputs
        .iter()
        .map(|(name, array)| {
            let data = array.data.view();
            (name.as_str(), arrayc::ArrayView::new(&array.shape, data))
        })
        .collect();
    let mut printed = Vec::new();
    let result = program
        .run_with_output(&views, &mut printed)
        .map_err(|e| format!("{}:\n{e}", path.display()))?;
    Ok((result, String::from_utf8_lossy(&printed).into_owned()))
}

/// Runs a program and checks its outputs against the NumPy fixtures beside `fixture_base`.
fn check_run(path: &Path, fixture_base: &Path) -> Result<(), String> {
    let source = read(path);
    let (result, printed) = run_program(path, &source)?;
    if result.outputs.is_empty() {
        return Err(format!(
            "{}: the program has no outputs to check",
            path.display()
        ));
    }
    let tolerance = tolerance_of(&source).map_err(|e| format!("{}: {e}", path.display()))?;
    for (name, array) in &result.outputs {
        let fixture = fixture_base.with_extension(format!("{name}.npy"));
        let expected = arrayc_npy::read(&fixture)
            .map_err(|e| format!("{}: fixture {}: {e}", path.display(), fixture.display()))?;
        if expected.shape != array.shape {
            return Err(format!(
                "{}: output {name} has shape {:?}, NumPy's has {:?}",
                path.display(),
                array.shape,
                expected.shape
            ));
        }
        let dtype = expected.data.dtype();
        if dtype != array.dtype() {
            return Err(format!(
                "{}: output {name} has dtype {}, NumPy's has {}",
                path.display(),
                array.dtype().numpy_name(),
                dtype.numpy_name()
            ));
        }
        let expected = arrayc::ArrayView::new(&expected.shape, expected.data.view());
        compare(
            &format!("{}: {name}", path.display()),
            &expected.data.to_f64(),
            &array.to_f64(),
            tolerance,
        )?;
    }
    let stdout = path.with_extension("stdout");
    if stdout.exists() || !printed.is_empty() {
        check_golden(&stdout, &printed)?;
    }
    // Split over three threads (every kernel with two or more rows), the same bits.
    let threaded = Options {
        threads: 3,
        parallel_min_elements: 1,
        ..options(path)
    };
    let (other, _) = run_with(path, &source, threaded).map_err(|e| format!("with threads: {e}"))?;
    same_outputs(
        &format!("{} with three threads", path.display()),
        &result.outputs,
        &other.outputs,
    )?;
    // The other scope form (the library's own rewrite) must give the same bits, unless the
    // source asks to be left alone with `# forms: single`.
    if !source.contains("# forms: single") {
        for to in [arrayc::ScopeKind::Loop, arrayc::ScopeKind::For] {
            let variant = arrayc::rewrite_scopes(&source, to);
            if variant == source {
                continue;
            }
            let to = to.keyword();
            let (other, _) =
                run_program(path, &variant).map_err(|e| format!("the `{to}` form failed: {e}"))?;
            same_outputs(
                &format!("{} in the `{to}` form", path.display()),
                &result.outputs,
                &other.outputs,
            )?;
        }
    }
    Ok(())
}

/// The same outputs, by name and in order, with the same shapes and the same bits.
fn same_outputs(
    what: &str,
    expected: &[(String, arrayc::Array)],
    actual: &[(String, arrayc::Array)],
) -> Result<(), String> {
    let names = |outputs: &[(String, arrayc::Array)]| -> Vec<String> {
        outputs.iter().map(|(name, _)| name.clone()).collect()
    };
    if names(expected) != names(actual) {
        return Err(format!(
            "{what}: outputs {:?}, expected {:?}",
            names(actual),
            names(expected)
        ));
    }
    for ((name, a), (_, b)) in expected.iter().zip(actual) {
        if a.shape != b.shape {
            return Err(format!(
                "{what}: {name} has shape {:?}, expected {:?}",
                b.shape, a.shape
            ));
        }
        if a.dtype() != b.dtype() {
            return Err(format!(
                "{what}: {name} has dtype {}, expected {}",
                b.dtype().numpy_name(),
                a.dtype().numpy_name()
            ));
        }
        compare(
            &format!("{what}: {name}"),
            &a.to_f64(),
            &b.to_f64(),
            Tolerance::Exact,
        )?;
    }
    Ok(())
}

#[test]
fn run() {
    run_all("run", |path| check_run(path, &path.with_extension("")));
}

#[test]
fn examples() {
    let files = arr_files(&root().join("examples"));
    assert!(files.len() >= 2);
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let stem = path.file_stem()?.to_string_lossy().replace("_loop", "");
            let base = data_dir("examples").join(stem);
            check_run(path, &base).err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The promotion matrix: for every binary operator and pair of operands (arrays of each
/// dtype, Python floats), the dtype lowering gives the result is NumPy's
/// (`tests/data/dtypes/promotion.txt`, written by `tests/fixtures/dtype_promotion.py`);
/// where NumPy refuses, or gives a dtype arrayc does not have (int8), the program is
/// refused with a diagnostic.
#[test]
fn promotion_matrix() {
    let table = read(&data_dir("dtypes").join("promotion.txt"));
    let operand = |spelling: &str, name: &str| -> (String, String) {
        match spelling {
            "float" => (String::new(), "1.5".to_string()),
            dtype => (format!("input {name}: {dtype}[3]\n"), name.to_string()),
        }
    };
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in table.lines().filter(|line| !line.starts_with('#')) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [op, left, right, expected] = fields[..] else {
            panic!("malformed line `{line}`");
        };
        let (declare_a, a) = operand(left, "a");
        let (declare_b, b) = operand(right, "b");
        let expression = match op {
            "minimum" | "maximum" => format!("{op}({a}, {b})"),
            _ => format!("{a} {op} {b}"),
        };
        let source = format!("{declare_a}{declare_b}out r = {expression}\n");
        let options = Options {
            verify: true,
            ..Options::default()
        };
        // Not built yet, and refused as such: int powers whose exponent is an array.
        let unbuilt =
            op == "^" && matches!((left, right), ("i64", "i64" | "bool") | ("bool", "i64"));
        let known = arrayc::DType::ALL
            .into_iter()
            .find(|dtype| dtype.numpy_name() == expected && !unbuilt);
        let text = match (arrayc::ir_text(&source, &options), known) {
            (Ok(text), Some(_)) => text,
            (Err(error), None)
                if error.kind() == arrayc::ErrorKind::Semantic
                    && (!unbuilt || error.to_string().contains("is not supported")) =>
            {
                cases += 1;
                continue;
            }
            (Ok(_), None) => {
                failures.push(format!("{line}: compiled, but NumPy gives {expected}"));
                continue;
            }
            (Err(error), _) => {
                failures.push(format!("{line}: {}", error.render()));
                continue;
            }
        };
        let program = arrayc::parse_ir(&text).expect("printed IR parses");
        let output = program
            .outputs
            .iter()
            .find(|output| output.name == "r")
            .expect("output r");
        let dtype = program.buffers[output.buffer as usize].dtype;
        if dtype.numpy_name() != expected {
            failures.push(format!(
                "{line}: lowering gives {} for\n{source}",
                dtype.numpy_name()
            ));
        }
        cases += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases >= 288, "only {cases} cases");
}
