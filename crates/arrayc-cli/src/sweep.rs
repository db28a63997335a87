//! `arrayc sweep`: compile and run a program once per combination of param values and per
//! scope kind, and tabulate (and optionally plot) what each cost.

use crate::inputs::{check_inputs_unchanged, load_inputs, parse_number, python_inputs, views};
use crate::output::Failure;
use crate::plot::{self, Crossing, Point, Series, SweepChart};
use crate::source::read_source;
use crate::{base_options, LimitArgs, ThreadArgs};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Args)]
pub struct SweepArgs {
    /// The program file.
    file: PathBuf,
    /// The values of a param: `--set steps=1,10,100` (repeatable; every combination runs).
    #[arg(long = "set", value_name = "NAME=V1,V2,...")]
    set: Vec<String>,
    /// Rewrite every scope header to each of these kinds in turn (default: as written).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KINDS")]
    scopes: Vec<ScopeChoice>,
    /// Draw compile and run time against the swept value: FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// The swept param that counts the steps: the µs/step column divides the run time by
    /// it, and the chart and the for/loop crossing are drawn against it. By default, the
    /// first swept param that is the trip count of a `for`, `loop` or `while` scope in
    /// every row (`for i in 0..steps`).
    #[arg(long = "per", value_name = "NAME")]
    per: Option<String>,
    /// Run each compiled program this many times and keep the fastest run.
    #[arg(long, value_name = "N", default_value_t = 1)]
    repeat: u32,
    /// Supply an input: `--input dt=0.05` or `--input v=v.npy` (repeatable).
    #[arg(long = "input", value_name = "NAME=FILE|NUMBER")]
    inputs: Vec<String>,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    threads: ThreadArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScopeChoice {
    For,
    Loop,
}

impl ScopeChoice {
    fn keyword(self) -> &'static str {
        self.kind().keyword()
    }

    fn kind(self) -> arrayc::ScopeKind {
        match self {
            ScopeChoice::For => arrayc::ScopeKind::For,
            ScopeChoice::Loop => arrayc::ScopeKind::Loop,
        }
    }
}

/// One row of the table: a combination of values and a scope kind.
struct Row {
    values: Vec<f64>,
    scope: String,
    /// The scope kind the source was rewritten to, if it was.
    rewritten: Option<ScopeChoice>,
    outcome: Result<Measure, String>,
}

struct Measure {
    compile_us: f64,
    run_us: f64,
    ir_ops: usize,
    code_bytes: usize,
    peak_kib: Option<u64>,
    /// The trip count of each scope known at compile time.
    trips: Vec<u64>,
}

/// The first swept param whose value is the trip count of some scope in every row that
/// ran (and there is one): the param that counts steps, whatever its name.
fn trip_count_param(params: &[(String, Vec<f64>)], rows: &[Row]) -> Option<usize> {
    let measured: Vec<(&[f64], &Measure)> = rows
        .iter()
        .filter_map(|row| Some((row.values.as_slice(), row.outcome.as_ref().ok()?)))
        .collect();
    if measured.is_empty() {
        return None;
    }
    (0..params.len()).find(|&index| {
        params[index].1.len() > 1
            && measured.iter().all(|(values, measure)| {
                (measure.trips.iter()).any(|&trips| trips as f64 == values[index])
            })
    })
}

