//! The integration tests of arrayc, one module per area, in one binary (each test binary
//! links Cranelift; `autotests = false` in `tests/Cargo.toml`). Run one area with a filter:
//! `cargo test --release -p arrayc-tests --test main data::`.

mod cache;
mod codegen_threads;
mod concurrency;
mod contract;
mod corpus;
mod data;
mod interrupt;
mod ir;
mod library;
mod properties;
mod python;
mod random;
mod robustness;
mod scaling;

/// Every `tests/tests/*.rs` is a module of this binary: with `autotests = false` a file
/// nobody declares here would be compiled by nothing and its tests would silently not run.
#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = arrayc_tests::read(&dir.join("main.rs"));
    let mut missing: Vec<String> = std::fs::read_dir(&dir)
        .expect("read tests/tests")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .filter(|stem| stem.as_str() != "main" && !main.contains(&format!("\nmod {stem};\n")))
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "tests/tests/{{{}}}.rs: not declared in tests/tests/main.rs (add `mod NAME;`)",
        missing.join(",")
    );
}
