//! Buffers for lowering: allocation under the memory limit, reuse of freed scratch buffers,
//! constant data, and stores (one kernel per stored value). Knows no syntax tree.

use super::value::{canonical, shape_text, Value};
use super::{Failed, LResult, Lowerer, FOLD_ELEMENTS};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{self, BufferId, BufferInit, Expr, Kernel, Stmt};
use std::sync::Arc;

impl<'a> Lowerer<'a> {
    pub(super) fn allocate(
        &mut self,
        shape: &[usize],
        name: &str,
        span: Span,
    ) -> LResult<BufferId> {
        if let Some(position) = self
            .free
            .iter()
            .position(|&id| self.program.buffers[id as usize].shape == shape)
        {
            let id = self.free.swap_remove(position);
            self.program.buffers[id as usize].name = name.to_string();
            if let Some(frame) = self.frames.last_mut() {
                frame.owned.push(id);
            }
            return Ok(id);
        }
        let id = self.new_buffer(shape, name, BufferInit::Scratch, span)?;
        if let Some(frame) = self.frames.last_mut() {
            frame.owned.push(id);
        }
        Ok(id)
    }

    pub(super) fn new_buffer(
        &mut self,
        shape: &[usize],
        name: &str,
        init: BufferInit,
        span: Span,
    ) -> LResult<BufferId> {
        let bytes = shape
            .iter()
            .try_fold(8usize, |acc, &extent| acc.checked_mul(extent));
        let total = bytes.and_then(|bytes| bytes.checked_add(self.memory));
        match total {
            Some(total) if total <= self.limits.max_memory_bytes => self.memory = total,
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        ErrorKind::Limit,
                        format!(
                            "the program would allocate more than the memory limit of {} MiB (an array of shape {} needs {})",
                            self.limits.max_memory_bytes >> 20,
                            shape_text(shape),
                            bytes.map_or("more than the address space".to_string(), |b| format!("{} MiB", b >> 20))
                        ),
                        span,
                    )
                    .with_note("raise the limit with --max-memory (MiB) or the library's `max_memory_bytes`"),
                );
                return Err(Failed);
            }
        }
        self.program.buffers.push(ir::Buffer {
            name: name.to_string(),
            shape: shape.to_vec(),
            init,
        });
        Ok((self.program.buffers.len() - 1) as BufferId)
    }

    pub(super) fn too_large<T>(&mut self, what: &str, bytes: f64, span: Span) -> LResult<T> {
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Limit,
                format!(
                    "{what} ({:.0} MiB), more than the memory limit of {} MiB",
                    bytes / (1u64 << 20) as f64,
                    self.limits.max_memory_bytes >> 20
                ),
                span,
            )
            .with_note(
                "raise the limit with --max-memory (MiB) or the library's `max_memory_bytes`",
            ),
        );
        Err(Failed)
    }

    pub(super) fn constant_buffer(
        &mut self,
        shape: Vec<usize>,
        data: Vec<f64>,
        span: Span,
    ) -> LResult<Value> {
        let id = self.new_buffer(
            &shape,
            "constant",
            BufferInit::Constant(Arc::from(data)),
            span,
        )?;
        Ok(self.load(id))
    }

    pub(super) fn load(&self, buffer: BufferId) -> Value {
        let shape = self.program.buffers[buffer as usize].shape.clone();
        let offset = canonical(&shape);
        Value::of(shape, Expr::Load { buffer, offset })
    }

    /// Stores a value into a new scratch buffer and returns the plain read of it. Small
    /// values that depend on nothing known only at run time are computed here instead.
    pub(super) fn materialize(&mut self, value: Value, name: &str, span: Span) -> LResult<Value> {
        if let Some(folded) = self.fold(&value, span) {
            return Ok(folded);
        }
        let dst = self.allocate(&value.shape, name, span)?;
        self.store(dst, value, span);
        Ok(self.load(dst))
    }

    /// Computes a small constant value at compile time (the same scalar functions as the
    /// generated code, so the bits are the same).
    pub(super) fn fold(&mut self, value: &Value, span: Span) -> Option<Value> {
        let count: usize = value.shape.iter().product();
        if count > FOLD_ELEMENTS
            || !value.checks.is_empty()
            || !value.expr.is_constant(&self.program.buffers)
        {
            return None;
        }
        let buffers = &self.program.buffers;
        let points = ir::Points::of(&value.shape);
        let values = value.expr.evaluate_all(&points, buffers)?;
        self.constant_buffer(value.shape.clone(), values, span).ok()
    }

    pub(super) fn store(&mut self, dst: BufferId, value: Value, span: Span) {
        let shape = self.program.buffers[dst as usize].shape.clone();
        self.emit(Stmt::Kernel(Kernel {
            dst,
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
                    && self.program.buffers[*buffer as usize]
                        .shape
                        .iter()
                        .product::<usize>()
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
            found |= self.mutable.contains(&buffer);
        });
        found
    }
}
