//! Element expressions to Cranelift values, in one lane or in a vector of the kernel's
//! width (`F64X2`, `F32X4`, `I64X2`; a bool is a lane mask there and an `i8` 0/1 in one
//! lane): loads of every element size, arithmetic per dtype (inline integer `//` and `%`
//! that never trap), casts with NumPy's `astype` semantics, comparisons, and calls to the
//! `numeric` math functions. Knows nothing of loop nests beyond the `KernelFrame` it reads.

use super::abi::{Import, CONTEXT_SLOTS, SLOT_BYTES};
use super::kernel::{ExprId, KernelFrame};
use super::{data_flags, vector_flags, Translator};
use crate::ir::{Binary, DType, Expr, Scalar, Unary};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, Endianness, InstBuilder, MemFlagsData, Type, Value};

/// How many lanes an expression is evaluated in: one scalar, or a 128-bit vector of this
/// many lanes (2 for 8-byte values, 4 for float32).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Lanes {
    One,
    Many(u8),
}

impl Lanes {
    pub(super) fn count(self) -> u8 {
        match self {
            Lanes::One => 1,
            Lanes::Many(count) => count,
        }
    }
}

/// Bytes per element in memory, as an address offset.
pub(super) fn element_bytes(dtype: DType) -> i64 {
    dtype.size_bytes() as i64
}

/// The Cranelift type of one element in a register: a bool is an `i8`, 0 or 1.
pub(super) fn scalar_type(dtype: DType) -> Type {
    match dtype {
        DType::F64 => types::F64,
        DType::F32 => types::F32,
        DType::I64 => types::I64,
        DType::Bool => types::I8,
    }
}

/// The Cranelift type of a value in `lanes`: in a vector, a bool is a lane mask (all ones
/// or zero) with lanes as wide as the vector's.
pub(super) fn value_type(dtype: DType, lanes: Lanes) -> Type {
    match lanes {
        Lanes::One => scalar_type(dtype),
        Lanes::Many(count) => {
            let lane = match dtype {
                DType::Bool => mask_lane_type(count),
                other => scalar_type(other),
            };
            lane.by(u32::from(count)).unwrap_or(lane)
        }
    }
}

fn mask_lane_type(count: u8) -> Type {
    match count {
        2 => types::I64,
        4 => types::I32,
        8 => types::I16,
        _ => types::I8,
    }
}

fn vector_bitcast_flags() -> MemFlagsData {
    MemFlagsData::new().with_endianness(Endianness::Little)
}

/// The smallest value at or above which a float converted to int64 is out of range (2^63).
const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;

impl Translator<'_, '_> {
    /// The dtype of an expression of the (verified) program.
    pub(super) fn dtype_of(&self, expr: &Expr) -> DType {
        expr.dtype(self.buffers)
            .expect("verified IR loads only declared buffers")
    }

    /// A vector from one scalar per lane (bools given as 0/1 `i8`s become lane masks).
    pub(super) fn gather(&mut self, values: &[Value], dtype: DType, lanes: Lanes) -> Value {
        if lanes == Lanes::One {
            return values[0];
        }
        let ty = value_type(dtype, lanes);
        let mut vector = None;
        for (lane, &value) in values.iter().enumerate() {
            let value = match dtype {
                DType::Bool => self.mask_lane(value, ty.lane_type()),
                DType::F64 | DType::F32 | DType::I64 => value,
            };
            vector = Some(match vector {
                None => self.ins().scalar_to_vector(ty, value),
                Some(vector) => self.ins().insertlane(vector, value, lane as u8),
            });
        }
        vector.expect("a vector has lanes")
    }

    /// The scalar in each lane (bools as 0/1 `i8`s).
    pub(super) fn scatter(&mut self, value: Value, dtype: DType, lanes: Lanes) -> Vec<Value> {
        match lanes {
            Lanes::One => vec![value],
            Lanes::Many(count) => (0..count)
                .map(|lane| {
                    let scalar = self.ins().extractlane(value, lane);
                    match dtype {
                        DType::Bool => self.ins().icmp_imm_s(IntCC::NotEqual, scalar, 0),
                        DType::F64 | DType::F32 | DType::I64 => scalar,
                    }
                })
                .collect(),
        }
    }

    /// A 0/1 `i8` as a mask lane of type `lane`: all ones or zero.
    fn mask_lane(&mut self, value: Value, lane: Type) -> Value {
        let wide = self.ins().uextend(lane, value);
        self.ins().ineg(wide)
    }

