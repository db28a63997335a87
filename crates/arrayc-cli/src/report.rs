//! Text and JSON renderings of what a run produced: output statistics and the compile-cost
//! report. Pure formatting: no files, no terminal.

use arrayc::{Array, CompileReport, Program, RunResult};

/// NumPy's `min`, `max` (NaN if any element is NaN), `mean` and `sum` of an array.
pub struct Stats {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub sum: f64,
}

impl Stats {
    pub fn of(array: &Array) -> Stats {
        let sum = array.data.iter().fold(0.0, |sum, value| sum + value);
        Stats {
            min: array.min(),
            max: array.max(),
            mean: sum / array.data.len() as f64,
            sum,
        }
    }
}

/// One line per output: its shape and statistics, or the value of a scalar.
pub fn output_line(name: &str, array: &Array) -> String {
    if let (true, [value]) = (array.shape.is_empty(), array.data.as_slice()) {
        return format!("{name}: shape []  value {}", arrayc::format_scalar(*value));
    }
    let stats = Stats::of(array);
    format!(
        "{name}: shape {:?}  min {}  max {}  mean {}  sum {}",
        array.shape,
        arrayc::format_scalar(stats.min),
        arrayc::format_scalar(stats.max),
        arrayc::format_scalar(stats.mean),
        arrayc::format_scalar(stats.sum)
    )
}

pub fn timings_text(name: &str, report: &CompileReport, run_us: f64) -> String {
    let mut out = format!("\ncompile-cost report for {name}\n");
    let rows = [
        ("parse", report.parse_us),
        ("check", report.check_us),
        ("lower + unroll", report.lower_us),
        ("codegen (Cranelift)", report.codegen_us),
        ("finalize", report.finalize_us),
        ("compile total", report.total_us),
        ("run", run_us),
    ];
    for (label, micros) in rows {
        out.push_str(&format!("  {label:<20} {micros:>12.1} µs"));
        if label == "codegen (Cranelift)" {
            let threads = report.codegen_threads;
            out.push_str(&format!(
                " on {threads} thread{}",
                if threads == 1 { "" } else { "s" }
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("  {:<20} {:>12}\n", "IR ops", report.ir_ops));
    out.push_str(&format!(
        "  {:<20} {:>12} in {} function{}\n",
        "code bytes",
        report.code_bytes,
        report.functions,
        if report.functions == 1 { "" } else { "s" }
    ));
    if !report.scopes.is_empty() {
        out.push_str(&format!(
            "  {:<6} {:>6} {:>10} {:>7} {:>10}\n",
            "scope", "line", "trips", "unroll", "IR ops"
        ));
        for scope in &report.scopes {
            let trips = scope.trips.map_or("runtime".to_string(), |t| t.to_string());
            out.push_str(&format!(
                "  {:<6} {:>6} {:>10} {:>7} {:>10}\n",
                scope.kind, scope.line, trips, scope.unroll, scope.ir_ops
            ));
        }
    }
    out
}

fn json_number(value: f64) -> String {
    if value.is_finite() {
        format!("{value:?}")
    } else {
        "null".to_string()
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn json_document(program: &Program, result: &RunResult) -> String {
    let report = program.report();
    let outputs: Vec<String> = result
        .outputs
        .iter()
        .map(|(name, array)| {
            let stats = Stats::of(array);
            let shape: Vec<String> = array.shape.iter().map(|e| e.to_string()).collect();
            // A scalar's value is given as such; the statistics stay for a uniform schema.
            let value = match (array.shape.is_empty(), array.data.as_slice()) {
                (true, [value]) => format!("\"value\": {}, ", json_number(*value)),
                _ => String::new(),
            };
            format!(
                "{}: {{\"shape\": [{}], \"dtype\": \"{}\", {value}\"min\": {}, \"max\": {}, \"mean\": {}, \"sum\": {}}}",
                json_string(name),
                shape.join(", "),
                array.dtype().numpy_name(),
                json_number(stats.min),
                json_number(stats.max),
                json_number(stats.mean),
                json_number(stats.sum)
            )
        })
        .collect();
    let round = |v: f64| (v.round() as u64).to_string();
    let scopes: Vec<String> = report
        .scopes
        .iter()
        .map(|scope| {
            format!(
                "{{\"kind\": \"{}\", \"line\": {}, \"trips\": {}, \"unroll\": {}, \"ir_ops\": {}}}",
                scope.kind,
                scope.line,
                scope.trips.map_or("null".to_string(), |t| t.to_string()),
                scope.unroll,
                scope.ir_ops
            )
        })
        .collect();
    format!(
        "{{\"outputs\": {{{}}}, \"timings_us\": {{\"parse\": {}, \"check\": {}, \"lower\": {}, \"codegen\": {}, \"finalize\": {}, \"compile_total\": {}, \"run\": {}}}, \"codegen_threads\": {}, \"ir_ops\": {}, \"code_bytes\": {}, \"functions\": {}, \"scopes\": [{}]}}",
        outputs.join(", "),
        round(report.parse_us),
        round(report.check_us),
        round(report.lower_us),
        round(report.codegen_us),
        round(report.finalize_us),
        round(report.total_us),
        round(result.run_us),
        report.codegen_threads,
        report.ir_ops,
        report.code_bytes,
        report.functions,
        scopes.join(", ")
    )
}
