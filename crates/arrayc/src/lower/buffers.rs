//! Buffers for lowering: allocation under the memory limit, reuse of freed scratch buffers,
//! constant data, and stores (one kernel per stored value). Knows no syntax tree.

use super::value::{canonical, shape_text, Value};
use super::{Failed, LResult, Lowerer, FOLD_ELEMENTS};
use crate::diagnostic::{size_text, Diagnostic, ErrorKind, Span};
use crate::ir::{self, BufferId, BufferInit, ConstData, Expr, Index, Kernel, Stmt};
use std::collections::HashSet;
use std::sync::Arc;

/// The program's buffers as lowering builds them: the table the IR will hold, the scratch
/// buffers free for reuse, the buffers of `var`s, and the bytes allocated so far.
pub(super) struct Buffers {
    table: Vec<ir::Buffer>,
    /// Scratch buffers whose frame ended: reused by the next allocation of the same shape.
    free: Vec<BufferId>,
    /// Buffers of `var`s: a view of one would change under it, so views copy them.
    mutable: HashSet<BufferId>,
    memory: usize,
    max_memory_bytes: usize,
}

impl Buffers {
    pub(super) fn new(max_memory_bytes: usize) -> Buffers {
        Buffers {
            table: Vec::new(),
            free: Vec::new(),
            mutable: HashSet::new(),
            memory: 0,
            max_memory_bytes,
        }
    }

    pub(super) fn get(&self, id: BufferId) -> &ir::Buffer {
        &self.table[id as usize]
    }

    pub(super) fn shape(&self, id: BufferId) -> &[usize] {
        &self.table[id as usize].shape
    }

    /// Every buffer so far, indexed by id.
    pub(super) fn table(&self) -> &[ir::Buffer] {
        &self.table
    }

    pub(super) fn into_table(self) -> Vec<ir::Buffer> {
        self.table
    }

    /// A free scratch buffer of `shape` and `dtype`, renamed to `name`, if there is one.
    fn reuse(&mut self, shape: &[usize], dtype: ir::DType, name: &str) -> Option<BufferId> {
        let position = self.free.iter().position(|&id| {
            let buffer = &self.table[id as usize];
            buffer.shape == shape && buffer.dtype == dtype
        })?;
        let id = self.free.swap_remove(position);
        self.table[id as usize].name = name.to_string();
        Some(id)
    }

    /// A new buffer, counted against the memory limit.
    fn create(
        &mut self,
        shape: &[usize],
        dtype: ir::DType,
        name: &str,
        init: BufferInit,
        span: Span,
    ) -> Result<BufferId, Diagnostic> {
        let bytes = shape
            .iter()
            .try_fold(dtype.size_bytes(), |acc, &extent| acc.checked_mul(extent));
        // An input is read in place, from the caller's array: it allocates nothing.
        let counted = match &init {
            BufferInit::Input(_) => Some(0),
            BufferInit::Scratch | BufferInit::Constant(_) => bytes,
        };
        let total = counted.and_then(|counted| counted.checked_add(self.memory));
        match total {
            Some(total) if bytes.is_some() && total <= self.max_memory_bytes => self.memory = total,
            _ => {
                return Err(Diagnostic::new(
                        ErrorKind::Limit,
                        format!(
                            "the program would allocate more than the memory limit of {}: an array of shape {} needs {}, with {} allocated before it",
                            size_text(self.max_memory_bytes as u64),
                            shape_text(shape),
                            bytes.map_or("more than the address space".to_string(), |b| size_text(b as u64)),
                            size_text(self.memory as u64)
                        ),
                        span,
                    )
                    .with_note("raise the limit with --max-memory (MiB) or the library's `max_memory_bytes`"));
            }
        }
        self.table.push(ir::Buffer {
            name: name.to_string(),
            dtype,
            shape: shape.to_vec(),
            init,
        });
        Ok((self.table.len() - 1) as BufferId)
    }

    /// Makes a scratch buffer free for reuse: its frame has ended.
    pub(super) fn release(&mut self, id: BufferId) {
        self.mutable.remove(&id);
        self.free.push(id);
    }

    pub(super) fn mark_mutable(&mut self, id: BufferId) {
        self.mutable.insert(id);
    }

    pub(super) fn is_mutable(&self, id: BufferId) -> bool {
        self.mutable.contains(&id)
    }
}

impl<'a> Lowerer<'a> {
    /// A scratch buffer of `dtype` owned by the current frame: a free one of the same
    /// shape and dtype if there is one, else a new one.
    pub(super) fn allocate(
        &mut self,
        shape: &[usize],
        dtype: ir::DType,
        name: &str,
        span: Span,
    ) -> LResult<BufferId> {
        let id = match self.buffers.reuse(shape, dtype, name) {
            Some(id) => id,
            None => self.new_buffer(shape, dtype, name, BufferInit::Scratch, span)?,
        };
        self.env.own(id);
        Ok(id)
    }

    /// A new buffer that no frame owns (it lives to the end of the program).
    pub(super) fn new_buffer(
        &mut self,
        shape: &[usize],
        dtype: ir::DType,
        name: &str,
        init: BufferInit,
        span: Span,
    ) -> LResult<BufferId> {
        self.buffers
            .create(shape, dtype, name, init, span)
            .map_err(|diagnostic| {
                self.diagnostics.push(diagnostic);
                Failed
            })
    }

