//! Complex numbers as pairs of real planes: a complex value is its real and imaginary parts,
//! each an ordinary value (`Value`) of the `.arr` program, and a complex name binds two
//! hidden names (`Z.real`, `Z.imag`) that the names' analysis treats like any other, so views,
//! aliasing, loops and joins need nothing new. Each operation is NumPy's formula on the parts:
//! on this machine NumPy multiplies `complex64` with fused multiply-adds (`re = fma(ar, br,
//! -(ai*bi))`, `im = fma(ar, bi, ai*br)`; `z**2` is the same product) and takes `abs` as
//! `max * sqrt(fma(r, r, 1))` with `r = min / max`; a float32 fused multiply-add is computed
//! in float64 and rounded once to float32 (exact but for a double rounding at a float32 tie,
//! about one operation in 2^29). What needs a float64 fused multiply-add (`complex128`
//! products and `abs`) or is not built (division, comparisons, `np.save` of a complex array,
//! ...) is refused at its line.

use super::span;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind, IndexArg, UnaryOp};
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// The precision of a complex value's parts, as far as the front end knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Precision {
    /// A Python `complex` (float64 parts, weak in NEP 50 promotion).
    Python,
    /// `complex64`: float32 parts.
    Single,
    /// `complex128`: float64 parts.
    Double,
    /// Parts whose dtype depends on a real array's (`x + 1j`): known only to the checker.
    Unknown,
}

/// A complex value: its parts and their precision.
#[derive(Debug, Clone)]
pub(super) struct Complex {
    pub(super) re: Value,
    pub(super) im: Value,
    pub(super) precision: Precision,
    /// `z[mask]` whose mask is not applied yet: the parts are whole arrays, and the value
    /// stands for their elements where the bool `mask` holds. Elementwise operations of
    /// values under the same mask keep it; a masked write `w[mask] = ...` stores through it
    /// (`w[mask] = e` of whole arrays is NumPy's `w[mask] = e[mask]`); any other use applies it.
    pub(super) mask: Option<Expr>,
}

