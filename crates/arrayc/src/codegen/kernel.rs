//! Kernels to loop nests: run-time index checks, the elementwise nest with its two-lane
//! inner loop and row-invariant hoisting, reductions and scans, row functions' row ranges.

use super::expr::Lanes;
use super::pieces::inner_pieces;
use super::{data_flags, vector_flags, Translator};
use crate::ir::{self, Expr, Index, Kernel, ReduceOp};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder, Value};
use std::collections::HashMap;

impl Translator<'_, '_> {
    pub(super) fn kernel(&mut self, kernel: &Kernel) {
        let extents = kernel.extents();
        let rank = kernel.shape.len();
        let mut frame = KernelFrame::default();
        // Run-time indices are validated before any element is touched.
        for check in &kernel.checks {
            let value = self.expr(&check.value, &mut frame, Lanes::One);
            let extent = check.extent as f64;
            let floor = self.ins().floor(value);
            let integral = self.ins().fcmp(FloatCC::Equal, floor, value);
            let low = self.ins().f64const(-extent);
            let high = self.ins().f64const(extent);
            let above = self.ins().fcmp(FloatCC::GreaterThanOrEqual, value, low);
            let below = self.ins().fcmp(FloatCC::LessThan, value, high);
            let ok = self.ins().band(integral, above);
            let ok = self.ins().band(ok, below);
            self.fail_with(ok, check.site, Some(value));
            let index = self.ins().fcvt_to_sint_sat(types::I64, value);
            let wrapped = self.ins().iadd_imm_s(index, check.extent as i64);
            let negative = self.ins().icmp_imm_s(IntCC::SignedLessThan, index, 0);
            let index = self.ins().select(negative, wrapped, index);
            frame.checked.insert(check.id, index);
        }
        if kernel.shape.contains(&0) {
            return;
        }
        // Every base pointer is loaded once, before the loops.
        let table = self.buffer_table();
        frame.table = Some(table);
        let dst = self.buffer_base(table, kernel.dst);
        let mut buffers = Vec::new();
        kernel
            .expr
            .for_each_load(&mut |buffer, _| buffers.push(buffer));
        for buffer in buffers {
            if let std::collections::hash_map::Entry::Vacant(entry) = frame.bases.entry(buffer) {
                entry.insert(self.buffer_base(table, buffer));
            }
        }
        if let Some(reduction) = &kernel.reduction {
            if self.reduction_by_columns(kernel, reduction, &extents, dst, &mut frame) {
                return;
            }
        }
        match &kernel.reduction {
            None => self.elementwise(kernel, &extents, dst, &mut frame),
            Some(reduction) => {
                let outer = &extents[..rank];
                let reduced = extents[rank..].to_vec();
                self.nest(outer, 0, &mut frame, &mut |this, frame| {
                    let init = match reduction.op {
                        // `-0.0 + x` is `x` for every `x`: a scan's first value is its
                        // first element, as NumPy's accumulation has it.
                        ReduceOp::Sum if reduction.scan => -0.0,
                        ReduceOp::Sum => 0.0,
                        ReduceOp::Prod => 1.0,
                        ReduceOp::Min => f64::INFINITY,
                        ReduceOp::Max => f64::NEG_INFINITY,
                    };
                    let accumulator = this.builder.declare_var(types::F64);
                    let init = this.ins().f64const(init);
                    this.builder.def_var(accumulator, init);
                    if !reduced.contains(&0) {
                        let mut inner_frame = frame.clone();
                        let all = extents.clone();
                        this.nest(&all, rank, &mut inner_frame, &mut |this, frame| {
                            let value = this.expr(&kernel.expr, frame, Lanes::One);
                            let current = this.builder.use_var(accumulator);
                            let next = match reduction.op {
                                ReduceOp::Sum => this.ins().fadd(current, value),
                                ReduceOp::Prod => this.ins().fmul(current, value),
                                ReduceOp::Min => this.ins().fmin(current, value),
                                ReduceOp::Max => this.ins().fmax(current, value),
                            };
                            this.builder.def_var(accumulator, next);
                            if reduction.scan {
                                let mut result = next;
                                if let Some(count) = reduction.divide_by {
                                    let count = this.ins().f64const(count);
                                    result = this.ins().fdiv(result, count);
                                }
                                let offset = this.index(&kernel.store, frame, 0);
                                let address = this.element_address(dst, offset);
                                this.ins().store(data_flags(), result, address, 0);
                            }
                        });
                    }
                    if reduction.scan {
                        return;
                    }
                    let mut result = this.builder.use_var(accumulator);
                    if let Some(count) = reduction.divide_by {
                        let count = this.ins().f64const(count);
                        result = this.ins().fdiv(result, count);
                    }
                    let offset = this.index(&kernel.store, frame, 0);
                    let address = this.element_address(dst, offset);
                    this.ins().store(data_flags(), result, address, 0);
                });
            }
        }
    }

