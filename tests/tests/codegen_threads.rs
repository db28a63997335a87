//! Parallel code generation changes nothing but the time it takes: a program compiled on
//! one thread and on three has the same functions, the same machine code (its disassembly,
//! before addresses are patched in) and the same output bits, and the report says how
//! many threads compiled it.

use arrayc::{Options, Program, RunResult};
use arrayc_tests::{read, root};

/// A `loop` whose body holds an unrolled `for` larger than one function, beside an
/// unrolled `for` of several chunk functions: both kinds of split code.
const NESTED: &str = "\
param n = 64
var a = linspace(0, 1, n)
var b = linspace(1, 2, n)
loop i in 0..3 {
    for k in 0..120 {
        a = a * 0.5 + b * 0.25 + k
        b = b - a * 0.125
    }
}
for k in 0..200 {
    b = b + roll(a, 1, 0) * 0.5
}
out a
out b
";

fn compile(source: &str, options: &Options, compile_threads: usize) -> Program {
    let options = Options {
        compile_threads,
        keep_asm: true,
        verify: true,
        ..options.clone()
    };
    arrayc::compile(source, &options).unwrap_or_else(|e| panic!("{e}"))
}

fn bits(result: &RunResult) -> Vec<(String, Vec<usize>, Vec<u64>)> {
    result
        .outputs
        .iter()
        .map(|(name, array)| {
            let bits = array.data.iter().map(|value| value.to_bits()).collect();
            (name.clone(), array.shape.clone(), bits)
        })
        .collect()
}

fn check_same_code(source: &str, options: &Options) {
    let one = compile(source, options, 1);
    let three = compile(source, options, 3);
    let (one_report, three_report) = (one.report(), three.report());
    assert!(
        one_report.functions > 2,
        "{} functions: too few to share",
        one_report.functions
    );
    assert_eq!(one_report.codegen_threads, 1);
    assert_eq!(three_report.codegen_threads, 3);
    assert_eq!(one_report.functions, three_report.functions);
    assert_eq!(one_report.code_bytes, three_report.code_bytes);
    assert!(
        one.asm().len() > 1000,
        "{} bytes of disassembly",
        one.asm().len()
    );
    assert!(
        one.asm() == three.asm(),
        "the disassembly differs between one and three codegen threads"
    );
    let one_run = one.run(&[]).unwrap_or_else(|e| panic!("{e}"));
    let three_run = three.run(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(!one_run.outputs.is_empty());
    assert_eq!(bits(&one_run), bits(&three_run));
}

#[test]
fn unrolled_chunks_compile_to_the_same_code_on_any_number_of_threads() {
    let source = read(&root().join("examples").join("advect.arr"));
    let options = Options::default().param("steps", 120.0).param("nx", 32.0);
    check_same_code(&source, &options);
}

#[test]
fn nested_functions_compile_to_the_same_code_on_any_number_of_threads() {
    check_same_code(NESTED, &Options::default());
}

#[test]
fn one_function_is_compiled_on_the_callers_thread() {
    let source = read(&root().join("examples").join("advect_loop.arr"));
    let program = compile(&source, &Options::default(), 3);
    assert_eq!(program.report().functions, 1);
    assert_eq!(program.report().codegen_threads, 1);
}

/// The same with float32 arrays (`F32X4` kernels, typed outputs) and an int64 counter.
#[test]
fn float32_chunks_compile_to_the_same_code_on_any_number_of_threads() {
    let source = NESTED
        .replace(
            "var a = linspace(0, 1, n)",
            "var a = f32(linspace(0, 1, n))",
        )
        .replace(
            "var b = linspace(1, 2, n)",
            "var b = f32(linspace(1, 2, n))",
        );
    assert_ne!(source, NESTED);
    check_same_code(&source, &Options::default());
    let program = compile(&source, &Options::default(), 3);
    let result = program.run(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(result
        .outputs
        .iter()
        .all(|(_, array)| array.data.as_f32().is_some()));
}
