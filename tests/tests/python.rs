//! The Python front end's tests (`tests/data/py`): each `NAME.py` runs unchanged through
//! `arrayc` and must give what CPython with NumPy gave — every `NAME.OUTPUT.npy` saved and
//! `NAME.stdout` printed, made by `tests/fixtures/make_py_fixtures.py`. Each
//! `refused/NAME.py` must be refused; its rendered diagnostics are the golden
//! `refused/NAME.diag` (rewritten with `UPDATE_EXPECT=1`).

use arrayc::{Language, Options};
use arrayc_tests::{check_golden, compare_with_npy, data_dir, read, tolerance_of};
use std::path::{Path, PathBuf};

fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn options(path: &Path) -> Options {
    Options {
        file_name: path.display().to_string(),
        language: Language::Python,
        ..Options::default()
    }
}

/// The fixtures NumPy saved for a script: output name and file.
fn fixtures(path: &Path) -> Vec<(String, PathBuf)> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!("{stem}.");
    let mut res: Vec<(String, PathBuf)> =
        std::fs::read_dir(path.parent().unwrap_or(Path::new(".")))
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter_map(|file| {
                        let name = file.file_name()?.to_string_lossy().into_owned();
                        let output = name
                            .strip_prefix(&prefix)?
                            .strip_suffix(".npy")?
                            .to_string();
                        Some((output, file))
                    })
                    .collect()
            })
            .unwrap_or_default();
    res.sort();
    res
}

/// The files a script loads with `np.load` (relative to its folder, as the fixtures were
/// made), read as a host does: their shapes and dtypes for compiling, their data for the run.
fn loaded_files(path: &Path, source: &str) -> Result<Vec<(String, arrayc_npy::NpyArray)>, String> {
    let folder = path.parent().unwrap_or(Path::new("."));
    arrayc::python_loads(source)
        .into_iter()
        .map(|load| {
            let file = folder.join(&load.file);
            let array = arrayc_npy::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            Ok((load.name, array))
        })
        .collect()
}