    pub(super) fn elementwise(
        &mut self,
        kernel: &Kernel,
        extents: &[usize],
        dst: Value,
        frame: &mut KernelFrame,
    ) {
        let rank = extents.len();
        if rank == 0 {
            let value = self.expr(&kernel.expr, frame, Lanes::One);
            let address = self.indexed_address(dst, &kernel.store, frame);
            self.ins().store(data_flags(), value, address, 0);
            return;
        }
        let inner = extents[rank - 1];
        // Consecutive elements of a row are stored next to each other (as in a whole
        // destination written in C order): then pairs are stored as one vector from the
        // row's address. Any other store is computed, and done, element by element.
        let unit_store = kernel.store.linear_coefficient(rank - 1) == Some(1);
        // A kernel that calls a host function per element gains nothing from two lanes
        // (the calls dominate) and would cost extra code to compile: keep it scalar.
        let pairs = if kernel.expr.calls_host() || !unit_store {
            0
        } else {
            inner / 2
        };
        let outer = &extents[..rank - 1];
        // Wrapped or clamped reads along the row (`roll`, `grad` along the last axis) are
        // peeled: each piece of the row reads with plain shifted loads.
        let peeled = inner_pieces(&kernel.expr, rank - 1, inner);
        self.nest(outer, 0, frame, &mut |this, frame| match &peeled {
            Some(pieces) => {
                for piece in pieces {
                    let length = piece.end - piece.start;
                    let pairs = if pairs == 0 { 0 } else { length / 2 };
                    this.row_piece(kernel, &piece.expr, piece.start, length, pairs, dst, frame);
                }
            }
            None => this.row_piece(kernel, &kernel.expr, 0, inner, pairs, dst, frame),
        });
    }

