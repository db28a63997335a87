//! The compile cache: a second compile of the same source and options comes from memory; a
//! program written to a cache directory and read back (code mapped and relocated without
//! Cranelift) runs with the same bits, prints, errors and report as the one compiled; a
//! damaged file is never trusted and is rewritten; a directory that cannot be written is
//! said once.

use arrayc::{Options, Origin, Program};
use arrayc_tests::{arr_files, data_dir, read, root};
use std::path::{Path, PathBuf};

/// A fresh, empty directory under the target directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = root()
        .join("target")
        .join("cache-tests")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// Options that skip the in-memory cache, so that every compile goes to the directory.
fn on_disk(dir: &Path, file_name: &str) -> Options {
    Options {
        reuse: false,
        cache_dir: Some(dir.to_path_buf()),
        file_name: file_name.to_string(),
        ..Options::default()
    }
}

/// Every output's name, shape and bits, what it printed, or the error's text.
fn outcome(program: &Program) -> String {
    if !program.inputs().is_empty() {
        return format!("inputs {:?}", program.inputs());
    }
    let mut printed = Vec::new();
    match program.run_with_output(&[], &mut printed) {
        Ok(result) => {
            let mut text = String::from_utf8_lossy(&printed).into_owned();
            for (name, array) in &result.outputs {
                text.push_str(&format!("{name} {:?} {:?}\n", array.shape, array.data));
            }
            text
        }
        Err(error) => format!("{}error: {error}", String::from_utf8_lossy(&printed)),
    }
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read the cache directory")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "arrayc"))
        .collect();
    files.sort();
    files
}

#[test]
fn a_second_compile_comes_from_memory_with_the_same_results() {
    let source = "param n = 6\nvar x = linspace(0, 1, n)\nloop i in 0..3 { x = x * 2 + 0.25 }\nprint sum(x)\nout x";
    let options = Options::default();
    let first = arrayc::compile(source, &options).expect("compiles");
    let second = arrayc::compile(source, &options).expect("compiles");
    assert_eq!(second.report().origin, Origin::Memory);
    assert_eq!(second.report().code_bytes, first.report().code_bytes);
    assert_eq!(outcome(&first), outcome(&second));
    let other = arrayc::compile(source, &options.clone().param("n", 7.0)).expect("compiles");
    assert_eq!(
        other.report().origin,
        Origin::Compiled,
        "another param is another key"
    );
    let fresh = Options {
        reuse: false,
        ..Options::default()
    };
    let again = arrayc::compile(source, &fresh).expect("compiles");
    assert_eq!(again.report().origin, Origin::Compiled);
    // The first program outlives the cache's use of it, and the copies run independently.
    drop(first);
    assert_eq!(outcome(&second), outcome(&again));
}

