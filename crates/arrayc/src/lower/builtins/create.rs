//! Builtins that create arrays: `zeros`, `ones`, `full`, `linspace`, `arange`, `rand`.

use crate::ast;
use crate::diagnostic::Span;
use crate::ir::{Binary, ConstData, DType, Expr, Index, Scalar};
use crate::lower::dtype::float_of;
use crate::lower::value::{as_f64, shape_text, Value};
use crate::lower::{LResult, Lowerer};

impl<'a> Lowerer<'a> {
    /// `zeros` and `ones`: float64 unless a dtype is given.
    pub(in crate::lower) fn filled(&mut self, args: &'a [ast::Expr], fill: f64) -> LResult<Value> {
        let shape = self.shape_argument(&args[0])?;
        let dtype = match args.get(1) {
            Some(arg) => self.dtype_argument(arg)?,
            None => DType::F64,
        };
        Ok(Value::of(shape, Expr::Const(Scalar::F64(fill).cast(dtype))))
    }

    /// `full(shape, v)`: the fill value's dtype (float64 for a Python float) unless a dtype
    /// is given.
    pub(in crate::lower) fn full(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let arg_span = |k: usize| args.get(k).map_or(span, |a| a.span);
        let shape = self.shape_argument(&args[0])?;
        let fill = self.expr(&args[1])?;
        if !fill.shape.is_empty() {
            return self.error("`full` takes a scalar fill value", arg_span(1));
        }
        let fill = match args.get(2) {
            Some(arg) => {
                let dtype = self.dtype_argument(arg)?;
                self.astype(fill, dtype, span)?
            }
            None => fill,
        };
        self.broadcast_to(fill, &shape, span)
    }

    pub(in crate::lower) fn linspace(
        &mut self,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        let arg_span = |k: usize| args.get(k).map_or(span, |a| a.span);
        let start = self.expr(&args[0])?;
        let stop = self.expr(&args[1])?;
        let count = self.expr(&args[2])?;
        let n = self.constant_int(&count, arg_span(2), "the number of points")?;
        if n < 0 {
            return self.error(
                format!("the number of points must be non-negative, not {n}"),
                arg_span(2),
            );
        }
        for (value, k) in [(&start, 0), (&stop, 1)] {
            if !value.shape.is_empty() {
                return self.error("`linspace` bounds must be scalars", arg_span(k));
            }
        }
        // NumPy's `linspace` is a float even between ints.
        let start = self.cast_to_kind(start.clone(), float_of(self.kind(&start)));
        let stop = self.cast_to_kind(stop.clone(), float_of(self.kind(&stop)));
        let endpoint = match args.get(3) {
            Some(arg) => {
                let value = self.expr(arg)?;
                self.constant_int(&value, arg_span(3), "`endpoint`")? != 0
            }
            None => true,
        };
        let n = n as usize;
        self.check_size(&[n], arg_span(2))?;
        if n == 1 {
            return self.broadcast_to(start, &[1], span);
        }
        // NumPy: step = (stop - start) / div (div = n - 1, or n without the endpoint);
        // y[k] = k * step + start; y[-1] = stop with the endpoint.
        let div = if endpoint { n - 1 } else { n };
        let delta = self.binary(Binary::Sub, stop.clone(), start.clone(), span)?;
        let step = self.binary(Binary::Div, delta, Value::scalar(div as f64), span)?;
        let k = Value::of(vec![n], as_f64(Expr::IndexValue(Index::dim(0))));
        let scaled = self.binary(Binary::Mul, k.clone(), step, span)?;
        let body = self.binary(Binary::Add, scaled, start, span)?;
        if !endpoint {
            return Ok(body);
        }
        let is_last = self.binary(Binary::Eq, k, Value::scalar((n as f64) - 1.0), span)?;
        let stop = self.broadcast_to(stop, &[n], span)?;
        self.select(is_last, stop, body, span)
    }

    pub(in crate::lower) fn arange(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let arg_span = |k: usize| args.get(k).map_or(span, |a| a.span);
        let mut parts = Vec::new();
        let mut integers = true;
        for (k, arg) in args.iter().enumerate() {
            let value = self.expr(arg)?;
            integers &= matches!(self.dtype(&value), DType::I64 | DType::Bool);
            match value.constant() {
                Some(c) => parts.push(c),
                None => return self.error("`arange` takes compile-time constants", arg_span(k)),
            }
        }
        let (start, stop, step) = match parts.as_slice() {
            [stop] => (0.0, *stop, 1.0),
            [start, stop] => (*start, *stop, 1.0),
            [start, stop, step] => (*start, *stop, *step),
            _ => return self.error("`arange` takes 1 to 3 arguments", span),
        };
        if step == 0.0 {
            return self.error("the step of `arange` cannot be zero", arg_span(2));
        }
        if !step.is_finite() || !start.is_finite() || !stop.is_finite() {
            return self.error("`arange` needs finite bounds and step", span);
        }
        let length = ((stop - start) / step).ceil().max(0.0);
        if length * 8.0 > self.limits.max_memory_bytes as f64 {
            return self.too_large(
                &format!("`arange` would make {length} elements"),
                length * 8.0,
                span,
            );
        }
        let n = length as usize;
        if integers {
            // `arange` of ints is an int64 array, as NumPy's.
            let (start, step) = (start as i64, step as i64);
            let mut data = Vec::new();
            if data.try_reserve_exact(n).is_err() {
                return self.constant_refused(n, span);
            }
            data.extend((0..n as i64).map(|i| start.wrapping_add(i.wrapping_mul(step))));
            return self.constant_data(vec![n], ConstData::I64(data.into()), span);
        }
        // NumPy fills `start + i * delta` with `delta = (start + step) - start`.
        let delta = (start + step) - start;
        let mut data = self.constant_storage(n, span)?;
        data.extend((0..n).map(|i| {
            if i == 1 {
                start + step
            } else {
                start + (i as f64) * delta
            }
        }));
        self.constant_buffer(vec![n], data, span)
    }

    pub(in crate::lower) fn rand(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let arg_span = |k: usize| args.get(k).map_or(span, |a| a.span);
        let shape = self.shape_argument(&args[0])?;
        let seed_value = self.expr(&args[1])?;
        let seed = self.constant_int(&seed_value, arg_span(1), "a seed")?;
        let count = shape
            .iter()
            .try_fold(1usize, |a, &e| a.checked_mul(e))
            .unwrap_or(usize::MAX);
        if count.saturating_mul(8) > self.limits.max_memory_bytes {
            return self.too_large(
                &format!("`rand` would make an array of shape {}", shape_text(&shape)),
                count as f64 * 8.0,
                span,
            );
        }
        let mut state = seed as u64;
        let mut data = self.constant_storage(count, span)?;
        data.extend((0..count).map(|_| random_unit(&mut state)));
        self.constant_buffer(shape, data, span)
    }
}

/// splitmix64, then the top 53 bits as a float in [0, 1).
fn random_unit(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}
