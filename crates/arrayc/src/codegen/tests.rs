//! Codegen's own checks on hand-written IR: which vector type each dtype's inner loop runs
//! in (on the Cranelift text), and that generated integer and float32 arithmetic agrees
//! with `numeric`'s (constant folding's) on edge values, run in a context built here. Takes
//! IR text, produces nothing; knows no runtime (the host callbacks are stand-ins that are
//! never called).

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
        random: no_print,
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

/// A bool beside float32 values is a mask of four 32-bit lanes, beside float64 values of
/// two 64-bit lanes: its bytes are loaded at once and widened, and four of them are
/// narrowed back and stored at once.
#[test]
fn bool_masks_take_the_lanes_of_their_kernel() {
    let code = clif(
        BUFFERS,
        "%5[i0, i1] = select(%3[10*i0 + i1], %1[10*i0 + i1], 0.0f32) @0..0\n",
    );
    assert!(code.contains("load.i32 notrap"), "{code}");
    assert!(code.contains("swiden_low"), "{code}");
    assert!(code.contains("bitcast.f32x4"), "{code}");
    let code = clif(
        BUFFERS,
        "%4[i0, i1] = select(%3[10*i0 + i1], %0[10*i0 + i1], 0.0) @0..0\n",
    );
    assert!(code.contains("load.i16 notrap"), "{code}");
    assert!(code.contains("bitcast.f64x2"), "{code}");
    let code = clif(BUFFERS, "%3[i0, i1] = gt(%1[10*i0 + i1], 0.5f32) @0..0\n");
    assert!(code.contains("snarrow"), "{code}");
    assert!(code.contains("fcmp gt"), "{code}");
}

/// A kernel that computes in both float32 and float64 runs one element at a time.
#[test]
fn kernels_mixing_element_sizes_stay_scalar() {
    let code = clif(BUFFERS, "%5[i0, i1] = f32(%0[10*i0 + i1]) @0..0\n");
    assert!(!code.contains("x4") && !code.contains("x2"), "{code}");
    assert!(code.contains("fdemote"), "{code}");
}

/// `where(m, cos(x), y)`: the call to `cos` is made only where it is selected, in a block
/// of its own that jumps to where the element is stored (computed everywhere, the call
/// would sit in the loop's body beside the store).
#[test]
fn where_calls_the_host_only_where_selected() {
    let code = clif(
        BUFFERS,
        "%4[i0, i1] = select(gt(%0[10*i0 + i1], 0.5), cos(%0[10*i0 + i1]), %0[10*i0 + i1]) @0..0\n",
    );
    let blocks: Vec<&str> = code.split("\nblock").collect();
    let calling: Vec<&&str> = blocks.iter().filter(|b| b.contains("call fn")).collect();
    assert!(!calling.is_empty(), "{code}");
    for block in calling {
        assert!(!block.contains("store"), "{code}");
        assert!(block.contains("jump"), "{code}");
    }
}

/// Runs `kernels` over `inputs` (constant buffers `%0`, `%1`, ... given as IR text lists)
/// and returns the raw bytes of each scratch buffer, in order. The buffers are declared by
/// `buffers`; the context is built here, as the runtime would.
fn run(buffers: &str, kernels: &str) -> Vec<Vec<u8>> {
    let text = format!("slots 0\nchecks 0\n{buffers}{kernels}");
    let program = crate::ir::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    program.verify().unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let runtime = Runtime {
        print: no_print,
        random: no_print,
        parallel: no_parallel,
    };
    let options = CodegenOptions {
        verify: true,
        threads: 1,
        ..CodegenOptions::default()
    };
    let compiled = compile(&program, &runtime, &options).unwrap_or_else(|e| panic!("{e}"));
    let mut storage: Vec<Vec<u64>> = Vec::new();
    let mut table: Vec<*mut u8> = Vec::new();
    for buffer in &program.buffers {
        match &buffer.init {
            crate::ir::BufferInit::Constant(data) => table.push(match data {
                crate::ir::ConstData::F64(values) => values.as_ptr().cast::<u8>().cast_mut(),
                crate::ir::ConstData::F32(values) => values.as_ptr().cast::<u8>().cast_mut(),
                crate::ir::ConstData::I64(values) => values.as_ptr().cast::<u8>().cast_mut(),
                crate::ir::ConstData::Bool(values) => values.as_ptr().cast::<u8>().cast_mut(),
            }),
            crate::ir::BufferInit::Scratch | crate::ir::BufferInit::Input(_) => {
                storage.push(vec![0; buffer.len().max(1)]);
                table.push(
                    storage
                        .last_mut()
                        .map_or(std::ptr::null_mut(), |s| s.as_mut_ptr().cast::<u8>()),
                );
            }
        }
    }
    let interrupt = std::sync::atomic::AtomicBool::new(false);
    let mut slots = [0.0f64; 1];
    let mut context = RunContext {
        buffers: table.as_mut_ptr().cast(),
        slots: slots.as_mut_ptr(),
        error_value: 0.0,
        host: std::ptr::null_mut(),
        interrupt: &interrupt,
    };
    let pointer = compiled.module.get_finalized_function(compiled.entry);
    // SAFETY: the function was generated from the verified program, whose buffers the
    // table points at (scratch buffers 8 bytes per element, enough for every dtype).
    let status = unsafe {
        let entry = std::mem::transmute::<*const u8, super::EntryFn>(pointer);
        entry(&mut context)
    };
    assert_eq!(status, 0);
    program
        .buffers
        .iter()
        .zip(table)
        .filter(|(buffer, _)| matches!(buffer.init, crate::ir::BufferInit::Scratch))
        .map(|(buffer, pointer)| {
            let bytes = buffer.len() * super::expr::element_bytes(buffer.dtype) as usize;
            // SAFETY: the scratch allocation holds at least `bytes` bytes.
            unsafe { std::slice::from_raw_parts(pointer, bytes) }.to_vec()
        })
        .collect()
}

