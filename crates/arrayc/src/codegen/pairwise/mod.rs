//! Float sums in NumPy's order (`Reduction::pairwise`): per output, a running value that
//! starts at 0 and adds, for each position of the outer reduced dimensions, the pieces of
//! the last reduced dimension, each summed as NumPy's `pairwise_sum` does. A sum costs the
//! same few instructions to compile whatever its length: a piece that is contiguous in
//! memory is one call of the precompiled routine (`walk`) on its address; for a fused
//! operand (`sum(abs(p - pn))`) generated code walks NumPy's recursion with an explicit
//! stack (a few integer instructions per leaf, no host call) and sums each leaf (at most
//! 128 elements) with eight accumulators as `F64X2`/`F32X4` lanes, so the operand is
//! computed once, in registers, and the bits are those of NumPy's scalar loop. Takes a
//! reduction kernel; knows nothing of lowering.

pub(super) mod walk;

use super::abi::Import;
use super::expr::{element_bytes, scalar_type, Lanes};
use super::kernel::{KernelFrame, UnitBytes};
use super::{data_flags, Translator};
use crate::ir::{DType, Expr, Kernel, Reduction, Scalar};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, StackSlot, StackSlotData, StackSlotKind, Value};
use std::collections::HashMap;
use walk::{LEAF, LEVELS};

/// A walk's stack entry (`walked_sum`): byte offsets of its fields, and its size.
const PENDING_START: i32 = 0;
const PENDING_COUNT: i32 = 8;
const PENDING_LEFT_DONE: i32 = 16;
const PENDING_LEFT: i32 = 24;
const PENDING_BYTES: i64 = 32;

/// What a piece's elements are read with: the row's hoisted frame, the element sizes read
/// along the row, the vector width (1: scalar) and the sum's dtype.
struct Row<'a> {
    expr: &'a Expr,
    frame: KernelFrame,
    last: usize,
    sizes: Vec<i64>,
    width: u8,
    dtype: DType,
}

impl Translator<'_, '_> {
    /// Emits a `pairwise` sum kernel (see the module comment).
    pub(super) fn pairwise_reduction(
        &mut self,
        kernel: &Kernel,
        reduction: &Reduction,
        chunk: usize,
        extents: &[usize],
        dst: Value,
        frame: &mut KernelFrame,
    ) {
        let rank = kernel.shape.len();
        let last = extents.len() - 1;
        let length = extents[last];
        let dtype = self.buffers[kernel.dst as usize].dtype;
        let size = element_bytes(dtype);
        // An operand read contiguously in the sum's own dtype is summed where it lies.
        let contiguous = match &kernel.expr {
            Expr::Load { buffer, offset } => {
                self.buffers[*buffer as usize].dtype == dtype
                    && offset.linear_coefficient(last) == Some(1)
            }
            _ => false,
        };
        let width = match self.vector_width_along(kernel, last) {
            Some(width) if !kernel.expr.calls_host() => width as u8,
            _ => 1,
        };
        let mut sizes = vec![size];
        kernel.expr.for_each_load(&mut |buffer, _| {
            let size = element_bytes(self.buffers[buffer as usize].dtype);
            if !sizes.contains(&size) {
                sizes.push(size);
            }
        });
        let pieces = length.div_ceil(chunk);
        let walk = (!contiguous).then(|| {
            self.builder.create_sized_stack_slot(StackSlotData::new(
                StackSlotKind::ExplicitSlot,
                (LEVELS as i64 * PENDING_BYTES) as u32,
                3,
            ))
        });
        self.nest(&extents[..rank], 0, frame, &mut |this, frame| {
            let total = this.builder.declare_var(scalar_type(dtype));
            let zero = this.constant(zero_of(dtype), Lanes::One);
            this.builder.def_var(total, zero);
            // An empty reduced dimension (say the rows of a `[0, 5]` array) sums nothing.
            if !extents[rank..].contains(&0) {
                let mut outer = frame.clone();
                this.nest(&extents[..last], rank, &mut outer, &mut |this, frame| {
                    // Row-invariant work, once per block.
                    let mut row_frame = frame.clone();
                    row_frame.memo = Some(std::rc::Rc::new(std::cell::RefCell::new(
                        HashMap::with_capacity(32),
                    )));
                    row_frame.dims.truncate(last);
                    let placeholder = this.ins().iconst(types::I64, 0);
                    row_frame.dims.push(placeholder);
                    let lanes = (width > 1).then_some(Lanes::Many(width));
                    this.hoist_row(&kernel.expr, &mut 0, &mut row_frame, last, lanes);
                    let row = Row {
                        expr: &kernel.expr,
                        frame: row_frame,
                        last,
                        sizes: sizes.clone(),
                        width,
                        dtype,
                    };
                    this.nest(
                        &[pieces],
                        0,
                        &mut KernelFrame::default(),
                        &mut |this, piece| {
                            let start = this.ins().imul_imm_s(piece.dims[0], chunk as i64);
                            let left = this.ins().iconst(types::I64, length as i64);
                            let left = this.ins().isub(left, start);
                            let most = this.ins().iconst(types::I64, chunk as i64);
                            let count = this.ins().smin(left, most);
                            let sum = match walk {
                                None => this.contiguous_sum(&row, start, count),
                                Some(walk) => this.walked_sum(&row, start, count, walk),
                            };
                            let current = this.builder.use_var(total);
                            let next = this.ins().fadd(current, sum);
                            this.builder.def_var(total, next);
                        },
                    );
                });
            }
            let mut result = this.builder.use_var(total);
            if let Some(count) = reduction.divide_by {
                let count = match dtype {
                    DType::F32 => Scalar::F32(count as f32),
                    DType::F64 | DType::I64 | DType::Bool => Scalar::F64(count),
                };
                let count = this.constant(count, Lanes::One);
                result = this.ins().fdiv(result, count);
            }
            let offset = this.index(&kernel.store, frame, 0);
            let address = this.element_address(dst, offset, size);
            this.ins().store(data_flags(), result, address, 0);
        });
    }

