//! Builtin calls: the dispatch from a checked builtin to the method that lowers it, and the
//! elementwise builtins (unary functions, `pow`, `minimum`, `maximum`, `clip`, `where`).
//! Creation, views, stencils and reductions live in the sibling files. Knows nothing of
//! Cranelift.

mod create;
mod join;
mod matmul;
mod random;
mod reduce;
mod stencil;
mod views;

use super::dtype::{numpy_scalar_call, promote};
use super::value::{broadcast_shapes, shape_text, Value};
use super::{LResult, Lowerer};
use crate::ast;
use crate::builtins::Builtin;
use crate::diagnostic::Span;
use crate::ir::{Binary, DType, ReduceOp, Unary};

impl<'a> Lowerer<'a> {
    /// Lowers a call of `builtin` whose argument count the checker has verified.
    pub(super) fn builtin(
        &mut self,
        builtin: Builtin,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        // Only a call that returns several values may be taken apart, not the calls in
        // its arguments.
        let tuple_wanted = std::mem::take(&mut self.tuple_wanted);
        let value = self.builtin_inner(builtin, args, tuple_wanted, span)?;
        // A ufunc of Python scalars is a NumPy scalar.
        if value.weak && numpy_scalar_call(builtin, self.checked.language) {
            return Ok(Value {
                weak: false,
                ..value
            });
        }
        Ok(value)
    }

