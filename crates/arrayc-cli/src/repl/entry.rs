//! One entry of a REPL session: its program (the entry after declarations of the session's
//! names it mentions, each carried value as an input given its array), the run, its errors
//! shown against the entry as typed, and the values and functions it leaves behind.

use super::session::{Binding, Function, Session, HANDED_INPUT};
use crate::output::Failure;
use crate::report;
use arrayc::{Array, ArrayData, DeclarationKind, Options, Span};
use std::collections::{HashMap, HashSet};
use std::io::Write;

impl Session {
    /// Compiles and runs `text` alone, with the session's bindings it mentions declared
    /// before it; on success, keeps the values it declared or changed.
    pub(super) fn entry(
        &mut self,
        text: &str,
        file_name: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) {
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
        if let Err(Failure(message)) = crate::inputs::check_inputs_unchanged(&self.inputs) {
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
                    match constant(array) {
                        Some(value) => format!("{keyword} {name} = {value}\n"),
                        None => {
                            // Handed in as an input given the kept array: every bit and the
                            // dtype carry over without a detour through decimal text.
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

/// The value of a rank-0 array as source text that evaluates to exactly it, in its dtype, for
/// `:vars` and params (`None` when no text does).
pub(super) fn scalar(array: &Array) -> Option<String> {
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

/// The source text of a carried value that must stay a compile-time constant: an int64 (up
/// to 2^53, which decimal text and the float64 a literal is read as hold exactly) or a bool
/// scalar, which may be an extent or a `for` bound in a later entry. Every other value,
/// floats and arrays above all, is handed in as an input (`None`).
fn constant(array: &Array) -> Option<String> {
    match &array.data {
        ArrayData::I64(_) | ArrayData::Bool(_) => scalar(array),
        ArrayData::F64(_) | ArrayData::F32(_) => None,
    }
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
pub(super) fn input_type((dtype, shape): &(arrayc::DType, Vec<usize>)) -> String {
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
