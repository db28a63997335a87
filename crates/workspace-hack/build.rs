//! Empty: it exists so that cargo resolves this crate's `[build-dependencies]` (the host
//! features every build of the workspace shares; see `Cargo.toml`).
fn main() {}
