//! Runtime: runs compiled code. Allocates the program's buffers, points the context's
//! table at them (inputs and constants are read in place, never copied), calls the entry
//! function and turns a non-zero status into a run-time diagnostic with its source span.
//!
//! Also implements `print` for generated code, writing to the host's writer.

use crate::codegen::EntryFn;
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::ir::{self, BufferInit};
use std::io::Write;

/// What generated code sees through its one pointer argument. The field offsets are
/// `codegen::CONTEXT_*`.
#[repr(C)]
pub struct RunContext {
    buffers: *mut *mut f64,
    slots: *mut f64,
    error_value: f64,
    host: *mut Host<'static, 'static>,
}

struct Host<'p, 'w> {
    program: &'p ir::Program,
    writer: &'w mut dyn Write,
    table: *mut *mut f64,
}

/// Called by generated code for `print`; returns 0 (a failed write is not an error of the
/// program, so it is ignored).
///
/// # Safety
/// `context` must be the context `run` passed to the generated code, during that call.
pub unsafe extern "C" fn print_buffer(context: *mut RunContext, buffer: u32) -> i32 {
    // SAFETY: generated code passes the context `run` created, which outlives the call, and
    // a buffer id that `ir::verify` checked; the table entry points at that buffer's data.
    unsafe {
        let host = &mut *(*context).host;
        let Some(info) = host.program.buffers.get(buffer as usize) else {
            return 0;
        };
        let data = std::slice::from_raw_parts(*host.table.add(buffer as usize), info.len());
        let _ = writeln!(host.writer, "{}", format_array(&info.shape, data));
    }
    0
}

/// A named output: name, shape and data.
pub type OutputData = (String, Vec<usize>, Vec<f64>);

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
) -> Result<Vec<OutputData>, Diagnostic> {
    let mut storage: Vec<Vec<f64>> = Vec::new();
    let mut table: Vec<*mut f64> = Vec::with_capacity(program.buffers.len());
    let mut next_input = inputs.iter();
    for buffer in &program.buffers {
        let pointer = match &buffer.init {
            BufferInit::Scratch => {
                let mut data = vec![0.0f64; buffer.len().max(1)];
                let pointer = data.as_mut_ptr();
                storage.push(data);
                pointer
            }
            BufferInit::Constant(data) => {
                if data.len() != buffer.len() {
                    return Err(internal("constant buffer has the wrong length"));
                }
                // Generated code never writes a constant buffer (`ir::verify` checks it).
                if data.is_empty() {
                    std::ptr::NonNull::dangling().as_ptr()
                } else {
                    data.as_ptr() as *mut f64
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
        table: table.as_mut_ptr(),
    };
    let mut context = RunContext {
        buffers: table.as_mut_ptr(),
        slots: slots.as_mut_ptr(),
        error_value: 0.0,
        host: (&mut host as *mut Host<'_, '_>).cast(),
    };
    // SAFETY: the entry function was generated from `program`, which `ir::verify` proved
    // keeps every access inside the buffers allocated above; the context and everything
    // it points to live until the call returns.
    let status = unsafe { entry((&mut context as *mut RunContext).cast()) };
    if status != 0 {
        let site = program.sites.get(status as usize - 1);
        let value = context.error_value;
        return Err(match site {
            Some(site) => Diagnostic::new(
                ErrorKind::Runtime,
                format!("{} (the value was {})", site.message, format_scalar(value)),
                site.span,
            ),
            None => internal("generated code returned an unknown status"),
        });
    }
    let mut outputs = Vec::new();
    for output in &program.outputs {
        let info = &program.buffers[output.buffer as usize];
        // SAFETY: the table entry points at `info.len()` initialised elements.
        let data = unsafe { std::slice::from_raw_parts(table[output.buffer as usize], info.len()) };
        outputs.push((output.name.clone(), info.shape.clone(), data.to_vec()));
    }
    drop(storage);
    Ok(outputs)
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

/// An element as NumPy prints arrays: up to 8 significant digits, trailing zeros trimmed.
fn format_element(value: f64) -> String {
    if !value.is_finite() {
        return format_scalar(value);
    }
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-4..1e8).contains(&magnitude) {
        let text = format!("{value:.7e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0');
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.abs());
    }
    let digits = 8i32 - (magnitude.log10().floor() as i32 + 1).max(1);
    let text = format!("{value:.*}", digits.max(0) as usize);
    let text = if text.contains('.') {
        text.trim_end_matches('0').to_string()
    } else {
        text
    };
    if text.ends_with('.') || text.contains('.') {
        text
    } else {
        format!("{text}.")
    }
}

/// Prints an array as NumPy does, summarising with `...` past 1000 elements.
pub fn format_array(shape: &[usize], data: &[f64]) -> String {
    if shape.is_empty() {
        return data
            .first()
            .map_or("nan".to_string(), |v| format_scalar(*v));
    }
    let summarise = data.len() > 1000;
    let mut out = String::new();
    write_level(&mut out, shape, data, 0, summarise);
    out
}

fn write_level(out: &mut String, shape: &[usize], data: &[f64], depth: usize, summarise: bool) {
    let extent = shape[0];
    let inner: usize = shape[1..].iter().product();
    let picks: Vec<Option<usize>> = if summarise && extent > 6 {
        (0..3)
            .map(Some)
            .chain([None])
            .chain((extent - 3..extent).map(Some))
            .collect()
    } else {
        (0..extent).map(Some).collect()
    };
    out.push('[');
    for (k, pick) in picks.iter().enumerate() {
        if k > 0 {
            if shape.len() > 1 {
                out.push('\n');
                out.push_str(&" ".repeat(depth + 1));
            } else {
                out.push(' ');
            }
        }
        match pick {
            None => out.push_str("..."),
            Some(i) => {
                if shape.len() == 1 {
                    out.push_str(&format_element(data[*i]));
                } else {
                    write_level(
                        out,
                        &shape[1..],
                        &data[i * inner..(i + 1) * inner],
                        depth + 1,
                        summarise,
                    );
                }
            }
        }
    }
    out.push(']');
}
