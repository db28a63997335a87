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
