//! Text and JSON renderings of what a run produced: output statistics and the compile-cost
//! report. Pure formatting: no files, no terminal.

use arrayc::{Array, ArrayData, CompileReport, DType, Program, RunResult};

/// NumPy's `min`, `max` (NaN if any element is NaN), `mean` and `sum` of an array, each
/// in the dtype NumPy gives it, with NumPy's bits: `min` and `max` in the array's; `sum`
/// and `mean` of floats in their dtype, summed in NumPy's order (`numpy_sum`); `sum` of
/// int64 and bool in int64 (wrapping, as NumPy's), their `mean` in float64 (the int64s
/// cast and summed in NumPy's buffers of 8,192, `cast_sum`).
pub struct Stats {
    pub min: Scalar,
    pub max: Scalar,
    pub mean: Scalar,
    pub sum: Scalar,
}

/// One statistic in its dtype.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    F64(f64),
    F32(f32),
    I64(i64),
    Bool(bool),
}

impl Scalar {
    /// As NumPy prints it.
    pub fn text(self) -> String {
        match self {
            Scalar::F64(value) => arrayc::format_scalar(value),
            Scalar::F32(value) => arrayc::format_array(&[], &[value]),
            Scalar::I64(value) => value.to_string(),
            Scalar::Bool(value) => if value { "True" } else { "False" }.to_string(),
        }
    }

    /// As a JSON value (`null` for a non-finite float).
    pub fn json(self) -> String {
        match self {
            Scalar::F64(value) => json_number(value),
            // The float32's shortest digits, which read back as it.
            Scalar::F32(value) if value.is_finite() => format!("{value:?}"),
            Scalar::F32(_) => "null".to_string(),
            Scalar::I64(value) => value.to_string(),
            Scalar::Bool(value) => value.to_string(),
        }
    }
}

impl Stats {
    pub fn of(array: &Array) -> Stats {
        let count = array.len() as f64;
        match &array.data {
            ArrayData::F64(values) => {
                let sum = numpy_sum(values);
                Stats {
                    min: Scalar::F64(array.min()),
                    max: Scalar::F64(array.max()),
                    mean: Scalar::F64(sum / count),
                    sum: Scalar::F64(sum),
                }
            }
            ArrayData::F32(values) => {
                let sum = numpy_sum(values);
                Stats {
                    // Exact: every float32 is a float64, NaN stays NaN.
                    min: Scalar::F32(array.min() as f32),
                    max: Scalar::F32(array.max() as f32),
                    // NumPy divides the float32 sum by an int64 count in float64 and
                    // rounds the quotient to float32.
                    mean: Scalar::F32((f64::from(sum) / count) as f32),
                    sum: Scalar::F32(sum),
                }
            }
            ArrayData::I64(values) => {
                let sum = values
                    .iter()
                    .fold(0i64, |sum, &value| sum.wrapping_add(value));
                let exact = cast_sum(values);
                let (min, max) = (values.iter().min(), values.iter().max());
                Stats {
                    // NumPy has no minimum of nothing; NaN says so, as for floats.
                    min: min.map_or(Scalar::F64(f64::NAN), |&v| Scalar::I64(v)),
                    max: max.map_or(Scalar::F64(f64::NAN), |&v| Scalar::I64(v)),
                    mean: Scalar::F64(exact / count),
                    sum: Scalar::I64(sum),
                }
            }
            ArrayData::Bool(values) => {
                let trues = values.iter().filter(|&&value| value).count() as i64;
                let (min, max) = if values.is_empty() {
                    (Scalar::F64(f64::NAN), Scalar::F64(f64::NAN))
                } else {
                    (
                        Scalar::Bool(values.iter().all(|&value| value)),
                        Scalar::Bool(values.iter().any(|&value| value)),
                    )
                };
                Stats {
                    min,
                    max,
                    mean: Scalar::F64(trues as f64 / count),
                    sum: Scalar::I64(trues),
                }
            }
        }
    }
}

/// The float element types NumPy sums pairwise.
trait Float: Copy + std::ops::Add<Output = Self> {
    const ZERO: Self;
    const NEGATIVE_ZERO: Self;
}

impl Float for f64 {
    const ZERO: f64 = 0.0;
    const NEGATIVE_ZERO: f64 = -0.0;
}

impl Float for f32 {
    const ZERO: f32 = 0.0;
    const NEGATIVE_ZERO: f32 = -0.0;
}

/// `np.sum` of a whole C-contiguous array (NumPy's iterator hands it to the add loop in
/// one piece): the reduction's 0 plus the pairwise sum of every element.
fn numpy_sum<T: Float>(values: &[T]) -> T {
    T::ZERO + pairwise_sum(values)
}

