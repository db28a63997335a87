//! The scalar meaning of every elementwise operation, shared by constant folding and the
//! functions generated code calls; each follows NumPy's semantics for its dtype (float64,
//! float32, int64 with wrapping overflow, bool).
//!
//! Knows nothing of arrays, the syntax tree, the IR or Cranelift.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unary {
    Neg,
    Not,
    Abs,
    Sqrt,
    Floor,
    Ceil,
    /// Truncation toward zero: Python's `int(x)` on a float.
    Trunc,
    Round,
    Sign,
    Exp,
    Log,
    Sin,
    Cos,
    Tan,
    Tanh,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Binary {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Rem,
    Pow,
    Min,
    Max,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    /// `numpy.arctan2(y, x)`: the angle of the point (x, y), in float.
    Atan2,
    /// `numpy.hypot(a, b)`: `sqrt(a*a + b*b)` without overflow, in float.
    Hypot,
    /// `numpy.copysign(a, b)`: the magnitude of `a` with the sign of `b`, in float.
    Copysign,
    /// `numpy.fmod(a, b)`: C's remainder, with the sign of the dividend.
    Fmod,
    /// `numpy.logaddexp(a, b)`: `log(exp(a) + exp(b))` without overflow, in float.
    Logaddexp,
}

impl Unary {
    pub fn name(self) -> &'static str {
        match self {
            Unary::Neg => "neg",
            Unary::Not => "not",
            Unary::Abs => "abs",
            Unary::Sqrt => "sqrt",
            Unary::Floor => "floor",
            Unary::Ceil => "ceil",
            Unary::Trunc => "trunc",
            Unary::Round => "round",
            Unary::Sign => "sign",
            Unary::Exp => "exp",
            Unary::Log => "log",
            Unary::Sin => "sin",
            Unary::Cos => "cos",
            Unary::Tan => "tan",
            Unary::Tanh => "tanh",
        }
    }
}

impl Binary {
    /// Whether the operation gives a bool whatever its operands: comparisons, `and`, `or`.
    pub fn gives_bool(self) -> bool {
        match self {
            Binary::Eq
            | Binary::Ne
            | Binary::Lt
            | Binary::Le
            | Binary::Gt
            | Binary::Ge
            | Binary::And
            | Binary::Or => true,
            Binary::Add
            | Binary::Sub
            | Binary::Mul
            | Binary::Div
            | Binary::FloorDiv
            | Binary::Rem
            | Binary::Pow
            | Binary::Min
            | Binary::Max
            | Binary::Atan2
            | Binary::Hypot
            | Binary::Copysign
            | Binary::Fmod
            | Binary::Logaddexp => false,
        }
    }

    /// Whether the operation is computed in a float dtype whatever its operands' (NumPy's
    /// loops for it exist for floats only, so ints become float64): `/`, `**`, `arctan2`,
    /// `hypot`, `copysign`, `logaddexp`.
    pub fn float_only(self) -> bool {
        match self {
            Binary::Div
            | Binary::Pow
            | Binary::Atan2
            | Binary::Hypot
            | Binary::Copysign
            | Binary::Logaddexp => true,
            Binary::Add
            | Binary::Sub
            | Binary::Mul
            | Binary::FloorDiv
            | Binary::Rem
            | Binary::Fmod
            | Binary::Min
            | Binary::Max
            | Binary::Eq
            | Binary::Ne
            | Binary::Lt
            | Binary::Le
            | Binary::Gt
            | Binary::Ge
            | Binary::And
            | Binary::Or => false,
        }
    }

