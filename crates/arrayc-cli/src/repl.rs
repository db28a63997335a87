//! `arrayc repl`: an interactive session. The session keeps the accepted statements as
//! source text; each entry is appended, the whole program is recompiled and run.
//!
//! What is kept: the entry's statements minus its `print` statements (outside function
//! bodies, so earlier lines never print again) and minus bare expressions, which run once
//! as `print EXPR`. An entry that fails to parse, compile or run is reported and dropped;
//! no error ends the session.

use crate::{read_source, report, Failure};
use arrayc::{Options, Span};
use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Config, Editor, Helper};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

const HELP: &str = "\
Type statements (`var x = linspace(0, 1, 5)`, `loop i in 0..3 { x = x * 2 }`) or an
expression to print its value. Input goes on while a bracket or brace is open.
  :timings      toggle the compile-cost report after each entry
  :ir           the last entry's program after lowering and unrolling
  :clif         the last entry's program as Cranelift IR
  :asm          the last entry's program as machine code
  :load FILE    run a file's statements as one entry (its prints run once)
  :reset        forget every binding
  :help         this text
  :quit         end the session (or Ctrl-D)
";

pub fn repl() -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut session = Session::default();
    if std::io::stdin().is_terminal() {
        interactive(&mut session)
    } else {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut line = String::new();
        let mut entry = String::new();
        loop {
            line.clear();
            let read = input
                .read_line(&mut line)
                .map_err(|e| Failure(format!("error: cannot read standard input: {e}")))?;
            if read == 0 {
                if !entry.trim().is_empty() {
                    session.submit(&entry, &mut stdout.lock(), &mut stderr.lock());
                }
                return Ok(());
            }
            entry.push_str(&line);
            if is_incomplete(&entry) {
                continue;
            }
            let text = std::mem::take(&mut entry);
            let flow = session.submit(&text, &mut stdout.lock(), &mut stderr.lock());
            if flow == Flow::Quit {
                return Ok(());
            }
        }
    }
}

fn interactive(session: &mut Session) -> Result<(), Failure> {
    let config = Config::builder()
        .auto_add_history(false)
        .max_history_size(1000)
        .map_or_else(|_| Config::builder().build(), |builder| builder.build());
    let mut editor: Editor<InputHelper, DefaultHistory> = Editor::with_config(config)
        .map_err(|e| Failure(format!("error: cannot start the line editor: {e}")))?;
    editor.set_helper(Some(InputHelper));
    let history = history_path();
    if let Some(path) = &history {
        // A missing or unreadable history file is normal on a first run.
        let _ = editor.load_history(path);
    }
    println!(
        "arrayc {} — :help for commands, :quit to leave",
        env!("CARGO_PKG_VERSION")
    );
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    loop {
        match editor.readline("arrayc> ") {
            Ok(text) => {
                if !text.trim().is_empty() {
                    let _ = editor.add_history_entry(text.as_str());
                }
                let flow = session.submit(&text, &mut stdout.lock(), &mut stderr.lock());
                if flow == Flow::Quit {
                    break;
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(rustyline::error::ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: cannot read a line: {e}");
                break;
            }
        }
    }
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // Failing to save history is not worth ending a session with an error.
        let _ = editor.save_history(path);
    }
    Ok(())
}

/// `$XDG_DATA_HOME/arrayc/history`, else `~/.local/share/arrayc/history`.
fn history_path() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|dir| !dir.is_empty())
                .map(|home| PathBuf::from(home).join(".local").join("share"))
        })?;
    Some(data.join("arrayc").join("history"))
}

/// Joins lines while a bracket or brace is open or the text ends in an operator or comma.
struct InputHelper;

