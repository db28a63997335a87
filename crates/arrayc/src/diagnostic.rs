//! Diagnostics: an error kind, a message, a byte span and labelled secondary spans;
//! rendering as `file:line:col`, the source lines and their marks.
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
            ErrorKind::Limit => "error: limit exceeded",
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
    /// Other places the problem involves (the bracket a missing one would close), each
    /// with a few words; rendered in the code frame with `-` under its span.
    pub labels: Vec<(Span, String)>,
    /// Extra sentences printed after the code frame, such as suggestions.
    pub notes: Vec<String>,
    /// The call of a user function the problem was found inside (functions are inlined),
    /// by the function's name and the call's span; rendered as a label at the call.
    pub call: Option<(String, Span)>,
}

impl Diagnostic {
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            span: Some(span),
            labels: Vec::new(),
            notes: Vec::new(),
            call: None,
        }
    }

    pub fn without_span(kind: ErrorKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            span: None,
            labels: Vec::new(),
            notes: Vec::new(),
            call: None,
        }
    }

    /// Adds a secondary place, marked in the code frame with `text` beside it.
    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.labels.push((span, text.into()));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Every secondary span as the code frame marks it: the labels, then the call the
    /// problem was found inside (`in this call of `f``).
    pub fn secondary(&self) -> impl Iterator<Item = (Span, String)> + '_ {
        let call = (self.call.iter()).map(|(function, span)| {
            let text = format!("in this call of `{function}`");
            (*span, text)
        });
        self.labels.iter().cloned().chain(call)
    }

    /// Renders the diagnostic as the CLI prints it: a header line, the location, the
    /// source line and carets under the span. However long the source line or a name in
    /// the message, the rendering stays a few hundred characters: a long line is shown as
    /// the part around the span, a long message loses its middle.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        let mut out = format!(
            "{}: {}\n",
            self.kind.label(),
            shorten(&self.message, MAX_MESSAGE)
        );
        if let Some(span) = self.span {
            let primary = Marked::new(source, span, '^', "");
            let mut marked: Vec<Marked> = self
                .secondary()
                .map(|(span, text)| Marked::new(source, span, '-', &text))
                .collect();
            marked.push(primary.clone());
            // Source order; the primary span first among marks on one line.
            marked.sort_by_key(|mark| (mark.line_number, mark.mark != '^', mark.column));
            let width = marked
                .iter()
                .map(|mark| mark.line_number.to_string().len())
                .max()
                .unwrap_or(1);
            let pad = " ".repeat(width);
            out.push_str(&format!(
                "{pad}--> {file_name}:{}:{}\n",
                primary.line_number, primary.column
            ));
            out.push_str(&format!("{pad} |\n"));
            let mut previous_line = None;
            for mark in &marked {
                // Lines left out between two marked lines are shown as `...`.
                if previous_line.is_some_and(|previous| mark.line_number > previous + 1) {
                    out.push_str("...\n");
                }
                if previous_line != Some(mark.line_number) {
                    out.push_str(&format!("{:>width$} | {}\n", mark.line_number, mark.shown));
                }
                previous_line = Some(mark.line_number);
                let text = if mark.text.is_empty() {
                    String::new()
                } else {
                    format!(" {}", shorten(&mark.text, MAX_MESSAGE))
                };
                out.push_str(&format!(
                    "{pad} | {}{}{text}\n",
                    mark.indent,
                    mark.mark.to_string().repeat(mark.count)
                ));
            }
        }
        for note in &self.notes {
            out.push_str(&format!("  = note: {}\n", shorten(note, MAX_MESSAGE)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.label(), self.message)
    }
}

/// A span's place in the code frame: its line as shown, and where its marks go.
#[derive(Clone)]
struct Marked {
    line_number: usize,
    column: usize,
    /// The source line, cut around the span when long (a cut is marked with `...`).
    shown: String,
    /// Blanks (tabs kept) up to the span's first column in `shown`.
    indent: String,
    /// How many marks: the span's characters on its first line, 1 to 120.
    count: usize,
    /// `^` for the diagnostic's own span, `-` for a label.
    mark: char,
    text: String,
}