fn i64s(bytes: &[u8]) -> Vec<i64> {
    bytes
        .chunks_exact(8)
        .map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect()
}

fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
        .collect()
}

/// Generated integer `//`, `%`, `*`, `abs` and `sign` agree with `numeric` (constant
/// folding) on every pair of edge values, in vector lanes and scalar tails alike, and
/// nothing traps (division by zero, `i64::MIN // -1`).
#[test]
fn integer_arithmetic_agrees_with_constant_folding() {
    use crate::numeric::{binary_i64, unary_i64, Binary, Unary};
    let edges = [
        i64::MIN,
        i64::MIN + 1,
        -7,
        -2,
        -1,
        0,
        1,
        2,
        3,
        7,
        i64::MAX - 1,
        i64::MAX,
    ];
    let (a, b): (Vec<i64>, Vec<i64>) = edges
        .iter()
        .flat_map(|&a| edges.iter().map(move |&b| (a, b)))
        .unzip();
    let list = |values: &[i64]| {
        values
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let n = a.len();
    let buffers = format!(
        "buffer %0 i64[{n}] constant \"a\" [{}]\nbuffer %1 i64[{n}] constant \"b\" [{}]\n\
         buffer %2 i64[{n}] scratch \"q\"\nbuffer %3 i64[{n}] scratch \"r\"\n\
         buffer %4 i64[{n}] scratch \"p\"\nbuffer %5 i64[{n}] scratch \"u\"\n",
        list(&a),
        list(&b)
    );
    let results = run(
        &buffers,
        "%2[i0] = floordiv(%0[i0], %1[i0]) @0..0\n\
         %3[i0] = rem(%0[i0], %1[i0]) @0..0\n\
         %4[i0] = mul(%0[i0], %1[i0]) @0..0\n\
         %5[i0] = add(abs(%0[i0]), sign(%1[i0])) @0..0\n",
    );
    let [q, r, p, u] = [0, 1, 2, 3].map(|k| i64s(&results[k]));
    for k in 0..n {
        let (x, y) = (a[k], b[k]);
        let fold = |op| binary_i64(op, x, y).expect("an int64 operation");
        assert_eq!(q[k], fold(Binary::FloorDiv), "{x} // {y}");
        assert_eq!(r[k], fold(Binary::Rem), "{x} % {y}");
        assert_eq!(p[k], fold(Binary::Mul), "{x} * {y}");
        let abs = unary_i64(Unary::Abs, x).expect("abs");
        let sign = unary_i64(Unary::Sign, y).expect("sign");
        assert_eq!(u[k], abs.wrapping_add(sign), "abs({x}) + sign({y})");
    }
}

/// Generated float32 `//`, `%` and casts to int64 agree with constant folding.
#[test]
fn float32_division_and_casts_agree_with_constant_folding() {
    use crate::ir::{DType, Scalar};
    use crate::numeric::{binary_f32, Binary};
    let edges = [
        -7.5f32,
        -0.75,
        -0.0,
        0.0,
        0.3,
        1.0,
        2.9,
        1e10,
        f32::INFINITY,
        f32::NAN,
        -3e19,
    ];
    let (a, b): (Vec<f32>, Vec<f32>) = edges
        .iter()
        .flat_map(|&a| edges.iter().map(move |&b| (a, b)))
        .unzip();
    let list = |values: &[f32]| {
        values
            .iter()
            .map(|v| {
                Scalar::F32(*v)
                    .to_string()
                    .trim_end_matches("f32")
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let n = a.len();
    let buffers = format!(
        "buffer %0 f32[{n}] constant \"a\" [{}]\nbuffer %1 f32[{n}] constant \"b\" [{}]\n\
         buffer %2 f32[{n}] scratch \"q\"\nbuffer %3 f32[{n}] scratch \"r\"\n\
         buffer %4 i64[{n}] scratch \"i\"\n",
        list(&a),
        list(&b)
    );
    let results = run(
        &buffers,
        "%2[i0] = floordiv(%0[i0], %1[i0]) @0..0\n\
         %3[i0] = rem(%0[i0], %1[i0]) @0..0\n\
         %4[i0] = i64(mul(%0[i0], %1[i0])) @0..0\n",
    );
    let (q, r, i) = (f32s(&results[0]), f32s(&results[1]), i64s(&results[2]));
    for k in 0..n {
        let (x, y) = (a[k], b[k]);
        let fold = |op| binary_f32(op, x, y).expect("a float32 operation");
        assert_eq!(
            q[k].to_bits(),
            fold(Binary::FloorDiv).to_bits(),
            "{x} // {y}"
        );
        assert_eq!(r[k].to_bits(), fold(Binary::Rem).to_bits(), "{x} % {y}");
        let cast = Scalar::F32(x * y).cast(DType::I64);
        assert_eq!(Scalar::I64(i[k]), cast, "i64({x} * {y})");
    }
}