fn check_script(path: &Path) -> Result<(), String> {
    let source = read(path);
    let loaded = loaded_files(path, &source)?;
    let mut options = options(path);
    for (name, array) in &loaded {
        options.input_specs.push(arrayc::InputSpec {
            name: name.clone(),
            shape: array.shape.clone(),
            dtype: array.data.dtype(),
        });
    }
    let inputs: Vec<(&str, arrayc::ArrayView<'_>)> = loaded
        .iter()
        .map(|(name, array)| {
            (
                name.as_str(),
                arrayc::ArrayView::new(&array.shape, array.data.view()),
            )
        })
        .collect();
    let program = arrayc::compile(&source, &options).map_err(|e| e.render())?;
    let mut printed = Vec::new();
    let result = program
        .run_with_output(&inputs, &mut printed)
        .map_err(|e| e.render())?;
    let tolerance = tolerance_of(&source)?;
    let expected = fixtures(path);
    let produced: Vec<&str> = result
        .outputs
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    let mut produced_sorted = produced.clone();
    produced_sorted.sort();
    let expected_names: Vec<&str> = expected.iter().map(|(name, _)| name.as_str()).collect();
    if produced_sorted != expected_names {
        return Err(format!(
            "outputs {produced_sorted:?}, NumPy saved {expected_names:?}"
        ));
    }
    for (name, array) in &result.outputs {
        let file = &expected
            .iter()
            .find(|(n, _)| n == name)
            .ok_or("missing fixture")?
            .1;
        compare_with_npy(name, array, file, tolerance)?;
    }
    let printed = String::from_utf8_lossy(&printed).into_owned();
    let stdout = path.with_extension("stdout");
    let expected_stdout = std::fs::read_to_string(&stdout).unwrap_or_default();
    if printed != expected_stdout {
        return Err(format!(
            "printed\n{printed}\nNumPy printed ({})\n{expected_stdout}",
            stdout.display()
        ));
    }
    Ok(())
}

#[test]
fn scripts_match_numpy() {
    let files = py_files(&data_dir("py"));
    assert!(files.len() >= 9, "the Python scripts are missing");
    let mut failures = Vec::new();
    for path in &files {
        if let Err(message) = check_script(path) {
            failures.push(format!("{}: {message}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn refusals_point_at_the_line() {
    let files = py_files(&data_dir("py").join("refused"));
    assert!(files.len() >= 5, "the refused scripts are missing");
    let mut failures = Vec::new();
    for path in &files {
        let source = read(path);
        let name = format!(
            "refused/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let rendered = match arrayc::check(
            &source,
            &Options {
                file_name: name,
                ..options(path)
            },
        ) {
            Ok(()) => {
                failures.push(format!("{}: accepted, must be refused", path.display()));
                continue;
            }
            Err(error) => error.render(),
        };
        if let Err(message) = check_golden(&path.with_extension("diag"), &rendered) {
            failures.push(message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A time loop written with `un = u.copy()` (also with `un` bound before the loop), with
/// the swap `u, un = un, u`, or with names rebound to new arrays (`x = x_new`) compiles to
/// as many kernels as the same program written in `.arr`: no extra copy per step.
#[test]
fn swap_and_copy_cost_no_extra_kernels() {
    let pairs = [
        (
            "swap.py",
            "param nx = 32\nparam nt = 20\nparam c = 0.4\nvar u = zeros([nx])\nu[8:16] = 1.0\nvar un = zeros([nx])\nloop n in 0..nt {\n    un[1:-1] = u[1:-1] - c * (u[1:-1] - u[:-2])\n    un[0] = u[0]\n    un[-1] = u[-1]\n    u, un = un, u\n}\nout u\nout un\n",
        ),
        (
            "copy_step.py",
            "param nx = 32\nparam nt = 20\nvar p = zeros([nx])\np[10:20] = 1.0\nloop n in 0..nt {\n    let pn = p\n    p[1:-1] = 0.25 * pn[:-2] + 0.5 * pn[1:-1] + 0.25 * pn[2:]\n}\nout p\n",
        ),
        // `pn` bound before the loop (`pn = np.empty_like(p)`) and copied into in it.
        (
            "copy_before_loop.py",
            "param nx = 32\nparam nt = 20\nvar p = zeros([nx])\np[10:20] = 1.0\nloop n in 0..nt {\n    let pn = p\n    p[1:-1] = 0.25 * pn[:-2] + 0.5 * pn[1:-1] + 0.25 * pn[2:]\n}\nout p\n",
        ),
        // `x = x_new` and `b = smooth(b)`: names rebound to new arrays, carried by swaps.
        (
            "flow_rebind_step.py",
            "param nx = 32\nparam nt = 20\nvar x = zeros([nx])\nx[10:20] = 1.0\nvar b = zeros([nx])\nb[5:9] = 2.0\nloop it in 0..nt {\n    var x_new = zeros([nx])\n    x_new[1:-1] = 0.5 * (x[:-2] + x[2:])\n    x_new[0] = x[0]\n    x_new[-1] = it\n    var res = zeros([nx])\n    res[1:-1] = 0.25 * b[:-2] + 0.5 * b[1:-1] + 0.25 * b[2:]\n    res[0] = b[0]\n    res[-1] = b[-1]\n    x, b = x_new, res\n}\nout x\nout b\n",
        ),
    ];
    for (file, arr) in pairs {
        let path = data_dir("py").join(file);
        let python = arrayc::ir_text(&read(&path), &options(&path))
            .unwrap_or_else(|e| panic!("{}", e.render()));
        let native =
            arrayc::ir_text(arr, &Options::default()).unwrap_or_else(|e| panic!("{}", e.render()));
        // Every kernel is one line storing into a buffer: `%1[i0 + 1] for [30] = ...`.
        let kernels = |text: &str| {
            text.lines()
                .filter(|line| line.trim_start().starts_with('%'))
                .count()
        };
        assert!(
            kernels(&native) > 0,
            "{file}: no kernels counted in\n{native}"
        );
        assert_eq!(
            kernels(&python),
            kernels(&native),
            "{file}:\n{python}\n--- .arr:\n{native}"
        );
    }
}

/// `Options::entry` (what `@arrayc.jit` compiles): one `def` of a module for a signature.
/// The array argument is an input read in place; the function's writes into it come back
/// as `u__written`, its return value as `return`, a returned argument as `return_is_NAME`;
/// ints are compiled in by value and module numbers are the constants the host gives.
#[test]
fn a_function_entry_compiles_one_def_for_a_signature() {
    use arrayc::{ArrayView, DType, Entry, EntryValue};
    let source = "import numpy as np\n\nscript_only = np.zeros(3)  # not compiled\n\ndef lap(a):\n    return a[2:] - 2 * a[1:-1] + a[:-2]\n\ndef step(u, steps, dt):\n    for n in range(steps):\n        u[1:-1] = u[1:-1] + dt * alpha * lap(u)\n    return u.sum(), u\n";
    let entry = Entry {
        function: "step".to_string(),
        arguments: vec![
            (
                "u".to_string(),
                EntryValue::Array {
                    shape: vec![5],
                    dtype: DType::F64,
                },
            ),
            ("steps".to_string(), EntryValue::Int(3)),
            ("dt".to_string(), EntryValue::Scalar(DType::F64)),
        ],
        globals: vec![
            ("np".to_string(), EntryValue::Module("numpy".to_string())),
            ("alpha".to_string(), EntryValue::Float(0.5)),
        ],
    };
    let options = Options {
        file_name: "step.py".to_string(),
        language: Language::Python,
        entry: Some(entry),
        ..Options::default()
    };
    let program = arrayc::compile(source, &options).unwrap_or_else(|e| panic!("{}", e.render()));
    let mut names = program.output_names();
    names.sort();
    assert_eq!(names, ["return_0", "return_1_is_u", "u__written"]);
    assert_eq!(program.report().scopes[0].line, 9);
    let u = [0.0, 0.0, 4.0, 0.0, 0.0];
    let dt = [0.5];
    let result = program
        .run(&[
            ("u", ArrayView::new(&[5], &u[..])),
            ("dt", ArrayView::new(&[], &dt[..])),
        ])
        .unwrap_or_else(|e| panic!("{}", e.render()));
    // NumPy: three steps of u[1:-1] += 0.25 * lap(u).
    let mut expected = u;
    for _ in 0..3 {
        let lap: Vec<f64> = (1..4)
            .map(|i| expected[i + 1] - 2.0 * expected[i] + expected[i - 1])
            .collect();
        for (k, value) in lap.iter().enumerate() {
            expected[k + 1] += 0.5 * 0.5 * value;
        }
    }
    let written = result.output("u__written").expect("u__written");
    assert_eq!(written.as_f64(), Some(&expected[..]));
    let total = result.output("return_0").expect("return_0");
    assert_eq!(total.as_f64(), Some(&[expected.iter().sum::<f64>()][..]));
    assert_eq!(u, [0.0, 0.0, 4.0, 0.0, 0.0], "the input is never written");
}
