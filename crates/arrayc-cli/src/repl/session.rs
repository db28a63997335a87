//! What a REPL session remembers between entries (its names, as arrays, params and
//! functions; `:input` data; the last program) and the `:` commands that show or change it.

use super::entry::{input_type, scalar};
use super::HELP;
use crate::inputs::InputData;
use crate::output::Failure;
use crate::source::read_source;
use arrayc::{Array, Options};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// What the session remembers of a top-level name between entries.
pub(super) enum Binding {
    /// A compile-time constant, declared again as `param NAME = VALUE` where it is used
    /// (the value as source text of its dtype).
    Param(String),
    /// An `input` of this dtype and shape, declared again where it is used; its data is
    /// `:input`'s.
    Input((arrayc::DType, Vec<usize>)),
    /// A `let` (or `out NAME = ...`) value, handed to later entries as an input.
    Let(Array),
    /// A `var` value: an input for entries that only read it; copied into a `var` of an
    /// entry that assigns it, whose final value replaces this one.
    Var(Array),
}

/// A function kept as its source text.
pub(super) struct Function {
    pub(super) source: String,
    /// The names its text mentions: what it may read or call.
    pub(super) names: Vec<String>,
}

#[derive(Default)]
pub struct Session {
    pub(super) bindings: HashMap<String, Binding>,
    pub(super) functions: HashMap<String, Function>,
    /// The program the last successful entry compiled (the entry and its declarations).
    pub(super) last: Option<String>,
    pub(super) timings: bool,
    /// Data given with `:input`, passed to every run whose program declares the name.
    pub(super) inputs: Vec<(String, InputData)>,
    /// Entries and commands that failed.
    pub(super) failures: usize,
    /// Programs compiled for entries, and their bytes of source: each entry's program
    /// holds that entry and the declarations of what it reads, not the session's history.
    pub(super) compiles: usize,
    pub(super) compiled_bytes: usize,
}

pub(super) const NAME: &str = "<repl>";

/// The prefix of the inputs that carry arrays into an entry: `input __repl_x: [...]` then
/// `let x = __repl_x` (or `var x = ...`), so that `x` is the kind of binding it was.
pub(super) const HANDED_INPUT: &str = "__repl_";

impl Session {
    /// Handles one entry: a `:` command or statements.
    pub fn submit(&mut self, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> Flow {
        let mut counting = Counting {
            inner: err,
            written: false,
        };
        let flow = self.submit_counted(text, out, &mut counting);
        // Every failure writes its message to `err`; notes are not failures.
        if counting.written {
            self.failures += 1;
        }
        flow
    }

    fn submit_counted(&mut self, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> Flow {
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
                self.bindings.clear();
                self.functions.clear();
                self.last = None;
                let _ = writeln!(out, "session reset");
            }
            "ir" | "clif" | "asm" => self.show(name, out, err),
            "vars" => {
                let _ = write!(out, "{}", self.vars());
            }
            "input" => match self.input(argument) {
                Ok(name) => {
                    let _ = writeln!(out, "input `{name}` set");
                }
                Err(Failure(message)) => {
                    let _ = writeln!(err, "{message}");
                }
            },
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

    /// `:vars`: one line per binding, by name: its kind, then its type as an `input`
    /// declaration spells it (`f32[3]`, `[2, 2]` for float64) and, for a scalar, its value;
    /// then the functions.
    fn vars(&self) -> String {
        let mut names: Vec<&String> = self.bindings.keys().collect();
        names.sort();
        let mut text = String::new();
        for name in names {
            let line = match &self.bindings[name] {
                Binding::Param(value) => format!("param {name} = {value}"),
                Binding::Input(spec) => format!("input {name}: {}", input_type(spec)),
                Binding::Let(array) | Binding::Var(array) => {
                    let kind = match &self.bindings[name] {
                        Binding::Var(_) => "var",
                        _ => "let",
                    };
                    let declared = input_type(&(array.dtype(), array.shape.clone()));
                    match scalar(array) {
                        Some(value) => format!("{kind} {name}: {declared} = {value}"),
                        None => format!("{kind} {name}: {declared}"),
                    }
                }
            };
            text.push_str(&line);
            text.push('\n');
        }
        let mut functions: Vec<&String> = self.functions.keys().collect();
        functions.sort();
        for name in functions {
            text.push_str(&format!("fn {name}\n"));
        }
        text
    }

    /// `:input NAME=FILE.npy|NUMBER`: keeps the data for later runs; returns the name.
    fn input(&mut self, argument: &str) -> Result<String, Failure> {
        let Some((name, value)) = argument.split_once('=') else {
            return Err(Failure(format!(
                "error: :input takes NAME=FILE.npy or NAME=NUMBER, not `{argument}`"
            )));
        };
        let (name, value) = (name.trim().to_string(), value.trim());
        let data = match crate::inputs::scalar_input(value) {
            Some(number) => InputData::Number(number),
            None => InputData::File(
                arrayc_npy::read(std::path::Path::new(value))
                    .map_err(|e| Failure(format!("error: input `{name}` from `{value}`: {e}")))?,
            ),
        };
        self.inputs.retain(|(kept, _)| *kept != name);
        self.inputs.push((name.clone(), data));
        Ok(name)
    }

    /// `:ir`, `:clif`, `:asm`: the last entry's program.
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
}

/// Passes writes on and remembers whether anything was written.
struct Counting<'a> {
    inner: &'a mut dyn Write,
    written: bool,
}

impl Write for Counting<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.written |= !bytes.is_empty();
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
