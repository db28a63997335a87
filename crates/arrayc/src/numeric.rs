//! The scalar meaning of every elementwise operation, shared by constant folding and the
//! functions generated code calls; each follows NumPy's float64 semantics.
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
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a < b || (a == b && a.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// `numpy.maximum`: NaN if either operand is NaN.
pub fn maximum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a > b || (a == b && a.is_sign_positive()) {
        a
    } else {
        b
    }
}

// The functions below are called by generated code, so they use the C calling convention.

/// `numpy.remainder`: the result has the sign of the divisor (NumPy's `npy_divmod`).
pub extern "C" fn remainder(a: f64, b: f64) -> f64 {
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
        0.0f64.copysign(b)
    }
}

/// `numpy.floor_divide` (NumPy's `npy_floor_divide`): `floor(a / b)` computed from the
/// remainder, so that `1 // 0.1` is 9 as in NumPy, not the 10 of `floor(1 / 0.1)`.
pub extern "C" fn floor_divide(a: f64, b: f64) -> f64 {
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
        0.0f64.copysign(a / b)
    }
}

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
