//! The corpus of real NumPy programs (`tests/data/py/corpus`, listed with their sources in
//! its `SOURCES.md`): every `NAME.py` goes through `arrayc` unchanged, and the manifest's
//! column "arrayc today" says what must happen:
//!
//! - `matches`: it runs and gives what CPython with NumPy gave — every `NAME.OUTPUT.npy`
//!   and `NAME.stdout` made by `tests/fixtures/make_corpus_fixtures.py` — within the
//!   tolerance its header states (`# tolerance: exact` where NumPy does the same operations
//!   in the same order);
//! - `refused`: compiling or running it fails; the rendered error is the golden `NAME.diag`;
//! - `differs`: it runs and gives other numbers than NumPy, silently: a compiler bug,
//!   described in the manifest; the first difference is the golden `NAME.diag`.
//!
//! Goldens are rewritten with `UPDATE_EXPECT=1`, so a refusal that changes (or a program
//! that starts to run) fails the test until someone looks and updates the manifest.

use arrayc::{Language, Options};
use arrayc_tests::{check_golden, compare_with_npy, data_dir, read, tolerance_of};
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    data_dir("py").join("corpus")
}

/// What the manifest says arrayc does with a program today.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Status {
    Matches,
    Refused,
    Differs,
}

/// The manifest's rows: program file name and status, from the table whose header has
/// the columns `program` and `arrayc today`.
fn manifest() -> Result<Vec<(String, Status)>, String> {
    let text = read(&corpus_dir().join("SOURCES.md"));
    let cells = |line: &str| -> Vec<String> {
        line.trim()
            .trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().to_string())
            .collect()
    };
    let mut lines = text.lines();
    let header = lines
        .find(|line| line.starts_with("| program |"))
        .ok_or("SOURCES.md: no table with a `| program |` header")?;
    let header = cells(header);
    let status_column = header
        .iter()
        .position(|cell| cell == "arrayc today")
        .ok_or("SOURCES.md: no column `arrayc today`")?;
    let mut rows = Vec::new();
    for line in lines.skip(1).take_while(|line| line.starts_with('|')) {
        let row = cells(line);
        let program = row[0].trim_matches('`').to_string();
        let status = match row.get(status_column).map(String::as_str) {
            Some("matches") => Status::Matches,
            Some("refused") => Status::Refused,
            Some("differs") => Status::Differs,
            other => {
                return Err(format!(
                    "SOURCES.md, {program}: `arrayc today` is {other:?}, not matches, refused or differs"
                ))
            }
        };
        rows.push((program, status));
    }
    Ok(rows)
}

fn options(path: &Path) -> Options {
    Options {
        file_name: format!(
            "corpus/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ),
        language: Language::Python,
        ..Options::default()
    }
}

/// The fixtures NumPy saved for a program: output name and file, sorted by name.
fn fixtures(path: &Path) -> Vec<(String, PathBuf)> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!("{stem}.");
    let mut res: Vec<(String, PathBuf)> = std::fs::read_dir(corpus_dir())
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter_map(|file| {
                    let name = file.file_name()?.to_string_lossy().into_owned();
                    let output = name.strip_prefix(&prefix)?.strip_suffix(".npy")?;
                    Some((output.to_string(), file))
                })
                .collect()
        })
        .unwrap_or_default();
    res.sort();
    res
}

/// What running a program through arrayc gave.
enum Outcome {
    /// Compiling or running failed: the rendered error.
    Error(String),
    /// It ran; `Ok` if every output and the printed text are NumPy's, else the first
    /// difference.
    Ran(Result<(), String>),
}

fn run(path: &Path) -> Outcome {
    let source = read(path);
    let program = match arrayc::compile(&source, &options(path)) {
        Ok(program) => program,
        Err(error) => return Outcome::Error(error.render()),
    };
    let mut printed = Vec::new();
    let result = match program.run_with_output(&[], &mut printed) {
        Ok(result) => result,
        Err(error) => return Outcome::Error(error.render()),
    };
    Outcome::Ran(compare_with_numpy(path, &source, &result, &printed))
}

fn compare_with_numpy(
    path: &Path,
    source: &str,
    result: &arrayc::RunResult,
    printed: &[u8],
) -> Result<(), String> {
    let tolerance = tolerance_of(source)?;
    let expected = fixtures(path);
    let mut produced: Vec<&str> = result.outputs.iter().map(|(n, _)| n.as_str()).collect();
    produced.sort();
    let expected_names: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    if produced != expected_names {
        return Err(format!(
            "outputs {produced:?}, NumPy saved {expected_names:?}"
        ));
    }
    for (name, file) in &expected {
        let array = &result
            .outputs
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| format!("no output {name}"))?
            .1;
        compare_with_npy(name, array, file, tolerance)?;
    }
    let printed = String::from_utf8_lossy(printed);
    let expected_stdout =
        std::fs::read_to_string(path.with_extension("stdout")).unwrap_or_default();
    if printed != expected_stdout {
        return Err(format!(
            "printed\n{printed}\nNumPy printed\n{expected_stdout}"
        ));
    }
    Ok(())
}

/// Checks one program against its manifest status.
fn check_program(path: &Path, status: Status) -> Result<(), String> {
    let source = read(path);
    if !source.lines().any(|line| line.starts_with("# tolerance:")) {
        return Err("no `# tolerance:` line in the header".to_string());
    }
    let golden = path.with_extension("diag");
    match (status, run(path)) {
        (Status::Matches, Outcome::Ran(res)) => res,
        (Status::Refused, Outcome::Error(rendered)) => check_golden(&golden, &rendered),
        (Status::Differs, Outcome::Ran(Err(difference))) => check_golden(&golden, &difference),
        (Status::Matches | Status::Differs, Outcome::Error(rendered)) => Err(format!(
            "refused; mark it `refused` in SOURCES.md if that is expected:\n{rendered}"
        )),
        (Status::Refused, Outcome::Ran(res)) => Err(format!(
            "no longer refused ({}): mark it `matches` or `differs` in SOURCES.md and delete its .diag",
            match res {
                Ok(()) => "it matches NumPy".to_string(),
                Err(difference) => format!("it differs from NumPy: {difference}"),
            }
        )),
        (Status::Differs, Outcome::Ran(Ok(()))) => Err(
            "it matches NumPy now: mark it `matches` in SOURCES.md and delete its .diag"
                .to_string(),
        ),
    }
}

#[test]
fn corpus_programs_match_numpy_or_their_refusal() {
    let rows = manifest().unwrap_or_else(|message| panic!("{message}"));
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("read tests/data/py/corpus")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .filter_map(|path| Some(path.file_name()?.to_string_lossy().into_owned()))
        .collect();
    files.sort();
    let mut listed: Vec<String> = rows.iter().map(|(name, _)| name.clone()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "the programs in tests/data/py/corpus and the rows of its SOURCES.md"
    );
    assert!(files.len() >= 30, "the corpus has {} programs", files.len());
    let mut failures = Vec::new();
    for (name, status) in &rows {
        let path = corpus_dir().join(name);
        if let Err(message) = check_program(&path, *status) {
            failures.push(format!("corpus/{name} ({status:?}): {message}"));
        }
        let golden = path.with_extension("diag");
        if *status == Status::Matches && golden.exists() {
            failures.push(format!(
                "corpus/{name}: matches, but {} is left over",
                golden.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
