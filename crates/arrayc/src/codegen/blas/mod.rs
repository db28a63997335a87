//! `matmul` kernels (`Reduction::blas`) to one call of the precompiled routine in `order`,
//! which computes NumPy's float64 product in NumPy's and OpenBLAS's order. Generated code
//! only fills a `MatmulCall` on the stack (operand addresses, strides, extents) and calls
//! it, so a product costs the same few instructions to compile whatever its size. Takes a
//! kernel that `verify` accepted as a blas product; knows nothing of lowering.

pub(super) mod order;

use super::abi::Import;
use super::kernel::KernelFrame;
use super::{data_flags, Translator};
use crate::ir::{Expr, Index, Kernel};
use cranelift_codegen::ir::{types, InstBuilder, StackSlotData, StackSlotKind, Value};
use order::{MatmulCall, MATMUL_CALL_BYTES};
use std::mem::offset_of;

impl Translator<'_, '_> {
    /// Emits a blas `matmul` kernel (see the module comment).
    pub(super) fn blas_product(&mut self, kernel: &Kernel, dst: Value, frame: &mut KernelFrame) {
        let Expr::Binary(_, a, b) = &kernel.expr else {
            unreachable!("verify accepts only a product of two loads as a blas kernel")
        };
        let slot = self.builder.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            MATMUL_CALL_BYTES,
            3,
        ));
        let pointer_type = self.pointer_type;
        let call = self.ins().stack_addr(pointer_type, slot, 0);
        // a[i, l] reads dims 0 and 2, b[l, j] dims 2 and 1.
        let fields = [
            (
                a,
                0,
                2,
                offset_of!(MatmulCall, a),
                offset_of!(MatmulCall, a_rows),
                offset_of!(MatmulCall, a_cols),
            ),
            (
                b,
                2,
                1,
                offset_of!(MatmulCall, b),
                offset_of!(MatmulCall, b_rows),
                offset_of!(MatmulCall, b_cols),
            ),
        ];
        for (load, row_dim, col_dim, at, rows_at, cols_at) in fields {
            let Expr::Load { buffer, offset } = load.as_ref() else {
                unreachable!("verify accepts only loads as blas operands")
            };
            let start = (0..3).fold(offset.clone(), |index: Index, d| index.without_dim(d));
            let start = self.index(&start, frame, 0);
            let address = self.element_address(frame.bases[buffer], start, 8);
            self.ins().store(data_flags(), address, call, at as i32);
            for (dim, field) in [(row_dim, rows_at), (col_dim, cols_at)] {
                let stride = offset
                    .linear_coefficient(dim)
                    .expect("verify accepts only affine blas operands");
                let stride = self.ins().iconst(types::I64, stride);
                self.ins().store(data_flags(), stride, call, field as i32);
            }
        }
        self.ins()
            .store(data_flags(), dst, call, offset_of!(MatmulCall, c) as i32);
        let extents = kernel.extents();
        for (extent, field) in [
            (extents[0], offset_of!(MatmulCall, m)),
            (extents[1], offset_of!(MatmulCall, n)),
            (extents[2], offset_of!(MatmulCall, k)),
        ] {
            let extent = self.ins().iconst(types::I64, extent as i64);
            self.ins().store(data_flags(), extent, call, field as i32);
        }
        let func_ref = self.import(Import::MatmulF64);
        self.ins().call(func_ref, &[call]);
    }
}
