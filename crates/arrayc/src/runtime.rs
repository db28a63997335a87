//! Runtime: runs compiled code. Allocates the program's buffers, points the context's
//! table at them (inputs and constants are read in place, never copied), calls the entry
//! function and turns a non-zero status into a run-time diagnostic with its source span.
//!
//! Buffers hold their dtype's elements (8, 4, 8 and 1 bytes for float64, float32, int64
//! and bool); outputs are handed over as the typed vectors they were allocated as.
//!
//! Also implements `print` for generated code, writing to the host's writer, and the
//! random draws, from streams whose state lives in the run (`random::Stream`).

use crate::array::{with_elements, ArrayData, ArrayView};
use crate::codegen::{
    status_site, EntryFn, RowsFn, RunContext, STATUS_INTERRUPTED, STATUS_OK, STATUS_UNSEEDED,
    STATUS_WRITE_FAILED,
};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::format::{format_array, format_scalar};
use crate::ir::{self, BufferInit, DType, DrawKind};
use crate::pyformat;
use crate::random::Stream;
use std::io::Write;

/// What the callbacks need, behind `RunContext::host`.
struct Host<'p, 'w> {
    program: &'p ir::Program,
    writer: &'w mut dyn Write,
    /// The first failed write of `print`, which stops the run.
    write_error: Option<std::io::Error>,
    table: *mut *mut u8,
    threads: Option<&'p rayon::ThreadPool>,
    /// The state of each random stream in this run, from its seeding on.
    streams: Vec<Option<Stream>>,
}

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
        .find(|&s| s != STATUS_OK)
        .unwrap_or(STATUS_OK)
}

/// Called by generated code for `print`; returns `STATUS_OK`, or `STATUS_WRITE_FAILED` when the writer fails
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
        let Some(parts) = host.program.prints.get(id as usize) else {
            return 0;
        };
        let mut text = String::new();
        for part in parts {
            match part {
                ir::PrintPart::Text(part) => text.push_str(part),
                ir::PrintPart::Value {
                    buffer,
                    shape,
                    spec,
                } => {
                    let Some(info) = host.program.buffers.get(*buffer as usize) else {
                        return 0;
                    };
                    let pointer = (*host.table.add(*buffer as usize)).cast_const();
                    text.push_str(&format_part(info, pointer, shape, spec));
                }
            }
        }
        // A panic (a panicking writer) must not unwind through generated code: that aborts.
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            write!(host.writer, "{text}")
        }))
        .unwrap_or_else(|_| Err(std::io::Error::other("the writer panicked")));
        if let Err(error) = written {
            host.write_error = Some(error);
            return STATUS_WRITE_FAILED;
        }
    }
    STATUS_OK
}

/// One value of a `print` as Python prints it: `str` (NumPy's text of an array or a
/// scalar), or a scalar formatted by its spec.
///
/// # Safety
/// `pointer` must point at the buffer `info` describes, with `info.len()` elements.
unsafe fn format_part(
    info: &ir::Buffer,
    pointer: *const u8,
    shape: &[usize],
    spec: &ir::Spec,
) -> String {
    // SAFETY: the caller's contract.
    unsafe {
        let str_of = spec.is_plain() || (spec.printf && spec.kind == Some('s'));
        if str_of {
            let text = match info.dtype {
                DType::F64 => format_array(shape, typed::<f64>(pointer, info.len())),
                DType::F32 => format_array(shape, typed::<f32>(pointer, info.len())),
                DType::I64 => format_array(shape, typed::<i64>(pointer, info.len())),
                // Read as bytes: a bool is valid only as 0 or 1, which generated code is
                // not trusted to have kept.
                DType::Bool => {
                    let bytes = typed::<u8>(pointer, info.len());
                    let values: Vec<bool> = bytes.iter().map(|&b| b != 0).collect();
                    format_array(shape, &values)
                }
            };
            return if spec.is_plain() {
                text
            } else {
                pyformat::format_str(&text, spec)
            };
        }
        // `ir::verify` checked that only scalars have a spec.
        match info.dtype {
            DType::F64 => {
                let value = typed::<f64>(pointer, 1)[0];
                pyformat::format_float(value, spec, format_scalar)
            }
            // NumPy formats a float32 scalar as the Python float it widens to.
            DType::F32 => {
                let value = f64::from(typed::<f32>(pointer, 1)[0]);
                pyformat::format_float(value, spec, format_scalar)
            }
            DType::I64 => pyformat::format_int(typed::<i64>(pointer, 1)[0], spec),
            DType::Bool => pyformat::format_bool(typed::<u8>(pointer, 1)[0] != 0, spec),
        }
    }
}

