//! Integer index trees to Cranelift integer arithmetic and element addresses, with the
//! row's indices memoised. Knows nothing of element values.

use super::kernel::KernelFrame;
use super::Translator;
use crate::ir::Index;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, Value};

impl Translator<'_, '_> {
    /// `base + size * offset` for an element of `size` bytes (1, 4 or 8).
    pub(super) fn element_address(&mut self, base: Value, offset: Value, size: i64) -> Value {
        let bytes = match size {
            1 => offset,
            size => self
                .ins()
                .ishl_imm_s(offset, i64::from(size.trailing_zeros())),
        };
        self.ins().iadd(base, bytes)
    }

    /// `base + size * index` for elements of `size` bytes, folding the size into affine
    /// coefficients (and adding nothing for a zero offset).
    pub(super) fn indexed_address(
        &mut self,
        base: Value,
        index: &Index,
        frame: &KernelFrame,
        size: i64,
    ) -> Value {
        match index {
            Index::Affine(affine) => {
                let terms: Vec<(Value, i64)> = affine
                    .coefficients
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c != 0)
                    .map(|(d, &c)| (frame.dims[d], c * size))
                    .collect();
                if terms.is_empty() {
                    return match affine.constant {
                        0 => base,
                        c => self.ins().iadd_imm_s(base, c * size),
                    };
                }
                let bytes = self.sum_of_terms(&terms, affine.constant * size);
                self.ins().iadd(base, bytes)
            }
            other => {
                let offset = self.index(other, frame, 0);
                self.element_address(base, offset, size)
            }
        }
    }

    /// `constant + sum(value * coefficient)`, emitting no instruction for a zero or a one.
    pub(super) fn sum_of_terms(&mut self, terms: &[(Value, i64)], constant: i64) -> Value {
        let mut total: Option<Value> = None;
        for &(value, coefficient) in terms {
            let term = match coefficient {
                0 => continue,
                1 => value,
                c if c > 0 && (c as u64).is_power_of_two() => {
                    self.ins().ishl_imm_s(value, c.trailing_zeros() as i64)
                }
                c => self.ins().imul_imm_s(value, c),
            };
            total = Some(match total {
                None => term,
                Some(sum) => self.ins().iadd(sum, term),
            });
        }
        match total {
            None => self.ins().iconst(types::I64, constant),
            Some(sum) if constant == 0 => sum,
            Some(sum) => self.ins().iadd_imm_s(sum, constant),
        }
    }

    /// The address of `base[index]` (elements of `size` bytes), split so that the part not
    /// depending on the innermost dimension (the row) is computed apart from it and can
    /// leave the inner loop.
    pub(super) fn address(
        &mut self,
        base: Value,
        index: &Index,
        frame: &KernelFrame,
        lane: i64,
        size: i64,
    ) -> Value {
        let Some(last) = frame.dims.len().checked_sub(1) else {
            let offset = self.index(index, frame, lane);
            return self.element_address(base, offset, size);
        };
        match index.linear_coefficient(last) {
            Some(coefficient) => {
                let row_index = index.without_dim(last);
                let row = self.index(&row_index, frame, 0);
                let row_address = self.element_address(base, row, size);
                if coefficient == 0 {
                    return row_address;
                }
                let position = self.ins().iadd_imm_s(frame.dims[last], lane);
                let bytes = self.sum_of_terms(&[(position, coefficient * size)], 0);
                self.ins().iadd(row_address, bytes)
            }
            None => {
                let offset = self.index(index, frame, lane);
                self.element_address(base, offset, size)
            }
        }
    }

    pub(super) fn index(&mut self, index: &Index, frame: &KernelFrame, lane: i64) -> Value {
        let last = frame.dims.len().saturating_sub(1);
        let memo = frame
            .memo
            .clone()
            .filter(|_| !frame.dims.is_empty() && !index.uses_dim(last));
        if let Some(memo) = &memo {
            if let Some(&value) = memo.borrow().get(index) {
                return value;
            }
        }
        let value = self.index_uncached(index, frame, lane);
        if let Some(memo) = memo {
            memo.borrow_mut().insert(index.clone(), value);
        }
        value
    }

    pub(super) fn index_uncached(
        &mut self,
        index: &Index,
        frame: &KernelFrame,
        lane: i64,
    ) -> Value {
        match index {
            Index::Affine(affine) => {
                let last = frame.dims.len().saturating_sub(1);
                let constant = affine.constant + affine.coefficients[last] * lane;
                let terms: Vec<(Value, i64)> = affine
                    .coefficients
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c != 0)
                    .map(|(d, &c)| (frame.dims[d], c))
                    .collect();
                self.sum_of_terms(&terms, constant)
            }
            Index::Add(a, b) => {
                let a = self.index(a, frame, lane);
                let b = self.index(b, frame, lane);
                self.ins().iadd(a, b)
            }
            Index::Scale(a, factor) => {
                let a = self.index(a, frame, lane);
                self.ins().imul_imm_s(a, *factor)
            }
            Index::Clamp(a, lo, hi) => {
                let a = self.index(a, frame, lane);
                let lo = self.ins().iconst(types::I64, *lo);
                let hi = self.ins().iconst(types::I64, *hi);
                let a = self.ins().smax(a, lo);
                self.ins().smin(a, hi)
            }
            Index::Wrap(a, n) => {
                let a = self.index(a, frame, lane);
                let up = self.ins().iadd_imm_s(a, *n);
                let negative = self.ins().icmp_imm_s(IntCC::SignedLessThan, a, 0);
                let a = self.ins().select(negative, up, a);
                let down = self.ins().iadd_imm_s(a, -*n);
                let over = self
                    .ins()
                    .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, a, *n);
                self.ins().select(over, down, a)
            }
            Index::Checked(id) => frame.checked[id],
        }
    }
}
