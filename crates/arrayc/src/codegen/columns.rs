//! Reductions over a kernel's trailing dimensions computed for several outputs at once:
//! the last output dimension (contiguous in the destination) goes innermost, in blocks of
//! eight outputs whose running values stay in `F64X2` registers while the loops over the
//! reduced dimensions run (`sum(data, axis=0)`, `a @ b` as the i-k-j loop). Each output
//! still combines its elements one at a time in the reduced dimensions' order, so the bits
//! are those of the one-output-at-a-time loop. Takes a reduction kernel; knows nothing of
//! lowering.

use super::expr::Lanes;
use super::kernel::KernelFrame;
use super::{data_flags, vector_flags, Translator};
use crate::ir::{DType, Expr, Index, Kernel, ReduceOp, Reduction, Scalar};
use cranelift_codegen::ir::{types, InstBuilder, Value};
use cranelift_frontend::Variable;

impl Translator<'_, '_> {
    /// Whether the kernel's destination and every value it computes are float64.
    fn all_f64(&self, kernel: &Kernel) -> bool {
        let mut all = self.buffers[kernel.dst as usize].dtype == DType::F64;
        let mut stack = vec![&kernel.expr];
        while let Some(expr) = stack.pop() {
            all &= self.dtype_of(expr) == DType::F64;
            match expr {
                Expr::Cast(_, a) | Expr::Unary(_, a) => stack.push(a),
                Expr::Binary(_, a, b) => stack.extend([&**a, &**b]),
                Expr::Select(c, a, b) => stack.extend([&**c, &**a, &**b]),
                Expr::Const(_) | Expr::Slot(_) | Expr::Load { .. } | Expr::IndexValue(_) => {}
            }
        }
        all
    }
}

/// Outputs per block: four `F64X2` accumulators.
const BLOCK: usize = 8;

/// The kernel with its dimensions reordered so that the last output dimension is the last
/// one: `(rows.., reduced.., column)`.
struct Columns {
    expr: Expr,
    store: Index,
    /// The dimension count of the whole box.
    total: usize,
}

impl Translator<'_, '_> {
    /// Emits `kernel` (a reduction, not a scan) output block by output block; `false`,
    /// having emitted nothing, when its form does not suit (no output dimension, one
    /// output per row, a destination not contiguous along it, an empty box, or no read
    /// that moves with the outputs).
    pub(super) fn reduction_by_columns(
        &mut self,
        kernel: &Kernel,
        reduction: &Reduction,
        extents: &[usize],
        dst: Value,
        frame: &mut KernelFrame,
    ) -> bool {
        let rank = kernel.shape.len();
        let total = extents.len();
        // Float64 only: the accumulators are `F64X2` registers.
        if !self.all_f64(kernel)
            || reduction.scan
            || rank == 0
            || total == rank
            || extents[rank - 1] < 2
            || extents.contains(&0)
        {
            return false;
        }
        // Old dimension d goes to position map[d].
        let map: Vec<Index> = (0..total)
            .map(|d| match d.cmp(&(rank - 1)) {
                std::cmp::Ordering::Less => Index::dim(d),
                std::cmp::Ordering::Equal => Index::dim(total - 1),
                std::cmp::Ordering::Greater => Index::dim(d - 1),
            })
            .collect();
        let columns = Columns {
            expr: kernel.expr.map_indices(&|index| index.substitute(&map)),
            store: kernel.store.substitute(&map),
            total,
        };
        if columns.store.linear_coefficient(total - 1) != Some(1)
            || (rank - 1..total - 1).any(|d| columns.store.uses_dim(d))
        {
            return false;
        }
        let mut moves = false;
        columns.expr.for_each_index(&mut |index| {
            moves |= index.linear_coefficient(total - 1) == Some(1);
        });
        if !moves {
            return false;
        }
        // `(rows.., reduced..)`: the loops, the reduced ones inside each block.
        let mut loops: Vec<usize> = extents[..rank - 1].to_vec();
        loops.extend_from_slice(&extents[rank..]);
        let width = extents[rank - 1];
        let blocks = width / BLOCK;
        let left = width % BLOCK;
        self.nest(&extents[..rank - 1], 0, frame, &mut |this, frame| {
            if blocks > 0 {
                this.nest(
                    &[blocks],
                    0,
                    &mut KernelFrame::default(),
                    &mut |this, block| {
                        let first = this.ins().imul_imm_s(block.dims[0], BLOCK as i64);
                        this.column_block(
                            &columns, reduction, &loops, rank, dst, frame, first, BLOCK,
                        );
                    },
                );
            }
            if left > 0 {
                let first = this.ins().iconst(types::I64, (blocks * BLOCK) as i64);
                this.column_block(&columns, reduction, &loops, rank, dst, frame, first, left);
            }
        });
        true
    }

