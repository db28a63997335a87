//! Codegen's own checks on the Cranelift text of hand-written IR: which vector type each
//! dtype's inner loop runs in. Takes IR text, produces nothing; knows no runtime (the
//! host callbacks are stand-ins that are never called).

use super::{compile, CodegenOptions, RowsFn, RunContext, Runtime};

unsafe extern "C" fn no_print(_: *mut RunContext, _: u32) -> i32 {
    0
}

unsafe extern "C" fn no_parallel(_: *mut RunContext, _: RowsFn, _: i64) -> i32 {
    0
}

/// The Cranelift text of `ir` (IR text without `slots`/`checks` lines or kernels).
fn clif(buffers: &str, kernels: &str) -> String {
    let text = format!("slots 0\nchecks 0\n{buffers}{kernels}");
    let program = crate::ir::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let runtime = Runtime {
        print: no_print,
        parallel: no_parallel,
    };
    let options = CodegenOptions {
        clif: true,
        verify: true,
        threads: 1,
        ..CodegenOptions::default()
    };
    match compile(&program, &runtime, &options) {
        Ok(compiled) => compiled.clif,
        Err(error) => panic!("{error}\n{text}"),
    }
}

const BUFFERS: &str = "\
buffer %0 f64[3, 10] scratch \"a\"
buffer %1 f32[3, 10] scratch \"b\"
buffer %2 i64[3, 10] scratch \"c\"
buffer %3 bool[3, 10] scratch \"d\"
buffer %4 f64[3, 10] scratch \"e\"
buffer %5 f32[3, 10] scratch \"f\"
buffer %6 i64[3, 10] scratch \"g\"
";

#[test]
fn float32_kernels_run_four_lanes() {
    let code = clif(BUFFERS, "%5[i0, i1] = mul(%1[10*i0 + i1], 0.5f32) @0..0\n");
    assert!(code.contains("load.f32x4"), "{code}");
    assert!(code.contains("splat.f32x4"), "{code}");
    assert!(!code.contains("f64x2"), "{code}");
}

#[test]
fn float64_kernels_run_two_lanes() {
    let code = clif(BUFFERS, "%4[i0, i1] = mul(%0[10*i0 + i1], 0.5) @0..0\n");
    assert!(code.contains("load.f64x2"), "{code}");
    assert!(!code.contains("f32x4"), "{code}");
}

#[test]
fn int64_kernels_run_two_lanes() {
    let code = clif(BUFFERS, "%6[i0, i1] = add(%2[10*i0 + i1], 3i64) @0..0\n");
    assert!(code.contains("load.i64x2"), "{code}");
    assert!(code.contains("splat.i64x2"), "{code}");
}

/// A bool beside float32 values is a mask of four 32-bit lanes.
#[test]
fn bool_masks_take_the_lanes_of_their_kernel() {
    let code = clif(
        BUFFERS,
        "%5[i0, i1] = select(%3[10*i0 + i1], %1[10*i0 + i1], 0.0f32) @0..0\n",
    );
    assert!(code.contains("scalar_to_vector.i32x4"), "{code}");
    assert!(code.contains("bitcast.f32x4"), "{code}");
    assert!(code.contains("load.i8"), "{code}");
    let code = clif(
        BUFFERS,
        "%4[i0, i1] = select(%3[10*i0 + i1], %0[10*i0 + i1], 0.0) @0..0\n",
    );
    assert!(code.contains("scalar_to_vector.i64x2"), "{code}");
    assert!(code.contains("bitcast.f64x2"), "{code}");
}

/// A kernel that computes in both float32 and float64 runs one element at a time.
#[test]
fn kernels_mixing_element_sizes_stay_scalar() {
    let code = clif(BUFFERS, "%5[i0, i1] = f32(%0[10*i0 + i1]) @0..0\n");
    assert!(!code.contains("x4") && !code.contains("x2"), "{code}");
    assert!(code.contains("fdemote"), "{code}");
}