impl Marked {
    fn new(source: &str, span: Span, mark: char, text: &str) -> Marked {
        let start = floor_boundary(source, (span.start as usize).min(source.len()));
        let end = floor_boundary(source, (span.end as usize).clamp(start, source.len()));
        let (_, line_start) = line_of(source, start);
        let (line_number, column) = line_column(source, start);
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |offset| line_start + offset);
        let caret_end = end.min(line_end).max(start);
        // A span over a very long line is shown by its first 120 columns.
        let count = source[start..caret_end].chars().count().clamp(1, 120);
        // At most `CONTEXT_BEFORE` characters before the span and `CONTEXT_AFTER` after
        // its start are shown; a cut is marked with `...`.
        let shown_start = source[line_start..start]
            .char_indices()
            .rev()
            .nth(CONTEXT_BEFORE - 1)
            .map_or(line_start, |(offset, _)| line_start + offset);
        let shown_end = source[start..line_end]
            .char_indices()
            .nth(CONTEXT_AFTER)
            .map_or(line_end, |(offset, _)| start + offset);
        let before = if shown_start > line_start { "..." } else { "" };
        let after = if shown_end < line_end { "..." } else { "" };
        let line = source[shown_start..shown_end].trim_end_matches('\r');
        let indent: String = before
            .chars()
            .chain(source[shown_start..start].chars())
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        Marked {
            line_number,
            column,
            shown: format!("{before}{line}{after}"),
            indent,
            count,
            mark,
            text: text.to_string(),
        }
    }
}

/// Characters of a long source line shown before a span, and from its start on.
const CONTEXT_BEFORE: usize = 100;
const CONTEXT_AFTER: usize = 200;
/// Characters of a message or note shown; longer ones (a huge name) lose their middle.
const MAX_MESSAGE: usize = 300;

/// The text, or its first and last parts joined by `...` when it has more than `max`
/// characters.
fn shorten(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max * 2 / 3).collect();
    let tail: String = text.chars().skip(count - max / 3).collect();
    format!("{head}...{tail}")
}

/// The largest character boundary at or before `offset`.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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

/// The 1-based line and column (in characters) of a byte offset, as the code frame's
/// `file:line:col` gives them; an offset inside a character counts as that character.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(source, offset.min(source.len()));
    let (line, line_start) = line_of(source, offset);
    (line, source[line_start..offset].chars().count() + 1)
}

/// A number of bytes for a message, in the unit that shows it best: `512 bytes`,
/// `781.3 KiB`, `3 MiB`, `1.5 GiB` (one decimal, dropped when it is 0).
pub fn size_text(bytes: u64) -> String {
    if bytes < 1 << 10 {
        return format!("{bytes} bytes");
    }
    let (value, unit) = match bytes {
        _ if bytes < 1 << 20 => (bytes as f64 / 1024.0, "KiB"),
        _ if bytes < 1 << 30 => (bytes as f64 / (1u64 << 20) as f64, "MiB"),
        _ => (bytes as f64 / (1u64 << 30) as f64, "GiB"),
    };
    let text = format!("{value:.1}");
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_shown_in_the_unit_that_fits() {
        let shown: Vec<String> = [0, 1000, 1024, 800_000, 1_000_000, 3 << 20, 3 << 30]
            .into_iter()
            .map(size_text)
            .collect();
        assert_eq!(
            shown,
            [
                "0 bytes",
                "1000 bytes",
                "1 KiB",
                "781.2 KiB",
                "976.6 KiB",
                "3 MiB",
                "3 GiB"
            ]
        );
    }

    #[test]
    fn line_column_counts_characters_from_one() {
        let source = "ab\nxé y";
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, 3), (2, 1));
        assert_eq!(line_column(source, 6), (2, 3));
        assert_eq!(line_column(source, 5), (2, 2), "inside `é`: that character");
    }
}
