//! Feeds arbitrary bytes (as UTF-8, lossily) to the front end: lex, parse, check and lower
//! must return diagnostics, never panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let options = arrayc::Options {
        unroll_budget: 10_000,
        max_memory_bytes: 1 << 20,
        ..arrayc::Options::default()
    };
    if let Err(error) = arrayc::check(&source, &options) {
        assert_ne!(
            error.kind(),
            arrayc::ErrorKind::Internal,
            "internal error: {error}"
        );
        for diagnostic in &error.diagnostics {
            if let Some(span) = diagnostic.span {
                assert!(
                    span.start <= span.end && span.end as usize <= source.len(),
                    "span {span:?} outside a source of {} bytes: {}",
                    source.len(),
                    diagnostic.message
                );
            }
        }
        let _ = error.render();
    }
});
