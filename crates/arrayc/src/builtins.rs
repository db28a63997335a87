//! The one table of built-in functions: name, arity, which arguments must be compile-time
//! constants, the documentation line, and for the elementwise ones the `numeric` operation
//! they apply. Lowering implements each row's meaning.
//!
//! Adding a builtin means one row here, one arm in `lower::builtins`, one test.

use crate::numeric::{Binary, Unary};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Zeros,
    Ones,
    Full,
    Linspace,
    Arange,
    Rand,
    Reshape,
    Transpose,
    Broadcast,
    Exp,
    Log,
    Sqrt,
    Abs,
    Sin,
    Cos,
    Tan,
    Tanh,
    Floor,
    Ceil,
    Round,
    Sign,
    Pow,
    Minimum,
    Maximum,
    Arctan2,
    Hypot,
    Copysign,
    Fmod,
    Logaddexp,
    Clip,
    Where,
    Grad,
    Roll,
    Sum,
    Mean,
    Min,
    Max,
    Dot,
    Matmul,
    Int,
    ZerosLike,
    OnesLike,
    FullLike,
    Copy,
    Concatenate,
    Stack,
    Pad,
    Diff,
    Cumsum,
    Unique,
    Prod,
    Std,
    Variance,
    Any,
    All,
    Argmin,
    Argmax,
    Meshgrid,
    /// `extent(a, axis)`: the length of one axis, a compile-time int (NumPy's `a.shape[axis]`).
    Extent,
    /// `astype(a, dtype)`.
    Astype,
    /// `f64(a)`, `f32(a)`, `i64(a)`, `bool(a)`: `astype` with the dtype as the callee.
    AsF64,
    AsF32,
    AsI64,
    AsBool,
    /// `random_state(seed)`: a random stream seeded as `np.random.seed(seed)` seeds NumPy's
    /// legacy generator; `default_rng(seed)` as `np.random.default_rng(seed)`.
    RandomState,
    DefaultRng,
    /// Draws from a stream, in program order at run time: `rng_random(rng, shape)` ...
    RngRandom,
    RngStandardNormal,
    RngUniform,
    RngNormal,
    RngIntegers,
}

/// One row of the table.
#[derive(Debug)]
pub struct BuiltinInfo {
    pub name: &'static str,
    pub builtin: Builtin,
    pub min_args: usize,
    pub max_args: usize,
    /// Each argument's name, as NumPy names it: a keyword argument must be in its place.
    pub params: &'static [&'static str],
    /// How a user calls it, for arity errors and `:help`.
    pub signature: &'static str,
    #[allow(dead_code)] // The table documents each builtin; no command prints it yet.
    pub doc: &'static str,
    /// For a builtin that applies one scalar operation to each element (`exp`, `minimum`),
    /// that operation: a `param` is evaluated with it (and `int`, which lowering turns into
    /// a cast to int64, truncates as `Unary::Trunc` does).
    pub scalar: Option<Scalar>,
}

/// The scalar operation of an elementwise builtin, as `numeric` defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    Unary(Unary),
    Binary(Binary),
}

impl BuiltinInfo {
    /// This row, applying `scalar` to each element.
    const fn elementwise(self, scalar: Scalar) -> BuiltinInfo {
        BuiltinInfo {
            scalar: Some(scalar),
            ..self
        }
    }
}

const fn row(
    name: &'static str,
    builtin: Builtin,
    min_args: usize,
    params: &'static [&'static str],
    signature: &'static str,
    doc: &'static str,
) -> BuiltinInfo {
    BuiltinInfo {
        name,
        builtin,
        min_args,
        max_args: params.len(),
        params,
        signature,
        doc,
        scalar: None,
    }
}

