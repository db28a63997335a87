//! Element expressions to Cranelift values in one lane or two (`F64X2`): loads, arithmetic,
//! comparisons as masks, calls to the `numeric` math functions.

use super::abi::{Import, CONTEXT_SLOTS, SLOT_BYTES};
use super::kernel::{ExprId, KernelFrame};
use super::{data_flags, vector_flags, Translator};
use crate::ir::{Binary, Expr, Unary};
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{types, Endianness, InstBuilder, MemFlagsData, Value};

/// How many lanes an expression is evaluated in: one scalar or an `F64X2` pair.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Lanes {
    One,
    Two,
}

impl Translator<'_, '_> {
    pub(super) fn pair(&mut self, lane0: Value, lane1: Value) -> Value {
        let vector = self.ins().scalar_to_vector(types::F64X2, lane0);
        self.ins().insertlane(vector, lane1, 1)
    }

    pub(super) fn splat(&mut self, value: Value, lanes: Lanes) -> Value {
        match lanes {
            Lanes::One => value,
            Lanes::Two => self.ins().splat(types::F64X2, value),
        }
    }

    pub(super) fn constant(&mut self, value: f64, lanes: Lanes) -> Value {
        let scalar = self.ins().f64const(value);
        self.splat(scalar, lanes)
    }

    /// Turns a comparison result into 1.0 / 0.0.
    pub(super) fn truth(&mut self, mask: Value, lanes: Lanes) -> Value {
        match lanes {
            Lanes::One => {
                let one = self.ins().f64const(1.0);
                let zero = self.ins().f64const(0.0);
                self.ins().select(mask, one, zero)
            }
            Lanes::Two => {
                let mask = self.float_mask(mask);
                let one = self.constant(1.0, lanes);
                self.ins().band(mask, one)
            }
        }
    }

    pub(super) fn float_mask(&mut self, mask: Value) -> Value {
        let flags = MemFlagsData::new().with_endianness(Endianness::Little);
        self.ins().bitcast(types::F64X2, flags, mask)
    }

    pub(super) fn choose(&mut self, mask: Value, a: Value, b: Value, lanes: Lanes) -> Value {
        match lanes {
            Lanes::One => self.ins().select(mask, a, b),
            Lanes::Two => {
                let mask = self.float_mask(mask);
                self.ins().bitselect(mask, a, b)
            }
        }
    }

    /// Calls a host math function once per lane.
    pub(super) fn call_math(&mut self, import: Import, args: &[Value], lanes: Lanes) -> Value {
        let func_ref = self.import(import);
        match lanes {
            Lanes::One => {
                let call = self.ins().call(func_ref, args);
                self.builder.inst_results(call)[0]
            }
            Lanes::Two => {
                let mut results = Vec::new();
                for lane in 0..2u8 {
                    let lane_args: Vec<Value> = args
                        .iter()
                        .map(|&a| self.builder.ins().extractlane(a, lane))
                        .collect();
                    let call = self.ins().call(func_ref, &lane_args);
                    results.push(self.builder.inst_results(call)[0]);
                }
                self.pair(results[0], results[1])
            }
        }
    }

    pub(super) fn expr(&mut self, expr: &Expr, frame: &mut KernelFrame, lanes: Lanes) -> Value {
        self.expr_at(expr, &mut 0, frame, lanes)
    }