pub fn sweep(args: &SweepArgs) -> Result<(), Failure> {
    let (name, source) = read_source(&args.file)?;
    let params = parse_sets(&args.set)?;
    let named_steps = match &args.per {
        Some(per) => match params.iter().position(|(param, _)| param == per) {
            Some(index) => Some(index),
            None => {
                return Err(Failure(format!(
                    "error: --per `{per}` is not a swept param; sweep it with --set {per}=V1,V2,..."
                )))
            }
        },
        None => None,
    };
    let combinations = combinations(&params);
    let kinds: Vec<Option<ScopeChoice>> = if args.scopes.is_empty() {
        vec![None]
    } else {
        let mut kinds = Vec::new();
        for &kind in &args.scopes {
            if !kinds.contains(&Some(kind)) {
                kinds.push(Some(kind));
            }
        }
        kinds
    };
    let sources: Vec<(Option<ScopeChoice>, String)> = kinds
        .iter()
        .map(|&kind| {
            let text = kind.map_or_else(
                || source.clone(),
                |k| arrayc::rewrite_scopes(&source, k.kind()),
            );
            (kind, text)
        })
        .collect();
    // One throw-away compile first, so the first row does not pay for warming up the
    // allocator and the code pages of the compiler itself.
    if let Some((_, text)) = sources.first() {
        let _ = arrayc::compile(
            text,
            &base_options(&args.limits, Some(&args.threads), &name),
        );
    }
    let memory = PeakMemory::new();
    let total = (combinations.len() * sources.len()) as u64;
    let progress = if std::io::stderr().is_terminal() {
        ProgressBar::new(total)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {msg}") {
        progress.set_style(style);
    }
    let mut rows = Vec::new();
    for values in &combinations {
        for (kind, text) in &sources {
            let label = row_label(&params, values, *kind);
            progress.set_message(label);
            let mut options = base_options(&args.limits, Some(&args.threads), &name);
            for ((param, _), &value) in params.iter().zip(values) {
                options.params.push((param.clone(), value));
            }
            // A Python script's loaded files are read before each compile (`np.load`).
            let outcome = python_inputs(&mut options, text, &args.inputs)
                .map_err(|Failure(message)| message)
                .and_then(|inputs| measure(text, &options, &inputs, args.repeat.max(1), &memory));
            let scope = match (kind, &outcome) {
                (Some(kind), _) => kind.keyword().to_string(),
                (None, Ok((_, kinds))) => kinds.clone(),
                (None, Err(_)) => "-".to_string(),
            };
            rows.push(Row {
                values: values.clone(),
                scope,
                rewritten: *kind,
                outcome: outcome.map(|(measure, _)| measure),
            });
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    let steps = named_steps.or_else(|| trip_count_param(&params, &rows));
    crate::output::emit(&table(&params, &rows, steps, &memory))?;
    let x = x_param(&params, steps);
    let crossings = crossings(&params, &rows, x);
    for crossing in &crossings {
        crate::output::emit(&format!("{}\n", crossing.0))?;
    }
    let failures: Vec<&Row> = rows.iter().filter(|row| row.outcome.is_err()).collect();
    if let Some(path) = &args.plot {
        let chart = chart(&name, &params, &rows, x, &crossings)?;
        plot::plot_sweep(path, &chart)?;
        crate::output::emit(&format!("wrote {}\n", path.display()))?;
    }
    if let Some(first) = failures.first() {
        let message = match &first.outcome {
            Err(message) => message.clone(),
            Ok(_) => String::new(),
        };
        return Err(Failure(format!(
            "{}\nerror: {} of {} runs failed; the first ({}) is shown above",
            message.trim_end(),
            failures.len(),
            rows.len(),
            row_label(&params, &first.values, first.rewritten)
        )));
    }
    Ok(())
}

/// `--set name=v1,v2` items, in order, each name once.
fn parse_sets(items: &[String]) -> Result<Vec<(String, Vec<f64>)>, Failure> {
    let mut params: Vec<(String, Vec<f64>)> = Vec::new();
    for item in items {
        let Some((name, list)) = item.split_once('=') else {
            return Err(Failure(format!(
                "error: --set takes NAME=V1,V2,..., not `{item}`"
            )));
        };
        let name = name.trim().to_string();
        if params.iter().any(|(known, _)| *known == name) {
            return Err(Failure(format!(
                "error: --set names `{name}` twice; list its values once, separated by commas"
            )));
        }
        let mut values = Vec::new();
        for text in list.split(',') {
            let Some(value) = parse_number(text) else {
                return Err(Failure(format!(
                    "error: --set {name}: `{}` is not a number",
                    text.trim()
                )));
            };
            values.push(value);
        }
        params.push((name, values));
    }
    Ok(params)
}

/// Every combination of values, the last param varying fastest.
fn combinations(params: &[(String, Vec<f64>)]) -> Vec<Vec<f64>> {
    let mut result = vec![Vec::new()];
    for (_, values) in params {
        let mut next = Vec::new();
        for prefix in &result {
            for &value in values {
                let mut combination = prefix.clone();
                combination.push(value);
                next.push(combination);
            }
        }
        result = next;
    }
    result
}

/// A param value as typed: `100`, not `100.0`.
fn value_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        arrayc::format_scalar(value)
    }
}

fn row_label(params: &[(String, Vec<f64>)], values: &[f64], kind: Option<ScopeChoice>) -> String {
    let mut parts: Vec<String> = params
        .iter()
        .zip(values)
        .map(|((name, _), value)| format!("{name}={}", value_text(*value)))
        .collect();
    if let Some(kind) = kind {
        parts.push(kind.keyword().to_string());
    }
    parts.join(" ")
}

