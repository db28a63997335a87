//! Float sums in NumPy's order (`Reduction::pairwise`): per output, a running value that
//! starts at 0 and adds, for each position of the outer reduced dimensions, the pieces of
//! the last reduced dimension, each summed as NumPy's `pairwise_sum` does. The summing is
//! precompiled Rust (`walk`), so a sum costs the same few instructions to compile whatever
//! its length: a piece that is contiguous in memory is one call on its address, and a
//! fused operand (`sum(abs(p - pn))`) is computed a leaf (at most 128 elements) at a time
//! into a buffer on the stack, in a vector loop, and handed to the walk, which says where
//! the next leaf is. Takes a reduction kernel; knows nothing of lowering.

pub(super) mod walk;

use super::abi::Import;
use super::expr::{element_bytes, scalar_type, Lanes};
use super::kernel::{KernelFrame, UnitBytes};
use super::{data_flags, vector_flags, Translator};
use crate::ir::{DType, Expr, Kernel, Reduction, Scalar};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, StackSlot, StackSlotData, StackSlotKind, Value};
use std::collections::HashMap;
use walk::{LEAF, WALK_BYTES, WALK_START, WALK_SUM};

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

/// Where a fused operand's leaves are computed and walked: the walk's state and the leaf
/// buffer, two stack slots of the function.
#[derive(Clone, Copy)]
struct Scratch {
    walk: StackSlot,
    leaf: StackSlot,
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
        let scratch = (!contiguous).then(|| Scratch {
            walk: self.builder.create_sized_stack_slot(StackSlotData::new(
                StackSlotKind::ExplicitSlot,
                WALK_BYTES,
                3,
            )),
            leaf: self.builder.create_sized_stack_slot(StackSlotData::new(
                StackSlotKind::ExplicitSlot,
                (LEAF as i64 * size) as u32,
                4,
            )),
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
                            let sum = match scratch {
                                None => this.contiguous_sum(&row, start, count),
                                Some(scratch) => this.walked_sum(&row, start, count, scratch),
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

    /// The pairwise sum of `count` elements from `start` of the row's expression: a walk
    /// that asks for one leaf after another, each computed into the leaf buffer.
    fn walked_sum(&mut self, row: &Row<'_>, start: Value, count: Value, scratch: Scratch) -> Value {
        let pointer_type = self.pointer_type;
        let walk = self.ins().stack_addr(pointer_type, scratch.walk, 0);
        let buffer = self.ins().stack_addr(pointer_type, scratch.leaf, 0);
        let begin = self.import(Import::PairwiseBegin);
        let add_leaf = self.import(match row.dtype {
            DType::F32 => Import::PairwiseLeafF32,
            DType::F64 | DType::I64 | DType::Bool => Import::PairwiseLeafF64,
        });
        let call = self.ins().call(begin, &[walk, count]);
        let first = self.builder.inst_results(call)[0];
        let leaf = self.builder.create_block();
        let leaf_count = self.builder.append_block_param(leaf, types::I64);
        let done = self.builder.create_block();
        self.ins().jump(leaf, &[first.into()]);

        self.builder.switch_to_block(leaf);
        let offset = self.ins().load(types::I64, data_flags(), walk, WALK_START);
        let at = self.ins().iadd(start, offset);
        self.compute_leaf(row, at, leaf_count, buffer);
        let call = self.ins().call(add_leaf, &[walk, buffer]);
        let next = self.builder.inst_results(call)[0];
        let more = self
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, next, 0);
        self.ins().brif(more, leaf, &[next.into()], done, &[]);
        self.builder.seal_block(leaf);

        self.builder.switch_to_block(done);
        self.builder.seal_block(done);
        let sum = self.ins().load(types::F64, data_flags(), walk, WALK_SUM);
        match row.dtype {
            DType::F32 => self.ins().fdemote(types::F32, sum),
            DType::F64 | DType::I64 | DType::Bool => sum,
        }
    }

    /// Stores the row's `count` elements from `at` into `buffer`: as many as fill whole
    /// vectors in a vector loop, the rest one by one.
    fn compute_leaf(&mut self, row: &Row<'_>, at: Value, count: Value, buffer: Value) {
        let size = element_bytes(row.dtype);
        let width = i64::from(row.width);
        let zero = self.ins().iconst(types::I64, 0);
        let vectors = if width > 1 {
            let vectors = self
                .ins()
                .sshr_imm_s(count, i64::from(width.trailing_zeros()));
            self.range_loop(zero, vectors, &mut |this, k| {
                let element = this.ins().imul_imm_s(k, width);
                let position = this.ins().iadd(at, element);
                let value = this.row_value(row, position, Lanes::Many(row.width));
                let bytes = this.ins().imul_imm_s(element, size);
                let address = this.ins().iadd(buffer, bytes);
                this.ins().store(vector_flags(), value, address, 0);
            });
            self.ins().imul_imm_s(vectors, width)
        } else {
            zero
        };
        self.range_loop(vectors, count, &mut |this, k| {
            let position = this.ins().iadd(at, k);
            let value = this.row_value(row, position, Lanes::One);
            let bytes = this.ins().imul_imm_s(k, size);
            let address = this.ins().iadd(buffer, bytes);
            this.ins().store(data_flags(), value, address, 0);
        });
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