    /// Whether generated code calls a host function for the operation on floats.
    pub fn calls_host(self) -> bool {
        match self {
            Binary::FloorDiv
            | Binary::Rem
            | Binary::Pow
            | Binary::Atan2
            | Binary::Hypot
            | Binary::Copysign
            | Binary::Fmod
            | Binary::Logaddexp => true,
            Binary::Add
            | Binary::Sub
            | Binary::Mul
            | Binary::Div
            | Binary::Min
            | Binary::Max
            | Binary::Eq
            | Binary::Ne
            | Binary::Lt
            | Binary::Le
            | Binary::Gt
            | Binary::Ge
            | Binary::And
            | Binary::Or => false,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Binary::Add => "add",
            Binary::Sub => "sub",
            Binary::Mul => "mul",
            Binary::Div => "div",
            Binary::FloorDiv => "floordiv",
            Binary::Rem => "rem",
            Binary::Pow => "pow",
            Binary::Min => "min",
            Binary::Max => "max",
            Binary::Eq => "eq",
            Binary::Ne => "ne",
            Binary::Lt => "lt",
            Binary::Le => "le",
            Binary::Gt => "gt",
            Binary::Ge => "ge",
            Binary::And => "and",
            Binary::Or => "or",
            Binary::Atan2 => "arctan2",
            Binary::Hypot => "hypot",
            Binary::Copysign => "copysign",
            Binary::Fmod => "fmod",
            Binary::Logaddexp => "logaddexp",
        }
    }
}

fn truth(value: bool) -> f64 {
    if value {
        1.0
    } else {
        0.0
    }
}

pub fn unary(op: Unary, x: f64) -> f64 {
    match op {
        Unary::Neg => -x,
        Unary::Not => truth(x == 0.0),
        Unary::Abs => x.abs(),
        Unary::Sqrt => x.sqrt(),
        Unary::Floor => x.floor(),
        Unary::Ceil => x.ceil(),
        Unary::Trunc => truncate(x),
        Unary::Round => x.round_ties_even(),
        Unary::Sign => sign(x),
        Unary::Exp => exp(x),
        Unary::Log => log(x),
        Unary::Sin => sin(x),
        Unary::Cos => cos(x),
        Unary::Tan => tan(x),
        Unary::Tanh => tanh(x),
    }
}

pub fn binary(op: Binary, a: f64, b: f64) -> f64 {
    match op {
        Binary::Add => a + b,
        Binary::Sub => a - b,
        Binary::Mul => a * b,
        Binary::Div => a / b,
        Binary::FloorDiv => floor_divide(a, b),
        Binary::Rem => remainder(a, b),
        Binary::Pow => pow(a, b),
        Binary::Min => minimum(a, b),
        Binary::Max => maximum(a, b),
        Binary::Eq => truth(a == b),
        Binary::Ne => truth(a != b),
        Binary::Lt => truth(a < b),
        Binary::Le => truth(a <= b),
        Binary::Gt => truth(a > b),
        Binary::Ge => truth(a >= b),
        Binary::And => truth(a != 0.0 && b != 0.0),
        Binary::Or => truth(a != 0.0 || b != 0.0),
        Binary::Atan2 => atan2(a, b),
        Binary::Hypot => hypot(a, b),
        Binary::Copysign => copysign(a, b),
        Binary::Fmod => fmod(a, b),
        Binary::Logaddexp => logaddexp(a, b),
    }
}

/// `a ^ b`: NumPy's `a ** b`, which special-cases the exponents 2, 0.5, -1 and 1.
pub fn power(a: f64, b: f64) -> f64 {
    if b == 2.0 {
        a * a
    } else if b == 0.5 {
        a.sqrt()
    } else if b == -1.0 {
        1.0 / a
    } else if b == 1.0 {
        a
    } else {
        pow(a, b)
    }
}

/// Python's `int(x)` on a float: truncation toward zero (NaN and infinities stay).
pub fn truncate(x: f64) -> f64 {
    x.trunc()
}

/// `numpy.sign`: -1, 0 or 1, and NaN for NaN.
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        x
    }
}

/// `numpy.minimum`: NaN if either operand is NaN.
pub fn minimum(a: f64, b: f64) -> f64 {
    // NumPy's loop: `a < b || isnan(a) ? a : b` (of equal zeros the second, NaN kept).
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a < b {
        a
    } else {
        b
    }
}