    /// `next` is the pre-order id of `expr` in the whole expression (see `ExprId`), which
    /// keys what the row's code computed already; it is advanced past `expr`.
    pub(super) fn expr_at(
        &mut self,
        expr: &Expr,
        next: &mut ExprId,
        frame: &mut KernelFrame,
        lanes: Lanes,
    ) -> Value {
        let id = *next;
        if let Some(&(scalar, vector)) = frame.hoisted.get(&id) {
            match (lanes, vector) {
                (Lanes::One, _) => {
                    *next += expr.size();
                    return scalar;
                }
                (Lanes::Two, Some(vector)) => {
                    *next += expr.size();
                    return vector;
                }
                (Lanes::Two, None) => {}
            }
        }
        *next += 1;
        match expr {
            // Every value is held as a float64 so far (`compile` refuses other dtypes):
            // a bool as 0.0 or 1.0, an index as its exact float value.
            Expr::Const(value) => self.constant(value.to_f64(), lanes),
            Expr::Cast(_, a) => self.expr_at(a, next, frame, lanes),
            Expr::Slot(slot) => {
                let context = self.context;
                let pointer_type = self.pointer_type;
                let slots = self.ins().load(
                    pointer_type,
                    MemFlagsData::trusted(),
                    context,
                    CONTEXT_SLOTS,
                );
                let value =
                    self.ins()
                        .load(types::F64, data_flags(), slots, (*slot as i32) * SLOT_BYTES);
                self.splat(value, lanes)
            }
            Expr::Load { buffer, offset } => {
                let table = match frame.table {
                    Some(table) => table,
                    None => {
                        let table = self.buffer_table();
                        frame.table = Some(table);
                        table
                    }
                };
                let base = match frame.bases.get(buffer) {
                    Some(&base) => base,
                    None => {
                        let base = self.buffer_base(table, *buffer);
                        frame.bases.insert(*buffer, base);
                        base
                    }
                };
                let last = frame.dims.len().saturating_sub(1);
                if let Some(&row) = frame.row_addresses.get(&id) {
                    let coefficient = offset.linear_coefficient(last).unwrap_or(0);
                    let type_and_flags = |lanes| match lanes {
                        Lanes::One => (types::F64, data_flags()),
                        Lanes::Two => (types::F64X2, vector_flags()),
                    };
                    if lanes == Lanes::One || coefficient == 1 {
                        let (bytes, displacement) = match frame.unit_bytes {
                            Some(unit) if coefficient == 1 => unit,
                            _ => (
                                self.sum_of_terms(&[(frame.dims[last], coefficient * 8)], 0),
                                0,
                            ),
                        };
                        let address = self.ins().iadd(row, bytes);
                        let (ty, flags) = type_and_flags(lanes);
                        return self.ins().load(ty, flags, address, displacement);
                    }
                    let mut values = Vec::new();
                    for lane in 0..2 {
                        let bytes = self.sum_of_terms(
                            &[(frame.dims[last], coefficient * 8)],
                            lane * coefficient * 8,
                        );
                        let address = self.ins().iadd(row, bytes);
                        values.push(self.ins().load(types::F64, data_flags(), address, 0));
                    }
                    return self.pair(values[0], values[1]);
                }
                match lanes {
                    Lanes::One => {
                        let address = self.address(base, offset, frame, 0);
                        self.ins().load(types::F64, data_flags(), address, 0)
                    }
                    Lanes::Two => match offset.linear_coefficient(last) {
                        Some(1) => {
                            let address = self.address(base, offset, frame, 0);
                            self.ins().load(types::F64X2, vector_flags(), address, 0)
                        }
                        Some(0) => {
                            let address = self.address(base, offset, frame, 0);
                            let value = self.ins().load(types::F64, data_flags(), address, 0);
                            self.splat(value, lanes)
                        }
                        _ => {
                            let mut values = Vec::new();
                            for lane in 0..2 {
                                let address = self.address(base, offset, frame, lane);
                                values.push(self.ins().load(types::F64, data_flags(), address, 0));
                            }
                            self.pair(values[0], values[1])
                        }
                    },
                }
            }
            Expr::IndexValue(index) => match lanes {
                Lanes::One => {
                    let value = self.index(index, frame, 0);
                    self.ins().fcvt_from_sint(types::F64, value)
                }
                Lanes::Two => {
                    let mut values = Vec::new();
                    for lane in 0..2 {
                        let value = self.index(index, frame, lane);
                        values.push(self.ins().fcvt_from_sint(types::F64, value));
                    }
                    self.pair(values[0], values[1])
                }
            },
            Expr::Unary(op, a) => {
                let a = self.expr_at(a, next, frame, lanes);
                self.unary(*op, a, lanes)
            }
            Expr::Binary(op, a, b) => {
                let a = self.expr_at(a, next, frame, lanes);
                let b = self.expr_at(b, next, frame, lanes);
                self.binary(*op, a, b, lanes)
            }
            Expr::Select(c, a, b) => {
                let c = self.expr_at(c, next, frame, lanes);
                let a = self.expr_at(a, next, frame, lanes);
                let b = self.expr_at(b, next, frame, lanes);
                let zero = self.constant(0.0, lanes);
                let mask = self.ins().fcmp(FloatCC::NotEqual, c, zero);
                self.choose(mask, a, b, lanes)
            }
        }
    }

