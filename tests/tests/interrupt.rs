//! `Interrupt` stops a run at its next `loop` or `while` iteration with the run-time error
//! "interrupted", whose span is the loop's; programs without a loop ignore it.
//!
//! - raised before the run: the first back edge stops it (plain, unrolled and nested loops);
//! - raised from another thread during a loop of 10^10 iterations: the run stops at once;
//! - after `reset`, the same program runs to completion.

use arrayc::{ErrorKind, Interrupt, Options};

fn run(source: &str, interrupt: &Interrupt) -> Result<Vec<f64>, arrayc::Error> {
    let program = arrayc::compile(source, &Options::default()).expect("compiles");
    let result = program.run_with(&[], &mut std::io::sink(), interrupt)?;
    Ok(result.outputs[0].1.to_f64())
}

fn assert_interrupted(error: &arrayc::Error, source: &str, loop_line: &str) {
    assert_eq!(error.kind(), ErrorKind::Runtime);
    let diagnostic = &error.diagnostics[0];
    assert_eq!(diagnostic.message, "interrupted");
    let span = diagnostic.span.expect("the loop's span");
    let start = source.find(loop_line).expect("the loop is in the source");
    assert_eq!(span.start as usize, start, "{}", error.render());
}

#[test]
fn raised_before_the_run_stops_every_kind_of_loop() {
    let interrupt = Interrupt::new();
    interrupt.interrupt();
    let cases = [
        (
            "var x = 0\nloop i in 0..5 {\n    x = x + 1\n}\nout x",
            "loop i",
        ),
        (
            "var x = 0\nloop i in 0..9 unroll 4 {\n    x = x + 1\n}\nout x",
            "loop i",
        ),
        (
            "var x = 0\nfor k in 0..2 {\n    loop j in 0..3 { x = x + j }\n}\nout x",
            "loop j",
        ),
        (
            "var x = 0\nloop i in 0..3 {\n    if i >= 0 { loop j in 0..3 { x = x + j } }\n}\nout x",
            "loop j",
        ),
        (
            "var x = 0\nwhile x < 5 {\n    x = x + 1\n}\nout x",
            "while x",
        ),
        (
            "var x = 0\nloop i in 0..3 {\n    while x >= 0 {\n        x += 1\n        if x > 3 { break }\n    }\n}\nout x",
            "while x",
        ),
    ];
    for (source, loop_line) in cases {
        let error = run(source, &interrupt).expect_err(source);
        assert_interrupted(&error, source, loop_line);
    }
    // Without a loop there is nothing to poll: the run completes.
    assert_eq!(run("out x = 2 * 3", &interrupt).unwrap(), vec![6.0]);
    interrupt.reset();
    let source = "var x = 0\nloop i in 0..9 unroll 4 {\n    x = x + 1\n}\nout x";
    assert_eq!(run(source, &interrupt).unwrap(), vec![9.0]);
}

#[test]
fn raised_from_another_thread_stops_an_endless_while() {
    let source = "var x = zeros([8])\nwhile 1 {\n    x = x + 1\n}\nout x";
    let program = arrayc::compile(source, &Options::default()).unwrap();
    let interrupt = Interrupt::new();
    let error = std::thread::scope(|scope| {
        let remote = interrupt.clone();
        scope.spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            remote.interrupt();
        });
        program
            .run_with(&[], &mut std::io::sink(), &interrupt)
            .expect_err("interrupted")
    });
    assert_interrupted(&error, source, "while 1");
}

#[test]
fn raised_from_another_thread_stops_a_long_loop() {
    let source = "var x = zeros([8])\nloop i in 0..10000000000 {\n    x = x + 1\n}\nout x";
    let program = arrayc::compile(source, &Options::default()).unwrap();
    let interrupt = Interrupt::new();
    let started = std::time::Instant::now();
    let error = std::thread::scope(|scope| {
        let remote = interrupt.clone();
        scope.spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            remote.interrupt();
        });
        program
            .run_with(&[], &mut std::io::sink(), &interrupt)
            .expect_err("interrupted")
    });
    // Uninterrupted, 10^10 iterations take minutes.
    assert!(started.elapsed().as_secs() < 30);
    assert_interrupted(&error, source, "loop i");
    assert!(
        error.render().contains(" --> <input>:2:1\n"),
        "{}",
        error.render()
    );
    interrupt.reset();
    let short = "var x = zeros([8])\nloop i in 0..10 {\n    x = x + 1\n}\nout x";
    let program = arrayc::compile(short, &Options::default()).unwrap();
    let result = program.run_with(&[], &mut std::io::sink(), &interrupt);
    assert_eq!(result.unwrap().outputs[0].1.data, vec![10.0; 8]);
}
