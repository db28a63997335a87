//! Runtime: runs compiled code. Allocates the program's buffers, points the context's
//! table at them (inputs and constants are read in place, never copied), calls the entry
//! function and turns a non-zero status into a run-time diagnostic with its source span.
//!
//! Also implements `print` for generated code, writing to the host's writer.

use crate::codegen::{EntryFn, RowsFn, RunContext};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::ir::{self, BufferInit};
use std::io::Write;

/// What the callbacks need, behind `RunContext::host`.
struct Host<'p, 'w> {
    program: &'p ir::Program,
    writer: &'w mut dyn Write,
    /// The first failed write of `print`, which stops the run.
    write_error: Option<std::io::Error>,
    table: *mut *mut f64,
    threads: Option<&'p rayon::ThreadPool>,
}

/// The status `print_buffer` returns when the host's writer fails; sites are numbered from 1,
/// so no site has it.
const WRITE_FAILED: i32 = -1;

/// The context pointer, shared by the threads running one kernel's rows. Row functions
/// only read the context (the buffer table and slots) and write disjoint rows.
#[derive(Clone, Copy)]
struct SharedContext(*mut RunContext);
// SAFETY: see above; the pointer outlives the scope that the threads run in.
unsafe impl Send for SharedContext {}
// SAFETY: as above.
unsafe impl Sync for SharedContext {}

/// Called by generated code for a large kernel: splits its rows into one contiguous part
/// per thread (each element is computed by exactly one thread, the same way whatever the
/// split, so results do not depend on the thread count) and returns the first failure.
///
/// # Safety
/// `context` must be the context `run` passed to the generated code, during that call,
/// and `rows_fn` a row function generated for it.
pub unsafe extern "C" fn parallel_rows(
    context: *mut RunContext,
    rows_fn: RowsFn,
    rows: i64,
) -> i32 {
    // SAFETY: the caller's contract.
    let pool = unsafe { (*(*context).host.cast::<Host<'_, '_>>()).threads };
    let Some(pool) = pool else {
        // SAFETY: the caller's contract.
        return unsafe { rows_fn(context, 0, rows) };
    };
    // A fixed array keeps the dispatch free of allocation.
    const MAX_PARTS: usize = 64;
    let parts = (pool.current_num_threads() as i64).clamp(1, rows.clamp(1, MAX_PARTS as i64));
    let bounds = |part: i64| (part * rows / parts, (part + 1) * rows / parts);
    let statuses: [std::sync::atomic::AtomicI32; MAX_PARTS] =
        std::array::from_fn(|_| std::sync::atomic::AtomicI32::new(0));
    let shared = SharedContext(context);
    pool.scope(|scope| {
        for part in 1..parts {
            let statuses = &statuses;
            scope.spawn(move |_| {
                let (first, end) = bounds(part);
                let shared = shared;
                // SAFETY: the caller's contract; parts write disjoint rows.
                let status = unsafe { rows_fn(shared.0, first, end) };
                statuses[part as usize].store(status, std::sync::atomic::Ordering::Relaxed);
            });
        }
        let (first, end) = bounds(0);
        // SAFETY: as above.
        let status = unsafe { rows_fn(shared.0, first, end) };
        statuses[0].store(status, std::sync::atomic::Ordering::Relaxed);
    });
    statuses[..parts as usize]
        .iter()
        .map(|s| s.load(std::sync::atomic::Ordering::Relaxed))
        .find(|&s| s != 0)
        .unwrap_or(0)
}

/// Called by generated code for `print`; returns 0, or `WRITE_FAILED` when the writer fails
/// (a closed pipe or a full disk), which stops the run: a program printing in a long loop
/// would otherwise go on for nothing.
///
/// # Safety
/// `context` must be the context `run` passed to the generated code, during that call.
pub unsafe extern "C" fn print_buffer(context: *mut RunContext, id: u32) -> i32 {
    // SAFETY: generated code passes the context `run` created, which outlives the call, and
    // a buffer id that `ir::verify` checked; the table entry points at that buffer's data.
    unsafe {
        let host = &mut *(*context).host.cast::<Host<'_, '_>>();
        let Some((buffer, shape)) = host.program.prints.get(id as usize) else {
            return 0;
        };
        let Some(info) = host.program.buffers.get(*buffer as usize) else {
            return 0;
        };
        let data = std::slice::from_raw_parts(*host.table.add(*buffer as usize), info.len());
        // A panic (a panicking writer) must not unwind through generated code: that aborts.
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            writeln!(host.writer, "{}", format_array(shape, data))
        }))
        .unwrap_or_else(|_| Err(std::io::Error::other("the writer panicked")));
        if let Err(error) = written {
            host.write_error = Some(error);
            return WRITE_FAILED;
        }
    }
    0
}

