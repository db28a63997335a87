//! `arrayc repl`: an interactive session. Takes entries (statements or `:` commands),
//! compiles and runs each one alone, and keeps the values it leaves as arrays.
//!
//! An entry's program is the entry, preceded by declarations of the session's names it
//! mentions (and of the names the session's functions it calls mention): a `param` as
//! `param NAME = VALUE`, an `input` as itself, a scalar `let` or `var` as a literal, an array
//! as an input `__repl_NAME` bound by `let NAME = __repl_NAME` (or `var`, when the entry
//! assigns it), a function as its source text. The entry's bare expressions run as
//! `print EXPR`; `out NAME` lines after it give back what it declared or assigned, which
//! replaces the session's values once the run succeeded. An entry that fails to parse,
//! compile or run is reported and changes nothing; no error ends the session, but a
//! session read from a pipe or file that had any error exits with code 1, as a script
//! should. Knows the program only through `arrayc::outline`, never its syntax tree.

use crate::{read_source, report, Failure, InputData};
use arrayc::{Array, ArrayData, DeclarationKind, Options, Span};
use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Config, Editor, Helper};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::PathBuf;

const HELP: &str = "\
Type statements (`var x = linspace(0, 1, 5)`, `loop i in 0..3 { x = x * 2 }`) or an
expression to print its value. Input goes on while a bracket or brace is open.
  :timings      toggle the compile-cost report after each entry
  :ir           the last entry's program after lowering and unrolling
  :clif         the last entry's program as Cranelift IR
  :asm          the last entry's program as machine code
  :load FILE    run a file's statements as one entry (its prints run once)
  :input NAME=FILE.npy|NUMBER
                supply the data of `input NAME[...]` for every later entry
  :vars         the session's names: kind, dtype and shape (or value)
  :reset        forget every binding
  :help         this text
  :quit         end the session (or Ctrl-D)
";

/// The longest entry (all its lines) read, in bytes: bounds what `repl < /dev/zero` reads.
const MAX_ENTRY_BYTES: usize = 16 << 20;

pub fn repl() -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut session = Session::default();
    if std::io::stdin().is_terminal() {
        return interactive(&mut session);
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = String::new();
    let mut entry = String::new();
    loop {
        line.clear();
        let room = (MAX_ENTRY_BYTES + 1).saturating_sub(entry.len()) as u64;
        let read = (&mut input)
            .take(room)
            .read_line(&mut line)
            .map_err(|e| Failure(format!("error: cannot read standard input: {e}")))?;
        if entry.len() + line.len() > MAX_ENTRY_BYTES {
            return Err(Failure(format!(
                "error: an entry of more than {} MiB; that is not a program",
                MAX_ENTRY_BYTES >> 20
            )));
        }
        if read == 0 {
            if !entry.trim().is_empty() {
                session.submit(&entry, &mut stdout.lock(), &mut stderr.lock());
            }
            break;
        }
        entry.push_str(&line);
        if is_incomplete(&entry) {
            continue;
        }
        let text = std::mem::take(&mut entry);
        let flow = session.submit(&text, &mut stdout.lock(), &mut stderr.lock());
        if flow == Flow::Quit {
            break;
        }
    }
    match session.failures {
        0 => Ok(()),
        failures => Err(Failure(format!(
            "error: {failures} entr{} of the session failed",
            if failures == 1 { "y" } else { "ies" }
        ))),
    }
}

const PROMPT: &str = "arrayc> ";
/// Shown while an entry goes on (a bracket or brace is open).
const CONTINUATION: &str = "   ...> ";