    pub(super) fn splat(&mut self, value: Value, dtype: DType, lanes: Lanes) -> Value {
        match lanes {
            Lanes::One => value,
            Lanes::Many(_) => {
                let ty = value_type(dtype, lanes);
                let value = match dtype {
                    DType::Bool => self.mask_lane(value, ty.lane_type()),
                    DType::F64 | DType::F32 | DType::I64 => value,
                };
                self.ins().splat(ty, value)
            }
        }
    }

    pub(super) fn constant(&mut self, value: Scalar, lanes: Lanes) -> Value {
        let scalar = match value {
            Scalar::F64(v) => self.ins().f64const(v),
            Scalar::F32(v) => self.ins().f32const(v),
            Scalar::I64(v) => self.ins().iconst(types::I64, v),
            Scalar::Bool(v) => self.ins().iconst(types::I8, i64::from(v)),
        };
        self.splat(scalar, value.dtype(), lanes)
    }

    fn float_constant(&mut self, value: f64, dtype: DType, lanes: Lanes) -> Value {
        let scalar = match dtype {
            DType::F32 => Scalar::F32(value as f32),
            DType::F64 | DType::I64 | DType::Bool => Scalar::F64(value),
        };
        self.constant(scalar, lanes)
    }

    /// `op` on the scalars of each lane, gathered again into a vector of `out`: for what
    /// has no vector instruction (integer division, host calls, some casts).
    fn per_lane(
        &mut self,
        args: &[(Value, DType)],
        out: DType,
        lanes: Lanes,
        op: &mut dyn FnMut(&mut Self, &[Value]) -> Value,
    ) -> Value {
        if lanes == Lanes::One {
            let scalars: Vec<Value> = args.iter().map(|&(value, _)| value).collect();
            return op(self, &scalars);
        }
        let split: Vec<Vec<Value>> = args
            .iter()
            .map(|&(value, dtype)| self.scatter(value, dtype, lanes))
            .collect();
        let results: Vec<Value> = (0..usize::from(lanes.count()))
            .map(|lane| {
                let lane_args: Vec<Value> = split.iter().map(|values| values[lane]).collect();
                op(self, &lane_args)
            })
            .collect();
        self.gather(&results, out, lanes)
    }

    /// A bool as a number of `dtype`: 1 or 0.
    fn bool_to_number(&mut self, mask: Value, dtype: DType, lanes: Lanes) -> Value {
        match (dtype, lanes) {
            (DType::Bool, _) => mask,
            (DType::I64, Lanes::One) => self.ins().uextend(types::I64, mask),
            (DType::I64, Lanes::Many(_)) => {
                let one = self.constant(Scalar::I64(1), lanes);
                self.ins().band(mask, one)
            }
            (DType::F64 | DType::F32, Lanes::One) => {
                let one = self.float_constant(1.0, dtype, lanes);
                let zero = self.float_constant(0.0, dtype, lanes);
                self.ins().select(mask, one, zero)
            }
            (DType::F64 | DType::F32, Lanes::Many(_)) => {
                let ty = value_type(dtype, lanes);
                let mask = self.ins().bitcast(ty, vector_bitcast_flags(), mask);
                let one = self.float_constant(1.0, dtype, lanes);
                self.ins().band(mask, one)
            }
        }
    }

    /// A value of `dtype` as a bool: `x != 0` (NaN is true).
    fn truth_of(&mut self, value: Value, dtype: DType, lanes: Lanes) -> Value {
        match dtype {
            DType::Bool => value,
            DType::I64 => {
                let zero = self.constant(Scalar::I64(0), lanes);
                self.ins().icmp(IntCC::NotEqual, value, zero)
            }
            DType::F64 | DType::F32 => {
                let zero = self.float_constant(0.0, dtype, lanes);
                self.ins().fcmp(FloatCC::NotEqual, value, zero)
            }
        }
    }

    /// `mask ? a : b` for values of `dtype` (`mask` a bool in the same lanes).
    pub(super) fn choose(
        &mut self,
        mask: Value,
        a: Value,
        b: Value,
        dtype: DType,
        lanes: Lanes,
    ) -> Value {
        match lanes {
            Lanes::One => self.ins().select(mask, a, b),
            Lanes::Many(_) => {
                let ty = value_type(dtype, lanes);
                let mask = if ty == value_type(DType::Bool, lanes) {
                    mask
                } else {
                    self.ins().bitcast(ty, vector_bitcast_flags(), mask)
                };
                self.ins().bitselect(mask, a, b)
            }
        }
    }