/// `np.sum(values, dtype=float64)` of int64s, as `np.mean` computes it: the cast values
/// come in NumPy's buffers of 8,192, each summed pairwise and added to the running sum.
fn cast_sum(values: &[i64]) -> f64 {
    let mut buffer = Vec::with_capacity(8192);
    values.chunks(8192).fold(0.0, |sum, chunk| {
        buffer.clear();
        buffer.extend(chunk.iter().map(|&value| value as f64));
        sum + pairwise_sum(&buffer)
    })
}

/// NumPy's `pairwise_sum` (`loops_utils.h.src`): below 8 elements one after the other from
/// -0.0; up to 128 with eight running sums over blocks of 8, combined as
/// `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the rest one by one; longer
/// ones are split at half rounded down to a multiple of 8.
fn pairwise_sum<T: Float>(values: &[T]) -> T {
    let n = values.len();
    if n < 8 {
        return values
            .iter()
            .fold(T::NEGATIVE_ZERO, |sum, &value| sum + value);
    }
    if n <= 128 {
        let mut r = [values[0]; 8];
        r.copy_from_slice(&values[..8]);
        let blocks = n - n % 8;
        for block in values[8..blocks].chunks_exact(8) {
            for (running, &value) in r.iter_mut().zip(block) {
                *running = *running + value;
            }
        }
        let sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        return values[blocks..].iter().fold(sum, |sum, &value| sum + value);
    }
    let half = n / 2 - n / 2 % 8;
    pairwise_sum(&values[..half]) + pairwise_sum(&values[half..])
}

/// The dtype after the shape in an output line: nothing for float64 (NumPy's default, which
/// its `repr` does not name either), the NumPy name otherwise.
fn dtype_suffix(dtype: DType) -> String {
    match dtype {
        DType::F64 => String::new(),
        DType::F32 | DType::I64 | DType::Bool => format!(" {}", dtype.numpy_name()),
    }
}

/// A value as the REPL shows it: as NumPy's `print`, followed by its dtype unless that is
/// float64.
pub fn value_text(array: &Array) -> String {
    let text = arrayc::format_array(&array.shape, &array.data);
    match array.dtype() {
        DType::F64 => text,
        dtype @ (DType::F32 | DType::I64 | DType::Bool) => {
            format!("{text}  ({})", dtype.numpy_name())
        }
    }
}

/// One line per output: its shape (and dtype, unless float64) and statistics, or the value
/// of a scalar.
pub fn output_line(name: &str, array: &Array) -> String {
    let dtype = dtype_suffix(array.dtype());
    if array.shape.is_empty() {
        let value = arrayc::format_array(&array.shape, &array.data);
        return format!("{name}: shape []{dtype}  value {value}");
    }
    let stats = Stats::of(array);
    format!(
        "{name}: shape {:?}{dtype}  min {}  max {}  mean {}  sum {}",
        array.shape,
        stats.min.text(),
        stats.max.text(),
        stats.mean.text(),
        stats.sum.text()
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
        if label == "finalize" {
            if let Some(place) = report.origin.cached() {
                // `compile total` is then the time to find the program; the rows above are
                // those of the compile that made it.
                out.push_str(&format!(
                    "  {:<20} {:>12.1} µs (from {place}; the phases above are the compile that made it)\n",
                    "cached", report.total_us
                ));
            }
        }
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

pub fn json_document(program: &Program, result: &RunResult, printed: &str) -> String {
    let report = program.report();
    let outputs: Vec<String> = result
        .outputs
        .iter()
        .map(|(name, array)| {
            let stats = Stats::of(array);
            let shape: Vec<String> = array.shape.iter().map(|e| e.to_string()).collect();
            // A scalar's value is given as such; the statistics stay for a uniform schema.
            let value = if array.shape.is_empty() && array.len() == 1 {
                format!("\"value\": {}, ", stats.min.json())
            } else {
                String::new()
            };
            format!(
                "{}: {{\"shape\": [{}], \"dtype\": \"{}\", {value}\"min\": {}, \"max\": {}, \"mean\": {}, \"sum\": {}}}",
                json_string(name),
                shape.join(", "),
                array.dtype().numpy_name(),
                stats.min.json(),
                stats.max.json(),
                stats.mean.json(),
                stats.sum.json()
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
    let printed: Vec<String> = printed.lines().map(json_string).collect();
    format!(
        "{{\"outputs\": {{{}}}, \"printed\": [{}], \"timings_us\": {{\"parse\": {}, \"check\": {}, \"lower\": {}, \"codegen\": {}, \"finalize\": {}, \"compile_total\": {}, \"run\": {}}}, \"codegen_threads\": {}, \"ir_ops\": {}, \"code_bytes\": {}, \"functions\": {}, \"scopes\": [{}], \"cached\": {}}}",
        outputs.join(", "),
        printed.join(", "),
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
        scopes.join(", "),
        report
            .origin
            .cached()
            .map_or("null".to_string(), |place| format!("\"{place}\""))
    )
}