    /// The pairwise sum of `count` elements from `start` of a row that is one contiguous
    /// load: a call on their address.
    fn contiguous_sum(&mut self, row: &Row<'_>, start: Value, count: Value) -> Value {
        let base = row.frame.row_addresses[&0];
        let size = element_bytes(row.dtype);
        let bytes = self.ins().imul_imm_s(start, size);
        let address = self.ins().iadd(base, bytes);
        let import = match row.dtype {
            DType::F32 => Import::PairwiseF32,
            DType::F64 | DType::I64 | DType::Bool => Import::PairwiseF64,
        };
        let func_ref = self.import(import);
        let call = self.ins().call(func_ref, &[address, count]);
        self.builder.inst_results(call)[0]
    }

    /// The pairwise sum of `count` elements from `start` of the row's expression, walked
    /// in generated code: NumPy's recursion with an explicit stack of right halves in
    /// `walk` (`walk::LEVELS` entries of `PENDING_BYTES`: where the half starts, its
    /// length, whether the left half beside it is done, and that left half's sum). A range
    /// longer than a leaf is split (half rounded down to a multiple of eight, the left half
    /// first); a leaf is summed (`leaf_sum`); then each finished right half adds its left
    /// half's sum before it (`left + right`), up to the next right half not yet started.
    /// No host call: the walk is a few integer instructions per leaf.
    fn walked_sum(&mut self, row: &Row<'_>, start: Value, count: Value, walk: StackSlot) -> Value {
        let ty = scalar_type(row.dtype);
        let pointer_type = self.pointer_type;
        let base = self.ins().stack_addr(pointer_type, walk, 0);
        let depth = self.builder.declare_var(types::I64);
        let from = self.builder.declare_var(types::I64);
        let length = self.builder.declare_var(types::I64);
        let zero = self.ins().iconst(types::I64, 0);
        self.builder.def_var(depth, zero);
        self.builder.def_var(from, start);
        self.builder.def_var(length, count);

        let descend = self.builder.create_block();
        let split = self.builder.create_block();
        let leaf = self.builder.create_block();
        let ascend = self.builder.create_block();
        let sum = self.builder.append_block_param(ascend, ty);
        let pop = self.builder.create_block();
        let merge = self.builder.create_block();
        let right = self.builder.create_block();
        let done = self.builder.create_block();
        let result = self.builder.append_block_param(done, ty);
        self.ins().jump(descend, &[]);

        // While the range is longer than a leaf: push its right half, go on with the left.
        self.builder.switch_to_block(descend);
        let n = self.builder.use_var(length);
        let long = self
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThan, n, LEAF as i64);
        self.ins().brif(long, split, &[], leaf, &[]);