/// Reads one entry through `read_line(prompt)`: the first line with `PROMPT`, every further
/// line, while the entry is incomplete, with `CONTINUATION`. `Ok(None)` at the end of input.
fn read_entry<E>(
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
    crate::emit(&format!(
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
                crate::warn(&format!("error: cannot read a line: {e}"));
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// What the session remembers of a top-level name between entries.
enum Binding {
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
struct Function {
    source: String,
    /// The names its text mentions: what it may read or call.
    names: Vec<String>,
}

#[derive(Default)]
pub struct Session {
    bindings: HashMap<String, Binding>,
    functions: HashMap<String, Function>,
    /// The program the last successful entry compiled (the entry and its declarations).
    last: Option<String>,
    timings: bool,
    /// Data given with `:input`, passed to every run whose program declares the name.
    inputs: Vec<(String, InputData)>,
    /// Entries and commands that failed.
    failures: usize,
    /// Programs compiled for entries, and their bytes of source: each entry's program
    /// holds that entry and the declarations of what it reads, not the session's history.
    compiles: usize,
    compiled_bytes: usize,
}

const NAME: &str = "<repl>";

/// The prefix of the inputs that carry arrays into an entry: `input __repl_x: [...]` then
/// `let x = __repl_x` (or `var x = ...`), so that `x` is the kind of binding it was.
const HANDED_INPUT: &str = "__repl_";

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
        let data = match crate::scalar_input(value) {
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

    /// Compiles and runs `text` alone, with the session's bindings it mentions declared
    /// before it; on success, keeps the values it declared or changed.
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
        let entry = Entry {
            text,
            insertions: outline
                .expressions
                .iter()
                .map(|span| span.start as usize)
                .collect(),
        };
        let plan = self.plan(&outline);
        let base = plan.prefix.len();
        let mut source = plan.prefix;
        source.push_str(&entry.run_text());
        if !source.ends_with('\n') {
            source.push('\n');
        }
        for name in &plan.captured {
            if !outline.outputs.contains(name) {
                source.push_str(&format!("out {name}\n"));
            }
        }
        let options = Options {
            file_name: file_name.to_string(),
            ..Options::default()
        };
        self.compiles += 1;
        self.compiled_bytes += source.len();
        let program = match arrayc::compile(&source, &options) {
            Ok(program) => program,
            Err(error) => {
                report_error(&error, base, &entry, file_name, err);
                return;
            }
        };
        let declared = program.inputs();
        let views: Vec<(&str, arrayc::ArrayView<'_>)> = declared
            .iter()
            .filter_map(|spec| {
                let name = spec.name.as_str();
                let view = match plan.handed.get(name) {
                    Some(session_name) => match self.bindings.get(session_name) {
                        Some(Binding::Let(array) | Binding::Var(array)) => array.view(),
                        Some(Binding::Param(_) | Binding::Input(_)) | None => return None,
                    },
                    None => {
                        let (_, data) = self.inputs.iter().find(|(kept, _)| kept == name)?;
                        data.view()
                    }
                };
                Some((name, view))
            })
            .collect();
        let during_run = crate::interrupt::DuringRun::start();
        let result = program.run_with(&views, out, during_run.handle());
        drop(during_run);
        let result = match result {
            Ok(result) => result,
            Err(error) => {
                report_error(&error, base, &entry, file_name, err);
                return;
            }
        };
        drop(views);
        if let Err(Failure(message)) = crate::check_inputs_unchanged(&self.inputs) {
            let _ = writeln!(err, "{message}");
            return;
        }
        for name in &outline.outputs {
            if let Some(array) = result.output(name) {
                let _ = writeln!(out, "{name} = {}", report::value_text(array));
            }
        }
        if self.timings {
            // Scope lines counted in the entry as typed, not in the program with its prefix.
            let prefix_lines = source[..base].matches('\n').count();
            let mut compile_report = program.report().clone();
            for scope in &mut compile_report.scopes {
                if scope.line > prefix_lines {
                    scope.line -= prefix_lines;
                }
            }
            let _ = write!(
                out,
                "{}",
                report::timings_text(file_name, &compile_report, result.run_us)
            );
        }
        self.keep(text, &outline, &declared, result);
        self.last = Some(source);
    }

    /// What an entry with this outline needs of the session: the declarations that go
    /// before it, the inputs they take, the names whose values it gives back.
    fn plan(&self, outline: &arrayc::Outline) -> Plan {
        let defined_here: HashSet<&str> = outline
            .declarations
            .iter()
            .filter(|declaration| declaration.kind == DeclarationKind::Fn)
            .map(|declaration| declaration.name.as_str())
            .collect();
        let assigned: HashSet<&str> = outline.assigned.iter().map(String::as_str).collect();
        // The names the entry mentions and, through the session's functions it may call,
        // the names those mention.
        let mut names: Vec<&str> = outline.names.iter().map(String::as_str).collect();
        let mut seen: HashSet<&str> = names.iter().copied().collect();
        let mut functions: Vec<&str> = Vec::new();
        let mut next = 0;
        while next < names.len() {
            let name = names[next];
            next += 1;
            if defined_here.contains(name) {
                continue;
            }
            if let Some(function) = self.functions.get(name) {
                functions.push(name);
                for mentioned in &function.names {
                    if seen.insert(mentioned) {
                        names.push(mentioned);
                    }
                }
            }
        }
        let mut plan = Plan::default();
        for &name in &names {
            let Some(binding) = self.bindings.get(name) else {
                continue;
            };
            let declaration = match binding {
                Binding::Param(value) => format!("param {name} = {value}\n"),
                Binding::Input(spec) => format!("input {name}: {}\n", input_type(spec)),
                Binding::Let(array) | Binding::Var(array) => {
                    // A `var` the entry assigns is copied into a `var`; otherwise a `let`
                    // of a plain view of an input copies nothing.
                    let assigns_var = matches!(binding, Binding::Var(_)) && assigned.contains(name);
                    if assigns_var {
                        plan.captured.push(name.to_string());
                    }
                    let keyword = if assigns_var { "var" } else { "let" };
                    match scalar(array) {
                        Some(value) => format!("{keyword} {name} = {value}\n"),
                        None => {
                            let input = format!("{HANDED_INPUT}{name}");
                            let declared = input_type(&(array.dtype(), array.shape.clone()));
                            plan.handed.insert(input.clone(), name.to_string());
                            format!("input {input}: {declared}\n{keyword} {name} = {input}\n")
                        }
                    }
                }
            };
            plan.prefix.push_str(&declaration);
        }
        for name in functions {
            if let Some(function) = self.functions.get(name) {
                plan.prefix.push_str(&function.source);
                plan.prefix.push('\n');
            }
        }
        for declaration in &outline.declarations {
            let captured = match declaration.kind {
                DeclarationKind::Param
                | DeclarationKind::Let
                | DeclarationKind::Var
                | DeclarationKind::Out => true,
                DeclarationKind::Input | DeclarationKind::Fn => false,
            };
            if captured && !plan.captured.contains(&declaration.name) {
                plan.captured.push(declaration.name.clone());
            }
        }
        plan
    }

    /// Takes the values an entry that ran gave back, and its functions.
    fn keep(
        &mut self,
        text: &str,
        outline: &arrayc::Outline,
        inputs: &[arrayc::InputSpec],
        result: arrayc::RunResult,
    ) {
        let mut values: HashMap<String, Array> = result.outputs.into_iter().collect();
        let mut last: HashMap<&str, DeclarationKind> = HashMap::new();
        for declaration in &outline.declarations {
            match declaration.kind {
                DeclarationKind::Fn => {
                    let span = declaration.span;
                    let source = text[span.start as usize..span.end as usize].to_string();
                    let names = arrayc::outline(&source)
                        .map_or_else(|_| outline.names.clone(), |inner| inner.names);
                    self.functions
                        .insert(declaration.name.clone(), Function { source, names });
                }
                DeclarationKind::Param
                | DeclarationKind::Input
                | DeclarationKind::Let
                | DeclarationKind::Var
                | DeclarationKind::Out => {
                    last.insert(&declaration.name, declaration.kind);
                }
            }
        }
        // The session's `var`s the entry assigned without declaring them again.
        for name in &outline.assigned {
            if last.contains_key(name.as_str()) {
                continue;
            }
            if let (Some(Binding::Var(array)), Some(value)) =
                (self.bindings.get_mut(name), values.remove(name))
            {
                *array = value;
            }
        }
        for (name, kind) in last {
            let binding = match kind {
                DeclarationKind::Input => {
                    let Some(spec) = inputs.iter().find(|spec| spec.name == name) else {
                        continue;
                    };
                    Binding::Input((spec.dtype, spec.shape.clone()))
                }
                DeclarationKind::Param
                | DeclarationKind::Let
                | DeclarationKind::Var
                | DeclarationKind::Out
                | DeclarationKind::Fn => {
                    let Some(value) = values.remove(name) else {
                        continue;
                    };
                    match kind {
                        DeclarationKind::Param => match param_scalar(&value) {
                            Some(value) => Binding::Param(value),
                            None => continue,
                        },
                        DeclarationKind::Var => Binding::Var(value),
                        _ => Binding::Let(value),
                    }
                }
            };
            self.bindings.insert(name.to_string(), binding);
        }
    }
}

/// The declarations an entry is compiled after, and what flows in and out.
#[derive(Default)]
struct Plan {
    /// `param`, `input`, `let`, `var` and `fn` statements for the session's names the entry
    /// may use.
    prefix: String,
    /// The inputs the prefix declares, each with the session binding whose array it takes.
    handed: HashMap<String, String>,
    /// The names whose values the entry gives back, in order.
    captured: Vec<String>,
}

/// The value of a rank-0 array as source text that evaluates to exactly it, in its dtype
/// (`None` when no text does: the value is handed in as an input).
fn scalar(array: &Array) -> Option<String> {
    if !array.shape.is_empty() {
        return None;
    }
    Some(match &array.data {
        ArrayData::F64(values) => literal(*values.first()?),
        ArrayData::F32(values) => format!("f32({})", literal(f64::from(*values.first()?))),
        // Number literals are read as float64 values: exact up to 2^53; a larger int64 is
        // handed in as an input instead.
        ArrayData::I64(values) => {
            let value = *values.first()?;
            if value.unsigned_abs() > 1 << 53 {
                return None;
            }
            format!("i64({value})")
        }
        ArrayData::Bool(values) => if *values.first()? { "True" } else { "False" }.to_string(),
    })
}

/// A param's value as source text: a Python int is written as an int literal (a `param`
/// is a weak Python scalar, and `i64(3)` is not a constant a param may hold).
fn param_scalar(array: &Array) -> Option<String> {
    match &array.data {
        ArrayData::I64(values) if array.shape.is_empty() => {
            let value = *values.first()?;
            (value.unsigned_abs() <= 1 << 53).then(|| value.to_string())
        }
        ArrayData::I64(_) | ArrayData::F64(_) | ArrayData::F32(_) | ArrayData::Bool(_) => {
            scalar(array)
        }
    }
}

/// The type of an `input` declaration: `[2, 3]` for float64, `f32[2, 3]` for the others.
fn input_type((dtype, shape): &(arrayc::DType, Vec<usize>)) -> String {
    match dtype {
        arrayc::DType::F64 => format!("{shape:?}"),
        arrayc::DType::F32 | arrayc::DType::I64 | arrayc::DType::Bool => {
            format!("{}{shape:?}", dtype.name())
        }
    }
}

/// A float as source text that evaluates to exactly it.
fn literal(value: f64) -> String {
    if value.is_nan() {
        "(0 / 0)".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "(1 / 0)" } else { "(-1 / 0)" }.to_string()
    } else {
        // `{:?}` is the shortest text that reads back as the same float.
        format!("{value:?}")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn submit_all(session: &mut Session, entries: &[&str]) -> (String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        for entry in entries {
            session.submit(entry, &mut out, &mut err);
        }
        (
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    /// Linear in the number of entries: each entry is one compile of a program whose size
    /// does not depend on how long the session has been going.
    #[test]
    fn an_entry_compiles_once_and_only_itself() {
        let mut session = Session::default();
        submit_all(&mut session, &["var x = zeros([4])"]);
        let mut sizes = Vec::new();
        for index in 0..300 {
            let before = session.compiled_bytes;
            let declare = format!("let a{index:04} = x + 1");
            submit_all(&mut session, &[&declare, "x = x + 1"]);
            sizes.push(session.compiled_bytes - before);
        }
        assert_eq!(session.compiles, 1 + 2 * 300);
        assert!(
            sizes.iter().all(|&size| size == sizes[0]),
            "bytes compiled per pair of entries grew: {:?} ... {:?}",
            &sizes[..3],
            &sizes[sizes.len() - 3..]
        );
        let (out, err) = submit_all(&mut session, &["sum(x) + a0299[0]"]);
        assert_eq!(err, "");
        assert_eq!(out, "1500.0\n");
    }

    /// int64 and bool values keep their dtypes from entry to entry, a large int64 exactly.
    #[test]
    fn int64_and_bool_values_keep_their_dtype_across_entries() {
        let mut session = Session::default();
        let (out, err) = submit_all(
            &mut session,
            &[
                "let k = zeros([3], i64) + i64(2)",
                "let m = k > 1",
                "let c = sum(m)",
                "c",
                "let big = i64(2147483648) * i64(2147483648) + c",
                "big * i64(2)",
                ":vars",
            ],
        );
        assert_eq!(err, "");
        // NumPy: m.sum() is int64 3; (2**62 + 3) * 2 wraps to -(2**63) + 6.
        assert_eq!(
            out,
            "3\n\
             -9223372036854775802\n\
             let big: i64[]\n\
             let c: i64[] = i64(3)\n\
             let k: i64[3]\n\
             let m: bool[3]\n"
        );
    }

    /// A float32 value keeps its dtype from entry to entry (handed in as an `f32` input, a
    /// scalar as `f32(...)`); `:vars` and `out` lines say which dtype each value has.
    #[test]
    fn float32_values_keep_their_dtype_across_entries() {
        let mut session = Session::default();
        let (out, err) = submit_all(
            &mut session,
            &[
                "let x = zeros([3], f32) + 0.1",
                "x * 3",
                "let s = sum(x)",
                "s * 2",
                "var y = ones([2, 2])",
                "out z = x + 1.5",
                ":vars",
            ],
        );
        assert_eq!(err, "");
        // NumPy: np.zeros(3, np.float32) + 0.1 is float32 0.1; sums and products round in
        // float32 (a float64 0.6 from float32 0.1s would print as 0.6000000089406967).
        assert_eq!(
            out,
            "[0.3 0.3 0.3]\n\
             0.6\n\
             z = [1.6 1.6 1.6]  (float32)\n\
             let s: f32[] = f32(0.30000001192092896)\n\
             let x: f32[3]\n\
             var y: [2, 2]\n\
             let z: f32[3]\n"
        );
    }

    #[test]
    fn a_failed_entry_changes_nothing() {
        let mut session = Session::default();
        let (out, err) = submit_all(
            &mut session,
            &[
                "var x = [1, 2, 3]",
                // Fails at run time on its fourth trip, after changing `x`.
                "loop i in 0..5 { x = x + 1; let y = x[i] }",
                // Fails to compile.
                "x = x + [1, 2]; let z = 1",
                "fn f(a) = a +",
                "x",
                "z",
                "f(1)",
            ],
        );
        assert_eq!(out, "[1 2 3]\n", "{err}");
        assert!(err.contains("index out of range"), "{err}");
        assert!(err.contains("unknown name `z`"), "{err}");
        assert!(err.contains("unknown function `f`"), "{err}");
        assert_eq!(session.failures, 5);
    }

    #[test]
    fn reset_forgets_functions_and_params() {
        let mut session = Session::default();
        let (out, err) = submit_all(
            &mut session,
            &[
                "param n = 2",
                "fn f(a) = a * n",
                ":reset",
                "f(1)",
                "n",
                "param n = 5",
                "n",
            ],
        );
        assert_eq!(out, "session reset\n5\n", "{err}");
        assert!(err.contains("unknown function `f`"), "{err}");
        assert!(err.contains("unknown name `n`"), "{err}");
    }

    #[test]
    fn timings_count_scope_lines_in_the_entry() {
        let mut session = Session::default();
        let (out, err) = submit_all(
            &mut session,
            &[
                "var x = zeros([4])",
                "param n = 3",
                ":timings",
                "let y = 2\nloop i in 0..n { x = x + y }",
            ],
        );
        assert_eq!(err, "");
        let row = out
            .lines()
            .find(|line| line.trim_start().starts_with("loop"))
            .unwrap_or_else(|| panic!("no scope row: {out}"));
        let line: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(line[..3], ["loop", "2", "3"], "{row}");
    }

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
    fn continuation_lines_get_their_own_prompt() {
        let mut lines = vec!["}", "  x = x * 2", "loop i in 0..3 {"];
        let mut prompts = Vec::new();
        let entry = read_entry(|prompt| {
            prompts.push(prompt.to_string());
            Ok::<_, ()>(lines.pop().map(str::to_string))
        });
        assert_eq!(
            entry,
            Ok(Some("loop i in 0..3 {\n  x = x * 2\n}".to_string()))
        );
        assert_eq!(prompts, [PROMPT, CONTINUATION, CONTINUATION]);
        assert_ne!(PROMPT, CONTINUATION);
    }

    #[test]
    fn prints_and_expressions_run_once() {
        let mut session = Session::default();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        session.submit("var x = 1; print x\n", &mut out, &mut err);
        session.submit("x + 1\n", &mut out, &mut err);
        assert_eq!(String::from_utf8_lossy(&err), "");
        assert_eq!(String::from_utf8_lossy(&out), "1\n2\n");
        // The second entry's program: `x` declared with its value, not the first entry.
        assert_eq!(
            session.last.as_deref(),
            Some("let x = i64(1)\nprint x + 1\n")
        );
    }
}