    /// The outputs `first..first + count` of the current row: running values in registers
    /// (pairs, then a last single), the reduced loops, the stores.
    #[allow(clippy::too_many_arguments)]
    fn column_block(
        &mut self,
        columns: &Columns,
        reduction: &Reduction,
        loops: &[usize],
        rank: usize,
        dst: Value,
        row: &KernelFrame,
        first: Value,
        count: usize,
    ) {
        let init = match reduction.op {
            ReduceOp::Sum => 0.0,
            ReduceOp::Prod => 1.0,
            ReduceOp::Min => f64::INFINITY,
            ReduceOp::Max => f64::NEG_INFINITY,
        };
        // (offset of the first output in the block, lanes, running value)
        let mut accumulators: Vec<(i64, Lanes, Variable)> = Vec::new();
        for k in 0..count / 2 {
            accumulators.push((
                (2 * k) as i64,
                Lanes::Many(2),
                self.builder.declare_var(types::F64X2),
            ));
        }
        if count % 2 == 1 {
            accumulators.push((
                (count - 1) as i64,
                Lanes::One,
                self.builder.declare_var(types::F64),
            ));
        }
        for &(_, lanes, variable) in &accumulators {
            let value = self.constant(Scalar::F64(init), lanes);
            self.builder.def_var(variable, value);
        }
        let mut inner = row.clone();
        self.nest(loops, rank - 1, &mut inner, &mut |this, frame| {
            for &(offset, lanes, variable) in &accumulators {
                let column = if offset == 0 {
                    first
                } else {
                    this.ins().iadd_imm_s(first, offset)
                };
                let mut element = frame.clone();
                element.dims.truncate(columns.total - 1);
                element.dims.push(column);
                let value = this.expr(&columns.expr, &mut element, lanes);
                let current = this.builder.use_var(variable);
                let next = match reduction.op {
                    ReduceOp::Sum => this.ins().fadd(current, value),
                    ReduceOp::Prod => this.ins().fmul(current, value),
                    ReduceOp::Min => this.numpy_min_max(false, current, value, DType::F64, lanes),
                    ReduceOp::Max => this.numpy_min_max(true, current, value, DType::F64, lanes),
                };
                this.builder.def_var(variable, next);
            }
        });
        // The store index reads the rows and the column only; the reduced positions are 0.
        let mut place = row.clone();
        place.dims.truncate(rank - 1);
        let zero = self.ins().iconst(types::I64, 0);
        while place.dims.len() < columns.total - 1 {
            place.dims.push(zero);
        }
        for &(offset, lanes, variable) in &accumulators {
            let mut result = self.builder.use_var(variable);
            if let Some(count) = reduction.divide_by {
                let count = self.constant(Scalar::F64(count), lanes);
                result = self.ins().fdiv(result, count);
            }
            let column = if offset == 0 {
                first
            } else {
                self.ins().iadd_imm_s(first, offset)
            };
            let mut at = place.clone();
            at.dims.push(column);
            let address = self.indexed_address(dst, &columns.store, &at, 8);
            let flags = match lanes {
                Lanes::One => data_flags(),
                Lanes::Many(_) => vector_flags(),
            };
            self.ins().store(flags, result, address, 0);
        }
    }
}
