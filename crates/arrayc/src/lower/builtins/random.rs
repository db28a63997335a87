//! Random streams: `random_state(seed)` and `default_rng(seed)` seed a new stream (a
//! `random` statement at this point of the program) and give its handle, an int64 constant;
//! `rng_random`, `rng_standard_normal`, `rng_uniform`, `rng_normal` and `rng_integers` draw
//! from it into a new buffer at run time, in program order, so a draw inside a `loop` takes
//! the stream's next values on every trip, as NumPy's do. `uniform` and `normal` are
//! NumPy's arithmetic on the drawn doubles and normals (`low + (high - low) * u`,
//! `loc + scale * z`).

use crate::ast;
use crate::diagnostic::Span;
use crate::ir::{Binary, DType, Draw, DrawKind, Expr, Scalar, Stmt};
use crate::lower::value::Value;
use crate::lower::{LResult, Lowerer};
use crate::random::Seed;

/// The float draws.
#[derive(Clone, Copy)]
pub(in crate::lower) enum Floats {
    Doubles,
    Normals,
    /// `rng_uniform(rng, low, high, shape)`.
    Uniform,
    /// `rng_normal(rng, loc, scale, shape)`.
    Normal,
}

impl<'a> Lowerer<'a> {
    /// A new stream, seeded here; its handle is the stream's number.
    pub(in crate::lower) fn seed_stream(
        &mut self,
        args: &'a [ast::Expr],
        generator: bool,
    ) -> LResult<Value> {
        let seed_value = self.expr(&args[0])?;
        let seed = self.constant_int(&seed_value, args[0].span, "a seed")?;
        let seed = if generator {
            if seed < 0 {
                return self.error(
                    format!("a seed must be non-negative, not {seed}"),
                    args[0].span,
                );
            }
            Seed::Generator(seed as u128)
        } else {
            match u32::try_from(seed) {
                Ok(seed) => Seed::Legacy(seed),
                Err(_) => {
                    return self.error(
                        format!("a seed must be between 0 and 2**32 - 1, not {seed}"),
                        args[0].span,
                    )
                }
            }
        };
        let stream = self.stream_count();
        self.draw(stream, DrawKind::Seed(seed));
        Ok(Value::of(
            vec![],
            Expr::Const(Scalar::I64(i64::from(stream))),
        ))
    }

    pub(in crate::lower) fn draw_floats(
        &mut self,
        args: &'a [ast::Expr],
        floats: Floats,
        span: Span,
    ) -> LResult<Value> {
        let stream = self.stream_argument(&args[0])?;
        let shape = self.shape_argument(&args[args.len() - 1])?;
        let parameters = match floats {
            Floats::Doubles | Floats::Normals => None,
            Floats::Uniform | Floats::Normal => {
                let first = self.float_parameter(&args[1], &shape)?;
                let second = self.float_parameter(&args[2], &shape)?;
                Some((first, second))
            }
        };
        let buffer = self.allocate(&shape, DType::F64, "random", span)?;
        let kind = match floats {
            Floats::Doubles | Floats::Uniform => DrawKind::Doubles(buffer),
            Floats::Normals | Floats::Normal => DrawKind::Normals(buffer),
        };
        if let (Floats::Normal, Some((_, scale))) = (floats, &parameters) {
            match scale.constant() {
                Some(scale) if scale >= 0.0 => {}
                Some(scale) => {
                    return self.error(format!("scale < 0 (it is {scale})"), args[2].span);
                }
                None => {
                    return self.error(
                        "the scale of a normal draw must be a compile-time constant scalar \
                         (NumPy refuses a negative one)",
                        args[2].span,
                    )
                }
            }
        }
        self.draw(stream, kind);
        let drawn = self.load(buffer);
        let value = match (floats, parameters) {
            (Floats::Uniform, Some((low, high))) => {
                let range = self.binary(Binary::Sub, high, low.clone(), span)?;
                let scaled = self.binary(Binary::Mul, range, drawn, span)?;
                self.binary(Binary::Add, low, scaled, span)
            }
            (Floats::Normal, Some((loc, scale))) => {
                let scaled = self.binary(Binary::Mul, scale, drawn, span)?;
                self.binary(Binary::Add, loc, scaled, span)
            }
            _ => Ok(drawn),
        }?;
        // A draw without a size is a Python float in NumPy: weak.
        Ok(Value {
            weak: shape.is_empty(),
            ..value
        })
    }

    pub(in crate::lower) fn draw_integers(
        &mut self,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        let stream = self.stream_argument(&args[0])?;
        let low_value = self.expr(&args[1])?;
        let low = self.constant_int(&low_value, args[1].span, "the low bound of `integers`")?;
        let high_value = self.expr(&args[2])?;
        let high = self.constant_int(&high_value, args[2].span, "the high bound of `integers`")?;
        let shape = self.shape_argument(&args[3])?;
        if low >= high {
            return self.error(format!("low >= high ({low} >= {high})"), args[2].span);
        }
        let buffer = self.allocate(&shape, DType::I64, "random", span)?;
        self.draw(stream, DrawKind::Integers { buffer, low, high });
        Ok(self.load(buffer))
    }

    /// How many streams the program has seeded so far (each seeding starts a new one).
    fn stream_count(&self) -> u32 {
        let seeds = self.program.draws.iter();
        seeds
            .filter(|d| matches!(d.kind, DrawKind::Seed(_)))
            .count() as u32
    }

    /// The stream a handle names: a compile-time constant from `random_state` or
    /// `default_rng`.
    fn stream_argument(&mut self, arg: &'a ast::Expr) -> LResult<u32> {
        let value = self.expr(arg)?;
        let what = "a random generator (from `random_state` or `default_rng`)";
        let handle = self.constant_int(&value, arg.span, what)?;
        match u32::try_from(handle) {
            Ok(stream) if stream < self.stream_count() && self.dtype(&value) == DType::I64 => {
                Ok(stream)
            }
            _ => self.error(
                format!("{handle} is not {what} seeded before this draw"),
                arg.span,
            ),
        }
    }

    /// `low`, `high`, `loc` or `scale`: a float64 scalar or an array that broadcasts to
    /// the draw's shape.
    fn float_parameter(&mut self, arg: &'a ast::Expr, shape: &[usize]) -> LResult<Value> {
        let value = self.expr(arg)?;
        let value = self.cast(value, DType::F64);
        if value.shape.is_empty() {
            return Ok(value);
        }
        self.broadcast_to(value, shape, arg.span)
    }

    fn draw(&mut self, stream: u32, kind: DrawKind) {
        let id = self.program.draws.len() as u32;
        self.program.draws.push(Draw { stream, kind });
        self.emit(Stmt::Random { id });
    }
}
