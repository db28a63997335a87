//! What unrolling does to program size: the `loop` form of advect is the same size for any
//! trip count, the `for` form grows linearly with it.

use arrayc::{CompileReport, Options};
use arrayc_tests::{read, root};

fn report(file: &str, steps: usize) -> CompileReport {
    let source = read(&root().join("examples").join(file));
    let options = Options::default().param("steps", steps as f64);
    arrayc::compile(&source, &options)
        .unwrap_or_else(|e| panic!("{file} with steps={steps}: {e}"))
        .report()
        .clone()
}

#[test]
fn loop_form_size_does_not_depend_on_steps() {
    let reports: Vec<CompileReport> = [1, 10, 100, 1000]
        .map(|steps| report("advect_loop.arr", steps))
        .into();
    for pair in reports.windows(2) {
        assert_eq!(pair[0].ir_ops, pair[1].ir_ops);
        assert_eq!(pair[0].functions, 1);
        // Only the loop bound's immediate changes: 1000 takes a longer encoding than 10.
        assert!(
            pair[0].code_bytes.abs_diff(pair[1].code_bytes) <= 32,
            "{} vs {} code bytes",
            pair[0].code_bytes,
            pair[1].code_bytes
        );
    }
    let scope = &reports[3].scopes[0];
    assert_eq!((scope.kind, scope.trips), ("loop", Some(1000)));
}

#[test]
fn for_form_size_grows_linearly_with_steps() {
    let small = report("advect.arr", 10);
    let middle = report("advect.arr", 20);
    let large = report("advect.arr", 40);
    // Each unrolled step adds the same number of IR operations.
    let per_ten_steps = middle.ir_ops - small.ir_ops;
    assert!(per_ten_steps > 0);
    assert_eq!(large.ir_ops - middle.ir_ops, 2 * per_ten_steps);
    assert_eq!(large.scopes[0].ir_ops * 10, 40 * per_ten_steps);
    // Machine code grows in proportion too (within what splitting into functions adds).
    let code_per_step = (middle.code_bytes - small.code_bytes) as f64 / 10.0;
    let code_per_step_large = (large.code_bytes - middle.code_bytes) as f64 / 20.0;
    assert!(code_per_step > 100.0, "{code_per_step} bytes per step");
    let ratio = code_per_step_large / code_per_step;
    assert!(
        (0.8..1.25).contains(&ratio),
        "code bytes per step {code_per_step} then {code_per_step_large}"
    );
    // A long unrolled scope is split into several Cranelift functions.
    assert!(report("advect.arr", 200).functions > 1);
}