        self.builder.switch_to_block(split);
        self.builder.seal_block(split);
        let n = self.builder.use_var(length);
        let at = self.builder.use_var(from);
        let level = self.builder.use_var(depth);
        let half = self.ins().sshr_imm_s(n, 1);
        let half = self.ins().band_imm_s(half, !7);
        let entry = self.pending_entry(base, level);
        let right_start = self.ins().iadd(at, half);
        let right_count = self.ins().isub(n, half);
        self.ins()
            .store(data_flags(), right_start, entry, PENDING_START);
        self.ins()
            .store(data_flags(), right_count, entry, PENDING_COUNT);
        self.ins()
            .store(data_flags(), zero, entry, PENDING_LEFT_DONE);
        let deeper = self.ins().iadd_imm_s(level, 1);
        self.builder.def_var(depth, deeper);
        self.builder.def_var(length, half);
        self.ins().jump(descend, &[]);

        self.builder.switch_to_block(leaf);
        self.builder.seal_block(leaf);
        let at = self.builder.use_var(from);
        let n = self.builder.use_var(length);
        let value = self.leaf_sum(row, at, n);
        self.ins().jump(ascend, &[value.into()]);

        // A sum is done: the whole one at depth 0, else the top entry's left or right half.
        self.builder.switch_to_block(ascend);
        let level = self.builder.use_var(depth);
        self.ins().brif(level, pop, &[], done, &[sum.into()]);

        self.builder.switch_to_block(pop);
        self.builder.seal_block(pop);
        let level = self.builder.use_var(depth);
        let top = self.ins().iadd_imm_s(level, -1);
        let entry = self.pending_entry(base, top);
        let left_done = self
            .ins()
            .load(types::I64, data_flags(), entry, PENDING_LEFT_DONE);
        self.ins().brif(left_done, merge, &[], right, &[]);

        // The right half is done: left + right is the sum of the range above.
        self.builder.switch_to_block(merge);
        self.builder.seal_block(merge);
        let left = self.ins().load(ty, data_flags(), entry, PENDING_LEFT);
        let combined = self.ins().fadd(left, sum);
        self.builder.def_var(depth, top);
        self.ins().jump(ascend, &[combined.into()]);
        self.builder.seal_block(ascend);

        // The left half is done: keep its sum and walk the right half.
        self.builder.switch_to_block(right);
        self.builder.seal_block(right);
        self.ins().store(data_flags(), sum, entry, PENDING_LEFT);
        let one = self.ins().iconst(types::I64, 1);
        self.ins()
            .store(data_flags(), one, entry, PENDING_LEFT_DONE);
        let right_start = self
            .ins()
            .load(types::I64, data_flags(), entry, PENDING_START);
        let right_count = self
            .ins()
            .load(types::I64, data_flags(), entry, PENDING_COUNT);
        self.builder.def_var(from, right_start);
        self.builder.def_var(length, right_count);
        self.ins().jump(descend, &[]);
        self.builder.seal_block(descend);

