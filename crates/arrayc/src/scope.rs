//! The two kinds of scope, a fact shared by the front ends (which read `for` and `loop`),
//! the IR (which records each scope's kind for the report) and the API (`rewrite_scopes`).
//! It lives here, before both, so that the IR does not import the syntax tree.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// Unrolled at compile time.
    For,
    /// A machine loop.
    Loop,
}

impl ScopeKind {
    pub fn keyword(self) -> &'static str {
        match self {
            ScopeKind::For => "for",
            ScopeKind::Loop => "loop",
        }
    }
}
