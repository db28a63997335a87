//! Shared helpers for the data-driven integration tests.