pub static BUILTINS: &[BuiltinInfo] = &[
    row(
        "zeros",
        Builtin::Zeros,
        1,
        &["shape", "dtype"],
        "zeros(shape) or zeros(shape, dtype)",
        "an array of zeros",
    ),
    row(
        "ones",
        Builtin::Ones,
        1,
        &["shape", "dtype"],
        "ones(shape) or ones(shape, dtype)",
        "an array of ones",
    ),
    row(
        "full",
        Builtin::Full,
        2,
        &["shape", "fill_value", "dtype"],
        "full(shape, v) or full(shape, v, dtype)",
        "an array filled with the scalar v",
    ),
    row(
        "linspace",
        Builtin::Linspace,
        3,
        &["start", "stop", "num", "endpoint"],
        "linspace(start, stop, n) or linspace(start, stop, n, endpoint)",
        "n evenly spaced values from start to stop, inclusive unless endpoint is false",
    ),
    row(
        "arange",
        Builtin::Arange,
        1,
        &["start", "stop", "step"],
        "arange(n) or arange(start, stop, step)",
        "evenly spaced values in [start, stop)",
    ),
    row(
        "rand",
        Builtin::Rand,
        2,
        &["shape", "seed"],
        "rand(shape, seed)",
        "uniform values in [0, 1), deterministic for a seed",
    ),
    row(
        "reshape",
        Builtin::Reshape,
        2,
        &["a", "shape"],
        "reshape(a, shape)",
        "the same elements in C order with a new shape",
    ),
    row(
        "transpose",
        Builtin::Transpose,
        1,
        &["a"],
        "transpose(a)",
        "reverses the axes",
    ),
    row(
        "broadcast",
        Builtin::Broadcast,
        2,
        &["a", "shape"],
        "broadcast(a, shape)",
        "stretches a to shape by NumPy's broadcasting rules",
    ),
    row(
        "exp",
        Builtin::Exp,
        1,
        &["x"],
        "exp(a)",
        "e to the power a, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Exp)),
    row(
        "log",
        Builtin::Log,
        1,
        &["x"],
        "log(a)",
        "natural logarithm, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Log)),
    row(
        "sqrt",
        Builtin::Sqrt,
        1,
        &["x"],
        "sqrt(a)",
        "square root, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Sqrt)),
    row(
        "abs",
        Builtin::Abs,
        1,
        &["x"],
        "abs(a)",
        "absolute value, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Abs)),
    row(
        "sin",
        Builtin::Sin,
        1,
        &["x"],
        "sin(a)",
        "sine, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Sin)),
    row(
        "cos",
        Builtin::Cos,
        1,
        &["x"],
        "cos(a)",
        "cosine, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Cos)),
    row(
        "tan",
        Builtin::Tan,
        1,
        &["x"],
        "tan(a)",
        "tangent, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Tan)),
    row(
        "tanh",
        Builtin::Tanh,
        1,
        &["x"],
        "tanh(a)",
        "hyperbolic tangent, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Tanh)),
    row(
        "floor",
        Builtin::Floor,
        1,
        &["x"],
        "floor(a)",
        "rounds down, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Floor)),
    row(
        "ceil",
        Builtin::Ceil,
        1,
        &["x"],
        "ceil(a)",
        "rounds up, elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Ceil)),
    row(
        "round",
        Builtin::Round,
        1,
        &["a", "decimals"],
        "round(a) or round(a, decimals)",
        "rounds half to even (to `decimals` places as NumPy does: scaled by a power of ten, rounded, scaled back), elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Round)),
    row(
        "sign",
        Builtin::Sign,
        1,
        &["x"],
        "sign(a)",
        "-1, 0 or 1 (NaN stays NaN), elementwise",
    )
    .elementwise(Scalar::Unary(Unary::Sign)),
    row(
        "pow",
        Builtin::Pow,
        2,
        &["x1", "x2"],
        "pow(a, b)",
        "a to the power b, elementwise (the same as a ^ b)",
    )
    .elementwise(Scalar::Binary(Binary::Pow)),
    row(
        "minimum",
        Builtin::Minimum,
        2,
        &["x1", "x2"],
        "minimum(a, b)",
        "the smaller of a and b, NaN if either is, elementwise",
    )
    .elementwise(Scalar::Binary(Binary::Min)),
    row(
        "maximum",
        Builtin::Maximum,
        2,
        &["x1", "x2"],
        "maximum(a, b)",
        "the larger of a and b, NaN if either is, elementwise",
    )
    .elementwise(Scalar::Binary(Binary::Max)),
    row(
        "arctan2",
        Builtin::Arctan2,
        2,
        &["x1", "x2"],
        "arctan2(y, x)",
        "the angle of the point (x, y) in radians, in [-pi, pi], elementwise",
    )
    .elementwise(Scalar::Binary(Binary::Atan2)),
    row(
        "hypot",
        Builtin::Hypot,
        2,
        &["x1", "x2"],
        "hypot(a, b)",
        "sqrt(a^2 + b^2) without overflow, elementwise",
    )
    .elementwise(Scalar::Binary(Binary::Hypot)),
    row(
        "copysign",
        Builtin::Copysign,
        2,
        &["x1", "x2"],
        "copysign(a, b)",
        "the magnitude of a with the sign of b, elementwise",
    )
    .elementwise(Scalar::Binary(Binary::Copysign)),
    row(
        "fmod",
        Builtin::Fmod,
        2,
        &["x1", "x2"],
        "fmod(a, b)",
        "the remainder of a / b with the sign of a (C's fmod; `%` takes b's sign), elementwise",
    )
    .elementwise(Scalar::Binary(Binary::Fmod)),
    row(
        "logaddexp",
        Builtin::Logaddexp,
        2,
        &["x1", "x2"],
        "logaddexp(a, b)",
        "log(exp(a) + exp(b)) without overflow, elementwise",
    )
    .elementwise(Scalar::Binary(Binary::Logaddexp)),
    row(
        "clip",
        Builtin::Clip,
        3,
        &["a", "a_min", "a_max"],
        "clip(a, lo, hi)",
        "minimum(maximum(a, lo), hi)",
    ),
    row(
        "where",
        Builtin::Where,
        3,
        &["condition", "x", "y"],
        "where(c, a, b)",
        "a where c is non-zero, else b",
    ),
    row(
        "grad",
        Builtin::Grad,
        2,
        &["f", "axis", "h"],
        "grad(a, axis) or grad(a, axis, h)",
        "numpy.gradient along one axis, edge_order 1",
    ),
    row(
        "roll",
        Builtin::Roll,
        2,
        &["a", "shift", "axis"],
        "roll(a, shift) or roll(a, shift, axis)",
        "numpy.roll along one axis, or of the flattened array",
    ),
    row(
        "sum",
        Builtin::Sum,
        1,
        &["a", "axis"],
        "sum(a) or sum(a, axis)",
        "sum of all elements, or along an axis",
    ),
    row(
        "mean",
        Builtin::Mean,
        1,
        &["a", "axis"],
        "mean(a) or mean(a, axis)",
        "mean of all elements, or along an axis",
    ),
    row(
        "min",
        Builtin::Min,
        1,
        &["a", "axis"],
        "min(a) or min(a, axis)",
        "smallest element (NaN if any is NaN), or along an axis",
    ),
    row(
        "max",
        Builtin::Max,
        1,
        &["a", "axis"],
        "max(a) or max(a, axis)",
        "largest element (NaN if any is NaN), or along an axis",
    ),
    row(
        "dot",
        Builtin::Dot,
        2,
        &["a", "b"],
        "dot(a, b)",
        "inner product of two rank-1 arrays; with a rank-2 operand, `matmul` (as NumPy's `dot`)",
    ),
    row(
        "matmul",
        Builtin::Matmul,
        2,
        &["x1", "x2"],
        "matmul(a, b)",
        "matrix product of [m, k] and [k, n] arrays (`a @ b`); a rank-1 operand is a row on the left, a column on the right, as in NumPy",
    ),
    row(
        "int",
        Builtin::Int,
        1,
        &["x"],
        "int(a)",
        "truncates toward zero, elementwise (Python's int)",
    )
    .elementwise(Scalar::Unary(Unary::Trunc)),
    row(
        "zeros_like",
        Builtin::ZerosLike,
        1,
        &["a", "dtype"],
        "zeros_like(a) or zeros_like(a, dtype)",
        "zeros of a's shape",
    ),
    row(
        "ones_like",
        Builtin::OnesLike,
        1,
        &["a", "dtype"],
        "ones_like(a) or ones_like(a, dtype)",
        "ones of a's shape",
    ),
    row(
        "full_like",
        Builtin::FullLike,
        2,
        &["a", "fill_value", "dtype"],
        "full_like(a, v) or full_like(a, v, dtype)",
        "the scalar v at a's shape",
    ),
    row(
        "extent",
        Builtin::Extent,
        2,
        &["a", "axis"],
        "extent(a, axis)",
        "the length of one axis of a (NumPy's a.shape[axis]), a compile-time int",
    ),
    row(
        "copy",
        Builtin::Copy,
        1,
        &["a"],
        "copy(a)",
        "the same values (arrays are values: any binding is already a copy)",
    ),
    row(
        "concatenate",
        Builtin::Concatenate,
        1,
        &["arrays", "axis"],
        "concatenate([a, b, ...], axis)",
        "joins arrays along an existing axis (default 0)",
    ),
    row(
        "stack",
        Builtin::Stack,
        1,
        &["arrays", "axis"],
        "stack([a, b, ...], axis)",
        "joins arrays of one shape along a new axis (default 0)",
    ),
    row(
        "pad",
        Builtin::Pad,
        2,
        &["array", "pad_width", "mode"],
        "pad(a, width) or pad(a, width, mode)",
        "numpy.pad with mode \"constant\" (zeros), \"edge\" or \"wrap\"",
    ),
    row(
        "diff",
        Builtin::Diff,
        1,
        &["a", "axis"],
        "diff(a) or diff(a, axis)",
        "differences of neighbours along an axis (default -1)",
    ),
    row(
        "cumsum",
        Builtin::Cumsum,
        1,
        &["a", "axis"],
        "cumsum(a) or cumsum(a, axis)",
        "running sums of the flattened array, or along an axis",
    ),
    row(
        "unique",
        Builtin::Unique,
        1,
        &["ar"],
        "unique(a)",
        "the sorted distinct values of an int or bool array; their number depends on the values, so they can only be printed",
    ),
    row(
        "prod",
        Builtin::Prod,
        1,
        &["a", "axis"],
        "prod(a) or prod(a, axis)",
        "product of all elements, or along axes",
    ),
    row(
        "std",
        Builtin::Std,
        1,
        &["a", "axis"],
        "std(a) or std(a, axis)",
        "standard deviation (ddof 0), or along axes",
    ),
    row(
        "var",
        Builtin::Variance,
        1,
        &["a", "axis"],
        "var(a) or var(a, axis)",
        "variance (ddof 0), or along axes",
    ),
    row(
        "any",
        Builtin::Any,
        1,
        &["a", "axis"],
        "any(a) or any(a, axis)",
        "1 if any element is non-zero, or along axes",
    ),
    row(
        "all",
        Builtin::All,
        1,
        &["a", "axis"],
        "all(a) or all(a, axis)",
        "1 if every element is non-zero, or along axes",
    ),
    row(
        "argmin",
        Builtin::Argmin,
        1,
        &["a", "axis"],
        "argmin(a) or argmin(a, axis)",
        "index of the first smallest element (of the flattened array), or along an axis",
    ),
    row(
        "argmax",
        Builtin::Argmax,
        1,
        &["a", "axis"],
        "argmax(a) or argmax(a, axis)",
        "index of the first largest element (of the flattened array), or along an axis",
    ),
    row(
        "meshgrid",
        Builtin::Meshgrid,
        2,
        &["x", "y", "indexing"],
        "meshgrid(x, y) or meshgrid(x, y, indexing)",
        "two arrays of coordinates from two vectors, taken apart by `let (X, Y) = ...`; indexing \"xy\" (the default) or \"ij\"",
    ),
    row(
        "astype",
        Builtin::Astype,
        2,
        &["a", "dtype"],
        "astype(a, dtype)",
        "a converted to dtype as NumPy's a.astype(dtype) does",
    ),
    row(
        "f64",
        Builtin::AsF64,
        1,
        &["x"],
        "f64(a)",
        "a converted to float64",
    ),
    row(
        "f32",
        Builtin::AsF32,
        1,
        &["x"],
        "f32(a)",
        "a converted to float32",
    ),
    row(
        "i64",
        Builtin::AsI64,
        1,
        &["x"],
        "i64(a)",
        "a converted to int64 (truncating floats toward zero)",
    ),
    row(
        "bool",
        Builtin::AsBool,
        1,
        &["x"],
        "bool(a)",
        "a converted to bool (x != 0)",
    ),
    row(
        "random_state",
        Builtin::RandomState,
        1,
        &["seed"],
        "random_state(seed)",
        "a random stream seeded as NumPy's `np.random.seed(seed)` (legacy MT19937)",
    ),
    row(
        "default_rng",
        Builtin::DefaultRng,
        1,
        &["seed"],
        "default_rng(seed)",
        "a random stream seeded as NumPy's `np.random.default_rng(seed)` (PCG64)",
    ),
    row(
        "rng_random",
        Builtin::RngRandom,
        2,
        &["rng", "size"],
        "rng_random(rng, shape)",
        "the stream's next doubles in [0, 1), NumPy's bits",
    ),
    row(
        "rng_standard_normal",
        Builtin::RngStandardNormal,
        2,
        &["rng", "size"],
        "rng_standard_normal(rng, shape)",
        "the stream's next standard normals, NumPy's bits",
    ),
    row(
        "rng_uniform",
        Builtin::RngUniform,
        4,
        &["rng", "low", "high", "size"],
        "rng_uniform(rng, low, high, shape)",
        "low + (high - low) * the stream's next doubles, as NumPy's `uniform`",
    ),
    row(
        "rng_normal",
        Builtin::RngNormal,
        4,
        &["rng", "loc", "scale", "size"],
        "rng_normal(rng, loc, scale, shape)",
        "loc + scale * the stream's next standard normals, as NumPy's `normal`",
    ),
    row(
        "rng_integers",
        Builtin::RngIntegers,
        4,
        &["rng", "low", "high", "size"],
        "rng_integers(rng, low, high, shape)",
        "the stream's next int64s in low..high (high excluded), as NumPy's `randint`/`integers`",
    ),
];

pub fn lookup(name: &str) -> Option<&'static BuiltinInfo> {
    BUILTINS.iter().find(|info| info.name == name)
}

/// The builtin whose name is closest to `name`, if one is close enough to be a likely typo.
pub fn closest(name: &str) -> Option<&'static str> {
    let limit = match name.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    BUILTINS
        .iter()
        .map(|info| (edit_distance(name, info.name), info.name))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance, counting a swap of two neighbours as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// The NumPy dtype a name spells (`f32`, `float32`, ...): a dtype argument
/// (`zeros([n], f32)`, `astype(a, f32)`), a cast (`f32(a)`) or an input's dtype.
pub fn dtype_spelling(name: &str) -> Option<&'static str> {
    match name {
        "f64" | "float64" => Some("float64"),
        "f32" | "float32" => Some("float32"),
        "i64" | "int64" => Some("int64"),
        "i32" | "int32" => Some("int32"),
        "bool" | "bool_" => Some("bool"),
        _ => None,
    }
}

/// The dtypes a program may name so far (NumPy names), and how each is spelled here.
pub const SUPPORTED_DTYPES: [(&str, &str); 4] = [
    ("float64", "f64"),
    ("float32", "f32"),
    ("int64", "i64"),
    ("bool", "bool"),
];

/// The spelling of a supported NumPy dtype in this language (`f32` for float32), `None`
/// for a dtype that is not supported yet.
pub fn dtype_supported(numpy: &str) -> Option<&'static str> {
    SUPPORTED_DTYPES
        .iter()
        .find(|(name, _)| *name == numpy)
        .map(|&(_, spelling)| spelling)
}

/// The diagnostic for a dtype spelled in a program that is not supported (yet), or spelled
/// as NumPy spells it: its message and its note.
pub fn dtype_not_supported(name: &str, numpy: &str) -> (String, &'static str) {
    if let Some(spelling) = dtype_supported(numpy) {
        let message = format!("dtype `{name}` is spelled `{spelling}` here");
        return (message, "the dtypes are f64, f32, i64 and bool");
    }
    let note = "the dtypes are f64, f32, i64 and bool";
    let message = if name == numpy {
        format!("dtype `{name}` is not supported yet")
    } else {
        format!("dtype `{name}` ({numpy}) is not supported yet")
    };
    (message, note)
}