impl Validator for InputHelper {
    fn validate(&self, context: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if is_incomplete(context.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Completer for InputHelper {
    type Candidate = String;
}

impl Hinter for InputHelper {
    type Hint = String;
}

impl Highlighter for InputHelper {}

impl Helper for InputHelper {}

/// True when more lines are needed: a bracket or brace is open, or the last token is one
/// that cannot end a statement. Commands (`:...`) are always one line.
pub fn is_incomplete(text: &str) -> bool {
    if text.trim_start().starts_with(':') {
        return false;
    }
    arrayc::needs_more_input(text)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

#[derive(Default)]
pub struct Session {
    /// The accepted statements, without their prints and bare expressions.
    kept: String,
    /// The whole program the last successful entry ran.
    last: Option<String>,
    timings: bool,
}

const NAME: &str = "<repl>";

impl Session {
    /// Handles one entry: a `:` command or statements.
    pub fn submit(&mut self, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> Flow {
        let trimmed = text.trim();
        if let Some(command) = trimmed.strip_prefix(':') {
            let flow = self.command(command.trim(), out, err);
            let _ = out.flush();
            return flow;
        }
        if !trimmed.is_empty() {
            self.entry(text, NAME, out, err);
        }
        let _ = out.flush();
        Flow::Continue
    }

    fn command(&mut self, command: &str, out: &mut dyn Write, err: &mut dyn Write) -> Flow {
        let (name, argument) = command
            .split_once(char::is_whitespace)
            .map_or((command, ""), |(n, a)| (n, a.trim()));
        match name {
            "quit" | "q" | "exit" => return Flow::Quit,
            "help" | "h" | "?" => {
                let _ = write!(out, "{HELP}");
            }
            "timings" => {
                self.timings = !self.timings;
                let state = if self.timings { "on" } else { "off" };
                let _ = writeln!(out, "timings {state}");
            }
            "reset" => {
                self.kept.clear();
                self.last = None;
                let _ = writeln!(out, "session reset");
            }
            "ir" | "clif" | "asm" => self.show(name, out, err),
            "load" => {
                if argument.is_empty() {
                    let _ = writeln!(err, "error: :load needs a file name");
                } else {
                    match read_source(&PathBuf::from(argument)) {
                        Ok((file_name, source)) => {
                            self.entry(&source, &file_name, out, err);
                        }
                        Err(Failure(message)) => {
                            let _ = writeln!(err, "{message}");
                        }
                    }
                }
            }
            _ => {
                let _ = writeln!(
                    err,
                    "error: unknown command `:{name}` (:help lists the commands)"
                );
            }
        }
        Flow::Continue
    }

    /// `:ir`, `:clif`, `:asm`: the last entry's whole program.
    fn show(&self, what: &str, out: &mut dyn Write, err: &mut dyn Write) {
        let Some(source) = &self.last else {
            let _ = writeln!(err, "error: nothing has run yet");
            return;
        };
        let options = Options {
            file_name: NAME.to_string(),
            keep_clif: what == "clif",
            keep_asm: what == "asm",
            ..Options::default()
        };
        let text = if what == "ir" {
            arrayc::ir_text(source, &options)
        } else {
            arrayc::compile(source, &options).map(|program| {
                if what == "clif" {
                    program.clif().to_string()
                } else {
                    program.asm().to_string()
                }
            })
        };
        match text {
            Ok(text) => {
                let _ = write!(out, "{text}");
                if !text.ends_with('\n') {
                    let _ = writeln!(out);
                }
            }
            Err(error) => {
                let _ = writeln!(err, "{}", error.render().trim_end());
            }
        }
    }

    /// Runs `text` after the kept statements; keeps it when it compiled and ran.
    fn entry(&mut self, text: &str, file_name: &str, out: &mut dyn Write, err: &mut dyn Write) {
        let outline = match arrayc::outline(text) {
            Ok(outline) => outline,
            Err(diagnostics) => {
                for diagnostic in &diagnostics {
                    let _ = writeln!(err, "{}", diagnostic.render(file_name, text).trim_end());
                }
                return;
            }
        };
        let arrayc::Outline {
            expressions,
            prints,
            outputs: outs,
        } = outline;
        let entry = Entry {
            text,
            insertions: expressions.iter().map(|span| span.start as usize).collect(),
        };
        let run_text = entry.run_text();
        let mut source = self.kept.clone();
        if !source.is_empty() && !source.ends_with('\n') {
            source.push('\n');
        }
        let base = source.len();
        source.push_str(&run_text);
        if !source.ends_with('\n') {
            source.push('\n');
        }
        let options = Options {
            file_name: file_name.to_string(),
            ..Options::default()
        };
        let program = match arrayc::compile(&source, &options) {
            Ok(program) => program,
            Err(error) => {
                report_error(&error, base, &entry, file_name, err);
                return;
            }
        };
        let result = match program.run_with_output(&[], out) {
            Ok(result) => result,
            Err(error) => {
                report_error(&error, base, &entry, file_name, err);
                return;
            }
        };
        for name in &outs {
            if let Some(array) = result.output(name) {
                let _ = writeln!(
                    out,
                    "{name} = {}",
                    arrayc::format_array(&array.shape, &array.data)
                );
            }
        }
        if self.timings {
            let _ = write!(
                out,
                "{}",
                report::timings_text(file_name, program.report(), result.run_us)
            );
        }
        let mut removed = expressions;
        removed.extend(prints);
        let kept = blank(text, &removed);
        if kept.chars().any(|c| !c.is_whitespace() && c != ';') {
            if !self.kept.is_empty() && !self.kept.ends_with('\n') {
                self.kept.push('\n');
            }
            self.kept.push_str(&kept);
        }
        self.last = Some(source);
    }
}

/// An entry and where `print ` was inserted before its bare expressions.
struct Entry<'a> {
    text: &'a str,
    /// Byte offsets in `text`, ascending.
    insertions: Vec<usize>,
}

const PRINT: &str = "print ";

impl Entry<'_> {
    /// The entry as it runs: each bare expression as `print EXPR`.
    fn run_text(&self) -> String {
        let mut text = self.text.to_string();
        for &offset in self.insertions.iter().rev() {
            text.insert_str(offset, PRINT);
        }
        text
    }

    /// Maps an offset in the run text back to the entry as typed; an offset inside an
    /// inserted `print ` maps to the expression it prints.
    fn original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &inserted in &self.insertions {
            let prefix_start = inserted + shift;
            if offset < prefix_start {
                break;
            }
            if offset < prefix_start + PRINT.len() {
                return inserted;
            }
            shift += PRINT.len();
        }
        (offset - shift).min(self.text.len())
    }
}

/// Renders an error of the combined program: spans inside the entry are shown against the
/// entry's own text (as it ran), spans in earlier entries against the whole session.
fn report_error(
    error: &arrayc::Error,
    base: usize,
    entry: &Entry<'_>,
    file_name: &str,
    err: &mut dyn Write,
) {
    for diagnostic in &error.diagnostics {
        let rendered = match diagnostic.span {
            Some(span) if span.start as usize >= base => {
                let mut local = diagnostic.clone();
                let start = entry.original(span.start as usize - base);
                let end = entry.original((span.end as usize).saturating_sub(base));
                local.span = Some(Span::new(start, end.max(start)));
                local.render(file_name, entry.text)
            }
            Some(_) => diagnostic.render("<session>", &error.source),
            None => diagnostic.render(file_name, entry.text),
        };
        let _ = writeln!(err, "{}", rendered.trim_end());
    }
}

/// The text with the spans replaced by spaces (line breaks stay, so nothing else moves).
fn blank(text: &str, spans: &[Span]) -> String {
    let mut bytes: Vec<u8> = text.as_bytes().to_vec();
    for span in spans {
        let end = (span.end as usize).min(bytes.len());
        let start = (span.start as usize).min(end);
        for byte in &mut bytes[start..end] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    }
    // Only whole statements (which start and end on character boundaries) were blanked.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_while_braces_are_open() {
        assert!(is_incomplete("loop i in 0..3 {"));
        assert!(is_incomplete("var x = [1,\n"));
        assert!(is_incomplete("var x = 1 +"));
        assert!(!is_incomplete("loop i in 0..3 {\n x = x + 1\n}"));
        assert!(!is_incomplete(":help"));
        assert!(!is_incomplete("var x = 1 # {"));
    }

    #[test]
    fn prints_and_expressions_are_not_kept() {
        let mut session = Session::default();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        session.submit("var x = 1; print x\n", &mut out, &mut err);
        session.submit("x + 1\n", &mut out, &mut err);
        assert_eq!(String::from_utf8_lossy(&err), "");
        assert_eq!(String::from_utf8_lossy(&out), "1.0\n2.0\n");
        assert!(!session.kept.contains("print"));
    }
}