    pub(super) fn unary(&mut self, op: Unary, a: Value, lanes: Lanes) -> Value {
        match op {
            Unary::Neg => self.ins().fneg(a),
            Unary::Abs => self.ins().fabs(a),
            Unary::Sqrt => self.ins().sqrt(a),
            Unary::Floor => self.ins().floor(a),
            Unary::Trunc => self.ins().trunc(a),
            Unary::Ceil => self.ins().ceil(a),
            Unary::Round => self.ins().nearest(a),
            Unary::Not => {
                let zero = self.constant(0.0, lanes);
                let mask = self.ins().fcmp(FloatCC::Equal, a, zero);
                self.truth(mask, lanes)
            }
            Unary::Sign => {
                // NaN stays NaN, zeros become +0, others +-1, as numpy.sign.
                let zero = self.constant(0.0, lanes);
                let one = self.constant(1.0, lanes);
                let minus_one = self.constant(-1.0, lanes);
                let is_zero = self.ins().fcmp(FloatCC::Equal, a, zero);
                let value = self.choose(is_zero, zero, a, lanes);
                let negative = self.ins().fcmp(FloatCC::LessThan, a, zero);
                let value = self.choose(negative, minus_one, value, lanes);
                let positive = self.ins().fcmp(FloatCC::GreaterThan, a, zero);
                self.choose(positive, one, value, lanes)
            }
            Unary::Exp => self.call_math(Import::Exp, &[a], lanes),
            Unary::Log => self.call_math(Import::Log, &[a], lanes),
            Unary::Sin => self.call_math(Import::Sin, &[a], lanes),
            Unary::Cos => self.call_math(Import::Cos, &[a], lanes),
            Unary::Tan => self.call_math(Import::Tan, &[a], lanes),
            Unary::Tanh => self.call_math(Import::Tanh, &[a], lanes),
        }
    }

    pub(super) fn binary(&mut self, op: Binary, a: Value, b: Value, lanes: Lanes) -> Value {
        let compare = |this: &mut Self, cc: FloatCC| {
            let mask = this.ins().fcmp(cc, a, b);
            this.truth(mask, lanes)
        };
        match op {
            Binary::Add => self.ins().fadd(a, b),
            Binary::Sub => self.ins().fsub(a, b),
            Binary::Mul => self.ins().fmul(a, b),
            Binary::Div => self.ins().fdiv(a, b),
            Binary::Min => self.ins().fmin(a, b),
            Binary::Max => self.ins().fmax(a, b),
            Binary::Rem => self.call_math(Import::Remainder, &[a, b], lanes),
            Binary::FloorDiv => self.call_math(Import::FloorDivide, &[a, b], lanes),
            Binary::Pow => self.call_math(Import::Pow, &[a, b], lanes),
            Binary::Eq => compare(self, FloatCC::Equal),
            Binary::Ne => compare(self, FloatCC::NotEqual),
            Binary::Lt => compare(self, FloatCC::LessThan),
            Binary::Le => compare(self, FloatCC::LessThanOrEqual),
            Binary::Gt => compare(self, FloatCC::GreaterThan),
            Binary::Ge => compare(self, FloatCC::GreaterThanOrEqual),
            Binary::And | Binary::Or => {
                let zero = self.constant(0.0, lanes);
                let x = self.ins().fcmp(FloatCC::NotEqual, a, zero);
                let y = self.ins().fcmp(FloatCC::NotEqual, b, zero);
                let mask = if op == Binary::And {
                    self.ins().band(x, y)
                } else {
                    self.ins().bor(x, y)
                };
                self.truth(mask, lanes)
            }
        }
    }
}