    pub(super) fn too_large<T>(&mut self, what: &str, bytes: f64, span: Span) -> LResult<T> {
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Limit,
                format!(
                    "{what} ({}), more than the memory limit of {}",
                    size_text(bytes as u64),
                    size_text(self.limits.max_memory_bytes as u64)
                ),
                span,
            )
            .with_note(
                "raise the limit with --max-memory (MiB) or the library's `max_memory_bytes`",
            ),
        );
        Err(Failed)
    }

    /// An empty vector with room for `count` constants; a limit error, not an abort, when
    /// the system refuses the memory (the limit may be set above what the machine has).
    pub(super) fn constant_storage(&mut self, count: usize, span: Span) -> LResult<Vec<f64>> {
        let mut data = Vec::new();
        if data.try_reserve_exact(count).is_err() {
            return self.constant_refused(count, span);
        }
        Ok(data)
    }

    /// The error for constant data of `count` elements that the system would not allocate.
    pub(super) fn constant_refused<T>(&mut self, count: usize, span: Span) -> LResult<T> {
        self.diagnostics.push(Diagnostic::new(
            ErrorKind::Limit,
            format!(
                "the system refused {} MiB for a constant array (within the memory limit, but more than is free)",
                count.saturating_mul(8).div_ceil(1 << 20)
            ),
            span,
        ));
        Err(Failed)
    }

    pub(super) fn constant_buffer(
        &mut self,
        shape: Vec<usize>,
        data: Vec<f64>,
        span: Span,
    ) -> LResult<Value> {
        // The shared copy below is allocated infallibly: make sure the system has the room.
        drop(self.constant_storage(data.len(), span)?);
        self.constant_data(shape, ConstData::F64(Arc::from(data)), span)
    }

    /// A constant buffer holding `data` (in its dtype), read whole.
    pub(super) fn constant_data(
        &mut self,
        shape: Vec<usize>,
        data: ConstData,
        span: Span,
    ) -> LResult<Value> {
        let dtype = data.dtype();
        let id = self.new_buffer(&shape, dtype, "constant", BufferInit::Constant(data), span)?;
        Ok(self.load(id))
    }

    pub(super) fn load(&self, buffer: BufferId) -> Value {
        let shape = self.buffers.shape(buffer).to_vec();
        let offset = canonical(&shape);
        Value::of(shape, Expr::Load { buffer, offset })
    }

    /// Stores a value into a new scratch buffer and returns the plain read of it. Small
    /// values that depend on nothing known only at run time are computed here instead.
    /// A Python scalar stays one (weak) when stored: storing it is lowering's choice, not a
    /// NumPy operation.
    pub(super) fn materialize(&mut self, value: Value, name: &str, span: Span) -> LResult<Value> {
        let weak = value.weak && value.shape.is_empty();
        if let Some(folded) = self.fold(&value, span) {
            return Ok(Value { weak, ..folded });
        }
        let dtype = self.dtype(&value);
        let dst = self.allocate(&value.shape, dtype, name, span)?;
        self.store(dst, value, span);
        Ok(Value {
            weak,
            ..self.load(dst)
        })
    }

    /// Computes a small constant value at compile time (the same scalar functions as the
    /// generated code, so the bits are the same).
    pub(super) fn fold(&mut self, value: &Value, span: Span) -> Option<Value> {
        let count: usize = value.shape.iter().product();
        if count > FOLD_ELEMENTS
            || !value.checks.is_empty()
            || !value.expr.is_constant(self.buffers.table())
        {
            return None;
        }
        let buffers = self.buffers.table();
        let points = ir::Points::of(&value.shape);
        let dtype = value.expr.dtype(buffers)?;
        let values = value.expr.evaluate_all(&points, buffers)?;
        // The shared copy is allocated infallibly: make sure the system has the room.
        drop(self.constant_storage(values.len(), span).ok()?);
        let data = ConstData::from_scalars(dtype, &values)?;
        self.constant_data(value.shape.clone(), data, span).ok()
    }

    /// Stores `value` into all of `dst`, converted to `dst`'s dtype.
    pub(super) fn store(&mut self, dst: BufferId, value: Value, span: Span) {
        let value = self.cast(value, self.buffers.get(dst).dtype);
        let shape = self.buffers.shape(dst).to_vec();
        self.emit(Stmt::Kernel(Kernel {
            dst,
            store: Index::row_major(&shape),
            shape,
            reduction: None,
            checks: value.checks,
            expr: value.expr,
            span,
        }));
    }

    /// The buffer a value is a plain, whole, C-order read of, if it is one.
    pub(super) fn whole_buffer(&self, value: &Value) -> Option<BufferId> {
        match &value.expr {
            Expr::Load { buffer, offset }
                if value.checks.is_empty()
                    && self.buffers.shape(*buffer).iter().product::<usize>()
                        == value.shape.iter().product::<usize>()
                    && *offset == canonical(&value.shape) =>
            {
                Some(*buffer)
            }
            _ => None,
        }
    }

    pub(super) fn reads_mutable(&self, value: &Value) -> bool {
        let mut found = false;
        value.for_each_buffer(&mut |buffer| {
            found |= self.buffers.is_mutable(buffer);
        });
        found
    }
}