/// The name of the hidden binding of one part of the complex name `name`.
pub(super) fn part_name(name: &str, part: Part) -> String {
    match part {
        Part::Real => format!("{name}.real"),
        Part::Imag => format!("{name}.imag"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Real,
    Imag,
}

fn number(value: f64, at: Span) -> Expr {
    Expr {
        kind: ExprKind::Number(value),
        span: at,
    }
}

fn cast(expr: Expr, dtype: &str, at: Span) -> Expr {
    let name = Expr {
        kind: ExprKind::Name(dtype.to_string()),
        span: at,
    };
    call_of("astype", vec![expr, name], at)
}

/// `a * b + c` of float32 values rounded once, as a fused multiply-add: the product of two
/// float32 values is exact in float64.
fn fused32(a: Expr, b: Expr, c: Expr, at: Span) -> Expr {
    let product = binary(BinaryOp::Mul, cast(a, "f64", at), cast(b, "f64", at), at);
    cast(
        binary(BinaryOp::Add, product, cast(c, "f64", at), at),
        "f32",
        at,
    )
}

fn negate(expr: Expr, at: Span) -> Expr {
    Expr {
        kind: ExprKind::Unary(UnaryOp::Neg, Box::new(expr)),
        span: at,
    }
}

/// Whether `expr` is a Python number literal (weak in NEP 50 promotion).
fn is_literal(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Int(_) | ExprKind::Number(_) => true,
        ExprKind::Unary(UnaryOp::Neg, inner) => is_literal(inner),
        _ => false,
    }
}

/// An operand of a complex operation: a complex value's parts, or a real value with a zero
/// imaginary part (as NumPy converts it).
struct Operand {
    re: Expr,
    im: Expr,
    rank: Option<usize>,
    precision: Precision,
    /// A real operand: its imaginary part is the literal zero.
    real: bool,
    /// A mask not applied yet (`Complex::mask`).
    mask: Option<Expr>,
}

impl Translator<'_> {
    /// `1j`, `2.5j`: a Python complex.
    pub(super) fn complex_literal(&mut self, real: f64, imag: f64, at: Span) -> Value {
        Value::Complex(Box::new(Complex {
            re: Value::New(number(real, at), Some(0)),
            im: Value::New(number(imag, at), Some(0)),
            precision: Precision::Python,
            mask: None,
        }))
    }

    /// `np.zeros(shape, np.complex64)` and its kin: zero (or one) parts of the dtype's.
    pub(super) fn complex_filled(
        &mut self,
        callee: &str,
        args: Vec<Expr>,
        precision: Precision,
        rank: usize,
        at: Span,
    ) -> Result<Value> {
        if callee != "zeros" && callee != "ones" {
            return Err(self.refuse(
                at,
                format!("`np.{callee}` of a complex dtype is not supported yet"),
                "write `np.zeros(shape, np.complex64)` and assign into it",
            ));
        }
        let part_dtype = if precision == Precision::Single {
            "f32"
        } else {
            "f64"
        };
        let part = |kind: &str| {
            let mut args = args.clone();
            args.push(Expr {
                kind: ExprKind::Keyword {
                    name: crate::ast::Ident {
                        name: "dtype".to_string(),
                        span: at,
                    },
                    value: Box::new(Expr {
                        kind: ExprKind::Name(part_dtype.to_string()),
                        span: at,
                    }),
                },
                span: at,
            });
            Value::New(call_of(kind, args, at), Some(rank))
        };
        Ok(Value::Complex(Box::new(Complex {
            re: part(callee),
            im: part("zeros"),
            precision,
            mask: None,
        })))
    }

    /// The precision a complex dtype spelling names, if it is one.
    pub(super) fn complex_dtype(&self, expr: &py::Expr) -> Option<Precision> {
        let spelled = match expr {
            py::Expr::Attribute(attribute)
                if self.module_of(&attribute.value) == Some(Module::Numpy) =>
            {
                attribute.attr.as_str().to_string()
            }
            py::Expr::Name(name) => name.id.as_str().to_string(),
            py::Expr::StringLiteral(text) => text.value.to_str().to_string(),
            _ => return None,
        };
        match spelled.as_str() {
            "complex64" | "csingle" | "c8" => Some(Precision::Single),
            "complex128" | "complex" | "cdouble" | "complex_" | "c16" => Some(Precision::Double),
            _ => None,
        }
    }

    fn complex_operand(&mut self, value: Value, at: Span) -> Result<Operand> {
        match value {
            Value::Complex(complex) => {
                let Complex {
                    re,
                    im,
                    precision,
                    mask,
                } = *complex;
                let (re, re_rank) = self.value_expr(re, at)?;
                let (im, im_rank) = self.value_expr(im, at)?;
                Ok(Operand {
                    re,
                    im,
                    rank: broadcast_rank(&[re_rank, im_rank]),
                    precision,
                    real: false,
                    mask,
                })
            }
            other => {
                let (re, rank) = self.value_expr(other, at)?;
                let precision = if is_literal(&re) {
                    Precision::Python
                } else {
                    Precision::Unknown
                };
                Ok(Operand {
                    re,
                    im: number(0.0, at),
                    rank,
                    precision,
                    real: true,
                    mask: None,
                })
            }
        }
    }

    /// `a op b` where one side is complex.
    pub(super) fn complex_binary(
        &mut self,
        op: py::Operator,
        lhs: Value,
        rhs: Value,
        at: Span,
    ) -> Result<Value> {
        let (lhs, rhs) = self.common_mask(lhs, rhs, at)?;
        let mask = match &lhs {
            Value::Complex(complex) if complex.mask.is_some() => complex.mask.clone(),
            _ => match &rhs {
                Value::Complex(complex) => complex.mask.clone(),
                _ => None,
            },
        };
        let a = self.complex_operand(lhs, at)?;
        let b = self.complex_operand(rhs, at)?;
        let rank = broadcast_rank(&[a.rank, b.rank]);
        let precision = match (a.precision, b.precision) {
            (Precision::Python, other) | (other, Precision::Python) => other,
            (Precision::Double, _) | (_, Precision::Double) => Precision::Double,
            (Precision::Single, Precision::Single) => Precision::Single,
            _ => Precision::Unknown,
        };
        let new = |expr: Expr| Value::New(expr, rank);
        let (re, im) = match op {
            py::Operator::Add | py::Operator::Sub => {
                let op = if op == py::Operator::Add {
                    BinaryOp::Add
                } else {
                    BinaryOp::Sub
                };
                (binary(op, a.re, b.re, at), binary(op, a.im, b.im, at))
            }
            py::Operator::Mult => self.complex_product(a, b, precision, at)?,
            py::Operator::Pow => {
                let exponent = match (&b.re.kind, b.real) {
                    (ExprKind::Int(n), true) => Some(*n),
                    _ => None,
                };
                match exponent {
                    Some(1) => (a.re, a.im),
                    // NumPy computes `z**2` as `np.square(z)`, the product `z * z`.
                    Some(2) => {
                        let twin = Operand {
                            re: a.re.clone(),
                            im: a.im.clone(),
                            rank: a.rank,
                            precision: a.precision,
                            real: a.real,
                            mask: a.mask.clone(),
                        };
                        self.complex_product(a, twin, precision, at)?
                    }
                    _ => {
                        return Err(self.refuse(
                            at,
                            "a complex power is supported only with the exponent 1 or 2",
                            "multiply it out: `z * z * z`",
                        ))
                    }
                }
            }
            py::Operator::Div => {
                return Err(self.refuse(
                    at,
                    "complex division is not supported yet",
                    "divide the parts by a real number, or multiply by the conjugate and divide by `abs(b)**2`",
                ))
            }
            other => {
                return Err(self.refuse(
                    at,
                    format!("`{}` of complex numbers is not supported", other.as_str()),
                    "",
                ))
            }
        };
        Ok(Value::Complex(Box::new(Complex {
            re: new(re),
            im: new(im),
            precision,
            mask,
        })))
    }

    /// `a * b`, as NumPy's complex multiply loop computes it.
    fn complex_product(
        &mut self,
        a: Operand,
        b: Operand,
        precision: Precision,
        at: Span,
    ) -> Result<(Expr, Expr)> {
        if a.real || b.real {
            // With an imaginary part the literal zero, one product of each fused pair is
            // exact: the plain formula rounds as the fused one (but for the sign of a product
            // that underflows to zero).
            let re = binary(
                BinaryOp::Sub,
                binary(BinaryOp::Mul, a.re.clone(), b.re.clone(), at),
                binary(BinaryOp::Mul, a.im.clone(), b.im.clone(), at),
                at,
            );
            let im = binary(
                BinaryOp::Add,
                binary(BinaryOp::Mul, a.re, b.im, at),
                binary(BinaryOp::Mul, a.im, b.re, at),
                at,
            );
            return Ok((re, im));
        }
        if precision != Precision::Single {
            return Err(self.refuse(
                at,
                "this complex product is supported only for operands known to be complex64",
                "NumPy multiplies with fused multiply-adds, built for complex64 only; make both `complex64` arrays (`np.zeros(shape, np.complex64)`, then assign into them)",
            ));
        }
        let single = |expr: Expr, weak: bool| if weak { cast(expr, "f32", at) } else { expr };
        let (a_weak, b_weak) = (
            a.precision == Precision::Python,
            b.precision == Precision::Python,
        );
        let (ar, ai) = (single(a.re, a_weak), single(a.im, a_weak));
        let (br, bi) = (single(b.re, b_weak), single(b.im, b_weak));
        let re = fused32(
            ar.clone(),
            br.clone(),
            negate(binary(BinaryOp::Mul, ai.clone(), bi.clone(), at), at),
            at,
        );
        let im = fused32(ar, bi, binary(BinaryOp::Mul, ai, br, at), at);
        Ok((re, im))
    }

    /// `abs(z)`: NumPy's `max * sqrt(fma(r, r, 1))` with `r = min / max` (0 when `max` is 0
    /// or `min` infinite), infinite when a part is, NaN when a part is NaN.
    pub(super) fn complex_abs(&mut self, complex: Complex, at: Span) -> Result<Value> {
        let complex = self.apply_mask(complex, at)?;
        if complex.precision != Precision::Single {
            return Err(self.refuse(
                at,
                "`abs` of a complex value is supported only for a value known to be complex64",
                "NumPy takes `abs` with a fused multiply-add, built for complex64 only; make it a `complex64` array (`np.zeros(shape, np.complex64)`, then assign into it)",
            ));
        }
        let a = self.complex_operand(Value::Complex(Box::new(complex)), at)?;
        let re = call_of("abs", vec![a.re], at);
        let im = call_of("abs", vec![a.im], at);
        let larger = call_of("maximum", vec![re.clone(), im.clone()], at);
        let smaller = call_of("minimum", vec![re.clone(), im.clone()], at);
        let infinity = binary(BinaryOp::Div, number(1.0, at), number(0.0, at), at);
        let divides = binary(
            BinaryOp::And,
            binary(BinaryOp::Ne, larger.clone(), number(0.0, at), at),
            binary(BinaryOp::Ne, smaller.clone(), infinity.clone(), at),
            at,
        );
        let ratio = call_of(
            "where",
            vec![
                divides,
                binary(BinaryOp::Div, smaller, larger.clone(), at),
                number(0.0, at),
            ],
            at,
        );
        let one = cast(number(1.0, at), "f32", at);
        let root = call_of("sqrt", vec![fused32(ratio.clone(), ratio, one, at)], at);
        let hypot = binary(BinaryOp::Mul, root, larger, at);
        let infinite = binary(
            BinaryOp::Or,
            binary(BinaryOp::Eq, re.clone(), infinity.clone(), at),
            binary(BinaryOp::Eq, im.clone(), infinity.clone(), at),
            at,
        );
        let nan = binary(
            BinaryOp::Or,
            binary(BinaryOp::Ne, re.clone(), re.clone(), at),
            binary(BinaryOp::Ne, im.clone(), im, at),
            at,
        );
        let not_a_number = binary(BinaryOp::Sub, infinity.clone(), infinity.clone(), at);
        let res = call_of(
            "where",
            vec![
                infinite,
                cast(infinity, "f32", at),
                call_of(
                    "where",
                    vec![
                        nan,
                        cast(call_of("abs", vec![not_a_number], at), "f32", at),
                        hypot,
                    ],
                    at,
                ),
            ],
            at,
        );
        Ok(Value::New(res, a.rank))
    }

    /// A complex value indexed: each part indexed alike.
    pub(super) fn complex_index(
        &mut self,
        complex: Complex,
        indices: Vec<IndexArg>,
        at: Span,
    ) -> Result<Value> {
        let complex = self.apply_mask(complex, at)?;
        if let [IndexArg::Single(mask)] = indices.as_slice() {
            if self.is_bool_mask(mask) {
                return Ok(Value::Complex(Box::new(Complex {
                    mask: Some(mask.clone()),
                    ..complex
                })));
            }
        }
        let re = self.index_value(complex.re, indices.clone(), at)?;
        let im = self.index_value(complex.im, indices, at)?;
        Ok(Value::Complex(Box::new(Complex {
            re,
            im,
            precision: complex.precision,
            mask: None,
        })))
    }

    /// What `len(z)` and kin see of a complex value: its real part, masked as `z` is.
    pub(super) fn complex_layout(&mut self, complex: Complex, at: Span) -> Result<Value> {
        Ok(self.apply_mask(complex, at)?.re)
    }

    /// The value with its pending mask applied to each part (`z[mask]`, a masked read).
    fn apply_mask(&mut self, complex: Complex, at: Span) -> Result<Complex> {
        let Some(mask) = complex.mask else {
            return Ok(complex);
        };
        let indices = vec![IndexArg::Single(mask)];
        Ok(Complex {
            re: self.index_value(complex.re, indices.clone(), at)?,
            im: self.index_value(complex.im, indices, at)?,
            precision: complex.precision,
            mask: None,
        })
    }

    /// Two operands under one mask, or both with their masks applied.
    fn common_mask(&mut self, lhs: Value, rhs: Value, at: Span) -> Result<(Value, Value)> {
        let mask_of = |value: &Value| match value {
            Value::Complex(complex) => complex.mask.as_ref().map(|mask| mask.to_string()),
            _ => None,
        };
        let is_scalar = |value: &Value| match value {
            Value::New(_, rank) => *rank == Some(0),
            Value::Complex(complex) => {
                matches!(&complex.re, Value::New(_, Some(0)))
                    && matches!(&complex.im, Value::New(_, Some(0)))
            }
            _ => false,
        };
        let keep = match (mask_of(&lhs), mask_of(&rhs)) {
            (None, None) => return Ok((lhs, rhs)),
            (Some(a), Some(b)) => a == b,
            (Some(_), None) => is_scalar(&rhs),
            (None, Some(_)) => is_scalar(&lhs),
        };
        if keep {
            return Ok((lhs, rhs));
        }
        let mut apply = |value: Value| match value {
            Value::Complex(complex) => self
                .apply_mask(*complex, at)
                .map(|complex| Value::Complex(Box::new(complex))),
            other => Ok(other),
        };
        Ok((apply(lhs)?, apply(rhs)?))
    }

    /// `.real`, `.imag` (views of the parts, as in NumPy), `.shape` and kin of a complex value.
    pub(super) fn complex_attribute(
        &mut self,
        complex: Complex,
        attr: &str,
        at: Span,
    ) -> Result<Value> {
        let complex = self.apply_mask(complex, at)?;
        match attr {
            "real" => Ok(complex.re),
            "imag" => Ok(complex.im),
            "T" => Err(self.refuse(at, "`.T` of a complex array is not supported yet", "")),
            "shape" => self.shape_attribute(complex.re, at),
            "ndim" => self.ndim_attribute(complex.re, at),
            "size" => self.size_attribute(complex.re, at),
            _ => Err(self.refuse(
                at,
                format!("`.{attr}` of a complex array is not supported yet"),
                "",
            )),
        }
    }

    /// `name = complex value`: the parts bound to the hidden names `name.real`, `name.imag`.
    pub(super) fn assign_complex(&mut self, name: &str, complex: Complex, at: Span) -> Result<()> {
        if !self.loops.is_empty() {
            return Err(self.refuse(
                at,
                "binding a complex value to a name inside a loop is not supported yet",
                "bind it before the loop and assign into it: `z[...] = ...`",
            ));
        }
        let Complex {
            re, im, precision, ..
        } = self.apply_mask(complex, at)?;
        // Both parts are read before either is bound (`z = z * w` reads the old `z.real`).
        let re = self.settle_part(re, name, at)?;
        let im = self.settle_part(im, name, at)?;
        self.assign_name(&part_name(name, Part::Real), re, at)?;
        self.assign_name(&part_name(name, Part::Imag), im, at)?;
        self.bind(name, Binding::Complex(precision));
        Ok(())
    }

    fn settle_part(&mut self, value: Value, name: &str, at: Span) -> Result<Value> {
        match value {
            Value::New(expr, rank) => {
                let storage = self.new_storage(&format!("{name}_part"), rank);
                let ident = self.ident(storage, at);
                self.emit(
                    crate::ast::StmtKind::Var {
                        name: ident,
                        value: expr,
                    },
                    at,
                );
                let read = Expr {
                    kind: ExprKind::Name(self.storages[storage].name.clone()),
                    span: at,
                };
                Ok(Value::New(read, rank))
            }
            other => Ok(other),
        }
    }

    /// A complex name read: its parts' bindings.
    pub(super) fn complex_name(
        &mut self,
        id: &str,
        precision: Precision,
        at: Span,
    ) -> Result<Value> {
        let re = self.name(&part_name(id, Part::Real), at)?;
        let im = self.name(&part_name(id, Part::Imag), at)?;
        Ok(Value::Complex(Box::new(Complex {
            re,
            im,
            precision,
            mask: None,
        })))
    }

    /// `z[indices] = value` (or `z[...] = value` for `indices` `None`) of a complex `z`:
    /// the real part is computed into a scratch array first, so that the imaginary part
    /// reads the old values.
    pub(super) fn complex_write(
        &mut self,
        target: &py::Expr,
        indices: Option<Vec<IndexArg>>,
        value: Value,
        at: Span,
    ) -> Result<()> {
        let py::Expr::Name(name) = target else {
            return Err(self.refuse(
                span(target),
                "a write into a complex array is supported through its name: `z[i] = ...`",
                "",
            ));
        };
        let id = name.id.as_str();
        // `z[mask] = e` with `e` under the same mask: whole parts stored through the mask.
        let value = match (&indices, value) {
            (Some(written), Value::Complex(complex))
                if matches!(written.as_slice(), [IndexArg::Single(mask)]
                    if complex.mask.as_ref().is_some_and(|m| m.to_string() == mask.to_string())) =>
            {
                Value::Complex(Box::new(Complex {
                    mask: None,
                    ..*complex
                }))
            }
            (_, Value::Complex(complex)) => {
                Value::Complex(Box::new(self.apply_mask(*complex, at)?))
            }
            (_, other) => other,
        };
        let operand = self.complex_operand(value, at)?;
        let storage = self.new_storage("complex_write", operand.rank);
        let ident = self.ident(storage, at);
        self.emit(
            crate::ast::StmtKind::Var {
                name: ident,
                value: operand.re,
            },
            at,
        );
        let re = Expr {
            kind: ExprKind::Name(self.storages[storage].name.clone()),
            span: at,
        };
        let target = |part: Part| {
            py::Expr::Name(py::ExprName {
                range: name.range,
                id: part_name(id, part).into(),
                ctx: py::ExprContext::Store,
                node_index: name.node_index.clone(),
            })
        };
        self.write(
            &target(Part::Imag),
            indices.clone(),
            crate::ast::AssignOp::Set,
            operand.im,
            at,
        )?;
        self.write(
            &target(Part::Real),
            indices,
            crate::ast::AssignOp::Set,
            re,
            at,
        )
    }
}

