//! Float sums in NumPy's order (`Reduction::pairwise`): per output, a running value that
//! starts at 0 and adds, for each position of the outer reduced dimensions, the pieces of
//! the last reduced dimension, each summed as NumPy's `pairwise_sum` does (below eight
//! elements one after the other from `-0.0`; up to 128 with eight accumulators, combined
//! `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the rest one by one; longer
//! ones split in two at half rounded down to a multiple of eight). The eight accumulators
//! are `F64X2` or `F32X4` lanes, so a leaf adds eight elements with four or two vector
//! additions and the bits are those of NumPy's scalar loop. The split is walked with an
//! explicit stack in a stack slot, so the code is the same size for any length. Takes a
//! reduction kernel; knows nothing of lowering.

use super::expr::{element_bytes, scalar_type, Lanes};
use super::kernel::{KernelFrame, UnitBytes};
use super::{data_flags, Translator};
use crate::ir::{DType, Expr, Kernel, Reduction, Scalar};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, StackSlotData, StackSlotKind, Value};
use std::collections::HashMap;

/// NumPy's `PW_BLOCKSIZE`: pieces up to this length are summed with eight accumulators.
const LEAF: i64 = 128;

/// Bytes per entry of the split stack: the right half's first element and length (the
/// length negated once the left half's sum is stored), then that sum.
const ENTRY: i64 = 24;