    /// One row's elements `start..start + length` of an elementwise kernel, computed by
    /// `expr` (the kernel's expression or its rewriting for this piece of the row).
    #[allow(clippy::too_many_arguments)]
    fn row_piece(
        &mut self,
        kernel: &Kernel,
        expr: &Expr,
        start: usize,
        inner: usize,
        pairs: usize,
        dst: Value,
        frame: &mut KernelFrame,
    ) {
        let rank = kernel.shape.len();
        let unit_store = kernel.store.linear_coefficient(rank - 1) == Some(1);
        let vector = pairs > 0;
        let start = start as i64;
        let this = self;
        {
            // Row-invariant work, once per row.
            let mut row_frame = frame.clone();
            row_frame.memo = Some(Default::default());
            row_frame.dims.truncate(rank - 1);
            let placeholder = this.ins().iconst(types::I64, 0);
            row_frame.dims.push(placeholder);
            this.hoist_row(expr, &mut 0, &mut row_frame, rank - 1, vector);
            // The destination's row address, the same for every element of the row.
            let dst_row = unit_store.then(|| {
                this.indexed_address(dst, &kernel.store.without_dim(rank - 1), &row_frame)
            });
            // One element (or pair) at `first + skip`, where `first` is a run-time index
            // and `skip` a constant: reads along the row then address `row + 8 * first`
            // with the constant displacement `8 * skip`, shared by the unrolled copies.
            let element = |this: &mut Self, first: Value, skip: i64, lanes: Lanes| {
                let mut element_frame = row_frame.clone();
                element_frame.dims.truncate(rank - 1);
                let inner_index = if skip == 0 {
                    first
                } else {
                    this.ins().iadd_imm_s(first, skip)
                };
                element_frame.dims.push(inner_index);
                let bytes = this.ins().ishl_imm_s(first, 3);
                element_frame.unit_bytes = Some((bytes, (skip * 8) as i32));
                let value = this.expr(expr, &mut element_frame, lanes);
                let flags = if lanes == Lanes::Two {
                    vector_flags()
                } else {
                    data_flags()
                };
                match dst_row {
                    Some(row) => {
                        let address = this.ins().iadd(row, bytes);
                        this.ins().store(flags, value, address, (skip * 8) as i32);
                    }
                    None => {
                        let address = this.address(dst, &kernel.store, &element_frame, 0);
                        this.ins().store(flags, value, address, 0);
                    }
                }
            };
            // Pairs of the innermost dimension in F64X2, two pairs per iteration, then a
            // last pair and a last element when the extent leaves them over.
            // Two pairs per iteration halve the loop overhead (measured: about 12 % faster
            // advect steps, for about 25 % more code to compile).
            if pairs >= 2 {
                this.nest(
                    &[pairs / 2],
                    0,
                    &mut KernelFrame::default(),
                    &mut |this, quad| {
                        let mut first = this.ins().ishl_imm_s(quad.dims[0], 2);
                        if start != 0 {
                            first = this.ins().iadd_imm_s(first, start);
                        }
                        element(this, first, 0, Lanes::Two);
                        element(this, first, 2, Lanes::Two);
                    },
                );
            }
            if pairs % 2 == 1 {
                let index = this
                    .ins()
                    .iconst(types::I64, start + 2 * (pairs as i64 - 1));
                element(this, index, 0, Lanes::Two);
            }
            if pairs == 0 && inner > 1 {
                this.nest(
                    &[inner],
                    0,
                    &mut KernelFrame::default(),
                    &mut |this, scalar| {
                        let mut index = scalar.dims[0];
                        if start != 0 {
                            index = this.ins().iadd_imm_s(index, start);
                        }
                        element(this, index, 0, Lanes::One);
                    },
                );
            } else if inner % 2 == 1 {
                let index = this.ins().iconst(types::I64, start + inner as i64 - 1);
                element(this, index, 0, Lanes::One);
            }
        }
    }