/// `numpy.maximum`: NaN if either operand is NaN.
pub fn maximum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a > b {
        a
    } else {
        b
    }
}

/// NumPy's cast of a float to int64 on x86-64: truncation toward zero, and `i64::MIN` for
/// NaN, infinities and values out of range (what `cvttsd2si` gives).
pub fn f64_to_i64(x: f64) -> i64 {
    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&x) {
        i64::MIN
    } else {
        x as i64
    }
}

/// A comparison of two values of one dtype; `None` for an operation that is not one.
pub fn compare<T: PartialOrd>(op: Binary, a: T, b: T) -> Option<bool> {
    Some(match op {
        Binary::Eq => a == b,
        Binary::Ne => a != b,
        Binary::Lt => a < b,
        Binary::Le => a <= b,
        Binary::Gt => a > b,
        Binary::Ge => a >= b,
        Binary::Add
        | Binary::Sub
        | Binary::Mul
        | Binary::Div
        | Binary::FloorDiv
        | Binary::Rem
        | Binary::Pow
        | Binary::Min
        | Binary::Max
        | Binary::And
        | Binary::Or
        | Binary::Atan2
        | Binary::Hypot
        | Binary::Copysign
        | Binary::Fmod
        | Binary::Logaddexp => return None,
    })
}

/// A float32 operation that gives a float32 (`None` for `not`): arithmetic rounds once to
/// float32, as NumPy's float32 loops do; transcendentals are computed in float64 and
/// rounded (within 1e-6 relative of NumPy's own float32 functions).
pub fn unary_f32(op: Unary, x: f32) -> Option<f32> {
    let wide = |f: extern "C" fn(f64) -> f64| f(x as f64) as f32;
    Some(match op {
        Unary::Neg => -x,
        Unary::Not => return None,
        Unary::Abs => x.abs(),
        Unary::Sqrt => x.sqrt(),
        Unary::Floor => x.floor(),
        Unary::Ceil => x.ceil(),
        Unary::Trunc => x.trunc(),
        Unary::Round => x.round_ties_even(),
        Unary::Sign => sign(x as f64) as f32,
        Unary::Exp => wide(exp),
        Unary::Log => wide(log),
        Unary::Sin => wide(sin),
        Unary::Cos => wide(cos),
        Unary::Tan => wide(tan),
        Unary::Tanh => wide(tanh),
    })
}

/// A float32 operation that gives a float32 (`None` for comparisons and logic).
pub fn binary_f32(op: Binary, a: f32, b: f32) -> Option<f32> {
    Some(match op {
        Binary::Add => a + b,
        Binary::Sub => a - b,
        Binary::Mul => a * b,
        Binary::Div => a / b,
        Binary::FloorDiv => floor_divide_f32(a, b),
        Binary::Rem => remainder_f32(a, b),
        Binary::Pow => pow_f32(a, b),
        Binary::Min => minimum(a as f64, b as f64) as f32,
        Binary::Max => maximum(a as f64, b as f64) as f32,
        Binary::Atan2 => atan2(a as f64, b as f64) as f32,
        Binary::Hypot => hypot(a as f64, b as f64) as f32,
        Binary::Copysign => a.copysign(b),
        Binary::Fmod => a % b,
        Binary::Logaddexp => logaddexp(a as f64, b as f64) as f32,
        Binary::Eq
        | Binary::Ne
        | Binary::Lt
        | Binary::Le
        | Binary::Gt
        | Binary::Ge
        | Binary::And
        | Binary::Or => return None,
    })
}