/// A zeroed scratch buffer, allocated as a `Vec<f64>` would be so that an output can be
/// handed to the caller as one without a copy. (The allocator's `calloc` hands out fresh
/// zero pages lazily; codegen's vector loads and stores do not assume more than the
/// 8-byte alignment that inputs have too.)
struct Scratch {
    data: Vec<f64>,
}

impl Scratch {
    /// `None` when the allocator refuses (the size was already checked against the
    /// program's memory limit at compile time).
    fn zeroed(len: usize) -> Option<Scratch> {
        let layout = std::alloc::Layout::array::<f64>(len.max(1)).ok()?;
        // SAFETY: the layout has a non-zero size.
        let pointer = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<f64>();
        if pointer.is_null() {
            return None;
        }
        // SAFETY: allocated by the global allocator with the layout of `[f64; len.max(1)]`,
        // which is what a `Vec<f64>` of that capacity owns; all `len` elements are
        // initialised (zero bits are 0.0).
        let data = unsafe { Vec::from_raw_parts(pointer, len, len.max(1)) };
        Some(Scratch { data })
    }
}

/// A named output: name, shape and data.
pub type OutputData = (String, Vec<usize>, Vec<f64>);

/// A handle that stops runs: once `interrupt` is called, every run given this handle stops
/// at its next `loop` iteration with the run-time error "interrupted", until `reset`.
/// Clones share one flag, so a clone may be kept by another thread or a signal handler.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Interrupt {
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Asks every run using this handle to stop.
    pub fn interrupt(&self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn is_interrupted(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Lets runs with this handle go on again.
    pub fn reset(&self) {
        self.0.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// The flag itself, valid while any clone of the handle lives (setting it is
    /// async-signal-safe, for a signal handler).
    pub fn flag(&self) -> &std::sync::atomic::AtomicBool {
        &self.0
    }
}

/// One input array supplied by the caller: shape and C-order data.
#[derive(Debug, Clone, Copy)]
pub struct InputView<'a> {
    pub shape: &'a [usize],
    pub data: &'a [f64],
}

/// Runs the program once. `inputs` must hold exactly one view of the declared shape per
/// input buffer, in buffer order (the library checks names and shapes before calling).
pub fn run(
    program: &ir::Program,
    entry: EntryFn,
    inputs: &[InputView<'_>],
    writer: &mut dyn Write,
    threads: Option<&rayon::ThreadPool>,
    interrupt: &Interrupt,
) -> Result<Vec<OutputData>, Diagnostic> {
    let mut storage: Vec<Scratch> = Vec::new();
    // Which scratch allocation each table entry started as, to find outputs after swaps.
    let mut table: Vec<*mut f64> = Vec::with_capacity(program.buffers.len());
    let mut next_input = inputs.iter();
    for buffer in &program.buffers {
        let pointer = match &buffer.init {
            BufferInit::Scratch => {
                let Some(mut data) = Scratch::zeroed(buffer.len()) else {
                    let message = format!(
                        "the system refused {} MiB for the array `{}` (within the memory limit, \
                         but more than is free)",
                        buffer.len().saturating_mul(8).div_ceil(1 << 20),
                        buffer.name
                    );
                    let id = table.len() as ir::BufferId;
                    return Err(match writer_span(&program.body, id) {
                        Some(span) => Diagnostic::new(ErrorKind::Limit, message, span),
                        None => Diagnostic::without_span(ErrorKind::Limit, message),
                    });
                };
                let pointer = data.data.as_mut_ptr();
                storage.push(data);
                pointer
            }
            BufferInit::Constant(data) => {
                if data.len() != buffer.len() {
                    return Err(internal("constant buffer has the wrong length"));
                }
                // Generated code never writes a constant buffer (`ir::verify` checks it).
                let pointer: *const u8 = match data {
                    ir::ConstData::F64(values) => values.as_ptr().cast(),
                    ir::ConstData::F32(values) => values.as_ptr().cast(),
                    ir::ConstData::I64(values) => values.as_ptr().cast(),
                    ir::ConstData::Bool(values) => values.as_ptr().cast(),
                };
                if data.is_empty() {
                    std::ptr::NonNull::dangling().as_ptr()
                } else {
                    pointer as *mut f64
                }
            }
            BufferInit::Input(_) => {
                let Some(view) = next_input.next() else {
                    return Err(internal("too few inputs"));
                };
                if view.data.len() != buffer.len() || view.shape != buffer.shape.as_slice() {
                    return Err(internal("input of the wrong shape"));
                }
                // Inputs are read-only too: the caller's memory (or a memory map) is used in place.
                if view.data.is_empty() {
                    std::ptr::NonNull::dangling().as_ptr()
                } else {
                    view.data.as_ptr() as *mut f64
                }
            }
        };
        table.push(pointer);
    }
    let mut slots = vec![0.0f64; program.slots.max(1) as usize];
    let mut host = Host {
        program,
        writer,
        write_error: None,
        table: table.as_mut_ptr(),
        threads,
    };
    let mut context = RunContext {
        buffers: table.as_mut_ptr(),
        slots: slots.as_mut_ptr(),
        error_value: 0.0,
        host: (&mut host as *mut Host<'_, '_>).cast(),
        interrupt: interrupt.flag(),
    };
    // SAFETY: the entry function was generated from `program`, which `ir::verify` proved
    // keeps every access inside the buffers allocated above; the context and everything
    // it points to live until the call returns.
    let status = unsafe { entry(&mut context) };
    if status == crate::codegen::STATUS_INTERRUPTED {
        // A `loop` saw the interrupt flag; the error value is the index of its site.
        let site = program.sites.get(context.error_value as usize);
        return Err(match site {
            Some(site) => Diagnostic::new(ErrorKind::Runtime, "interrupted", site.span),
            None => internal("generated code returned an unknown status"),
        });
    }
    if status == WRITE_FAILED {
        let error = host.write_error.take();
        return Err(Diagnostic::without_span(
            ErrorKind::Runtime,
            match error {
                Some(error) => format!("cannot write the output of `print`: {error}"),
                None => "cannot write the output of `print`".to_string(),
            },
        ));
    }
    if status != 0 {
        let site = usize::try_from(status)
            .ok()
            .and_then(|status| program.sites.get(status - 1));
        let value = context.error_value;
        return Err(match site {
            Some(site) => Diagnostic::new(
                ErrorKind::Runtime,
                format!(
                    "{} (the value was {})",
                    site_message(&site.message, value),
                    format_scalar(value)
                ),
                site.span,
            ),
            None => internal("generated code returned an unknown status"),
        });
    }
    // Outputs in scratch buffers are moved out, not copied: a program whose arrays fill the
    // memory limit must not need twice that at its end. A buffer named by two outputs, and
    // outputs of constant or input data, are copied (those are the caller's or the
    // program's own memory).
    let mut owners: Vec<(*mut f64, Option<Vec<f64>>)> = storage
        .into_iter()
        .map(|mut scratch| (scratch.data.as_mut_ptr(), Some(scratch.data)))
        .collect();
    let mut outputs = Vec::new();
    for output in &program.outputs {
        let info = &program.buffers[output.buffer as usize];
        let pointer = table[output.buffer as usize];
        let owned = owners
            .iter_mut()
            .find(|(start, _)| *start == pointer)
            .and_then(|(_, data)| data.take());
        let data = match owned {
            Some(data) => data,
            None => {
                // SAFETY: the table entry points at `info.len()` initialised elements: a
                // constant, an input, or a scratch buffer already moved into an earlier
                // output (whose heap memory stays where it is).
                let data = unsafe { std::slice::from_raw_parts(pointer, info.len()) };
                let mut copy = Vec::new();
                if copy.try_reserve_exact(data.len()).is_err() {
                    return Err(Diagnostic::without_span(
                        ErrorKind::Limit,
                        format!(
                            "the system refused {} MiB for the output `{}`",
                            data.len().saturating_mul(8).div_ceil(1 << 20),
                            output.name
                        ),
                    ));
                }
                copy.extend_from_slice(data);
                copy
            }
        };
        outputs.push((output.name.clone(), info.shape.clone(), data));
    }
    Ok(outputs)
}

/// A failed index check says what was wrong with the value: not an integer, or out of range.
fn site_message(message: &str, value: f64) -> String {
    if message.starts_with("index out of range") && (value.fract() != 0.0 || value.is_nan()) {
        if let Some(axis) = message.strip_prefix("index out of range ") {
            return format!("an index must be an integer ({axis})");
        }
    }
    message.to_string()
}

/// Where to point a run-time allocation failure: the first kernel that writes the buffer.
fn writer_span(statements: &[ir::Stmt], buffer: ir::BufferId) -> Option<crate::diagnostic::Span> {
    statements.iter().find_map(|statement| match statement {
        ir::Stmt::Kernel(kernel) => (kernel.dst == buffer).then_some(kernel.span),
        ir::Stmt::Loop(body) => writer_span(&body.body, buffer),
        ir::Stmt::Repeat(body) => writer_span(&body.body, buffer),
        ir::Stmt::If {
            then_body,
            else_body,
            ..
        } => writer_span(then_body, buffer).or_else(|| writer_span(else_body, buffer)),
        ir::Stmt::Swap(..) | ir::Stmt::Print { .. } | ir::Stmt::Break | ir::Stmt::Continue => None,
    })
}

fn internal(message: &str) -> Diagnostic {
    Diagnostic::without_span(ErrorKind::Internal, message)
}

/// A float as Python prints it: shortest round trip, always with a `.` or an exponent.
pub fn format_scalar(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-4..1e16).contains(&magnitude) {
        let text = format!("{value:e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.abs());
    }
    let text = format!("{value}");
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// NumPy's line width for printing arrays.
const LINE_WIDTH: usize = 75;

/// How every element of one printed array is laid out (NumPy's `FloatingFormat`).
struct Layout {
    exponential: bool,
    /// Widest integer part (sign included) and fractional part, or mantissa and exponent.
    left: usize,
    right: usize,
    exponent: usize,
}

/// The digits of `value` as NumPy's `dragon4` gives them with `precision=8`: the shortest
/// round-trip form, rounded to 8 digits after the point when it is longer.
fn positional_digits(value: f64) -> (String, String) {
    let shortest = format!("{}", value.abs());
    let text = match shortest.split_once('.') {
        Some((_, fraction)) if fraction.len() > 8 => {
            let rounded = format!("{:.8}", value.abs());
            rounded.trim_end_matches('0').to_string()
        }
        _ => shortest,
    };
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value.is_sign_negative() { "-" } else { "" };
    (format!("{sign}{integer}"), fraction.to_string())
}

/// Mantissa digits after the point and the exponent, as NumPy's scientific format.
fn scientific_digits(value: f64) -> (String, String, i32) {
    let shortest = format!("{:e}", value.abs());
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let mut exponent: i32 = exponent.parse().unwrap_or(0);
    let (mut integer, mut fraction) = match mantissa.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (mantissa.to_string(), String::new()),
    };
    if fraction.len() > 8 {
        let rounded = format!("{:.8e}", value.abs());
        let (m, e) = rounded.split_once('e').unwrap_or((&rounded, "0"));
        exponent = e.parse().unwrap_or(exponent);
        let (i, f) = m.split_once('.').unwrap_or((m, ""));
        integer = i.to_string();
        fraction = f.trim_end_matches('0').to_string();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    (format!("{sign}{integer}"), fraction, exponent)
}

impl Layout {
    fn of(values: &[f64]) -> Layout {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let magnitudes: Vec<f64> = finite
            .iter()
            .map(|v| v.abs())
            .filter(|&v| v != 0.0)
            .collect();
        let max = magnitudes.iter().copied().fold(0.0f64, f64::max);
        let min = magnitudes.iter().copied().fold(f64::INFINITY, f64::min);
        let exponential = !magnitudes.is_empty() && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
        let mut layout = Layout {
            exponential,
            left: 0,
            right: 0,
            exponent: 2,
        };
        for &value in &finite {
            if exponential {
                let (integer, fraction, exponent) = scientific_digits(value);
                layout.left = layout.left.max(integer.len());
                layout.right = layout.right.max(fraction.len());
                layout.exponent = layout
                    .exponent
                    .max(exponent.unsigned_abs().to_string().len());
            } else {
                let (integer, fraction) = positional_digits(value);
                layout.left = layout.left.max(integer.len());
                layout.right = layout.right.max(fraction.len());
            }
        }
        // Non-finite values need room too, and a sign if any is negative.
        for value in values.iter().filter(|v| !v.is_finite()) {
            let text = format_scalar(*value);
            let width = layout.left + 1 + layout.right;
            if text.len() > width {
                layout.left += text.len() - width;
            }
        }
        layout
    }

    fn width(&self) -> usize {
        let exponent = if self.exponential {
            2 + self.exponent
        } else {
            0
        };
        self.left + 1 + self.right + exponent
    }

    fn format(&self, value: f64) -> String {
        if !value.is_finite() {
            return format!("{:>width$}", format_scalar(value), width = self.width());
        }
        if self.exponential {
            let (integer, fraction, exponent) = scientific_digits(value);
            let sign = if exponent < 0 { '-' } else { '+' };
            format!(
                "{integer:>left$}.{fraction:0<right$}e{sign}{:0>digits$}",
                exponent.unsigned_abs(),
                left = self.left,
                right = self.right,
                digits = self.exponent
            )
        } else {
            let (integer, fraction) = positional_digits(value);
            format!(
                "{integer:>left$}.{fraction:<right$}",
                left = self.left,
                right = self.right
            )
        }
    }
}

/// Prints an array as NumPy's `print` does: a common width for every element, lines of at
/// most 75 characters, and `...` past 1000 elements.
pub fn format_array(shape: &[usize], data: &[f64]) -> String {
    if shape.is_empty() {
        return data
            .first()
            .map_or("nan".to_string(), |v| format_scalar(*v));
    }
    if data.is_empty() {
        return "[]".to_string();
    }
    let summarise = data.len() > 1000;
    let mut shown = Vec::new();
    collect_shown(shape, data, summarise, &mut shown);
    let layout = Layout::of(&shown);
    let mut out = String::new();
    write_level(&mut out, shape, data, 0, summarise, &layout);
    out
}

/// The indices along one axis that are printed (`None` is the `...`).
fn picks(extent: usize, summarise: bool) -> Vec<Option<usize>> {
    if summarise && extent > 6 {
        (0..3)
            .map(Some)
            .chain([None])
            .chain((extent - 3..extent).map(Some))
            .collect()
    } else {
        (0..extent).map(Some).collect()
    }
}

fn collect_shown(shape: &[usize], data: &[f64], summarise: bool, shown: &mut Vec<f64>) {
    let inner: usize = shape[1..].iter().product();
    for i in picks(shape[0], summarise).into_iter().flatten() {
        if shape.len() == 1 {
            shown.push(data[i]);
        } else {
            collect_shown(
                &shape[1..],
                &data[i * inner..(i + 1) * inner],
                summarise,
                shown,
            );
        }
    }
}

fn write_level(
    out: &mut String,
    shape: &[usize],
    data: &[f64],
    depth: usize,
    summarise: bool,
    layout: &Layout,
) {
    let inner: usize = shape[1..].iter().product();
    let picks = picks(shape[0], summarise);
    let indent = " ".repeat(depth + 1);
    out.push('[');
    if shape.len() == 1 {
        // Words wrap at the line width; the closing bracket counts on the last line.
        let mut line_length = depth + 1;
        for (k, pick) in picks.iter().enumerate() {
            let word = match pick {
                Some(i) => layout.format(data[*i]),
                None => "...".to_string(),
            };
            let closing = usize::from(k + 1 == picks.len());
            if k > 0 {
                if line_length + 1 + word.len() + closing > LINE_WIDTH {
                    let trimmed = out.trim_end_matches(' ').len();
                    out.truncate(trimmed);
                    out.push('\n');
                    out.push_str(&indent);
                    line_length = indent.len();
                } else {
                    out.push(' ');
                    line_length += 1;
                }
            }
            out.push_str(&word);
            line_length += word.len();
        }
    } else {
        let separator = format!("{}{indent}", "\n".repeat(shape.len() - 1));
        for (k, pick) in picks.iter().enumerate() {
            if k > 0 {
                out.push_str(&separator);
            }
            match pick {
                Some(i) => write_level(
                    out,
                    &shape[1..],
                    &data[i * inner..(i + 1) * inner],
                    depth + 1,
                    summarise,
                    layout,
                ),
                None => out.push_str("..."),
            }
        }
    }
    out.push(']');
}