    /// Loops over `extents[from..]` (all non-zero), pushing each counter onto `frame.dims`.
    pub(super) fn nest(
        &mut self,
        extents: &[usize],
        from: usize,
        frame: &mut KernelFrame,
        body: &mut dyn FnMut(&mut Self, &mut KernelFrame),
    ) {
        if from == extents.len() {
            body(self, frame);
            return;
        }
        if from == 0 && frame.dims.is_empty() {
            if let Some((first, end)) = self.rows.take() {
                self.row_range(first, end, extents, frame, body);
                return;
            }
        }
        let extent = extents[from] as i64;
        if extent == 1 {
            let zero = self.ins().iconst(types::I64, 0);
            frame.dims.truncate(from);
            frame.dims.push(zero);
            self.nest(extents, from + 1, frame, body);
            return;
        }
        let counter = self.builder.declare_var(types::I64);
        let zero = self.ins().iconst(types::I64, 0);
        self.builder.def_var(counter, zero);
        let body_block = self.builder.create_block();
        let exit = self.builder.create_block();
        self.ins().jump(body_block, &[]);
        self.builder.switch_to_block(body_block);
        let i = self.builder.use_var(counter);
        frame.dims.truncate(from);
        frame.dims.push(i);
        self.nest(extents, from + 1, frame, body);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, 1);
        self.builder.def_var(counter, next);
        let more = self.ins().icmp_imm_s(IntCC::SignedLessThan, next, extent);
        self.ins().brif(more, body_block, &[], exit, &[]);
        self.builder.seal_block(body_block);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }

    /// The first dimension's loop in a row function: `first..end` instead of the whole extent.
    pub(super) fn row_range(
        &mut self,
        first: Value,
        end: Value,
        extents: &[usize],
        frame: &mut KernelFrame,
        body: &mut dyn FnMut(&mut Self, &mut KernelFrame),
    ) {
        let counter = self.builder.declare_var(types::I64);
        self.builder.def_var(counter, first);
        let body_block = self.builder.create_block();
        let exit = self.builder.create_block();
        let any = self.ins().icmp(IntCC::SignedLessThan, first, end);
        self.ins().brif(any, body_block, &[], exit, &[]);
        self.builder.switch_to_block(body_block);
        let i = self.builder.use_var(counter);
        frame.dims.truncate(0);
        frame.dims.push(i);
        self.nest(extents, 1, frame, body);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, 1);
        self.builder.def_var(counter, next);
        let more = self.ins().icmp(IntCC::SignedLessThan, next, end);
        self.ins().brif(more, body_block, &[], exit, &[]);
        self.builder.seal_block(body_block);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }

    /// Computes, at the current (row) position, every maximal subtree of `expr` that does
    /// not depend on dimension `last`, and the row address of every load along it; the
    /// inner loop then only does the per-element work.
    /// `next` is the pre-order id of `expr` in the kernel's expression (see `ExprId`),
    /// advanced past it.
    pub(super) fn hoist_row(
        &mut self,
        expr: &Expr,
        next: &mut ExprId,
        frame: &mut KernelFrame,
        last: usize,
        vector: bool,
    ) {
        let id = *next;
        if row_invariant(expr, last) {
            let scalar = self.expr_at(expr, &mut id.clone(), frame, Lanes::One);
            let splat = vector.then(|| self.splat(scalar, Lanes::Two));
            frame.hoisted.insert(id, (scalar, splat));
            *next += expr.size();
            return;
        }
        *next += 1;
        match expr {
            Expr::Load { buffer, offset } => {
                if offset.linear_coefficient(last).is_some() {
                    let base = frame.bases[buffer];
                    let address = self.indexed_address(base, &offset.without_dim(last), frame);
                    frame.row_addresses.insert(id, address);
                }
            }
            Expr::Unary(_, a) => self.hoist_row(a, next, frame, last, vector),
            Expr::Binary(_, a, b) => {
                self.hoist_row(a, next, frame, last, vector);
                self.hoist_row(b, next, frame, last, vector);
            }
            Expr::Select(c, a, b) => {
                self.hoist_row(c, next, frame, last, vector);
                self.hoist_row(a, next, frame, last, vector);
                self.hoist_row(b, next, frame, last, vector);
            }
            Expr::Const(_) | Expr::Slot(_) | Expr::IndexValue(_) => {}
        }
    }
}

/// Identifies a node of a kernel's expression: its index in a pre-order walk of the tree
/// (a node, then its operands from left to right), so the root is 0.
pub(super) type ExprId = u32;

/// Per-kernel state: loop counters, validated run-time indices, buffer base pointers.
#[derive(Default, Clone)]
pub(super) struct KernelFrame {
    pub(super) dims: Vec<Value>,
    pub(super) checked: HashMap<u32, Value>,
    pub(super) table: Option<Value>,
    pub(super) bases: HashMap<ir::BufferId, Value>,
    /// Subtrees that do not depend on the innermost dimension, computed once per row:
    /// their scalar value and, for two-lane code, its splat.
    pub(super) hoisted: HashMap<ExprId, (Value, Option<Value>)>,
    /// For loads along the innermost dimension: the address of the row's element 0.
    pub(super) row_addresses: HashMap<ExprId, Value>,
    /// In a row's code: indices already computed there that do not depend on the innermost
    /// dimension (a clamp shared by a load and a `grad` divisor is computed once).
    pub(super) memo: Option<std::rc::Rc<std::cell::RefCell<HashMap<Index, Value>>>>,
    /// In an element's code: the byte offset of loads along the row, as a value and a
    /// constant displacement (`8 * i_last` is their sum).
    pub(super) unit_bytes: Option<(Value, i32)>,
}

/// Whether an expression has the same value along dimension `last`.
fn row_invariant(expr: &Expr, last: usize) -> bool {
    match expr {
        Expr::Const(_) | Expr::Slot(_) => true,
        Expr::Load { offset, .. } => offset.linear_coefficient(last) == Some(0),
        Expr::IndexValue(index) => !index.uses_dim(last),
        Expr::Unary(_, a) => row_invariant(a, last),
        Expr::Binary(_, a, b) => row_invariant(a, last) && row_invariant(b, last),
        Expr::Select(c, a, b) => {
            row_invariant(c, last) && row_invariant(a, last) && row_invariant(b, last)
        }
    }
}
