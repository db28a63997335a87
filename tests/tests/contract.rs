//! The library's side of the contract (issue 14): every entry point returns `Err` rather
//! than unwinding, aborting or hanging; bounds that would hang are refused; memory the
//! system refuses is an error; diagnostics stay short whatever the input.

use arrayc::{compile, ArrayView, ErrorKind, Options};
use std::io::Write;

fn refused(source: &str, options: &Options) -> arrayc::Error {
    match compile(source, options) {
        Ok(_) => panic!("`{source}` should be refused"),
        Err(error) => error,
    }
}

/// A writer that panics, as a host's buggy writer might.
struct Panicking;

impl Write for Panicking {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        panic!("the host's writer broke")
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A writer whose device is full.
struct Full;

impl Write for Full {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("no space left"))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_panicking_writer_is_an_error_not_an_unwind() {
    let program = compile("print [1, 2]\nout y = 1\n", &Options::default()).unwrap();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        program.run_with_output(&[], &mut Panicking)
    }));
    let error = result
        .expect("the library does not unwind")
        .expect_err("the run fails");
    assert_eq!(error.kind(), ErrorKind::Runtime, "{error}");
    assert!(error.to_string().contains("panicked"), "{error}");
}

#[test]
fn a_failed_print_stops_the_run() {
    // Without the stop, this would print 10^8 times into the void.
    let program = compile(
        "var x = 0\nloop i in 0..100000000 {\n    print x\n    x = x + 1\n}\nout x\n",
        &Options::default(),
    )
    .unwrap();
    let error = program
        .run_with_output(&[], &mut Full)
        .expect_err("a failed write is an error");
    assert_eq!(error.kind(), ErrorKind::Runtime);
    assert!(
        error
            .to_string()
            .contains("cannot write the output of `print`"),
        "{error}"
    );
}

#[test]
fn infinite_and_huge_constant_loop_bounds_are_refused() {
    for (source, params) in [
        ("loop i in 0..1/0 { }\nout y = 1\n", vec![]),
        ("loop i in -1/0..0 { }\nout y = 1\n", vec![]),
        ("loop i in 0..1e16 { }\nout y = 1\n", vec![]),
        (
            "param steps = 3\nloop i in 0..steps { }\nout y = 1\n",
            vec![("steps".to_string(), f64::INFINITY)],
        ),
    ] {
        let options = Options {
            params,
            ..Options::default()
        };
        let error = refused(source, &options);
        assert_eq!(error.kind(), ErrorKind::Semantic, "{error}");
        assert!(error.to_string().contains("below 9e15"), "{error}");
    }
}

#[test]
fn an_empty_range_of_huge_constants_runs_zero_trips() {
    let program = compile(
        "var x = 0\nloop i in 1e300..1e300 {\n    print i\n    x = x + 1\n}\nout x\n",
        &Options::default(),
    )
    .expect("an empty range is fine");
    let mut printed = Vec::new();
    let result = program.run_with_output(&[], &mut printed).unwrap();
    assert!(printed.is_empty(), "{}", String::from_utf8_lossy(&printed));
    assert_eq!(result.output("x").unwrap().as_i64(), Some(&[0][..]));
}

#[test]
fn a_run_time_loop_bound_of_1e18_says_why() {
    let program = compile(
        "input n\nvar x = 0\nloop i in 0..n { x = x + 1 }\nout x\n",
        &Options::default(),
    )
    .unwrap();
    let n = [1e18];
    let error = program
        .run(&[("n", ArrayView::new(&[], &n))])
        .expect_err("1e18 trips are refused");
    let text = error.to_string();
    assert!(text.contains("below 9e15 in magnitude"), "{text}");
}

#[test]
fn a_fractional_run_time_index_is_reported_as_such() {
    let program = compile("input k\nout y = [1, 2, 3, 4][k]\n", &Options::default()).unwrap();
    let run = |k: f64| {
        let data = [k];
        program
            .run(&[("k", ArrayView::new(&[], &data))])
            .map(|result| result.output("y").unwrap().to_f64())
            .map_err(|e| e.to_string())
    };
    let fraction = run(1.5).expect_err("1.5 is not an index");
    assert!(
        fraction.contains("an index must be an integer"),
        "{fraction}"
    );
    let range = run(7.0).expect_err("7 is out of range");
    assert!(range.contains("index out of range"), "{range}");
    assert_eq!(run(-1.0), Ok(vec![4.0]));
}

#[test]
fn matmul_of_two_1000_by_1000_arrays_fits_the_default_limit() {
    let program = compile(
        "let a = ones([1000, 1000])\nlet b = ones([1000, 1000]) * 2\nout c = matmul(a, b)\n",
        &Options::default(),
    )
    .expect("8 MB per array is far under the limit");
    let c = program.run(&[]).unwrap();
    let c = c.output("c").unwrap();
    assert_eq!(c.shape, [1000, 1000]);
    assert!(c.as_f64().unwrap().iter().all(|&x| x == 2000.0));
    // The result itself still counts: a [100000, 100000] result is refused.
    let error = refused(
        "let a = ones([100000, 1])\nout c = matmul(a, ones([1, 100000]))\n",
        &Options::default(),
    );
    assert_eq!(error.kind(), ErrorKind::Limit, "{error}");
}

#[test]
fn constants_the_system_cannot_hold_are_an_error_not_an_abort() {
    let options = Options {
        max_memory_bytes: usize::MAX / 2,
        ..Options::default()
    };
    for source in [
        "out r = rand([400000, 400000], 1)\n",
        "out r = arange(0, 1e11, 1)\n",
    ] {
        let error = refused(source, &options);
        assert_eq!(error.kind(), ErrorKind::Limit, "{error}");
        let text = error.to_string();
        assert!(text.starts_with("error: limit exceeded"), "{text}");
        assert!(text.contains("the system refused"), "{text}");
    }
}