/// Called by generated code for `random`: seeds a stream or fills a buffer from one, as
/// `Program::draws[id]` says; `STATUS_UNSEEDED` for a stream not seeded yet.
///
/// # Safety
/// `context` must be the context `run` passed to the generated code, during that call.
pub unsafe extern "C" fn random_draw(context: *mut RunContext, id: u32) -> i32 {
    // SAFETY: generated code passes the context `run` created, which outlives the call, and
    // a draw whose buffer `ir::verify` checked is a writable one of the draw's dtype; the
    // table entry points at that buffer's data, which nothing else reads during the call.
    unsafe {
        let host = &mut *(*context).host.cast::<Host<'_, '_>>();
        let Some(draw) = host.program.draws.get(id as usize) else {
            return STATUS_OK;
        };
        let Some(slot) = host.streams.get_mut(draw.stream as usize) else {
            return STATUS_UNSEEDED;
        };
        if let DrawKind::Seed(seed) = draw.kind {
            *slot = Some(Stream::new(seed));
            return STATUS_OK;
        }
        let Some(stream) = slot.as_mut() else {
            return STATUS_UNSEEDED;
        };
        let Some(buffer) = draw.kind.buffer() else {
            return STATUS_OK;
        };
        let len = host.program.buffers[buffer as usize].len();
        let pointer = *host.table.add(buffer as usize);
        match draw.kind {
            DrawKind::Seed(_) => {}
            DrawKind::Doubles(_) => stream.doubles(typed_mut::<f64>(pointer, len)),
            DrawKind::Normals(_) => stream.normals(typed_mut::<f64>(pointer, len)),
            DrawKind::Integers { low, high, .. } => {
                // `ir::verify` checked that the range is not empty.
                let _ = stream.integers(low, high, typed_mut::<i64>(pointer, len));
            }
        }
    }
    STATUS_OK
}

/// `len` writable elements of `T` at `pointer`.
///
/// # Safety
/// As `typed`, and nothing else may read or write them while the slice lives.
unsafe fn typed_mut<'a, T>(pointer: *mut u8, len: usize) -> &'a mut [T] {
    if len == 0 {
        return &mut [];
    }
    // SAFETY: the caller's contract.
    unsafe { std::slice::from_raw_parts_mut(pointer.cast::<T>(), len) }
}

/// `len` elements of `T` at `pointer` (a dangling pointer when `len` is 0).
///
/// # Safety
/// `pointer` must point at `len` initialised elements of `T`, aligned for `T`, that stay
/// valid and unwritten while the slice lives.
unsafe fn typed<'a, T>(pointer: *const u8, len: usize) -> &'a [T] {
    if len == 0 {
        return &[];
    }
    // SAFETY: the caller's contract.
    unsafe { std::slice::from_raw_parts(pointer.cast::<T>(), len) }
}

/// The element types whose all-zero bit pattern is a valid zero value.
trait Zeroable: Copy {}
impl Zeroable for f64 {}
impl Zeroable for f32 {}
impl Zeroable for i64 {}
impl Zeroable for u8 {}

/// A zeroed vector of `len` elements, allocated as a `Vec<T>` would be so that an output
/// can be handed to the caller as one without a copy. (The allocator's `calloc` hands out
/// fresh zero pages lazily; codegen's vector loads and stores do not assume more than the
/// element alignment that inputs have too.) `None` when the allocator refuses (the size
/// was already checked against the program's memory limit at compile time).
fn zeroed<T: Zeroable>(len: usize) -> Option<Vec<T>> {
    let layout = std::alloc::Layout::array::<T>(len.max(1)).ok()?;
    // SAFETY: the layout has a non-zero size (every `Zeroable` type has one).
    let pointer = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<T>();
    if pointer.is_null() {
        return None;
    }
    // SAFETY: allocated by the global allocator with the layout of `[T; len.max(1)]`,
    // which is what a `Vec<T>` of that capacity owns; all `len` elements are initialised
    // (zero bits are a valid `T`, by `Zeroable`).
    Some(unsafe { Vec::from_raw_parts(pointer, len, len.max(1)) })
}

/// A scratch buffer, in its dtype's element type. Bools are kept as bytes until the run
/// ends (generated code writes 0 or 1, but a `bool` other than those would be undefined
/// behaviour, so they are checked on the way out).
enum Scratch {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    Bool(Vec<u8>),
}

impl Scratch {
    fn zeroed(dtype: DType, len: usize) -> Option<Scratch> {
        Some(match dtype {
            DType::F64 => Scratch::F64(zeroed(len)?),
            DType::F32 => Scratch::F32(zeroed(len)?),
            DType::I64 => Scratch::I64(zeroed(len)?),
            DType::Bool => Scratch::Bool(zeroed(len)?),
        })
    }