/// An int64 operation that gives an int64 (`None` for those NumPy computes in floats:
/// `sqrt`, `exp`, ... and for `not`): overflow wraps.
pub fn unary_i64(op: Unary, x: i64) -> Option<i64> {
    Some(match op {
        Unary::Neg => x.wrapping_neg(),
        Unary::Abs => x.wrapping_abs(),
        Unary::Sign => x.signum(),
        Unary::Floor | Unary::Ceil | Unary::Trunc | Unary::Round => x,
        Unary::Not
        | Unary::Sqrt
        | Unary::Exp
        | Unary::Log
        | Unary::Sin
        | Unary::Cos
        | Unary::Tan
        | Unary::Tanh => return None,
    })
}

/// An int64 operation that gives an int64 (`None` for true division, a negative power,
/// comparisons and logic): overflow wraps; `//` and `%` take the divisor's sign as Python's do, and
/// give 0 for a zero divisor, as NumPy does.
pub fn binary_i64(op: Binary, a: i64, b: i64) -> Option<i64> {
    Some(match op {
        Binary::Add => a.wrapping_add(b),
        Binary::Sub => a.wrapping_sub(b),
        Binary::Mul => a.wrapping_mul(b),
        Binary::FloorDiv => floor_divide_i64(a, b),
        Binary::Rem => remainder_i64(a, b),
        Binary::Min => a.min(b),
        Binary::Max => a.max(b),
        Binary::Fmod => fmod_i64(a, b),
        // NumPy raises for a negative exponent; lowering refuses or checks it first.
        Binary::Pow if b < 0 => return None,
        Binary::Pow => power_i64(a, b),
        Binary::Div
        | Binary::Atan2
        | Binary::Hypot
        | Binary::Copysign
        | Binary::Logaddexp
        | Binary::Eq
        | Binary::Ne
        | Binary::Lt
        | Binary::Le
        | Binary::Gt
        | Binary::Ge
        | Binary::And
        | Binary::Or => return None,
    })
}

/// A bool operation that gives a bool: logic, and `min`/`max` (which are `and`/`or`).
pub fn binary_bool(op: Binary, a: bool, b: bool) -> Option<bool> {
    Some(match op {
        Binary::And | Binary::Min => a && b,
        Binary::Or | Binary::Max => a || b,
        Binary::Eq | Binary::Ne | Binary::Lt | Binary::Le | Binary::Gt | Binary::Ge => {
            return compare(op, a, b)
        }
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
        | Binary::Logaddexp => return None,
    })
}

/// `numpy.power` on int64 for an exponent of at least 0, by repeated squaring: overflow
/// wraps, as NumPy's loop gives (the product modulo 2^64 does not depend on the order).
/// A negative exponent, which NumPy refuses and lowering checks for, gives 0.
pub extern "C" fn power_i64(a: i64, b: i64) -> i64 {
    if b < 0 {
        return 0;
    }
    let (mut base, mut exponent, mut result) = (a, b as u64, 1i64);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exponent >>= 1;
    }
    result
}

/// `numpy.fmod` on int64: C's `%`, with the dividend's sign; `x fmod 0 == 0` and
/// `i64::MIN fmod -1 == 0`, as NumPy gives.
pub fn fmod_i64(a: i64, b: i64) -> i64 {
    if b == 0 {
        0
    } else {
        a.wrapping_rem(b)
    }
}

/// `numpy.floor_divide` on int64: floor of the quotient; `x // 0 == 0` and
/// `i64::MIN // -1 == i64::MIN` (wrapping), as NumPy gives.
pub extern "C" fn floor_divide_i64(a: i64, b: i64) -> i64 {
    if b == 0 {
        return 0;
    }
    let quotient = a.wrapping_div(b);
    if (a.wrapping_rem(b) != 0) && ((a < 0) != (b < 0)) {
        quotient - 1
    } else {
        quotient
    }
}

/// `numpy.remainder` on int64: the sign of the divisor; `x % 0 == 0`, as NumPy gives.
pub extern "C" fn remainder_i64(a: i64, b: i64) -> i64 {
    if b == 0 {
        return 0;
    }
    let modulus = a.wrapping_rem(b);
    if modulus != 0 && ((modulus < 0) != (b < 0)) {
        modulus + b
    } else {
        modulus
    }
}

