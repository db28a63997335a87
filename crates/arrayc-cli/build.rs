//! Link settings of the `arrayc` binary: takes `link-order.txt` (written by
//! bench/link_order.py) and gives it to the linker as the order of the binary's functions, so
//! that the code a compile runs sits together and a fresh process maps it with fewer page
//! faults. Changes where functions are placed, never what they contain; knows nothing of the
//! compiler.

use std::env;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=link-order.txt");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let order =
        Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("link-order.txt");
    // Only with Rust's own linker for this target, lld (the default for x86_64 Linux since
    // Rust 1.90); another linker may not know `--symbol-ordering-file`.
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let default_linker = env::var_os("RUSTC_LINKER").is_none() && !flags.contains("linker");
    if env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu")
        && default_linker
        && order.is_file()
    {
        println!(
            "cargo::rustc-link-arg-bin=arrayc=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        // A name the linker does not find (a function since renamed or inlined) is skipped.
        println!("cargo::rustc-link-arg-bin=arrayc=-Wl,--no-warn-symbol-ordering");
    }
}