/// Compiles and runs once (runs `repeat` times); returns the measure and the scope kinds
/// the compiled program contains.
fn measure(
    source: &str,
    options: &arrayc::Options,
    inputs: &[String],
    repeat: u32,
    memory: &PeakMemory,
) -> Result<(Measure, String), String> {
    memory.reset();
    let program = arrayc::compile(source, options).map_err(|e| e.render())?;
    let inputs = load_inputs(&program, inputs).map_err(|Failure(message)| message)?;
    let views = views(&inputs);
    let mut run_us = f64::INFINITY;
    for _ in 0..repeat {
        let result = program.run(&views).map_err(|e| e.render())?;
        run_us = run_us.min(result.run_us);
    }
    check_inputs_unchanged(&inputs).map_err(|Failure(message)| message)?;
    let report = program.report();
    let mut kinds: Vec<&str> = Vec::new();
    for scope in &report.scopes {
        if !kinds.contains(&scope.kind) {
            kinds.push(scope.kind);
        }
    }
    let kinds = if kinds.is_empty() {
        "-".to_string()
    } else {
        kinds.join("+")
    };
    Ok((
        Measure {
            compile_us: report.total_us,
            run_us,
            ir_ops: report.ir_ops,
            code_bytes: report.code_bytes,
            peak_kib: memory.peak_kib(),
            trips: report
                .scopes
                .iter()
                .filter_map(|scope| scope.trips)
                .collect(),
        },
        kinds,
    ))
}

/// The peak resident memory of this process, from Linux's `/proc/self/status` (`VmHWM`).
/// Writing 5 to `/proc/self/clear_refs` resets the mark, so each row gets its own peak.
struct PeakMemory {
    resettable: bool,
}

impl PeakMemory {
    fn new() -> PeakMemory {
        PeakMemory {
            resettable: Self::try_reset(),
        }
    }

    fn try_reset() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }

    fn reset(&self) {
        if self.resettable {
            Self::try_reset();
        }
    }

    fn peak_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        line.trim_start_matches("VmHWM:")
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    }

    fn footnote(&self) -> &'static str {
        if !std::path::Path::new("/proc/self/status").exists() {
            "peak MiB: not available (no /proc/self/status on this system)"
        } else if self.resettable {
            "peak MiB: VmHWM (peak resident set) of the arrayc process from /proc/self/status, reset through /proc/self/clear_refs before each row's compile; it includes the process's own baseline"
        } else {
            "peak MiB: VmHWM (peak resident set) of the arrayc process since it started, from /proc/self/status (the mark could not be reset per row, so it never decreases)"
        }
    }
}