        self.builder.switch_to_block(done);
        self.builder.seal_block(done);
        result
    }

    /// The address of entry `level` of a walk's stack.
    fn pending_entry(&mut self, base: Value, level: Value) -> Value {
        let offset = self.ins().imul_imm_s(level, PENDING_BYTES);
        self.ins().iadd(base, offset)
    }

    /// `pairwise_sum` of a leaf of at most 128 elements, as `walk::leaf_sum` computes it:
    /// eight accumulators from `-0.0` (as `F64X2` or `F32X4` lanes) over the whole blocks
    /// of eight, combined, then the rest one by one.
    fn leaf_sum(&mut self, row: &Row<'_>, start: Value, count: Value) -> Value {
        let ty = scalar_type(row.dtype);
        let width = i64::from(row.width);
        let lanes = if row.width > 1 {
            Lanes::Many(row.width)
        } else {
            Lanes::One
        };
        let vector_ty = if row.width > 1 {
            ty.by(u32::from(row.width)).expect("a vector type")
        } else {
            ty
        };
        let negative_zero = self.constant(negative_zero(row.dtype), lanes);
        let accumulators: Vec<_> = (0..8 / width)
            .map(|_| {
                let variable = self.builder.declare_var(vector_ty);
                self.builder.def_var(variable, negative_zero);
                variable
            })
            .collect();
        let blocks = self.ins().sshr_imm_s(count, 3);
        let zero = self.ins().iconst(types::I64, 0);
        self.range_loop(zero, blocks, &mut |this, block| {
            let base = this.ins().ishl_imm_s(block, 3);
            let base = this.ins().iadd(start, base);
            for (j, &variable) in accumulators.iter().enumerate() {
                let at = this.ins().iadd_imm_s(base, j as i64 * width);
                let value = this.row_value(row, at, lanes);
                let current = this.builder.use_var(variable);
                let next = this.ins().fadd(current, value);
                this.builder.def_var(variable, next);
            }
        });
        let mut r = Vec::with_capacity(8);
        for &variable in &accumulators {
            let value = self.builder.use_var(variable);
            if row.width > 1 {
                for lane in 0..row.width {
                    r.push(self.ins().extractlane(value, lane));
                }
            } else {
                r.push(value);
            }
        }
        let r01 = self.ins().fadd(r[0], r[1]);
        let r23 = self.ins().fadd(r[2], r[3]);
        let r45 = self.ins().fadd(r[4], r[5]);
        let r67 = self.ins().fadd(r[6], r[7]);
        let low = self.ins().fadd(r01, r23);
        let high = self.ins().fadd(r45, r67);
        let combined = self.ins().fadd(low, high);
        let result = self.builder.declare_var(ty);
        self.builder.def_var(result, combined);
        let done = self.ins().ishl_imm_s(blocks, 3);
        self.range_loop(done, count, &mut |this, k| {
            let at = this.ins().iadd(start, k);
            let value = this.row_value(row, at, Lanes::One);
            let current = this.builder.use_var(result);
            let next = this.ins().fadd(current, value);
            this.builder.def_var(result, next);
        });
        self.builder.use_var(result)
    }

    /// The value (or vector) of the row's expression at `at` along its last dimension.
    fn row_value(&mut self, row: &Row<'_>, at: Value, lanes: Lanes) -> Value {
        let mut element = row.frame.clone();
        element.dims.truncate(row.last);
        element.dims.push(at);
        let mut unit = UnitBytes::default();
        for &size in &row.sizes {
            let shift = size.trailing_zeros();
            unit.bytes[shift as usize] = Some(match shift {
                0 => at,
                shift => self.ins().ishl_imm_s(at, i64::from(shift)),
            });
        }
        element.unit_bytes = Some(unit);
        self.expr(row.expr, &mut element, lanes)
    }

    /// `for k in from..to` with run-time bounds.
    fn range_loop(&mut self, from: Value, to: Value, body: &mut dyn FnMut(&mut Self, Value)) {
        let counter = self.builder.declare_var(types::I64);
        self.builder.def_var(counter, from);
        let body_block = self.builder.create_block();
        let exit = self.builder.create_block();
        let any = self.ins().icmp(IntCC::SignedLessThan, from, to);
        self.ins().brif(any, body_block, &[], exit, &[]);
        self.builder.switch_to_block(body_block);
        let k = self.builder.use_var(counter);
        body(self, k);
        let k = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(k, 1);
        self.builder.def_var(counter, next);
        let more = self.ins().icmp(IntCC::SignedLessThan, next, to);
        self.ins().brif(more, body_block, &[], exit, &[]);
        self.builder.seal_block(body_block);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }
}

/// Zero in a float dtype: the reduction's identity, which NumPy's result starts from.
fn zero_of(dtype: DType) -> Scalar {
    match dtype {
        DType::F32 => Scalar::F32(0.0),
        DType::F64 | DType::I64 | DType::Bool => Scalar::F64(0.0),
    }
}

/// `-0.0` in a float dtype, where a leaf's accumulators start.
fn negative_zero(dtype: DType) -> Scalar {
    match dtype {
        DType::F32 => Scalar::F32(-0.0),
        DType::F64 | DType::I64 | DType::Bool => Scalar::F64(-0.0),
    }
}