    fn builtin_inner(
        &mut self,
        builtin: Builtin,
        args: &'a [ast::Expr],
        tuple_wanted: bool,
        span: Span,
    ) -> LResult<Value> {
        match builtin {
            Builtin::Zeros => self.filled(args, 0.0),
            Builtin::Ones => self.filled(args, 1.0),
            Builtin::Astype => {
                let value = self.expr(&args[0])?;
                let dtype = self.dtype_argument(&args[1])?;
                self.astype(value, dtype, span)
            }
            Builtin::AsF64 => self.astype_call(args, DType::F64, span),
            Builtin::AsF32 => self.astype_call(args, DType::F32, span),
            Builtin::AsI64 => self.astype_call(args, DType::I64, span),
            Builtin::AsBool => self.astype_call(args, DType::Bool, span),
            Builtin::Full => self.full(args, span),
            Builtin::Linspace => self.linspace(args, span),
            Builtin::Arange => self.arange(args, span),
            Builtin::Rand => self.rand(args, span),
            Builtin::Reshape => self.reshape_call(args, span),
            Builtin::Transpose => self.transpose(args),
            Builtin::Broadcast => self.broadcast(args, span),
            Builtin::Exp => self.unary_call(Unary::Exp, args, span),
            Builtin::Log => self.unary_call(Unary::Log, args, span),
            Builtin::Sqrt => self.unary_call(Unary::Sqrt, args, span),
            Builtin::Abs => self.unary_call(Unary::Abs, args, span),
            Builtin::Sin => self.unary_call(Unary::Sin, args, span),
            Builtin::Cos => self.unary_call(Unary::Cos, args, span),
            Builtin::Tan => self.unary_call(Unary::Tan, args, span),
            Builtin::Tanh => self.unary_call(Unary::Tanh, args, span),
            Builtin::Floor => self.unary_call(Unary::Floor, args, span),
            Builtin::Ceil => self.unary_call(Unary::Ceil, args, span),
            Builtin::Round => match args.get(1) {
                None => self.unary_call(Unary::Round, args, span),
                Some(decimals) => self.round_decimals(&args[0], decimals, span),
            },
            Builtin::Sign => self.unary_call(Unary::Sign, args, span),
            // NumPy's `power` is `**`: an int power of ints stays int64, and a scalar
            // exponent takes the same fast paths (NumPy 2.4's `power(-inf, 0.5)` is NaN,
            // its `sqrt`, as `-inf ** 0.5` is).
            Builtin::Pow => {
                let base = self.expr(&args[0])?;
                let exponent = self.expr(&args[1])?;
                self.power(base, exponent, false, span)
            }
            Builtin::Minimum => self.binary_call(Binary::Min, args, span),
            Builtin::Maximum => self.binary_call(Binary::Max, args, span),
            Builtin::Arctan2 => self.binary_call(Binary::Atan2, args, span),
            Builtin::Hypot => self.binary_call(Binary::Hypot, args, span),
            Builtin::Copysign => self.binary_call(Binary::Copysign, args, span),
            Builtin::Fmod => self.binary_call(Binary::Fmod, args, span),
            Builtin::Logaddexp => self.binary_call(Binary::Logaddexp, args, span),
            Builtin::Clip => self.clip(args, span),
            Builtin::Where => self.select_where(args, span),
            Builtin::Grad => self.grad(args, span),
            Builtin::Roll => self.roll(args, span),
            Builtin::Sum => self.reduce_call(ReduceOp::Sum, false, args, span),
            Builtin::Mean => self.reduce_call(ReduceOp::Sum, true, args, span),
            Builtin::Min => self.reduce_call(ReduceOp::Min, false, args, span),
            Builtin::Max => self.reduce_call(ReduceOp::Max, false, args, span),
            Builtin::Dot => self.dot(args, span),
            Builtin::Matmul => self.matmul(args, span),
            Builtin::Int => {
                // Python's `int(x)`: truncation toward zero to an int64 (weak for a Python
                // scalar, as `int(2.5)` is a Python int).
                let value = self.expr(&args[0])?;
                let weak = value.weak;
                let value = self.cast(value, DType::I64);
                Ok(Value { weak, ..value })
            }
            Builtin::ZerosLike => self.like(args, Some(0.0), span),
            Builtin::OnesLike => self.like(args, Some(1.0), span),
            Builtin::FullLike => self.like(args, None, span),
            // Arrays are values: any binding of the result is already a copy.
            Builtin::Copy => self.expr(&args[0]),
            Builtin::Concatenate => self.concatenate(args, span),
            Builtin::Stack => self.stack(args, span),
            Builtin::Pad => self.pad(args, span),
            Builtin::Diff => self.diff(args, span),
            Builtin::Cumsum => self.cumsum(args, span),
            Builtin::Prod => self.reduce_call(ReduceOp::Prod, false, args, span),
            Builtin::Std => self.variance(args, true, span),
            Builtin::Variance => self.variance(args, false, span),
            Builtin::Any => self.truth_reduction(args, false, span),
            Builtin::All => self.truth_reduction(args, true, span),
            Builtin::Argmin => self.arg_extreme(args, ReduceOp::Min, span),
            Builtin::Argmax => self.arg_extreme(args, ReduceOp::Max, span),
            Builtin::Meshgrid => self.meshgrid(args, tuple_wanted, span),
            Builtin::RandomState => self.seed_stream(args, false),
            Builtin::DefaultRng => self.seed_stream(args, true),
            Builtin::RngRandom => self.draw_floats(args, random::Floats::Doubles, span),
            Builtin::RngStandardNormal => self.draw_floats(args, random::Floats::Normals, span),
            Builtin::RngUniform => self.draw_floats(args, random::Floats::Uniform, span),
            Builtin::RngNormal => self.draw_floats(args, random::Floats::Normal, span),
            Builtin::RngIntegers => self.draw_integers(args, span),
            Builtin::Extent => self.extent(args),
        }
    }

    /// `zeros_like`, `ones_like` (a constant `fill`) and `full_like` (the second argument):
    /// `a`'s shape, and its dtype unless one is given.
    fn like(&mut self, args: &'a [ast::Expr], fill: Option<f64>, span: Span) -> LResult<Value> {
        let like = self.expr(&args[0])?;
        let (fill, dtype_arg) = match fill {
            Some(fill) => (Value::scalar(fill), args.get(1)),
            None => (self.expr(&args[1])?, args.get(2)),
        };
        let dtype = match dtype_arg {
            Some(arg) => self.dtype_argument(arg)?,
            None => self.dtype(&like),
        };
        let fill = self.astype(fill, dtype, span)?;
        self.broadcast_to(fill, &like.shape, span)
    }

    /// `f32(a)` and the like.
    fn astype_call(&mut self, args: &'a [ast::Expr], dtype: DType, span: Span) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        self.astype(value, dtype, span)
    }

    /// `a.astype(dtype)`: a NumPy array (or scalar) of that dtype.
    pub(in crate::lower) fn astype(
        &mut self,
        value: Value,
        dtype: DType,
        _span: Span,
    ) -> LResult<Value> {
        let value = self.cast(value, dtype);
        Ok(Value {
            weak: false,
            ..value
        })
    }
    fn unary_call(&mut self, op: Unary, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        self.unary(op, value, span)
    }