    fn as_mut_ptr(&mut self) -> *mut u8 {
        with_elements!(self, Scratch, |values| values.as_mut_ptr().cast())
    }

    /// The buffer as an output, without copying.
    fn into_data(self) -> ArrayData {
        match self {
            Scratch::F64(values) => ArrayData::F64(values),
            Scratch::F32(values) => ArrayData::F32(values),
            Scratch::I64(values) => ArrayData::I64(values),
            Scratch::Bool(mut bytes) => {
                for byte in &mut bytes {
                    *byte = u8::from(*byte != 0);
                }
                let mut bytes = std::mem::ManuallyDrop::new(bytes);
                let (pointer, len, capacity) = (bytes.as_mut_ptr(), bytes.len(), bytes.capacity());
                // SAFETY: `bool` has the size and alignment of `u8`, so the allocation is
                // what a `Vec<bool>` of that capacity owns, and every byte is now 0 or 1.
                ArrayData::Bool(unsafe {
                    Vec::from_raw_parts(pointer.cast::<bool>(), len, capacity)
                })
            }
        }
    }
}

/// A copy of `len` elements of `dtype` at `pointer`, or `None` when the allocator refuses.
///
/// # Safety
/// As `typed`, for the element type of `dtype` (bools as bytes).
unsafe fn copy_out(dtype: DType, pointer: *const u8, len: usize) -> Option<ArrayData> {
    fn copy<T: Copy>(values: &[T]) -> Option<Vec<T>> {
        let mut copy = Vec::new();
        copy.try_reserve_exact(values.len()).ok()?;
        copy.extend_from_slice(values);
        Some(copy)
    }
    // SAFETY: the caller's contract.
    unsafe {
        Some(match dtype {
            DType::F64 => ArrayData::F64(copy(typed::<f64>(pointer, len))?),
            DType::F32 => ArrayData::F32(copy(typed::<f32>(pointer, len))?),
            DType::I64 => ArrayData::I64(copy(typed::<i64>(pointer, len))?),
            DType::Bool => {
                let bytes = typed::<u8>(pointer, len);
                let mut copy = Vec::new();
                copy.try_reserve_exact(len).ok()?;
                copy.extend(bytes.iter().map(|&b| b != 0));
                ArrayData::Bool(copy)
            }
        })
    }
}

/// A named output: name, shape and data.
pub type OutputData = (String, Vec<usize>, ArrayData);

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