    /// Calls a host math function once per lane; float32 arguments of a float64 function
    /// are computed in float64 and the result rounded once (as `numeric::unary_f32` does).
    pub(super) fn call_math(
        &mut self,
        import: Import,
        args: &[Value],
        dtype: DType,
        lanes: Lanes,
    ) -> Value {
        let func_ref = self.import(import);
        let widen = dtype == DType::F32
            && !matches!(
                import,
                Import::RemainderF32 | Import::FloorDivideF32 | Import::PowF32
            );
        let typed: Vec<(Value, DType)> = args.iter().map(|&value| (value, dtype)).collect();
        self.per_lane(&typed, dtype, lanes, &mut |this, scalars| {
            let wide: Vec<Value> = match widen {
                true => scalars
                    .iter()
                    .map(|&x| this.ins().fpromote(types::F64, x))
                    .collect(),
                false => scalars.to_vec(),
            };
            let call = this.ins().call(func_ref, &wide);
            let result = this.builder.inst_results(call)[0];
            match widen {
                true => this.ins().fdemote(types::F32, result),
                false => result,
            }
        })
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
                (Lanes::Many(_), Some(vector)) => {
                    *next += expr.size();
                    return vector;
                }
                (Lanes::Many(_), None) => {}
            }
        }
        *next += 1;
        match expr {
            Expr::Const(value) => self.constant(*value, lanes),
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
                self.splat(value, DType::F64, lanes)
            }
            Expr::Load { buffer, offset } => self.load(id, *buffer, offset, frame, lanes),
            Expr::IndexValue(index) => {
                let values: Vec<Value> = (0..i64::from(lanes.count()))
                    .map(|lane| self.index(index, frame, lane))
                    .collect();
                self.gather(&values, DType::I64, lanes)
            }
            Expr::Cast(to, a) => {
                if let (Expr::IndexValue(index), Lanes::Many(_)) = (&**a, lanes) {
                    // Each lane's index converted on its own, as one vector instruction
                    // from int64 lanes does not exist.
                    *next += 1;
                    let values: Vec<Value> = (0..i64::from(lanes.count()))
                        .map(|lane| {
                            let value = self.index(index, frame, lane);
                            self.cast(value, DType::I64, *to, Lanes::One)
                        })
                        .collect();
                    return self.gather(&values, *to, lanes);
                }
                let from = self.dtype_of(a);
                let a = self.expr_at(a, next, frame, lanes);
                self.cast(a, from, *to, lanes)
            }
            Expr::Unary(op, a) => {
                let dtype = self.dtype_of(a);
                let a = self.expr_at(a, next, frame, lanes);
                self.unary(*op, a, dtype, lanes)
            }
            Expr::Binary(op, a, b) => {
                let dtype = self.dtype_of(a);
                let a = self.expr_at(a, next, frame, lanes);
                let b = self.expr_at(b, next, frame, lanes);
                self.binary(*op, a, b, dtype, lanes)
            }
            Expr::Select(c, a, b) => {
                let condition_dtype = self.dtype_of(c);
                let dtype = self.dtype_of(a);
                let c = self.expr_at(c, next, frame, lanes);
                // An operand that calls the host (`where(m, cos(x), y)`, a masked update
                // of `exp`) is computed only where it is selected: a branch per element.
                if lanes == Lanes::One && (a.calls_host() || b.calls_host()) {
                    let mask = self.truth_of(c, condition_dtype, lanes);
                    return self.select_lazily(mask, a, b, dtype, next, frame);
                }
                let a = self.expr_at(a, next, frame, lanes);
                let b = self.expr_at(b, next, frame, lanes);
                let mask = self.truth_of(c, condition_dtype, lanes);
                self.choose(mask, a, b, dtype, lanes)
            }
        }
    }

    /// `mask ? a : b` in one lane with only the selected operand computed: expressions have
    /// no side effects (index checks run before the kernel's loops), so the value is the
    /// same bits as computing both. Each branch computes in its own copy of the frame (and
    /// of the row's memo of indices), so nothing computed in one branch is used where it
    /// does not dominate.
    fn select_lazily(
        &mut self,
        mask: Value,
        a: &Expr,
        b: &Expr,
        dtype: DType,
        next: &mut ExprId,
        frame: &KernelFrame,
    ) -> Value {
        let selected = self.builder.create_block();
        let other = self.builder.create_block();
        let join = self.builder.create_block();
        let result = self
            .builder
            .append_block_param(join, value_type(dtype, Lanes::One));
        self.ins().brif(mask, selected, &[], other, &[]);
        self.builder.seal_block(selected);
        self.builder.seal_block(other);
        for (block, operand) in [(selected, a), (other, b)] {
            self.builder.switch_to_block(block);
            let mut branch = frame.clone();
            branch.memo = frame
                .memo
                .as_ref()
                .map(|memo| std::rc::Rc::new(std::cell::RefCell::new(memo.borrow().clone())));
            let value = self.expr_at(operand, next, &mut branch, Lanes::One);
            self.ins().jump(join, &[value.into()]);
        }
        self.builder.seal_block(join);
        self.builder.switch_to_block(join);
        result
    }

    /// `buffer[offset]`: a vector load along the row, a splat of a row-invariant element,
    /// or one load per lane; a bool's bytes become lane masks.
    fn load(
        &mut self,
        id: ExprId,
        buffer: crate::ir::BufferId,
        offset: &crate::ir::Index,
        frame: &mut KernelFrame,
        lanes: Lanes,
    ) -> Value {
        let dtype = self.buffers[buffer as usize].dtype;
        let size = element_bytes(dtype);
        let scalar_ty = scalar_type(dtype);
        // A bool vector's memory holds bytes, not masks: `load_vector` widens them.
        let vector_load = lanes != Lanes::One;
        let table = match frame.table {
            Some(table) => table,
            None => {
                let table = self.buffer_table();
                frame.table = Some(table);
                table
            }
        };
        let base = match frame.bases.get(&buffer) {
            Some(&base) => base,
            None => {
                let base = self.buffer_base(table, buffer);
                frame.bases.insert(buffer, base);
                base
            }
        };
        let last = frame.dims.len().saturating_sub(1);
        if let Some(&row) = frame.row_addresses.get(&id) {
            let coefficient = offset.linear_coefficient(last).unwrap_or(0);
            if lanes == Lanes::One || (coefficient == 1 && vector_load) {
                let (bytes, displacement) = match frame.unit_bytes(size) {
                    Some(unit) if coefficient == 1 => unit,
                    _ => (
                        self.sum_of_terms(&[(frame.dims[last], coefficient * size)], 0),
                        0,
                    ),
                };
                let address = self.ins().iadd(row, bytes);
                return match lanes {
                    Lanes::One => self
                        .ins()
                        .load(scalar_ty, data_flags(), address, displacement),
                    Lanes::Many(_) => self.load_vector(dtype, lanes, address, displacement),
                };
            }
            let mut values = Vec::new();
            for lane in 0..i64::from(lanes.count()) {
                let bytes = self.sum_of_terms(
                    &[(frame.dims[last], coefficient * size)],
                    lane * coefficient * size,
                );
                let address = self.ins().iadd(row, bytes);
                values.push(self.ins().load(scalar_ty, data_flags(), address, 0));
            }
            return self.gather(&values, dtype, lanes);
        }
        match lanes {
            Lanes::One => {
                let address = self.address(base, offset, frame, 0, size);
                self.ins().load(scalar_ty, data_flags(), address, 0)
            }
            Lanes::Many(count) => match offset.linear_coefficient(last) {
                Some(1) if vector_load => {
                    let address = self.address(base, offset, frame, 0, size);
                    self.load_vector(dtype, lanes, address, 0)
                }
                Some(0) => {
                    let address = self.address(base, offset, frame, 0, size);
                    let value = self.ins().load(scalar_ty, data_flags(), address, 0);
                    self.splat(value, dtype, lanes)
                }
                _ => {
                    let mut values = Vec::new();
                    for lane in 0..i64::from(count) {
                        let address = self.address(base, offset, frame, lane, size);
                        values.push(self.ins().load(scalar_ty, data_flags(), address, 0));
                    }
                    self.gather(&values, dtype, lanes)
                }
            },
        }
    }

    /// Loads a vector of `dtype` at `address + displacement`: bools (bytes 0/1 in memory)
    /// as one 2- or 4-byte load widened to lane masks.
    fn load_vector(
        &mut self,
        dtype: DType,
        lanes: Lanes,
        address: Value,
        displacement: i32,
    ) -> Value {
        if dtype != DType::Bool {
            let ty = value_type(dtype, lanes);
            return self.ins().load(ty, vector_flags(), address, displacement);
        }
        let count = lanes.count();
        let word = match count {
            2 => {
                let half = self
                    .ins()
                    .load(types::I16, vector_flags(), address, displacement);
                self.ins().uextend(types::I32, half)
            }
            _ => self
                .ins()
                .load(types::I32, vector_flags(), address, displacement),
        };
        let vector = self.ins().scalar_to_vector(types::I32X4, word);
        let mut wide = self
            .ins()
            .bitcast(types::I8X16, vector_bitcast_flags(), vector);
        // 16 bytes → 8 halves → 4 words (→ 2 doublewords): 0/1 in each lane.
        for _ in 0..(16 / u32::from(count)).trailing_zeros() {
            wide = self.ins().swiden_low(wide);
        }
        self.ins().ineg(wide)
    }

    /// Stores a value of `dtype` at `address + displacement`: a vector at once, a bool
    /// vector one byte (0 or 1) per lane.
    pub(super) fn store_value(
        &mut self,
        value: Value,
        dtype: DType,
        lanes: Lanes,
        address: Value,
        displacement: i32,
    ) {
        match (lanes, dtype) {
            (Lanes::One, _) => {
                self.ins().store(data_flags(), value, address, displacement);
            }
            (Lanes::Many(4), DType::Bool) => {
                // Masks to 0/1, narrowed to four bytes stored at once.
                let one = self.ins().iconst(types::I32, 1);
                let one = self.ins().splat(types::I32X4, one);
                let bits = self.ins().band(value, one);
                let halves = self.ins().snarrow(bits, bits);
                let bytes = self.ins().snarrow(halves, halves);
                let words = self
                    .ins()
                    .bitcast(types::I32X4, vector_bitcast_flags(), bytes);
                let word = self.ins().extractlane(words, 0);
                self.ins()
                    .store(vector_flags(), word, address, displacement);
            }
            (Lanes::Many(_), DType::Bool) => {
                let bytes = self.scatter(value, dtype, lanes);
                for (lane, byte) in bytes.into_iter().enumerate() {
                    self.ins()
                        .store(data_flags(), byte, address, displacement + lane as i32);
                }
            }
            (Lanes::Many(_), _) => {
                self.ins()
                    .store(vector_flags(), value, address, displacement);
            }
        }
    }

    /// NumPy's `astype` from `from` to `to` (unsafe casting).
    pub(super) fn cast(&mut self, value: Value, from: DType, to: DType, lanes: Lanes) -> Value {
        match (from, to) {
            _ if from == to => value,
            (DType::Bool, _) => self.bool_to_number(value, to, lanes),
            (_, DType::Bool) => self.truth_of(value, from, lanes),
            (DType::F64, DType::F32) => self.per_lane(&[(value, from)], to, lanes, &mut |t, x| {
                t.ins().fdemote(types::F32, x[0])
            }),
            (DType::F32, DType::F64) => self.per_lane(&[(value, from)], to, lanes, &mut |t, x| {
                t.ins().fpromote(types::F64, x[0])
            }),
            (DType::I64, DType::F64 | DType::F32) => {
                let ty = scalar_type(to);
                self.per_lane(&[(value, from)], to, lanes, &mut |t, x| {
                    t.ins().fcvt_from_sint(ty, x[0])
                })
            }
            (DType::F64 | DType::F32, DType::I64) => {
                self.per_lane(&[(value, from)], to, lanes, &mut |t, x| {
                    t.float_to_int(x[0], from)
                })
            }
            (DType::F64 | DType::F32 | DType::I64, _) => {
                unreachable!("every cast between two different dtypes is matched above")
            }
        }
    }

    /// A float truncated toward zero to int64; NaN, infinities and values out of range
    /// give `i64::MIN`, as NumPy's cast does on x86-64 (`cvttsd2si`).
    fn float_to_int(&mut self, x: Value, from: DType) -> Value {
        let saturated = self.ins().fcvt_to_sint_sat(types::I64, x);
        let low = self.float_constant(-TWO_TO_63, from, Lanes::One);
        let high = self.float_constant(TWO_TO_63, from, Lanes::One);
        let above = self.ins().fcmp(FloatCC::GreaterThanOrEqual, x, low);
        let below = self.ins().fcmp(FloatCC::LessThan, x, high);
        let in_range = self.ins().band(above, below);
        let min = self.ins().iconst(types::I64, i64::MIN);
        self.ins().select(in_range, saturated, min)
    }

    pub(super) fn unary(&mut self, op: Unary, a: Value, dtype: DType, lanes: Lanes) -> Value {
        match dtype {
            DType::F64 | DType::F32 => self.float_unary(op, a, dtype, lanes),
            DType::I64 => match op {
                Unary::Neg => self.ins().ineg(a),
                Unary::Abs => self.ins().iabs(a),
                Unary::Floor | Unary::Ceil | Unary::Trunc | Unary::Round => a,
                Unary::Sign => self.per_lane(&[(a, dtype)], dtype, lanes, &mut |t, x| {
                    let positive = t.ins().icmp_imm_s(IntCC::SignedGreaterThan, x[0], 0);
                    let negative = t.ins().icmp_imm_s(IntCC::SignedLessThan, x[0], 0);
                    let positive = t.ins().uextend(types::I64, positive);
                    let negative = t.ins().uextend(types::I64, negative);
                    t.ins().isub(positive, negative)
                }),
                Unary::Not => {
                    let zero = self.constant(Scalar::I64(0), lanes);
                    self.ins().icmp(IntCC::Equal, a, zero)
                }
                Unary::Sqrt
                | Unary::Exp
                | Unary::Log
                | Unary::Sin
                | Unary::Cos
                | Unary::Tan
                | Unary::Tanh => unreachable!("the verifier allows {} on floats only", op.name()),
            },
            DType::Bool => match op {
                Unary::Not => match lanes {
                    Lanes::One => self.ins().bxor_imm_s(a, 1),
                    Lanes::Many(_) => self.ins().bnot(a),
                },
                Unary::Abs | Unary::Floor | Unary::Ceil | Unary::Trunc | Unary::Round => a,
                Unary::Sign => a,
                Unary::Neg
                | Unary::Sqrt
                | Unary::Exp
                | Unary::Log
                | Unary::Sin
                | Unary::Cos
                | Unary::Tan
                | Unary::Tanh => unreachable!("the verifier refuses {} on bools", op.name()),
            },
        }
    }

    fn float_unary(&mut self, op: Unary, a: Value, dtype: DType, lanes: Lanes) -> Value {
        match op {
            Unary::Neg => self.ins().fneg(a),
            Unary::Abs => self.ins().fabs(a),
            Unary::Sqrt => self.ins().sqrt(a),
            Unary::Floor => self.ins().floor(a),
            Unary::Trunc => self.ins().trunc(a),
            Unary::Ceil => self.ins().ceil(a),
            Unary::Round => self.ins().nearest(a),
            Unary::Not => {
                let zero = self.float_constant(0.0, dtype, lanes);
                self.ins().fcmp(FloatCC::Equal, a, zero)
            }
            Unary::Sign => {
                // NaN stays NaN, zeros become +0, others +-1, as numpy.sign.
                let zero = self.float_constant(0.0, dtype, lanes);
                let one = self.float_constant(1.0, dtype, lanes);
                let minus_one = self.float_constant(-1.0, dtype, lanes);
                let is_zero = self.ins().fcmp(FloatCC::Equal, a, zero);
                let value = self.choose(is_zero, zero, a, dtype, lanes);
                let negative = self.ins().fcmp(FloatCC::LessThan, a, zero);
                let value = self.choose(negative, minus_one, value, dtype, lanes);
                let positive = self.ins().fcmp(FloatCC::GreaterThan, a, zero);
                self.choose(positive, one, value, dtype, lanes)
            }
            Unary::Exp => self.call_math(Import::Exp, &[a], dtype, lanes),
            Unary::Log => self.call_math(Import::Log, &[a], dtype, lanes),
            Unary::Sin => self.call_math(Import::Sin, &[a], dtype, lanes),
            Unary::Cos => self.call_math(Import::Cos, &[a], dtype, lanes),
            Unary::Tan => self.call_math(Import::Tan, &[a], dtype, lanes),
            Unary::Tanh => self.call_math(Import::Tanh, &[a], dtype, lanes),
        }
    }

    /// A binary operation on two operands of `dtype`.
    pub(super) fn binary(
        &mut self,
        op: Binary,
        a: Value,
        b: Value,
        dtype: DType,
        lanes: Lanes,
    ) -> Value {
        match dtype {
            DType::F64 | DType::F32 => self.float_binary(op, a, b, dtype, lanes),
            DType::I64 => self.int_binary(op, a, b, lanes),
            DType::Bool => self.bool_binary(op, a, b, lanes),
        }
    }

    fn float_binary(
        &mut self,
        op: Binary,
        a: Value,
        b: Value,
        dtype: DType,
        lanes: Lanes,
    ) -> Value {
        let compare = |this: &mut Self, cc: FloatCC| this.ins().fcmp(cc, a, b);
        match op {
            Binary::Add => self.ins().fadd(a, b),
            Binary::Sub => self.ins().fsub(a, b),
            Binary::Mul => self.ins().fmul(a, b),
            Binary::Div => self.ins().fdiv(a, b),
            Binary::Min | Binary::Max => self.numpy_min_max(op == Binary::Max, a, b, dtype, lanes),
            // float32 has host functions of its own, the ones constant folding uses.
            Binary::Rem => {
                let import = match dtype {
                    DType::F32 => Import::RemainderF32,
                    DType::F64 | DType::I64 | DType::Bool => Import::Remainder,
                };
                self.call_math(import, &[a, b], dtype, lanes)
            }
            Binary::FloorDiv => {
                let import = match dtype {
                    DType::F32 => Import::FloorDivideF32,
                    DType::F64 | DType::I64 | DType::Bool => Import::FloorDivide,
                };
                self.call_math(import, &[a, b], dtype, lanes)
            }
            Binary::Pow => {
                let import = match dtype {
                    DType::F32 => Import::PowF32,
                    DType::F64 | DType::I64 | DType::Bool => Import::Pow,
                };
                self.call_math(import, &[a, b], dtype, lanes)
            }
            // float32 is computed in float64 and rounded once, as constant folding does.
            Binary::Atan2 => self.call_math(Import::Atan2, &[a, b], dtype, lanes),
            Binary::Hypot => self.call_math(Import::Hypot, &[a, b], dtype, lanes),
            Binary::Copysign => self.call_math(Import::Copysign, &[a, b], dtype, lanes),
            Binary::Fmod => self.call_math(Import::Fmod, &[a, b], dtype, lanes),
            Binary::Logaddexp => self.call_math(Import::Logaddexp, &[a, b], dtype, lanes),
            Binary::Eq => compare(self, FloatCC::Equal),
            Binary::Ne => compare(self, FloatCC::NotEqual),
            Binary::Lt => compare(self, FloatCC::LessThan),
            Binary::Le => compare(self, FloatCC::LessThanOrEqual),
            Binary::Gt => compare(self, FloatCC::GreaterThan),
            Binary::Ge => compare(self, FloatCC::GreaterThanOrEqual),
            Binary::And | Binary::Or => {
                let x = self.truth_of(a, dtype, lanes);
                let y = self.truth_of(b, dtype, lanes);
                self.bool_binary(op, x, y, lanes)
            }
        }
    }

    /// NumPy's `minimum`/`maximum` of floats: `a` when `a < b` (`a > b`) or `a` is NaN, else
    /// `b`. NaN propagates, and of two equal values (`0.0` and `-0.0`) the second is the
    /// result, as in NumPy (Cranelift's `fmin` would order `-0.0` below `0.0`). Reductions
    /// fold with it too (`min(a)` of `[0.0, -0.0]` is `-0.0`, NumPy's).
    pub(super) fn numpy_min_max(
        &mut self,
        max: bool,
        a: Value,
        b: Value,
        dtype: DType,
        lanes: Lanes,
    ) -> Value {
        let cc = if max {
            FloatCC::GreaterThan
        } else {
            FloatCC::LessThan
        };
        let wins = self.ins().fcmp(cc, a, b);
        let nan = self.ins().fcmp(FloatCC::Unordered, a, a);
        let keep = self.ins().bor(wins, nan);
        self.choose(keep, a, b, dtype, lanes)
    }

    fn int_binary(&mut self, op: Binary, a: Value, b: Value, lanes: Lanes) -> Value {
        let dtype = DType::I64;
        let args = [(a, dtype), (b, dtype)];
        match op {
            // Two's complement: overflow wraps, as NumPy's int64 arithmetic does.
            Binary::Add => self.ins().iadd(a, b),
            Binary::Sub => self.ins().isub(a, b),
            Binary::Mul => self.ins().imul(a, b),
            Binary::Min => self.ins().smin(a, b),
            Binary::Max => self.ins().smax(a, b),
            Binary::FloorDiv => self.per_lane(&args, dtype, lanes, &mut |t, x| {
                t.int_divide(x[0], x[1], true)
            }),
            Binary::Rem => self.per_lane(&args, dtype, lanes, &mut |t, x| {
                t.int_divide(x[0], x[1], false)
            }),
            Binary::Fmod => self.per_lane(&args, dtype, lanes, &mut |t, x| t.int_fmod(x[0], x[1])),
            // By repeated squaring in the host (lowering has checked the exponent is >= 0).
            Binary::Pow => self.call_math(Import::PowI64, &[a, b], dtype, lanes),
            Binary::Eq => self.ins().icmp(IntCC::Equal, a, b),
            Binary::Ne => self.ins().icmp(IntCC::NotEqual, a, b),
            Binary::Lt => self.ins().icmp(IntCC::SignedLessThan, a, b),
            Binary::Le => self.ins().icmp(IntCC::SignedLessThanOrEqual, a, b),
            Binary::Gt => self.ins().icmp(IntCC::SignedGreaterThan, a, b),
            Binary::Ge => self.ins().icmp(IntCC::SignedGreaterThanOrEqual, a, b),
            Binary::And | Binary::Or => {
                let x = self.truth_of(a, dtype, lanes);
                let y = self.truth_of(b, dtype, lanes);
                self.bool_binary(op, x, y, lanes)
            }
            Binary::Div
            | Binary::Atan2
            | Binary::Hypot
            | Binary::Copysign
            | Binary::Logaddexp => {
                unreachable!("the verifier allows {} on floats only", op.name())
            }
        }
    }

    /// NumPy's integer `floor_divide` (`floor` true) or `remainder` of one lane, with no
    /// trap: `x // 0` and `x % 0` are 0, `i64::MIN // -1` wraps to `i64::MIN`; the
    /// remainder has the divisor's sign.
    fn int_divide(&mut self, a: Value, b: Value, floor: bool) -> Value {
        let b_zero = self.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let b_minus_one = self.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let unsafe_divisor = self.ins().bor(b_zero, b_minus_one);
        let one = self.ins().iconst(types::I64, 1);
        // Dividing by 1 instead of 0 or -1 cannot trap; `-a` (wrapping) is `a // -1`.
        let divisor = self.ins().select(unsafe_divisor, one, b);
        let negated = self.ins().ineg(a);
        let dividend = self.ins().select(b_minus_one, negated, a);
        let quotient = self.ins().sdiv(dividend, divisor);
        let product = self.ins().imul(quotient, divisor);
        let remainder = self.ins().isub(dividend, product);
        // Truncation rounds toward zero; floor when the remainder's sign is not b's.
        let nonzero = self.ins().icmp_imm_s(IntCC::NotEqual, remainder, 0);
        let signs = self.ins().bxor(remainder, b);
        let differ = self.ins().icmp_imm_s(IntCC::SignedLessThan, signs, 0);
        let adjust = self.ins().band(nonzero, differ);
        let result = if floor {
            let lower = self.ins().iadd_imm_s(quotient, -1);
            self.ins().select(adjust, lower, quotient)
        } else {
            let shifted = self.ins().iadd(remainder, b);
            self.ins().select(adjust, shifted, remainder)
        };
        let zero = self.ins().iconst(types::I64, 0);
        self.ins().select(b_zero, zero, result)
    }

    fn bool_binary(&mut self, op: Binary, a: Value, b: Value, lanes: Lanes) -> Value {
        // One lane holds 0/1 (compared unsigned); a vector holds masks 0/-1, whose signed
        // order is the reverse.
        let order = |one: IntCC, many: IntCC| match lanes {
            Lanes::One => one,
            Lanes::Many(_) => many,
        };
        let compare = |this: &mut Self, cc: IntCC| this.ins().icmp(cc, a, b);
        match op {
            Binary::And | Binary::Min => self.ins().band(a, b),
            Binary::Or | Binary::Max => self.ins().bor(a, b),
            Binary::Eq => compare(self, IntCC::Equal),
            Binary::Ne => compare(self, IntCC::NotEqual),
            Binary::Lt => compare(
                self,
                order(IntCC::UnsignedLessThan, IntCC::SignedGreaterThan),
            ),
            Binary::Le => compare(
                self,
                order(
                    IntCC::UnsignedLessThanOrEqual,
                    IntCC::SignedGreaterThanOrEqual,
                ),
            ),
            Binary::Gt => compare(
                self,
                order(IntCC::UnsignedGreaterThan, IntCC::SignedLessThan),
            ),
            Binary::Ge => compare(
                self,
                order(
                    IntCC::UnsignedGreaterThanOrEqual,
                    IntCC::SignedLessThanOrEqual,
                ),
            ),
            Binary::Add
            | Binary::Sub
            | Binary::Mul
            | Binary::Div
            | Binary::FloorDiv
            | Binary::Rem
            | Binary::Pow
            | Binary::Atan2
            | Binary::Hypot
            | Binary::Copysign
            | Binary::Fmod
            | Binary::Logaddexp => unreachable!("the verifier refuses {} on bools", op.name()),
        }
    }

    /// NumPy's integer `fmod` of one lane, with no trap: C's `%` (the dividend's sign),
    /// `x fmod 0` is 0 and `i64::MIN fmod -1` is 0.
    fn int_fmod(&mut self, a: Value, b: Value) -> Value {
        let b_zero = self.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let b_minus_one = self.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let unsafe_divisor = self.ins().bor(b_zero, b_minus_one);
        let one = self.ins().iconst(types::I64, 1);
        // `x % 1` is 0, as `x % -1` is: dividing by 1 instead of 0 or -1 cannot trap.
        let divisor = self.ins().select(unsafe_divisor, one, b);
        self.ins().srem(a, divisor)
    }
}
