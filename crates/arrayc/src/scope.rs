//! The two kinds of scope, a fact shared by the front ends (which read `for` and `loop`),
//! the IR and the API (`rewrite_scopes`), and the kinds of repetition the IR records for the
//! report's scope table (those two and `while`). It lives here, before both, so that the IR
//! does not import the syntax tree.

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

/// A repeated block as the compile report's scope table lists it: a scope of either kind,
/// or a `while` (a machine loop without a counter, whose trip count is never known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repetition {
    For,
    Loop,
    While,
}

impl Repetition {
    pub fn keyword(self) -> &'static str {
        match self {
            Repetition::For => "for",
            Repetition::Loop => "loop",
            Repetition::While => "while",
        }
    }
}

impl From<ScopeKind> for Repetition {
    fn from(kind: ScopeKind) -> Repetition {
        match kind {
            ScopeKind::For => Repetition::For,
            ScopeKind::Loop => Repetition::Loop,
        }
    }
}