impl Translator<'_> {
    /// Whether `expr` is a name bound to a complex value.
    pub(super) fn is_complex_name(&self, expr: &py::Expr) -> bool {
        matches!(expr, py::Expr::Name(name) if matches!(self.lookup(name.id.as_str()), Some(Binding::Complex(_))))
    }

    /// `abs(z)` / `np.abs(z)` of one complex argument; `None` for a real one.
    pub(super) fn complex_abs_call(&mut self, call: &py::ExprCall) -> Result<Option<Value>> {
        let [argument] = call.arguments.args.as_ref() else {
            return Ok(None);
        };
        if !call.arguments.keywords.is_empty() || !self.may_be_complex(argument) {
            return Ok(None);
        }
        match self.expr(argument)? {
            Value::Complex(complex) => self.complex_abs(*complex, span(call)).map(Some),
            other => {
                let at = span(call);
                let (expr, rank) = self.value_expr(other, at)?;
                Ok(Some(Value::New(
                    Expr {
                        kind: call_kind("abs", vec![expr], at),
                        span: at,
                    },
                    rank,
                )))
            }
        }
    }

    /// Whether `expr` mentions a complex name or literal (so its value may be complex).
    fn may_be_complex(&self, expr: &py::Expr) -> bool {
        match expr {
            py::Expr::NumberLiteral(number) => matches!(number.value, py::Number::Complex { .. }),
            py::Expr::Name(name) => {
                matches!(self.lookup(name.id.as_str()), Some(Binding::Complex(_)))
            }
            py::Expr::BinOp(node) => {
                self.may_be_complex(&node.left) || self.may_be_complex(&node.right)
            }
            py::Expr::UnaryOp(node) => self.may_be_complex(&node.operand),
            py::Expr::Subscript(node) => self.may_be_complex(&node.value),
            _ => false,
        }
    }
}

impl Translator<'_> {
    /// Whether `mask` is surely a bool array: a comparison, `&`/`|` of such, or a name whose
    /// every assignment so far was one (`Translator::bool_storages`). An integer index array
    /// is not a mask: `z[idx] = z[idx] * w[idx]` reads the elements before storing them.
    pub(super) fn is_bool_mask(&self, mask: &Expr) -> bool {
        is_comparison(mask, &self.bool_storages)
    }

    /// Records whether the storage `name` now holds a comparison's result.
    pub(super) fn note_bool_storage(&mut self, name: &str, value: &Expr) {
        if is_comparison(value, &self.bool_storages) {
            self.bool_storages.insert(name.to_string());
        } else {
            self.bool_storages.remove(name);
        }
    }
}

fn is_comparison(expr: &Expr, bool_storages: &std::collections::HashSet<String>) -> bool {
    match &expr.kind {
        ExprKind::Binary(
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge,
            _,
            _,
        ) => true,
        ExprKind::Binary(BinaryOp::And | BinaryOp::Or, a, b) => {
            is_comparison(a, bool_storages) && is_comparison(b, bool_storages)
        }
        ExprKind::Name(name) => bool_storages.contains(name),
        _ => false,
    }
}
