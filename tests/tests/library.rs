//! The embedding API as a Rust program uses it: compile with options, run with named
//! inputs, read named outputs, errors as values, `ndarray` conversions.

use arrayc::{Array, ArrayView, DType, ErrorKind, Options};

const SCALE: &str =
    "input a: [2, 3]\ninput k\nparam offset = 1\nout b = a * k + offset\nout total = sum(a)";

#[test]
fn compile_run_with_inputs_and_read_outputs() {
    let program = arrayc::compile(SCALE, &Options::default().param("offset", 10.0)).unwrap();
    let inputs = program.inputs();
    assert_eq!(inputs.len(), 2);
    assert_eq!(inputs[0].name, "a");
    assert_eq!(inputs[0].shape, vec![2, 3]);
    assert_eq!((inputs[0].dtype, inputs[1].dtype), (DType::F64, DType::F64));
    assert_eq!(program.output_names(), vec!["b", "total"]);
    let a = Array::new(vec![2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    let k = Array::scalar(2.0);
    let result = program.run(&[("a", a.view()), ("k", k.view())]).unwrap();
    let b = result.output("b").unwrap();
    assert_eq!(b.shape, vec![2, 3]);
    assert_eq!(b.dtype().numpy_name(), "float64");
    assert_eq!(b.data, vec![12.0, 14.0, 16.0, 18.0, 20.0, 22.0]);
    assert_eq!(result.output("total").unwrap().data, vec![21.0]);
    // The same program runs again with other data, without recompiling.
    let again = program
        .run(&[
            ("a", Array::new(vec![2, 3], vec![0.0; 6]).unwrap().view()),
            ("k", k.view()),
        ])
        .unwrap();
    assert_eq!(again.output("b").unwrap().data, vec![10.0; 6]);
}

#[test]
fn input_errors_are_values() {
    let program = arrayc::compile(SCALE, &Options::default()).unwrap();
    let wrong = Array::new(vec![3, 2], vec![0.0; 6]).unwrap();
    let error = program
        .run(&[("a", wrong.view()), ("k", Array::scalar(1.0).view())])
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Input);
    assert!(
        error.to_string().contains("must have shape [2, 3]"),
        "{error}"
    );
    let error = program.run(&[]).unwrap_err();
    assert!(error.to_string().contains("was not supplied"), "{error}");
}

#[test]
fn compile_errors_render_like_the_cli() {
    let options = Options {
        file_name: "bad.arr".to_string(),
        ..Options::default()
    };
    let error = arrayc::compile("let a = [1, 2]\nlet b = a + [1, 2, 3]", &options)
        .err()
        .unwrap();
    assert_eq!(error.kind(), ErrorKind::Semantic);
    let text = error.render();
    assert!(
        text.contains("shapes [2] and [3] cannot be broadcast together"),
        "{text}"
    );
    assert!(text.contains("--> bad.arr:2:9"), "{text}");
    assert!(text.contains("^^^^^^^^^^^^^"), "{text}");
}

#[test]
fn report_counts_scopes() {
    let source =
        "var x = zeros([4])\nfor i in 0..3 { x = x + i }\nloop j in 0..5 { x = x * 2 }\nout x";
    let program = arrayc::compile(source, &Options::default()).unwrap();
    let report = program.report();
    assert_eq!(report.scopes.len(), 2);
    assert_eq!(report.scopes[0].kind, "for");
    assert_eq!(report.scopes[0].trips, Some(3));
    assert_eq!(report.scopes[1].kind, "loop");
    assert_eq!(report.scopes[1].line, 3);
    assert!(report.code_bytes > 0 && report.ir_ops > 0);
    assert!(report.total_us >= report.codegen_us);
}

#[test]
fn ndarray_round_trip() {
    let program =
        arrayc::compile("input a: [2, 2]\nout t = transpose(a)", &Options::default()).unwrap();
    let a = ndarray::arr2(&[[1.0, 2.0], [3.0, 4.0]]).into_dyn();
    let view = a.view();
    let input = ArrayView::from_ndarray(&view).unwrap();
    let result = program.run(&[("a", input)]).unwrap();
    let t = result.output("t").unwrap().to_ndarray();
    assert_eq!(t, ndarray::arr2(&[[1.0, 3.0], [2.0, 4.0]]).into_dyn());
    // A transposed (non-C-order) view cannot be borrowed, but can be copied.
    let transposed = a.t();
    assert!(ArrayView::from_ndarray(&transposed).is_none());
    assert_eq!(
        Array::from_ndarray(&transposed).data,
        vec![1.0, 3.0, 2.0, 4.0]
    );
}

/// The source-level services the REPL and `sweep` use instead of the lexer and the AST.
#[test]
fn tools_answer_questions_about_source() {
    assert!(arrayc::needs_more_input("let a = [1,"));
    assert!(arrayc::needs_more_input("let a = 1 +"));
    assert!(arrayc::needs_more_input("out a = !"));
    assert!(arrayc::needs_more_input("loop i in 0..3 {"));
    assert!(!arrayc::needs_more_input("let a = [1, 2]"));

    let outline = arrayc::outline(
        "let a = 1\na + 1\nprint a\nif a > 0 { print a * 2 }\nfn f(x) {\n    print x\n    x\n}\nout b = a\n",
    )
    .unwrap();
    assert_eq!(outline.outputs, vec!["b"]);
    assert_eq!(outline.expressions.len(), 1);
    assert_eq!(outline.expressions[0].start, 10);
    // Top-level and `if` prints; not the one inside the function body.
    assert_eq!(outline.prints.len(), 2);
    assert!(arrayc::outline("let = 1").is_err());

    // What a REPL needs to compile an entry alone: what it declares, mentions and assigns.
    let outline = arrayc::outline(
        "param n = 2\ninput v: [n]\nlet a = v * k # c\nvar b = a\nfn f(x) {\n    var t = x\n    t += g(y)\n    t\n}\nloop i in 0..n { b = b + f(a) }\nout c = b\nout b\n",
    )
    .unwrap();
    use arrayc::DeclarationKind::{Fn, Input, Let, Out, Param, Var};
    let declarations: Vec<(&str, arrayc::DeclarationKind)> = outline
        .declarations
        .iter()
        .map(|declaration| (declaration.name.as_str(), declaration.kind))
        .collect();
    assert_eq!(
        declarations,
        [
            ("n", Param),
            ("v", Input),
            ("a", Let),
            ("b", Var),
            ("f", Fn),
            ("c", Out)
        ]
    );
    let function = &outline.declarations[4];
    assert_eq!(function.span.start, 53);
    assert_eq!(function.span.end, 98);
    assert_eq!(
        outline.names,
        ["n", "v", "a", "k", "b", "f", "x", "t", "g", "y", "i", "c"]
    );
    assert_eq!(outline.assigned, ["t", "b"]);

    let source = "var s = 0\nloop i in 0..4 unroll 2 {\n    s = s + i\n}\nout s\n";
    let as_for = arrayc::rewrite_scopes(source, arrayc::ScopeKind::For);
    assert_eq!(
        as_for,
        "var s = 0\nfor i in 0..4 {\n    s = s + i\n}\nout s\n"
    );
    assert_eq!(
        arrayc::rewrite_scopes(&as_for, arrayc::ScopeKind::Loop),
        "var s = 0\nloop i in 0..4 {\n    s = s + i\n}\nout s\n"
    );

    assert!(arrayc::syntax_tree("out a = 1 + 2").unwrap().contains('+'));
    let errors = arrayc::syntax_tree("out a = (1").unwrap_err();
    assert!(errors[0].span.is_some());
}

/// NumPy's `min` and `max`: a NaN anywhere wins, and an empty array has neither.
#[test]
fn array_min_and_max() {
    let a = Array::new(vec![3], vec![2.0, -1.0, 5.0]).unwrap();
    assert_eq!((a.min(), a.max()), (-1.0, 5.0));
    let nan = Array::new(vec![3], vec![2.0, f64::NAN, 5.0]).unwrap();
    assert!(nan.min().is_nan() && nan.max().is_nan());
    let empty = Array::new(vec![0], Vec::new()).unwrap();
    assert!(empty.min().is_nan() && empty.max().is_nan());
}

/// `f32`, `bool`, ... are dtype spellings only where no declaration takes the name: a
/// program that declares them keeps meaning what it meant before dtypes were planned.
#[test]
fn dtype_spellings_declared_as_names_stay_names() {
    let source = "let f32 = 2\nfn bool(x) { return x + 1 }\nout y = zeros([2]) + bool(f32) * f32";
    let program = arrayc::compile(source, &Options::default()).unwrap();
    let result = program.run(&[]).unwrap();
    assert_eq!(result.output("y").unwrap().data, vec![6.0, 6.0]);
    let error = arrayc::compile("out y = zeros([2], i32)", &Options::default())
        .err()
        .unwrap();
    assert_eq!(error.kind(), ErrorKind::Semantic);
    assert!(
        error
            .to_string()
            .contains("dtype `i32` (int32) is not supported yet"),
        "{error}"
    );
}

/// A program of every dtype given as IR (what lowering will produce once the language
/// spells dtypes): float32, int64 and bool inputs, outputs and prints.
const TYPED_IR: &str = r#"slots 0
checks 0
buffer %0 f32[5] input "u" "u"
buffer %1 i64[5] input "k" "k"
buffer %2 bool[5] input "m" "m"
buffer %3 f32[5] scratch "v"
buffer %4 i64[5] scratch "w"
buffer %5 bool[5] scratch "n"
buffer %6 f32[2] constant "c" [0.1, 1e-38]
output "v" %3
output "w" %4
output "n" %5
output "c" %6
print0 = %3 [5]
print1 = %4 [5]
print2 = %5 [5]
print3 = %6 [2]
%3[i0] = select(%2[i0], mul(%0[i0], 0.1f32), add(%0[i0], f32(%1[i0]))) @0..0
%4[i0] = mul(%1[i0], 3i64) @0..0
%5[i0] = not(%2[i0]) @0..0
print print0 %3 @0..0
print print1 %4 @0..0
print print2 %5 @0..0
print print3 %6 @0..0
"#;

fn typed_program() -> arrayc::Program {
    let ir = arrayc::parse_ir(TYPED_IR).unwrap_or_else(|e| panic!("{e}"));
    arrayc::compile_ir(ir, TYPED_IR, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_dtype_goes_in_and_comes_out_in_its_own_type() {
    let program = typed_program();
    let specs: Vec<(String, DType)> = program
        .inputs()
        .into_iter()
        .map(|spec| (spec.name, spec.dtype))
        .collect();
    assert_eq!(
        specs,
        [
            ("u".to_string(), DType::F32),
            ("k".to_string(), DType::I64),
            ("m".to_string(), DType::Bool)
        ]
    );
    let u = [1.5f32, 0.1, -3.0, 1e30, 16777216.0];
    let k = [1i64, -2, i64::MAX, 4, 1];
    let m = [true, false, true, false, false];
    let shape = [5];
    let mut printed = Vec::new();
    let result = program
        .run_with_output(
            &[
                ("u", ArrayView::new(&shape, &u)),
                ("k", ArrayView::new(&shape, &k)),
                ("m", ArrayView::new(&shape, &m)),
            ],
            &mut printed,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    // float32 arithmetic, rounded once per operation as NumPy's float32 loops do.
    let v: Vec<f32> = (0..5)
        .map(|i| if m[i] { u[i] * 0.1 } else { u[i] + k[i] as f32 })
        .collect();
    let v_out = result.output("v").unwrap();
    assert_eq!(v_out.dtype(), DType::F32);
    let bits = |values: &[f32]| values.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(v_out.as_f32().unwrap()), bits(&v));
    // int64 multiplication wraps, as NumPy's does.
    let w: Vec<i64> = k.iter().map(|x| x.wrapping_mul(3)).collect();
    assert_eq!(result.output("w").unwrap().as_i64(), Some(&w[..]));
    let n: Vec<bool> = m.iter().map(|x| !x).collect();
    assert_eq!(result.output("n").unwrap().as_bool(), Some(&n[..]));
    assert_eq!(
        result.output("c").unwrap().as_f32(),
        Some(&[0.1f32, 1e-38][..])
    );
    // `print` shows each dtype as NumPy's `print` (these lines are NumPy 2.4's).
    assert_eq!(
        String::from_utf8(printed).unwrap(),
        "[ 1.5000001e-01 -1.9000000e+00 -3.0000001e-01  1.0000000e+30\n  1.6777216e+07]\n\
         [                  3                  -6 9223372036854775805\n                  12                   3]\n\
         [False  True False  True  True]\n\
         [1.e-01 1.e-38]\n"
    );
}

#[test]
fn inputs_of_another_dtype_convert_under_same_kind_or_are_refused() {
    let program = typed_program();
    let shape = [5];
    let k = [1i64, 2, 3, 4, 5];
    let m = [false; 5];
    // float64 data into the float32 input: rounded to float32, as `astype` does.
    let u64s = [0.1f64, 0.2, 0.3, 1e300, -0.0];
    let converted = program
        .run(&[
            ("u", ArrayView::new(&shape, &u64s)),
            ("k", ArrayView::new(&shape, &k)),
            ("m", ArrayView::new(&shape, &m)),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
    let expected: Vec<f32> = (0..5).map(|i| u64s[i] as f32 + k[i] as f32).collect();
    assert_eq!(converted.output("v").unwrap().as_f32(), Some(&expected[..]));
    // bools into the int64 input are 0 and 1.
    let bools = [true, false, true, true, false];
    let u = [0.0f32; 5];
    let from_bools = program
        .run(&[
            ("u", ArrayView::new(&shape, &u)),
            ("k", ArrayView::new(&shape, &bools)),
            ("m", ArrayView::new(&shape, &m)),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        from_bools.output("w").unwrap().as_i64(),
        Some(&[3i64, 0, 3, 3, 0][..])
    );
    // Floats never become int64 or bool, nor int64 bool: an input error for each.
    let floats = [1.0f32; 5];
    let ints = [1i64; 5];
    let error = program
        .run(&[
            ("u", ArrayView::new(&shape, &u)),
            ("k", ArrayView::new(&shape, &floats)),
            ("m", ArrayView::new(&shape, &ints)),
        ])
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Input);
    let messages: Vec<&str> = error
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "input `k` is declared i64 (int64), but the value given is float32: float32 data \
             cannot be converted to int64 (NumPy's `same_kind` casting refuses it)",
            "input `m` is declared bool (bool), but the value given is int64: int64 data \
             cannot be converted to bool (NumPy's `same_kind` casting refuses it)"
        ]
    );
}

#[test]
fn a_float32_program_reads_and_gives_float32() {
    let program = arrayc::compile(
        "input u: f32[4]\nout v = u * 0.1 + 1\nout s = sum(u)",
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(program.inputs()[0].dtype, DType::F32);
    let u = Array::from_data(vec![4], vec![0.1f32, 1e-3, -7.25, 3e7]).unwrap();
    let result = program.run(&[("u", u.view())]).unwrap();
    let v = result.output("v").unwrap();
    assert_eq!(v.dtype(), DType::F32);
    // NumPy: u * 0.1 + 1 in float32 (the literals are weak), rounded once per operation.
    let expected: Vec<f32> = u.as_f32().unwrap().iter().map(|x| x * 0.1 + 1.0).collect();
    assert_eq!(v.as_f32(), Some(&expected[..]));
    let s = result.output("s").unwrap();
    assert_eq!((s.dtype(), s.shape.as_slice()), (DType::F32, &[][..]));
    // float64 data for the float32 input is rounded to float32 first, as `astype` does.
    let wide = [0.1f64, 1e-3, -7.25, 3e7];
    let again = program.run(&[("u", ArrayView::new(&[4], &wide))]).unwrap();
    assert_eq!(again.output("v").unwrap().as_f32(), Some(&expected[..]));
}

#[test]
fn an_output_is_computed_in_the_callers_memory_when_the_program_allows_it() {
    use arrayc::{DataMut, InPlace, Interrupt};
    let doubles = "input u: [4]\nvar w = u\nw[0] = 1\nloop i in 0..3 { w = w * 2 }\nout w";
    let program = arrayc::compile(doubles, &Options::default()).unwrap();
    assert_eq!(program.in_place_input("w"), Some("u"));
    let mut memory = vec![5.0, 2.0, 3.0, 4.0];
    let mut in_place = [InPlace {
        output: "w",
        shape: &[4],
        data: DataMut::F64(&mut memory),
    }];
    let result = program
        .run_in_place(&[], &mut in_place, &mut std::io::sink(), &Interrupt::new())
        .unwrap();
    assert!(result.output("w").is_none());
    assert_eq!(memory, vec![8.0, 16.0, 24.0, 32.0]);

    // A program that reads `u` after `w` is written needs `u` as it was: refused, untouched.
    let reads_again = "input u: [4]\nvar w = u\nw[0] = 1\nout w\nout s = sum(u)";
    let program = arrayc::compile(reads_again, &Options::default()).unwrap();
    assert_eq!(program.in_place_input("w"), None);
    let mut in_place = [InPlace {
        output: "w",
        shape: &[4],
        data: DataMut::F64(&mut memory),
    }];
    let error = program
        .run_in_place(&[], &mut in_place, &mut std::io::sink(), &Interrupt::new())
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("`w` cannot be computed in place"),
        "{error}"
    );
    assert_eq!(memory, vec![8.0, 16.0, 24.0, 32.0]);

    // Memory of another dtype would be a converted copy: refused.
    let program = arrayc::compile(doubles, &Options::default()).unwrap();
    let mut narrow = vec![1.0f32; 4];
    let mut in_place = [InPlace {
        output: "w",
        shape: &[4],
        data: DataMut::F32(&mut narrow),
    }];
    let error = program
        .run_in_place(&[], &mut in_place, &mut std::io::sink(), &Interrupt::new())
        .unwrap_err();
    assert!(
        error.to_string().contains("array of its own dtype"),
        "{error}"
    );
    assert_eq!(narrow, vec![1.0f32; 4]);
}
