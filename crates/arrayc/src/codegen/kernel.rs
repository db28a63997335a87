//! Kernels to loop nests: run-time index checks, the elementwise nest with its vector
//! inner loop (as many lanes as 128 bits hold of the kernel's element size: `F64X2`,
//! `F32X4`; scalar when a kernel mixes sizes) and row-invariant hoisting, reductions and
//! scans per dtype, row functions' row ranges.

use super::expr::{element_bytes, scalar_type, Lanes};
use super::pieces::inner_pieces;
use super::{data_flags, Translator};
use crate::ir::{self, DType, Expr, Index, Kernel, ReduceOp, Scalar};
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
            let value = match self.dtype_of(&check.value) {
                DType::F64 => value,
                DType::F32 => self.ins().fpromote(types::F64, value),
                dtype @ (DType::I64 | DType::Bool) => {
                    let index = self.cast(value, dtype, DType::I64, Lanes::One);
                    let extent = check.extent as i64;
                    let above =
                        self.ins()
                            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, index, -extent);
                    let below = self.ins().icmp_imm_s(IntCC::SignedLessThan, index, extent);
                    let ok = self.ins().band(above, below);
                    let shown = self.ins().fcvt_from_sint(types::F64, index);
                    self.fail_with(ok, check.site, Some(shown));
                    let wrapped = self.ins().iadd_imm_s(index, extent);
                    let negative = self.ins().icmp_imm_s(IntCC::SignedLessThan, index, 0);
                    let index = self.ins().select(negative, wrapped, index);
                    frame.checked.insert(check.id, index);
                    continue;
                }
            };
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
            if reduction.blas {
                self.blas_product(kernel, dst, &mut frame);
                return;
            }
            if let Some(chunk) = reduction.pairwise {
                self.pairwise_reduction(kernel, reduction, chunk, &extents, dst, &mut frame);
                return;
            }
            if self.reduction_by_columns(kernel, reduction, &extents, dst, &mut frame) {
                return;
            }
        }
        match &kernel.reduction {
            None => self.elementwise(kernel, &extents, dst, &mut frame),
            Some(reduction) => {
                let outer = &extents[..rank];
                let reduced = extents[rank..].to_vec();
                let dtype = self.buffers[kernel.dst as usize].dtype;
                let size = element_bytes(dtype);
                // Every running reduction accumulates in its destination's dtype, as NumPy
                // does (float sums in NumPy's pairwise order are `pairwise_reduction`'s).
                let accumulate = dtype;
                self.nest(outer, 0, &mut frame, &mut |this, frame| {
                    let accumulator = this.builder.declare_var(scalar_type(accumulate));
                    let init = reduction_start(reduction.op, reduction.scan, accumulate);
                    let init = this.constant(init, Lanes::One);
                    this.builder.def_var(accumulator, init);
                    if !reduced.contains(&0) {
                        let mut inner_frame = frame.clone();
                        let all = extents.clone();
                        this.nest(&all, rank, &mut inner_frame, &mut |this, frame| {
                            let value = this.expr(&kernel.expr, frame, Lanes::One);
                            let value = this.cast(value, dtype, accumulate, Lanes::One);
                            let current = this.builder.use_var(accumulator);
                            let op = match reduction.op {
                                ReduceOp::Sum => ir::Binary::Add,
                                ReduceOp::Prod => ir::Binary::Mul,
                                ReduceOp::Min => ir::Binary::Min,
                                ReduceOp::Max => ir::Binary::Max,
                            };
                            let next = this.binary(op, current, value, accumulate, Lanes::One);
                            this.builder.def_var(accumulator, next);
                            if reduction.scan {
                                let mut result = next;
                                if let Some(count) = reduction.divide_by {
                                    result = this.divide_by(result, count, dtype);
                                }
                                let offset = this.index(&kernel.store, frame, 0);
                                let address = this.element_address(dst, offset, size);
                                this.ins().store(data_flags(), result, address, 0);
                            }
                        });
                    }
                    if reduction.scan {
                        return;
                    }
                    let result = this.builder.use_var(accumulator);
                    let mut result = this.cast(result, accumulate, dtype, Lanes::One);
                    if let Some(count) = reduction.divide_by {
                        result = this.divide_by(result, count, dtype);
                    }
                    let offset = this.index(&kernel.store, frame, 0);
                    let address = this.element_address(dst, offset, size);
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
        let dtype = self.buffers[kernel.dst as usize].dtype;
        let size = element_bytes(dtype);
        if rank == 0 {
            let value = self.expr(&kernel.expr, frame, Lanes::One);
            let address = self.indexed_address(dst, &kernel.store, frame, size);
            self.store_value(value, dtype, Lanes::One, address, 0);
            return;
        }
        let inner = extents[rank - 1];
        // Consecutive elements of a row are stored next to each other (as in a whole
        // destination written in C order): then vectors are stored at once from the
        // row's address. Any other store is computed, and done, element by element.
        let unit_store = kernel.store.linear_coefficient(rank - 1) == Some(1);
        // A kernel that calls a host function per element gains nothing from vectors
        // (the calls dominate) and would cost extra code to compile: keep it scalar.
        let width = match self.vector_width(kernel) {
            Some(width) if unit_store && !kernel.expr.calls_host() => width,
            _ => 0,
        };
        // The element sizes read along the row (and stored): each gets its byte offset
        // once per element.
        let mut sizes = vec![size];
        kernel.expr.for_each_load(&mut |buffer, _| {
            let size = element_bytes(self.buffers[buffer as usize].dtype);
            if !sizes.contains(&size) {
                sizes.push(size);
            }
        });
        let outer = &extents[..rank - 1];
        // Wrapped or clamped reads along the row (`roll`, `grad` along the last axis) are
        // peeled: each piece of the row reads with plain shifted loads.
        let peeled = inner_pieces(&kernel.expr, rank - 1, inner);
        let row = RowShape {
            width,
            sizes: &sizes,
            dtype,
            unit_store,
        };
        self.nest(outer, 0, frame, &mut |this, frame| match &peeled {
            Some(pieces) => {
                for piece in pieces {
                    let length = piece.end - piece.start;
                    this.row_piece(kernel, &piece.expr, piece.start, length, &row, dst, frame);
                }
            }
            None => this.row_piece(kernel, &kernel.expr, 0, inner, &row, dst, frame),
        });
    }

    /// One row's elements `start..start + inner` of an elementwise kernel, computed by
    /// `expr` (the kernel's expression or its rewriting for this piece of the row).
    #[allow(clippy::too_many_arguments)]
    fn row_piece(
        &mut self,
        kernel: &Kernel,
        expr: &Expr,
        start: usize,
        inner: usize,
        row: &RowShape<'_>,
        dst: Value,
        frame: &mut KernelFrame,
    ) {
        let rank = kernel.shape.len();
        let RowShape {
            width,
            sizes,
            dtype,
            unit_store,
        } = *row;
        let size = element_bytes(dtype);
        let vectors = inner.checked_div(width).unwrap_or(0);
        let lanes = Lanes::Many(width as u8);
        let vector = vectors > 0;
        let start = start as i64;
        let this = self;
        {
            // Row-invariant work, once per row.
            let mut row_frame = frame.clone();
            row_frame.memo = Some(std::rc::Rc::new(std::cell::RefCell::new(
                HashMap::with_capacity(32),
            )));
            row_frame.dims.truncate(rank - 1);
            let placeholder = this.ins().iconst(types::I64, 0);
            row_frame.dims.push(placeholder);
            let row_lanes = vector.then_some(lanes);
            this.hoist_row(expr, &mut 0, &mut row_frame, rank - 1, row_lanes);
            // The destination's row address, the same for every element of the row.
            let dst_row = unit_store.then(|| {
                this.indexed_address(dst, &kernel.store.without_dim(rank - 1), &row_frame, size)
            });
            // One element (or vector) at `first + skip`, where `first` is a run-time index
            // and `skip` a constant: reads along the row then address
            // `row + size * first` with the constant displacement `size * skip`, shared by
            // the unrolled copies.
            let element = |this: &mut Self, first: Value, skip: i64, lanes: Lanes| {
                let mut element_frame = row_frame.clone();
                element_frame.dims.truncate(rank - 1);
                let inner_index = if skip == 0 {
                    first
                } else {
                    this.ins().iadd_imm_s(first, skip)
                };
                element_frame.dims.push(inner_index);
                let mut unit = UnitBytes {
                    skip,
                    ..UnitBytes::default()
                };
                for &size in sizes {
                    let shift = size.trailing_zeros();
                    unit.bytes[shift as usize] = Some(match shift {
                        0 => first,
                        shift => this.ins().ishl_imm_s(first, i64::from(shift)),
                    });
                }
                element_frame.unit_bytes = Some(unit);
                let value = this.expr(expr, &mut element_frame, lanes);
                match dst_row {
                    Some(row) => {
                        let (bytes, displacement) = element_frame
                            .unit_bytes(size)
                            .expect("the destination's element size has its offset");
                        let address = this.ins().iadd(row, bytes);
                        this.store_value(value, dtype, lanes, address, displacement);
                    }
                    None => {
                        let address = this.address(dst, &kernel.store, &element_frame, 0, size);
                        this.store_value(value, dtype, lanes, address, 0);
                    }
                }
            };
            // Vectors along the innermost dimension, `COPIES` per iteration, then the
            // vectors and the elements the extent leaves over, one at a time.
            // Two vectors per iteration halve the loop overhead (measured: about 12 %
            // faster advect steps, for about 25 % more code to compile).
            let copies = vector_copies(width);
            if vectors >= copies {
                let shift = i64::from((copies * width).trailing_zeros());
                this.nest(
                    &[vectors / copies],
                    0,
                    &mut KernelFrame::default(),
                    &mut |this, group| {
                        let mut first = this.ins().ishl_imm_s(group.dims[0], shift);
                        if start != 0 {
                            first = this.ins().iadd_imm_s(first, start);
                        }
                        for copy in 0..copies {
                            element(this, first, (copy * width) as i64, lanes);
                        }
                    },
                );
            }
            for vector in vectors / copies * copies..vectors {
                let index = this
                    .ins()
                    .iconst(types::I64, start + (width * vector) as i64);
                element(this, index, 0, lanes);
            }
            if vectors == 0 && inner > 1 {
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
            } else {
                for last in vectors * width..inner {
                    let index = this.ins().iconst(types::I64, start + last as i64);
                    element(this, index, 0, Lanes::One);
                }
            }
        }
    }

    /// The lanes of a kernel's vector loop: 2 when the values it computes element by
    /// element are 8 bytes wide (float64, int64), 4 when they are float32; `None` when it
    /// mixes both (it then runs scalar). Row-invariant subtrees count only by their value
    /// (they are computed once per row and splatted), bools by the lanes around them.
    pub(super) fn vector_width(&self, kernel: &Kernel) -> Option<usize> {
        self.vector_width_along(kernel, kernel.shape.len().saturating_sub(1))
    }

    /// `vector_width` for a vector loop along dimension `last`.
    pub(super) fn vector_width_along(&self, kernel: &Kernel, last: usize) -> Option<usize> {
        let mut sizes = [false; 2];
        let mut note = |dtype: DType| match dtype {
            DType::F64 | DType::I64 => sizes[0] = true,
            DType::F32 => sizes[1] = true,
            DType::Bool => {}
        };
        note(self.buffers[kernel.dst as usize].dtype);
        let mut stack = vec![&kernel.expr];
        while let Some(expr) = stack.pop() {
            note(self.dtype_of(expr));
            if row_invariant(expr, last) {
                continue;
            }
            match expr {
                Expr::Cast(_, a) if matches!(**a, Expr::IndexValue(_)) => {}
                Expr::Cast(_, a) | Expr::Unary(_, a) => stack.push(a),
                Expr::Binary(_, a, b) => stack.extend([&**a, &**b]),
                Expr::Select(c, a, b) => stack.extend([&**c, &**a, &**b]),
                Expr::Const(_) | Expr::Slot(_) | Expr::Load { .. } | Expr::IndexValue(_) => {}
            }
        }
        match sizes {
            [true, true] => None,
            [_, false] => Some(2),
            [false, true] => Some(4),
        }
    }

    /// Computes a float reduction's mean: the result divided by `count`.
    fn divide_by(&mut self, value: Value, count: f64, dtype: DType) -> Value {
        let count = match dtype {
            DType::F32 => Scalar::F32(count as f32),
            DType::F64 | DType::I64 | DType::Bool => Scalar::F64(count),
        };
        let count = self.constant(count, Lanes::One);
        self.ins().fdiv(value, count)
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
        vector: Option<Lanes>,
    ) {
        let id = *next;
        if row_invariant(expr, last) {
            let scalar = self.expr_at(expr, &mut id.clone(), frame, Lanes::One);
            let dtype = self.dtype_of(expr);
            let splat = vector.map(|lanes| self.splat(scalar, dtype, lanes));
            frame.hoisted.insert(id, (scalar, splat));
            *next += expr.size();
            return;
        }
        *next += 1;
        match expr {
            Expr::Load { buffer, offset } => {
                if offset.linear_coefficient(last).is_some() {
                    let base = frame.bases[buffer];
                    let size = element_bytes(self.buffers[*buffer as usize].dtype);
                    let address =
                        self.indexed_address(base, &offset.without_dim(last), frame, size);
                    frame.row_addresses.insert(id, address);
                }
            }
            Expr::Cast(_, a) | Expr::Unary(_, a) => self.hoist_row(a, next, frame, last, vector),
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

/// Vectors per iteration of a vector loop: two (four elements) for two lanes, and for
/// float32's four lanes four (sixteen elements).
fn vector_copies(width: usize) -> usize {
    if width >= 4 {
        4
    } else {
        2
    }
}

/// Identifies a node of a kernel's expression: its index in a pre-order walk of the tree
/// (a node, then its operands from left to right), so the root is 0.
pub(super) type ExprId = u32;

/// A map keyed by the compiler's own small values (expression, buffer and check ids), with
/// the multiply-rotate hash the checker uses: SipHash, the default, and the memo's rehashing
/// as it grew were a tenth of the instructions spent building a kernel's Cranelift IR.
pub(super) type FastMap<K, V> = crate::hash::FastMap<K, V>;

/// Per-kernel state: loop counters, validated run-time indices, buffer base pointers.
#[derive(Default, Clone)]
pub(super) struct KernelFrame {
    pub(super) dims: Vec<Value>,
    pub(super) checked: FastMap<u32, Value>,
    pub(super) table: Option<Value>,
    pub(super) bases: FastMap<ir::BufferId, Value>,
    /// Subtrees that do not depend on the innermost dimension, computed once per row:
    /// their scalar value and, for two-lane code, its splat.
    pub(super) hoisted: FastMap<ExprId, (Value, Option<Value>)>,
    /// For loads along the innermost dimension: the address of the row's element 0.
    pub(super) row_addresses: FastMap<ExprId, Value>,
    /// In a row's code: indices already computed there that do not depend on the innermost
    /// dimension (a clamp shared by a load and a `grad` divisor is computed once).
    pub(super) memo: Option<std::rc::Rc<std::cell::RefCell<HashMap<Index, Value>>>>,
    /// In an element's code: the byte offsets of loads along the row.
    pub(super) unit_bytes: Option<UnitBytes>,
}

impl KernelFrame {
    /// The byte offset of the element along the row for elements of `size` bytes, as a
    /// value and a constant displacement (`size * i_last` is their sum).
    pub(super) fn unit_bytes(&self, size: i64) -> Option<(Value, i32)> {
        let unit = self.unit_bytes.as_ref()?;
        let bytes = unit.bytes[size.trailing_zeros() as usize % 4]?;
        Some((bytes, (unit.skip * size) as i32))
    }
}

/// An element's position along the row, `first + skip`: `size * first` for each element
/// size (1, 2, 4, 8 bytes by its log2) that the kernel reads, and the constant `skip`.
#[derive(Default, Clone, Copy)]
pub(super) struct UnitBytes {
    pub(super) skip: i64,
    pub(super) bytes: [Option<Value>; 4],
}

/// The value a reduction starts from: `-0.0 + x` is `x` for every `x`, so a scan's first
/// value is its first element, as NumPy's accumulation has it.
fn reduction_start(op: ReduceOp, scan: bool, dtype: DType) -> Scalar {
    match (op, dtype) {
        (ReduceOp::Sum, DType::F64) => Scalar::F64(if scan { -0.0 } else { 0.0 }),
        (ReduceOp::Sum, DType::F32) => Scalar::F32(if scan { -0.0 } else { 0.0 }),
        (ReduceOp::Sum, DType::I64) => Scalar::I64(0),
        (ReduceOp::Prod, DType::F64) => Scalar::F64(1.0),
        (ReduceOp::Prod, DType::F32) => Scalar::F32(1.0),
        (ReduceOp::Prod, DType::I64) => Scalar::I64(1),
        (ReduceOp::Min, DType::F64) => Scalar::F64(f64::INFINITY),
        (ReduceOp::Min, DType::F32) => Scalar::F32(f32::INFINITY),
        (ReduceOp::Min, DType::I64) => Scalar::I64(i64::MAX),
        (ReduceOp::Max, DType::F64) => Scalar::F64(f64::NEG_INFINITY),
        (ReduceOp::Max, DType::F32) => Scalar::F32(f32::NEG_INFINITY),
        (ReduceOp::Max, DType::I64) => Scalar::I64(i64::MIN),
        // `all` and `any`; the verifier refuses sums and products of bools.
        (ReduceOp::Min | ReduceOp::Prod, DType::Bool) => Scalar::Bool(true),
        (ReduceOp::Max | ReduceOp::Sum, DType::Bool) => Scalar::Bool(false),
    }
}

/// Whether an expression has the same value along dimension `last`.
fn row_invariant(expr: &Expr, last: usize) -> bool {
    match expr {
        Expr::Const(_) | Expr::Slot(_) => true,
        Expr::Load { offset, .. } => offset.linear_coefficient(last) == Some(0),
        Expr::IndexValue(index) => !index.uses_dim(last),
        Expr::Cast(_, a) | Expr::Unary(_, a) => row_invariant(a, last),
        Expr::Binary(_, a, b) => row_invariant(a, last) && row_invariant(b, last),
        Expr::Select(c, a, b) => {
            row_invariant(c, last) && row_invariant(a, last) && row_invariant(b, last)
        }
    }
}

/// What every piece of an elementwise kernel's rows shares: the vector width (0: scalar),
/// the element sizes read along the row, the destination's dtype and whether the row is
/// stored contiguously.
#[derive(Clone, Copy)]
struct RowShape<'a> {
    width: usize,
    sizes: &'a [i64],
    dtype: DType,
    unit_store: bool,
}
