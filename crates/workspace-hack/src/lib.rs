//! No code: this crate's dependencies give every build of the workspace one feature set
//! (see its `Cargo.toml`), so that no dependency is compiled twice.