/// NumPy's `remainder` and `floor_divide` for one float type (`npy_divmod`, the same code
/// for float64 and float32), as `extern "C"` functions generated code calls.
macro_rules! float_division {
    ($(#[$rem_doc:meta])* $remainder:ident, $(#[$div_doc:meta])* $floor_divide:ident, $t:ty) => {
        $(#[$rem_doc])*
        pub extern "C" fn $remainder(a: $t, b: $t) -> $t {
            let modulus = a % b;
            if b == 0.0 {
                return modulus;
            }
            if modulus != 0.0 {
                if (b < 0.0) != (modulus < 0.0) {
                    modulus + b
                } else {
                    modulus
                }
            } else {
                (0.0 as $t).copysign(b)
            }
        }

        $(#[$div_doc])*
        pub extern "C" fn $floor_divide(a: $t, b: $t) -> $t {
            if b == 0.0 {
                return a / b;
            }
            let modulus = a % b;
            let mut div = (a - modulus) / b;
            if modulus != 0.0 && ((b < 0.0) != (modulus < 0.0)) {
                div -= 1.0;
            }
            if div != 0.0 {
                let floor = div.floor();
                if div - floor > 0.5 {
                    floor + 1.0
                } else {
                    floor
                }
            } else {
                (0.0 as $t).copysign(a / b)
            }
        }
    };
}

float_division!(
    /// `numpy.remainder` on float32 (`npy_remainderf`).
    remainder_f32,
    /// `numpy.floor_divide` on float32 (`npy_floor_dividef`).
    floor_divide_f32,
    f32
);

/// `a ** b` on float32, computed in float64 and rounded.
pub extern "C" fn pow_f32(a: f32, b: f32) -> f32 {
    (a as f64).powf(b as f64) as f32
}

// The functions below are called by generated code, so they use the C calling convention.

float_division!(
    /// `numpy.remainder`: the result has the sign of the divisor (NumPy's `npy_divmod`).
    remainder,
    /// `numpy.floor_divide` (NumPy's `npy_floor_divide`): `floor(a / b)` computed from the
    /// remainder, so that `1 // 0.1` is 9 as in NumPy, not the 10 of `floor(1 / 0.1)`.
    floor_divide,
    f64
);

pub extern "C" fn pow(a: f64, b: f64) -> f64 {
    a.powf(b)
}

pub extern "C" fn exp(x: f64) -> f64 {
    x.exp()
}

pub extern "C" fn log(x: f64) -> f64 {
    x.ln()
}

pub extern "C" fn sin(x: f64) -> f64 {
    x.sin()
}

pub extern "C" fn cos(x: f64) -> f64 {
    x.cos()
}

pub extern "C" fn tan(x: f64) -> f64 {
    x.tan()
}

pub extern "C" fn tanh(x: f64) -> f64 {
    x.tanh()
}

pub extern "C" fn atan2(y: f64, x: f64) -> f64 {
    y.atan2(x)
}

pub extern "C" fn hypot(a: f64, b: f64) -> f64 {
    a.hypot(b)
}

pub extern "C" fn copysign(a: f64, b: f64) -> f64 {
    a.copysign(b)
}

/// C's `fmod` (Rust's `%` on floats is it).
pub extern "C" fn fmod(a: f64, b: f64) -> f64 {
    a % b
}

/// `numpy.logaddexp` (NumPy's `npy_logaddexp`): equal arguments give `x + log(2)` (so two
/// infinities of one sign give it, not NaN); otherwise the larger plus `log1p(exp(-|a - b|))`.
pub extern "C" fn logaddexp(a: f64, b: f64) -> f64 {
    if a == b {
        return a + std::f64::consts::LN_2;
    }
    let difference = a - b;
    if difference > 0.0 {
        a + (-difference).exp().ln_1p()
    } else if difference <= 0.0 {
        b + difference.exp().ln_1p()
    } else {
        difference
    }
}