/// Entries of the split stack: each level halves the length, so 64 levels cover any length.
const LEVELS: u32 = 64;

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
        let stack = self.builder.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            LEVELS * ENTRY as u32,
            3,
        ));
        self.nest(&extents[..rank], 0, frame, &mut |this, frame| {
            let total = this.builder.declare_var(scalar_type(dtype));
            let zero = this.constant(zero_of(dtype, false), Lanes::One);
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
                            let sum = this.pairwise_sum(&row, start, count, stack);
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

    /// NumPy's `pairwise_sum` of the `count` elements from `start` of the row: the
    /// recursion as a loop over an explicit stack of right halves still to sum.
    fn pairwise_sum(
        &mut self,
        row: &Row<'_>,
        start: Value,
        count: Value,
        stack: cranelift_codegen::ir::StackSlot,
    ) -> Value {
        let ty = scalar_type(row.dtype);
        let depth = self.builder.declare_var(types::I64);
        let first = self.builder.declare_var(types::I64);
        let length = self.builder.declare_var(types::I64);
        let sum = self.builder.declare_var(ty);
        let zero = self.ins().iconst(types::I64, 0);
        self.builder.def_var(depth, zero);
        self.builder.def_var(first, start);
        self.builder.def_var(length, count);
        let initial = self.constant(zero_of(row.dtype, true), Lanes::One);
        self.builder.def_var(sum, initial);
        let descend = self.builder.create_block();
        let leaf = self.builder.create_block();
        let ascend = self.builder.create_block();
        let pop = self.builder.create_block();
        let resume = self.builder.create_block();
        let done = self.builder.create_block();
        self.ins().jump(descend, &[]);

        // Split while longer than a leaf: push the right half, go on with the left one.
        self.builder.switch_to_block(descend);
        let n = self.builder.use_var(length);
        let long = self.ins().icmp_imm_s(IntCC::SignedGreaterThan, n, LEAF);
        let split = self.builder.create_block();
        self.ins().brif(long, split, &[], leaf, &[]);
        self.builder.switch_to_block(split);
        self.builder.seal_block(split);
        let half = self.ins().sshr_imm_s(n, 1);
        let half = self.ins().band_imm_s(half, !7);
        let entry = self.stack_entry(stack, depth);
        let at = self.builder.use_var(first);
        let right = self.ins().iadd(at, half);
        let rest = self.ins().isub(n, half);
        self.ins().store(data_flags(), right, entry, 0);
        self.ins().store(data_flags(), rest, entry, 8);
        let d = self.builder.use_var(depth);
        let d = self.ins().iadd_imm_s(d, 1);
        self.builder.def_var(depth, d);
        self.builder.def_var(length, half);
        self.ins().jump(descend, &[]);

        // A leaf.
        self.builder.switch_to_block(leaf);
        self.builder.seal_block(leaf);
        let at = self.builder.use_var(first);
        let n = self.builder.use_var(length);
        let value = self.leaf_sum(row, at, n);
        self.builder.def_var(sum, value);
        self.ins().jump(ascend, &[]);

        // Combine with finished left halves; start the next pending right half.
        self.builder.switch_to_block(ascend);
        let d = self.builder.use_var(depth);
        let empty = self.ins().icmp_imm_s(IntCC::Equal, d, 0);
        let top = self.builder.create_block();
        self.ins().brif(empty, done, &[], top, &[]);
        self.builder.switch_to_block(top);
        self.builder.seal_block(top);
        let d = self.builder.use_var(depth);
        let below = self.ins().iadd_imm_s(d, -1);
        let entry = self.stack_entry_at(stack, below);
        let rest = self.ins().load(types::I64, data_flags(), entry, 8);
        let finished = self.ins().icmp_imm_s(IntCC::SignedLessThan, rest, 0);
        self.ins().brif(finished, pop, &[], resume, &[]);

        self.builder.switch_to_block(pop);
        self.builder.seal_block(pop);
        let left = self.ins().load(ty, data_flags(), entry, 16);
        let right = self.builder.use_var(sum);
        let both = self.ins().fadd(left, right);
        self.builder.def_var(sum, both);
        self.builder.def_var(depth, below);
        self.ins().jump(ascend, &[]);
        self.builder.seal_block(ascend);

        self.builder.switch_to_block(resume);
        self.builder.seal_block(resume);
        let left = self.builder.use_var(sum);
        self.ins().store(data_flags(), left, entry, 16);
        let negated = self.ins().ineg(rest);
        self.ins().store(data_flags(), negated, entry, 8);
        let at = self.ins().load(types::I64, data_flags(), entry, 0);
        self.builder.def_var(first, at);
        self.builder.def_var(length, rest);
        self.ins().jump(descend, &[]);
        self.builder.seal_block(descend);

        self.builder.switch_to_block(done);
        self.builder.seal_block(done);
        self.builder.use_var(sum)
    }

    /// The address of entry `depth` (a variable) of the split stack.
    fn stack_entry(
        &mut self,
        stack: cranelift_codegen::ir::StackSlot,
        depth: cranelift_frontend::Variable,
    ) -> Value {
        let d = self.builder.use_var(depth);
        self.stack_entry_at(stack, d)
    }

    fn stack_entry_at(&mut self, stack: cranelift_codegen::ir::StackSlot, depth: Value) -> Value {
        let base = self.ins().stack_addr(types::I64, stack, 0);
        let bytes = self.ins().imul_imm_s(depth, ENTRY);
        self.ins().iadd(base, bytes)
    }

    /// `pairwise_sum` of a piece of at most 128 elements.
    fn leaf_sum(&mut self, row: &Row<'_>, start: Value, count: Value) -> Value {
        let ty = scalar_type(row.dtype);
        let result = self.builder.declare_var(ty);
        let short = self.ins().icmp_imm_s(IntCC::SignedLessThan, count, 8);
        let few = self.builder.create_block();
        let many = self.builder.create_block();
        let rest = self.builder.create_block();
        let end = self.builder.create_block();
        self.ins().brif(short, few, &[], many, &[]);

        // Fewer than eight: one after the other from -0.0.
        self.builder.switch_to_block(few);
        self.builder.seal_block(few);
        let initial = self.constant(zero_of(row.dtype, true), Lanes::One);
        self.builder.def_var(result, initial);
        let from = self.ins().iconst(types::I64, 0);
        self.range_loop(from, count, &mut |this, k| {
            let at = this.ins().iadd(start, k);
            let value = this.row_value(row, at, Lanes::One);
            let current = this.builder.use_var(result);
            let next = this.ins().fadd(current, value);
            this.builder.def_var(result, next);
        });
        self.ins().jump(end, &[]);

        // Eight accumulators (as vectors of `width` lanes), then the rest one by one.
        self.builder.switch_to_block(many);
        self.builder.seal_block(many);
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
        let accumulators: Vec<_> = (0..8 / width)
            .map(|j| {
                let variable = self.builder.declare_var(vector_ty);
                let at = self.ins().iadd_imm_s(start, j * width);
                let value = self.row_value(row, at, lanes);
                self.builder.def_var(variable, value);
                variable
            })
            .collect();
        let blocks = self.ins().sshr_imm_s(count, 3);
        let one = self.ins().iconst(types::I64, 1);
        self.range_loop(one, blocks, &mut |this, block| {
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
        self.builder.def_var(result, combined);
        let done = self.ins().ishl_imm_s(blocks, 3);
        self.ins().jump(rest, &[]);
        self.builder.switch_to_block(rest);
        self.builder.seal_block(rest);
        self.range_loop(done, count, &mut |this, k| {
            let at = this.ins().iadd(start, k);
            let value = this.row_value(row, at, Lanes::One);
            let current = this.builder.use_var(result);
            let next = this.ins().fadd(current, value);
            this.builder.def_var(result, next);
        });
        self.ins().jump(end, &[]);

        self.builder.switch_to_block(end);
        self.builder.seal_block(end);
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

/// Zero in a float dtype: `-0.0` where NumPy's `pairwise_sum` starts from it, else `0.0`
/// (the reduction's identity, which NumPy's result starts from).
fn zero_of(dtype: DType, negative: bool) -> Scalar {
    let zero: f64 = if negative { -0.0 } else { 0.0 };
    match dtype {
        DType::F32 => Scalar::F32(zero as f32),
        DType::F64 | DType::I64 | DType::Bool => Scalar::F64(zero),
    }
}