/// Runs the program once. `inputs` must hold exactly one view of the declared shape and
/// dtype per input buffer, in buffer order (the library checks names, shapes and dtypes,
/// and converts dtypes, before calling). `in_place` gives scratch buffers the caller's
/// memory instead of a fresh allocation (`Program::run_in_place`, which checked that the
/// program may use it so); their outputs are left out of the result. `body` gives the
/// program's statements when an error needs a span from them (a program loaded from the
/// compile cache parses its body only then; `program.body` may be empty).
#[allow(clippy::too_many_arguments)] // The run's parts, each borrowed from its owner.
pub fn run<'p>(
    program: &'p ir::Program,
    body: &dyn Fn() -> Option<&'p [ir::Stmt]>,
    entry: EntryFn,
    inputs: &[ArrayView<'_>],
    in_place: &[(ir::BufferId, *mut u8)],
    writer: &mut dyn Write,
    threads: Option<&rayon::ThreadPool>,
    interrupt: &Interrupt,
) -> Result<Vec<OutputData>, Diagnostic> {
    let mut storage: Vec<Scratch> = Vec::new();
    // Which scratch allocation each table entry started as, to find outputs after swaps.
    let mut table: Vec<*mut u8> = Vec::with_capacity(program.buffers.len());
    let mut next_input = inputs.iter();
    for buffer in &program.buffers {
        let id = table.len() as ir::BufferId;
        let given = in_place.iter().find(|(place, _)| *place == id);
        let pointer = match (&buffer.init, given) {
            (BufferInit::Scratch, Some((_, pointer))) => *pointer,
            (BufferInit::Scratch, None) => {
                let Some(mut data) = Scratch::zeroed(buffer.dtype, buffer.len()) else {
                    let message = format!(
                        "the system refused {} MiB for the array `{}` (within the memory limit, \
                         but more than is free)",
                        buffer
                            .len()
                            .saturating_mul(buffer.dtype.size_bytes())
                            .div_ceil(1 << 20),
                        buffer.name
                    );
                    return Err(match body().and_then(|body| writer_span(body, id)) {
                        Some(span) => Diagnostic::new(ErrorKind::Limit, message, span),
                        None => Diagnostic::without_span(ErrorKind::Limit, message),
                    });
                };
                let pointer = data.as_mut_ptr();
                storage.push(data);
                pointer
            }
            (BufferInit::Constant(data), _) => {
                if data.len() != buffer.len() || data.dtype() != buffer.dtype {
                    return Err(internal("constant buffer has the wrong length or dtype"));
                }
                // Generated code never writes a constant buffer (`ir::verify` checks it); an
                // empty slice's pointer is dangling but aligned.
                let pointer: *const u8 = {
                    use ir::ConstData;
                    with_elements!(data, ConstData, |values| values.as_ptr().cast())
                };
                pointer.cast_mut()
            }
            (BufferInit::Input(_), _) => {
                let Some(view) = next_input.next() else {
                    return Err(internal("too few inputs"));
                };
                if view.data.len() != buffer.len() || view.shape != buffer.shape.as_slice() {
                    return Err(internal("input of the wrong shape"));
                }
                if view.data.dtype() != buffer.dtype {
                    return Err(internal("input of the wrong dtype"));
                }
                // Inputs are read-only too: the caller's memory (or a memory map) is used in
                // place (an empty slice's pointer is dangling but aligned).
                view.data.as_ptr().cast_mut()
            }
        };
        table.push(pointer.cast::<u8>());
    }
    let mut slots = vec![0.0f64; program.slots.max(1) as usize];
    let mut host = Host {
        program,
        writer,
        write_error: None,
        table: table.as_mut_ptr(),
        threads,
        streams: vec![
            None;
            program
                .draws
                .iter()
                .map(|d| d.stream as usize + 1)
                .max()
                .unwrap_or(0)
        ],
    };
    let mut context = RunContext {
        buffers: table.as_mut_ptr().cast(),
        slots: slots.as_mut_ptr(),
        error_value: 0.0,
        host: (&mut host as *mut Host<'_, '_>).cast(),
        interrupt: interrupt.flag(),
    };
    // SAFETY: the entry function was generated from `program`, which `ir::verify` proved
    // keeps every access inside the buffers allocated above; the context and everything
    // it points to live until the call returns.
    let status = unsafe { entry(&mut context) };
    if status == STATUS_INTERRUPTED {
        // A `loop` saw the interrupt flag; the error value is the index of its site.
        let site = program.sites.get(context.error_value as usize);
        return Err(match site {
            Some(site) => Diagnostic::new(ErrorKind::Runtime, "interrupted", site.span),
            None => internal("generated code returned an unknown status"),
        });
    }
    if status == STATUS_UNSEEDED {
        return Err(internal(
            "a random stream was drawn from before it was seeded",
        ));
    }
    if status == STATUS_WRITE_FAILED {
        let error = host.write_error.take();
        return Err(Diagnostic::without_span(
            ErrorKind::Runtime,
            match error {
                Some(error) => format!("cannot write the output of `print`: {error}"),
                None => "cannot write the output of `print`".to_string(),
            },
        ));
    }
    if status != STATUS_OK {
        let site = status_site(status).and_then(|site| program.sites.get(site));
        let value = context.error_value;
        return Err(match site {
            Some(site) if site.message == ir::NEGATIVE_POWER => {
                Diagnostic::new(ErrorKind::Runtime, site.message.clone(), site.span)
            }
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
    let mut owners: Vec<(*mut u8, Option<Scratch>)> = storage
        .into_iter()
        .map(|mut scratch| (scratch.as_mut_ptr(), Some(scratch)))
        .collect();
    let mut outputs = Vec::new();
    for output in &program.outputs {
        if in_place.iter().any(|(place, _)| *place == output.buffer) {
            continue;
        }
        let info = &program.buffers[output.buffer as usize];
        let pointer = table[output.buffer as usize];
        let owned = owners
            .iter_mut()
            .find(|(start, _)| *start == pointer)
            .and_then(|(_, data)| data.take());
        let data = match owned {
            Some(scratch) => scratch.into_data(),
            None => {
                // SAFETY: the table entry points at `info.len()` initialised elements of the
                // buffer's dtype: a constant, an input, or a scratch buffer already moved into
                // an earlier output (whose heap memory stays where it is).
                let copy = unsafe { copy_out(info.dtype, pointer, info.len()) };
                let Some(copy) = copy else {
                    return Err(Diagnostic::without_span(
                        ErrorKind::Limit,
                        format!(
                            "the system refused {} MiB for the output `{}`",
                            info.len()
                                .saturating_mul(info.dtype.size_bytes())
                                .div_ceil(1 << 20),
                            output.name
                        ),
                    ));
                };
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
    let mut span = None;
    ir::walk(statements, 0, &mut |_, statement| {
        if let Some(kernel) = statement.parts().kernel {
            if span.is_none() && kernel.dst == buffer {
                span = Some(kernel.span);
            }
        }
    });
    span
}

fn internal(message: &str) -> Diagnostic {
    Diagnostic::without_span(ErrorKind::Internal, message)
}