fn table(
    params: &[(String, Vec<f64>)],
    rows: &[Row],
    steps: Option<usize>,
    memory: &PeakMemory,
) -> String {
    let mut header: Vec<String> = params.iter().map(|(name, _)| name.clone()).collect();
    for title in [
        "scope",
        "compile µs",
        "run µs",
        "µs/step",
        "IR ops",
        "code bytes",
        "peak MiB",
    ] {
        header.push(title.to_string());
    }
    let mut cells: Vec<Vec<String>> = vec![header];
    for row in rows {
        let mut line: Vec<String> = row.values.iter().map(|v| value_text(*v)).collect();
        line.push(row.scope.clone());
        match &row.outcome {
            Ok(measure) => {
                let per_step = steps
                    .and_then(|index| row.values.get(index))
                    .filter(|&&steps| steps > 0.0)
                    .map_or(String::new(), |steps| {
                        format!("{:.3}", measure.run_us / steps)
                    });
                line.push(format!("{:.1}", measure.compile_us));
                line.push(format!("{:.1}", measure.run_us));
                line.push(per_step);
                line.push(measure.ir_ops.to_string());
                line.push(measure.code_bytes.to_string());
                line.push(measure.peak_kib.map_or("n/a".to_string(), |kib| {
                    format!("{:.1}", kib as f64 / 1024.0)
                }));
            }
            Err(_) => {
                line.push("error".to_string());
                for _ in 0..5 {
                    line.push(String::new());
                }
            }
        }
        cells.push(line);
    }
    let columns = cells[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            cells
                .iter()
                .map(|line| line.get(column).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in &cells {
        let padded: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| format!("{cell:>width$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!("\n{}\n", memory.footnote()));
    out
}

/// The rows grouped into lines for the chart and the crossing search: the x value is the
/// param that counts steps when there is one and it is swept, else the first swept param;
/// the other values and the scope kind name the line.
struct Line<'a> {
    other: Vec<(String, f64)>,
    scope: String,
    rewritten: Option<ScopeChoice>,
    points: Vec<(f64, &'a Measure)>,
}

fn x_param(params: &[(String, Vec<f64>)], steps: Option<usize>) -> Option<usize> {
    let swept = |index: &usize| params[*index].1.len() > 1;
    steps
        .filter(swept)
        .or_else(|| (0..params.len()).find(swept))
}

fn lines<'a>(params: &[(String, Vec<f64>)], rows: &'a [Row], x: usize) -> Vec<Line<'a>> {
    let mut lines: Vec<Line<'a>> = Vec::new();
    for row in rows {
        let Ok(measure) = &row.outcome else { continue };
        let other: Vec<(String, f64)> = params
            .iter()
            .zip(&row.values)
            .enumerate()
            .filter(|(index, ((_, values), _))| *index != x && values.len() > 1)
            .map(|(_, ((name, _), &value))| (name.clone(), value))
            .collect();
        let x_value = row.values[x];
        match lines
            .iter_mut()
            .find(|line| line.other == other && line.scope == row.scope)
        {
            Some(line) => line.points.push((x_value, measure)),
            None => lines.push(Line {
                other,
                scope: row.scope.clone(),
                rewritten: row.rewritten,
                points: vec![(x_value, measure)],
            }),
        }
    }
    for line in &mut lines {
        line.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
}

fn other_label(other: &[(String, f64)]) -> String {
    other
        .iter()
        .map(|(name, value)| format!(" {name}={}", value_text(*value)))
        .collect()
}

/// Where the total time (compile + run) of the `for` form meets the `loop` form's, per
/// combination of the other swept values: a sentence for the terminal and the x value.
fn crossings(
    params: &[(String, Vec<f64>)],
    rows: &[Row],
    x: Option<usize>,
) -> Vec<(String, Crossing)> {
    let Some(x) = x else {
        return Vec::new();
    };
    let x_name = &params[x].0;
    let lines = lines(params, rows, x);
    let mut found = Vec::new();
    for for_line in lines
        .iter()
        .filter(|l| l.rewritten == Some(ScopeChoice::For))
    {
        let Some(loop_line) = lines
            .iter()
            .find(|l| l.rewritten == Some(ScopeChoice::Loop) && l.other == for_line.other)
        else {
            continue;
        };
        let total = |m: &Measure| m.compile_us + m.run_us;
        let differences: Vec<(f64, f64)> = for_line
            .points
            .iter()
            .filter_map(|(x, for_measure)| {
                let (_, loop_measure) = loop_line.points.iter().find(|(lx, _)| lx == x)?;
                Some((*x, total(for_measure) - total(loop_measure)))
            })
            .collect();
        for pair in differences.windows(2) {
            let ((x0, d0), (x1, d1)) = (pair[0], pair[1]);
            if d0 == 0.0 || d0.signum() == d1.signum() {
                continue;
            }
            // Interpolate linearly in the difference against log x (linear x if not positive).
            let t = d0 / (d0 - d1);
            let at = if x0 > 0.0 && x1 > 0.0 {
                (x0.ln() + t * (x1.ln() - x0.ln())).exp()
            } else {
                x0 + t * (x1 - x0)
            };
            let label = format!("for = loop{}", other_label(&for_line.other));
            let sentence = format!(
                "{}total time (compile + run) of for and loop cross between {x_name}={} and {x_name}={} (about {x_name}={}); {} is cheaper above",
                if for_line.other.is_empty() {
                    String::new()
                } else {
                    format!("at{}: ", other_label(&for_line.other))
                },
                value_text(x0),
                value_text(x1),
                plot::round(at),
                if d1 > 0.0 { "loop" } else { "for" }
            );
            found.push((sentence, Crossing { label, x: at }));
        }
    }
    found
}

fn chart(
    name: &str,
    params: &[(String, Vec<f64>)],
    rows: &[Row],
    x: Option<usize>,
    crossings: &[(String, Crossing)],
) -> Result<SweepChart, Failure> {
    let Some(x) = x else {
        return Err(Failure(
            "error: --plot needs a param with several values to draw against, e.g. --set steps=1,10,100"
                .to_string(),
        ));
    };
    let (x_name, values) = &params[x];
    if values.iter().any(|v| *v <= 0.0) {
        return Err(Failure(format!(
            "error: --plot draws on log axes, so the values of `{x_name}` must be positive"
        )));
    }
    let series = lines(params, rows, x)
        .into_iter()
        .map(|line| Series {
            label: format!("{}{}", line.scope, other_label(&line.other)),
            points: line
                .points
                .iter()
                .map(|(x, measure)| Point {
                    x: *x,
                    compile_us: measure.compile_us,
                    run_us: measure.run_us,
                })
                .collect(),
        })
        .collect();
    Ok(SweepChart {
        title: format!("{name}: compile and run time"),
        x_name: x_name.clone(),
        series,
        crossings: crossings
            .iter()
            .map(|(_, crossing)| Crossing {
                label: crossing.label.clone(),
                x: crossing.x,
            })
            .collect(),
    })
}
