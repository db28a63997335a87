//! The command line's integration tests, one module per area, in one binary
//! (`autotests = false` in the crate's `Cargo.toml`).

mod cli;
mod common;
mod contract;
mod dtypes;

/// Every `tests/*.rs` is a module of this binary: with `autotests = false` a file nobody
/// declares here would be compiled by nothing and its tests would silently not run.
#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).expect("read tests/main.rs");
    let mut missing: Vec<String> = std::fs::read_dir(&dir)
        .expect("read tests/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .filter(|stem| stem.as_str() != "main" && !main.contains(&format!("\nmod {stem};\n")))
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "crates/arrayc-cli/tests/{{{}}}.rs: not declared in tests/main.rs (add `mod NAME;`)",
        missing.join(",")
    );
}