    /// NumPy's `round(a, decimals)`: `rint(a * 10^d) / 10^d`, or `rint(a / 10^-d) * 10^-d`
    /// for negative `d` (NumPy's `PyArray_Round`); integers are unchanged for `d >= 0` and
    /// rounded in float64 and cast back otherwise.
    fn round_decimals(
        &mut self,
        a: &'a ast::Expr,
        decimals: &'a ast::Expr,
        span: Span,
    ) -> LResult<Value> {
        let value = self.expr(a)?;
        let count = self.expr(decimals)?;
        let d = self.constant_int(&count, decimals.span, "`decimals`")?;
        if d == 0 {
            return self.unary(Unary::Round, value, span);
        }
        let dtype = self.dtype(&value);
        let weak = value.weak;
        let (value, back) = match dtype {
            DType::Bool => return self.unsupported("`round` of bools to decimals", span),
            DType::I64 if d > 0 => return Ok(value),
            DType::I64 => (self.cast(value, DType::F64), Some(DType::I64)),
            DType::F64 | DType::F32 => (value, None),
        };
        let factor = Value::scalar(power_of_ten(d.unsigned_abs()));
        let (scale, unscale) = match d > 0 {
            true => (Binary::Mul, Binary::Div),
            false => (Binary::Div, Binary::Mul),
        };
        let scaled = self.binary(scale, value, factor.clone(), span)?;
        let rounded = self.unary(Unary::Round, scaled, span)?;
        let res = self.binary(unscale, rounded, factor, span)?;
        Ok(match back {
            Some(dtype) => Value {
                weak,
                ..self.cast(res, dtype)
            },
            None => res,
        })
    }

    fn binary_call(&mut self, op: Binary, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let a = self.expr(&args[0])?;
        let b = self.expr(&args[1])?;
        self.binary(op, a, b, span)
    }

    fn clip(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let a = self.expr(&args[0])?;
        let lo = self.expr(&args[1])?;
        let hi = self.expr(&args[2])?;
        // NumPy's loop for scalar bounds keeps `a` where it equals a bound (`clip(-0.0, 0,
        // 1)` is -0.0); with array bounds, the bound (`maximum(a, lo)`, then `minimum`).
        // `maximum`/`minimum` give their second operand of two equal values.
        if lo.shape.is_empty() && hi.shape.is_empty() {
            let low = self.binary(Binary::Max, lo, a, span)?;
            return self.binary(Binary::Min, hi, low, span);
        }
        let low = self.binary(Binary::Max, a, lo, span)?;
        self.binary(Binary::Min, low, hi, span)
    }

    fn select_where(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let c = self.expr(&args[0])?;
        let a = self.expr(&args[1])?;
        let b = self.expr(&args[2])?;
        let shape =
            broadcast_shapes(&c.shape, &a.shape).and_then(|s| broadcast_shapes(&s, &b.shape));
        let Some(shape) = shape else {
            return self.error(
                format!(
                    "`where` arguments of shapes {}, {} and {} cannot be broadcast together",
                    shape_text(&c.shape),
                    shape_text(&a.shape),
                    shape_text(&b.shape)
                ),
                span,
            );
        };
        self.check_size(&shape, span)?;
        // Promote before broadcasting: a Python scalar branch is weak only while it is a
        // scalar (`where(f32_array > 0, f32_array, 0.5)` is float32, as in NumPy).
        let kind = promote(self.kind(&a), self.kind(&b));
        let (a, b) = (self.cast_to_kind(a, kind), self.cast_to_kind(b, kind));
        let c = self.height_guard(c, span)?;
        let a = self.height_guard(a, span)?;
        let b = self.height_guard(b, span)?;
        let c = self.broadcast_to(c, &shape, span)?;
        let a = self.broadcast_to(a, &shape, span)?;
        let b = self.broadcast_to(b, &shape, span)?;
        self.select(c, a, b, span)
    }
}

/// NumPy's `power_of_ten`: a table up to 10^8, then repeated multiplication by 10.
fn power_of_ten(n: u64) -> f64 {
    const TABLE: [f64; 9] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    match TABLE.get(n as usize) {
        Some(&power) => power,
        None => (9..n).fold(1e9, |power, _| power * 10.0),
    }
}
