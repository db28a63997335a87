//! Diagnostics: an error kind, a message and a byte span; rendering as `file:line:col`, the source line and carets.
//!
//! This is the only module that turns spans into lines and columns. It knows nothing of the
//! stages that produce diagnostics.

use std::fmt;

/// A half-open byte range `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Which stage found the problem; the library's callers may branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text does not lex or parse.
    Syntax,
    /// Names, scopes, constants, shapes, arity: the program is ill-formed.
    Semantic,
    /// The program is well-formed but exceeds a compiler limit (unroll budget, memory).
    Limit,
    /// An input, parameter override or data file is wrong.
    Input,
    /// The generated code stopped with an error (for example an index out of range).
    Runtime,
    /// Cranelift refused the generated code: a compiler bug, reported rather than hidden.
    Internal,
}

impl ErrorKind {
    fn label(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Semantic => "error",
            ErrorKind::Limit => "limit exceeded",
            ErrorKind::Input => "input error",
            ErrorKind::Runtime => "run-time error",
            ErrorKind::Internal => "internal compiler error",
        }
    }
}

/// One problem, with the source span it is about when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    /// Extra sentences printed after the code frame, such as suggestions.
    pub notes: Vec<String>,
    /// The call of a user function the problem was found inside (functions are inlined),
    /// by the function's name and the call's span; rendered as a last note with its line.
    pub call: Option<(String, Span)>,
}

impl Diagnostic {
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            span: Some(span),
            notes: Vec::new(),
            call: None,
        }
    }

    pub fn without_span(kind: ErrorKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            span: None,
            notes: Vec::new(),
            call: None,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Renders the diagnostic as the CLI prints it: a header line, the location, the
    /// source line and carets under the span.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        let mut out = format!("{}: {}\n", self.kind.label(), self.message);
        if let Some(span) = self.span {
            let start = (span.start as usize).min(source.len());
            let end = (span.end as usize).clamp(start, source.len());
            let (line_number, line_start) = line_of(source, start);
            let line_end = source[line_start..]
                .find('\n')
                .map_or(source.len(), |offset| line_start + offset);
            let line = &source[line_start..line_end];
            let column = source[line_start..start].chars().count() + 1;
            let caret_end = end.min(line_end).max(start);
            // A span over a very long line is shown by its first 120 columns.
            let caret_count = source[start..caret_end].chars().count().clamp(1, 120);
            let gutter = line_number.to_string();
            let pad = " ".repeat(gutter.len());
            out.push_str(&format!("{pad}--> {file_name}:{line_number}:{column}\n"));
            out.push_str(&format!("{pad} |\n"));
            out.push_str(&format!("{gutter} | {}\n", line.trim_end_matches('\r')));
            let indent: String = line[..start - line_start]
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("{pad} | {indent}{}\n", "^".repeat(caret_count)));
        }
        for note in &self.notes {
            out.push_str(&format!("  = note: {note}\n"));
        }
        if let Some((function, call)) = &self.call {
            let (line, _) = line_of(source, call.start as usize);
            out.push_str(&format!(
                "  = note: in the call of `{function}` at line {line}\n"
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.label(), self.message)
    }
}

/// Returns the 1-based line number and the byte offset where that line starts.
pub fn line_of(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source.as_bytes()[..offset];
    let line_number = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line_number, line_start)
}

/// A failed compilation or run: every diagnostic found, with the source to render them.
#[derive(Debug, Clone)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
    pub file_name: String,
    pub source: String,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        self.diagnostics
            .first()
            .map_or(ErrorKind::Internal, |d| d.kind)
    }

    /// All diagnostics rendered with code frames, as the CLI prints them.
    pub fn render(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.file_name, &self.source))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render().trim_end())
    }
}

impl std::error::Error for Error {}