#[test]
fn a_program_read_from_the_cache_directory_runs_as_the_one_compiled() {
    let dir = scratch_dir("round-trip");
    let mut files: Vec<PathBuf> = arr_files(&root().join("examples"));
    files.extend(arr_files(&data_dir("run")));
    let mut loaded = 0;
    for path in &files {
        let source = read(path);
        let name = path.display().to_string();
        let options = on_disk(&dir, &name);
        let Ok(compiled) = arrayc::compile(&source, &options) else {
            continue;
        };
        assert_eq!(compiled.report().origin, Origin::Compiled, "{name}");
        assert_eq!(compiled.report().cache_note, None, "{name}");
        let cached = arrayc::compile(&source, &options).expect("compiles again");
        assert_eq!(
            cached.report().origin,
            Origin::Disk,
            "{name}: not read back"
        );
        assert_eq!(outcome(&cached), outcome(&compiled), "{name}");
        assert_eq!(cached.ir_text(), compiled.ir_text(), "{name}");
        assert_eq!(cached.output_names(), compiled.output_names(), "{name}");
        let (a, b) = (compiled.report(), cached.report());
        assert_eq!(
            (a.ir_ops, a.code_bytes, a.functions, &a.scopes, a.codegen_us),
            (b.ir_ops, b.code_bytes, b.functions, &b.scopes, b.codegen_us),
            "{name}"
        );
        loaded += 1;
    }
    assert!(
        loaded >= 60,
        "only {loaded} programs went through the cache"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_run_time_error_of_a_cached_program_names_its_line() {
    let dir = scratch_dir("errors");
    let source = "input k\nvar a = zeros(4)\na[k] = 1\nout a";
    let options = on_disk(&dir, "e.arr");
    let compiled = arrayc::compile(source, &options).expect("compiles");
    let cached = arrayc::compile(source, &options).expect("compiles");
    assert_eq!(cached.report().origin, Origin::Disk);
    let seven = arrayc::Array::scalar(7.0);
    let error = |program: &Program| {
        program
            .run(&[("k", seven.view())])
            .expect_err("out of range")
            .to_string()
    };
    assert!(error(&cached).contains("a[k] = 1"), "{}", error(&cached));
    assert_eq!(error(&cached), error(&compiled));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_damaged_cache_file_is_ignored_and_rewritten() {
    let dir = scratch_dir("damaged");
    let source = read(&root().join("examples/heat.arr"));
    let options = on_disk(&dir, "heat.arr");
    let expected = outcome(&arrayc::compile(&source, &options).expect("compiles"));
    let [file] = cache_files(&dir).try_into().expect("one cache file");
    let whole = std::fs::read(&file).expect("read the cache file");
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("a flipped bit in the code", {
            let mut bytes = whole.clone();
            let last = bytes.len() - 40;
            bytes[last] ^= 0x10;
            bytes
        }),
        ("a flipped bit in the key", {
            let mut bytes = whole.clone();
            bytes[40] ^= 1;
            bytes
        }),
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("empty", Vec::new()),
        (
            "another file's bytes",
            b"arrayc-cache-v01 and then nothing of use".to_vec(),
        ),
    ];
    for (damage, bytes) in damages {
        std::fs::write(&file, &bytes).expect("damage the file");
        let program = arrayc::compile(&source, &options).expect("compiles");
        assert_eq!(
            program.report().origin,
            Origin::Compiled,
            "{damage}: trusted"
        );
        assert_eq!(outcome(&program), expected, "{damage}");
        let rewritten = std::fs::read(&file).expect("read");
        assert!(rewritten != bytes, "{damage}: not rewritten");
        let program = arrayc::compile(&source, &options).expect("compiles");
        assert_eq!(program.report().origin, Origin::Disk, "{damage}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_that_cannot_be_written_is_said_once_and_nothing_is_cached() {
    let dir = scratch_dir("unwritable");
    // A file where the directory should be: no user, root included, can create files in it.
    let blocked = dir.join("not-a-directory");
    std::fs::write(&blocked, "").expect("write a file");
    let options = on_disk(&blocked, "p.arr");
    let first = arrayc::compile("out y = 1 + 2", &options).expect("compiles");
    let note = first.report().cache_note.clone().expect("a note");
    assert!(
        note.contains("cannot write the compile cache") && note.contains("not-a-directory"),
        "{note}"
    );
    assert_eq!(outcome(&first), "y [] I64([3])\n");
    let second = arrayc::compile("out y = 1 + 3", &options).expect("compiles");
    assert_eq!(second.report().origin, Origin::Compiled);
    assert_eq!(second.report().cache_note, None, "said twice");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn threads_compiling_one_program_at_once_all_get_it() {
    let source =
        "var x = linspace(0, 2, 7)\nloop i in 0..5 { x = x * 1.5 - 0.125 }\nout x  # threads";
    let outcomes: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    let program = arrayc::compile(source, &Options::default()).expect("compiles");
                    outcome(&program)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a thread"))
            .collect()
    });
    assert!(outcomes.iter().all(|o| *o == outcomes[0]), "{outcomes:?}");
    let again = arrayc::compile(source, &Options::default()).expect("compiles");
    assert_eq!(again.report().origin, Origin::Memory);
    assert_eq!(outcome(&again), outcomes[0]);
}

#[test]
fn the_memory_cache_keeps_a_bounded_number_of_programs() {
    let source = |k: usize| format!("out y = {k} + 0.5  # bounded");
    let first = arrayc::compile(&source(0), &Options::default()).expect("compiles");
    assert_eq!(first.report().origin, Origin::Compiled);
    for k in 1..=70 {
        arrayc::compile(&source(k), &Options::default()).expect("compiles");
    }
    // 70 newer programs: the least recently used one was dropped (and the program handed
    // out for it still runs).
    let again = arrayc::compile(&source(0), &Options::default()).expect("compiles");
    assert_eq!(again.report().origin, Origin::Compiled);
    assert_eq!(outcome(&first), "y [] F64([0.5])\n");
}
