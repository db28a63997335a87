//! Reads the entries of an interactive session from the terminal: the line editor and its
//! history, the prompt and the continuation prompt, and when an entry needs more lines.

use super::session::{Flow, Session};
use crate::output::Failure;
use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Config, Editor, Helper};
use std::path::PathBuf;

pub(super) const PROMPT: &str = "arrayc> ";
/// Shown while an entry goes on (a bracket or brace is open).
pub(super) const CONTINUATION: &str = "   ...> ";

/// Reads one entry through `read_line(prompt)`: the first line with `PROMPT`, every further
/// line, while the entry is incomplete, with `CONTINUATION`. `Ok(None)` at the end of input.
pub(super) fn read_entry<E>(
    mut read_line: impl FnMut(&str) -> Result<Option<String>, E>,
) -> Result<Option<String>, E> {
    let Some(mut entry) = read_line(PROMPT)? else {
        return Ok(None);
    };
    while is_incomplete(&entry) {
        match read_line(CONTINUATION)? {
            Some(line) => {
                entry.push('\n');
                entry.push_str(&line);
            }
            // An unfinished entry at the end of input is still submitted (and reported).
            None => break,
        }
    }
    Ok(Some(entry))
}

pub(super) fn interactive(session: &mut Session) -> Result<(), Failure> {
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
    crate::output::emit(&format!(
        "arrayc {} — :help for commands, :quit to leave\n",
        env!("CARGO_PKG_VERSION")
    ))?;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    loop {
        let entry = read_entry(|prompt| match editor.readline(prompt) {
            Ok(line) => Ok(Some(line)),
            Err(rustyline::error::ReadlineError::Eof) => Ok(None),
            Err(e) => Err(e),
        });
        match entry {
            Ok(Some(text)) => {
                if !text.trim().is_empty() {
                    let _ = editor.add_history_entry(text.as_str());
                }
                let flow = session.submit(&text, &mut stdout.lock(), &mut stderr.lock());
                if flow == Flow::Quit {
                    break;
                }
            }
            Ok(None) => break,
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(e) => {
                crate::output::warn(&format!("error: cannot read a line: {e}"));
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

/// The line editor's helper. Lines are joined by `read_entry` (which shows the
/// continuation prompt), not by a validator (which would show none).
struct InputHelper;

impl Validator for InputHelper {}

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