#[test]
fn an_unknown_set_is_not_an_input_error() {
    let options = Options::default().param("nosuch", 3.0);
    let error = refused("param n = 3\nout y = linspace(0, 1, n)\n", &options);
    assert_eq!(error.kind(), ErrorKind::Semantic, "{error}");
    assert!(error.to_string().starts_with("error: --set names `nosuch`"));
}

#[test]
fn every_limit_diagnostic_says_error() {
    let options = Options {
        max_memory_bytes: 0,
        ..Options::default()
    };
    let error = refused("out y = linspace(0, 1, 3)\n", &options);
    assert_eq!(error.kind(), ErrorKind::Limit);
    assert!(error.render().starts_with("error: limit exceeded: "));
}

#[test]
fn diagnostics_of_long_lines_and_names_stay_short() {
    let padding = " ".repeat(1_000_000);
    let source = format!("{padding}out y = nope{padding}+ 1\n");
    let rendered = refused(&source, &Options::default()).render();
    assert!(rendered.len() < 1_500, "{} bytes", rendered.len());
    assert!(
        rendered.contains("1 | ..."),
        "the cut is marked: {rendered}"
    );
    assert!(rendered.contains("out y = nope"), "{rendered}");
    // The caret still sits under the name, after the `...` that marks the cut.
    let lines: Vec<&str> = rendered.lines().collect();
    let code = lines
        .iter()
        .position(|l| l.contains("out y = nope"))
        .unwrap();
    let caret = lines[code + 1].find('^').unwrap();
    assert_eq!(&lines[code][caret..caret + 4], "nope", "{rendered}");
    assert!(
        lines[1].contains(":1:1000009"),
        "the real column: {rendered}"
    );

    let name = "n".repeat(1_000_000);
    let rendered = refused(&format!("out y = {name} + 1\n"), &Options::default()).render();
    assert!(rendered.len() < 1_500, "{} bytes", rendered.len());
}

#[test]
fn thread_counts_are_capped() {
    let options = Options {
        threads: 100_000,
        ..Options::default()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(options.thread_count(), cores * arrayc::MAX_THREADS_PER_CORE);
    let program = compile(
        "out y = zeros([1000, 1000]) + 1\n",
        &Options {
            parallel_min_elements: 1,
            ..options
        },
    )
    .unwrap();
    assert_eq!(
        program.run(&[]).unwrap().output("y").unwrap().to_f64()[0],
        1.0
    );
}

#[test]
fn the_print_sample_in_the_language_reference_is_what_arrayc_prints() {
    let reference = include_str!("../../docs/language.md");
    let line = reference
        .lines()
        .find(|line| line.starts_with("print linspace(0, 1, 3)"))
        .expect("the sample is in docs/language.md");
    let (statement, expected) = line.split_once('#').expect("a `# result` comment");
    let program = compile(&format!("{statement}\nout y = 1\n"), &Options::default()).unwrap();
    let mut printed = Vec::new();
    program.run_with_output(&[], &mut printed).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&printed).trim_end(),
        expected.trim()
    );
    assert!(reference.contains("with NumPy's column alignment"));
}

#[test]
fn huge_for_bounds_are_named_shortly() {
    for source in [
        "for i in 1e300..1e300 { }\nout y = 1\n",
        "for i in 0..1/0 { }\nout y = 1\n",
    ] {
        let text = refused(source, &Options::default()).to_string();
        assert!(text.contains("below 1e15 in magnitude"), "{text}");
        assert!(
            text.lines().next().is_some_and(|line| line.len() < 120),
            "{text}"
        );
    }
}

/// An element or row store whose run-time index is out of range stops the run with an
/// error on the index, before the kernel writes anything: every store before it happened,
/// as the prints show, and nothing after it.
#[test]
fn a_store_with_a_run_time_index_out_of_range_stops_at_the_index() {
    let cases = [
        (
            "var u = zeros([4])\nvar i = 0\nwhile i < 10 {\n    u[i] = i + 1\n    print u\n    i += 1\n}\nout u\n",
            "u[i]",
            "index out of range for axis 0 of length 4 (the value was 4.0)",
            "[1. 0. 0. 0.]\n[1. 2. 0. 0.]\n[1. 2. 3. 0.]\n[1. 2. 3. 4.]\n",
        ),
        (
            "var t = zeros([2, 2])\nloop s in -2..5 {\n    t[s, :] = s\n    print t\n}\nout t\n",
            "t[s",
            "index out of range for axis 0 of length 2 (the value was 2.0)",
            "[[-2. -2.]\n [ 0.  0.]]\n[[-2. -2.]\n [-1. -1.]]\n[[ 0.  0.]\n [-1. -1.]]\n[[0. 0.]\n [1. 1.]]\n",
        ),
    ];
    for (source, store, message, expected) in cases {
        let program = compile(source, &Options::default()).unwrap();
        let mut printed = Vec::new();
        let error = program
            .run_with_output(&[], &mut printed)
            .expect_err("the index runs out of range");
        assert_eq!(error.kind(), ErrorKind::Runtime);
        let diagnostic = &error.diagnostics[0];
        assert!(diagnostic.message.contains(message), "{}", error.render());
        let span = diagnostic.span.expect("the index's span");
        let index = source.find(store).unwrap() + 2;
        assert_eq!(
            (span.start as usize, span.end as usize),
            (index, index + 1),
            "{}",
            error.render()
        );
        assert_eq!(String::from_utf8(printed).unwrap(), expected);
    }
}
