//! Feeds arbitrary bytes to the .npy reader: it must return an array whose element count
//! matches its shape, or an error; never panic or allocate what the bytes do not hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((shape, values)) = arrayc_npy::parse(data) {
        let count: usize = shape.iter().product();
        assert_eq!(count, values.len());
    }
});
