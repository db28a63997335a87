//! The IR: buffers, loop-nest kernels and structured control flow, with a stable text form
//! and a `verify()` that proves every memory access in range.
//!
//! A kernel computes `expr(i0, .., ik)` at every point of its box `shape` (or reduces over
//! extra trailing dimensions) and writes it to `dst[store(i0, .., ik)]`: usually its whole
//! destination in C order, but any region the verifier can bound. Expressions are per-element trees; indices into
//! buffers are integer trees over the kernel's dimensions. No Cranelift types appear here.
//!
//! This file holds the data types; `index` the index algebra, `text` the text form and
//! `parse` its reader, `verify` the verifier, `visit` generic walks over statements and
//! `eval` evaluation at compile time (constant folding).

mod cursor;
mod eval;
mod index;
mod parse;
mod text;
mod verify;
mod visit;

pub use eval::{binary_scalar, unary_scalar, Points};
pub use parse::parse;
#[cfg(feature = "ir-tests")]
pub use parse::parse_located;
#[cfg(feature = "ir-tests")]
pub use verify::VerifyError;
pub use visit::{count_ops, statement_count, stmt_ops, walk, StmtId};

use crate::array::with_elements;
use crate::diagnostic::Span;
pub use crate::numeric::{Binary, Unary};
pub use crate::pyformat::Spec;
use std::sync::Arc;

/// Kernel dimensions: up to 4 of the destination and up to 4 reduced.
pub const MAX_DIMS: usize = 8;
pub const MAX_RANK: usize = 4;

pub type BufferId = u32;

#[derive(Debug, Clone, PartialEq)]
pub enum BufferInit {
    /// Written by kernels before it is read.
    Scratch,
    /// Supplied by the caller at run time; never written.
    Input(String),
    /// Data computed at compile time; never written. Its dtype is the buffer's.
    Constant(ConstData),
}

/// The elements of a constant buffer, in the buffer's dtype.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstData {
    F64(Arc<[f64]>),
    F32(Arc<[f32]>),
    I64(Arc<[i64]>),
    Bool(Arc<[bool]>),
}

impl ConstData {
    pub fn dtype(&self) -> DType {
        match self {
            ConstData::F64(_) => DType::F64,
            ConstData::F32(_) => DType::F32,
            ConstData::I64(_) => DType::I64,
            ConstData::Bool(_) => DType::Bool,
        }
    }

    pub fn len(&self) -> usize {
        with_elements!(self, ConstData, |values| values.len())
    }

    /// Element `k` as a scalar of the data's dtype.
    pub fn get(&self, k: usize) -> Option<Scalar> {
        with_elements!(self, ConstData => Scalar, |values, same| values.get(k).map(|&v| same(v)))
    }

    /// Scalars of one dtype as data; `None` when one of them has another dtype.
    pub fn from_scalars(dtype: DType, values: &[Scalar]) -> Option<ConstData> {
        Some(match dtype {
            DType::F64 => ConstData::F64(
                values
                    .iter()
                    .map(|v| match v {
                        Scalar::F64(x) => Some(*x),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?
                    .into(),
            ),
            DType::F32 => ConstData::F32(
                values
                    .iter()
                    .map(|v| match v {
                        Scalar::F32(x) => Some(*x),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?
                    .into(),
            ),
            DType::I64 => ConstData::I64(
                values
                    .iter()
                    .map(|v| match v {
                        Scalar::I64(x) => Some(*x),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?
                    .into(),
            ),
            DType::Bool => ConstData::Bool(
                values
                    .iter()
                    .map(|v| match v {
                        Scalar::Bool(x) => Some(*x),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?
                    .into(),
            ),
        })
    }
}

/// A constant of one dtype.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    F64(f64),
    F32(f32),
    I64(i64),
    Bool(bool),
}

impl Scalar {
    pub fn dtype(self) -> DType {
        match self {
            Scalar::F64(_) => DType::F64,
            Scalar::F32(_) => DType::F32,
            Scalar::I64(_) => DType::I64,
            Scalar::Bool(_) => DType::Bool,
        }
    }

    /// The value as a float64 (exact for every f32 and bool, rounded for large i64).
    pub fn to_f64(self) -> f64 {
        match self {
            Scalar::F64(v) => v,
            Scalar::F32(v) => v as f64,
            Scalar::I64(v) => v as f64,
            Scalar::Bool(v) => {
                if v {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// NumPy's `astype` (unsafe casting) of the value to `dtype`: float to int truncates
    /// toward zero (NaN, infinities and out-of-range values give `i64::MIN`, as NumPy does
    /// on x86-64), int to float rounds to nearest, anything to bool is `x != 0`.
    pub fn cast(self, dtype: DType) -> Scalar {
        match dtype {
            DType::F64 => Scalar::F64(self.to_f64()),
            DType::F32 => Scalar::F32(match self {
                Scalar::F64(v) => v as f32,
                Scalar::F32(v) => v,
                Scalar::I64(v) => v as f32,
                Scalar::Bool(v) => u8::from(v) as f32,
            }),
            DType::I64 => Scalar::I64(match self {
                Scalar::F64(v) => crate::numeric::f64_to_i64(v),
                Scalar::F32(v) => crate::numeric::f64_to_i64(v as f64),
                Scalar::I64(v) => v,
                Scalar::Bool(v) => i64::from(v),
            }),
            DType::Bool => Scalar::Bool(match self {
                Scalar::F64(v) => v != 0.0,
                Scalar::F32(v) => v != 0.0,
                Scalar::I64(v) => v != 0,
                Scalar::Bool(v) => v,
            }),
        }
    }
}

/// The element type of a buffer or an expression, and of the library's arrays (public as
/// `arrayc::DType`). Every expression node has one (`Expr::dtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DType {
    F64,
    F32,
    I64,
    Bool,
}

impl DType {
    pub const ALL: [DType; 4] = [DType::F64, DType::F32, DType::I64, DType::Bool];

    /// What Python formats a scalar of this dtype as (NumPy's scalars format as Python's).
    pub fn format_kind(self) -> crate::pyformat::Kind {
        match self {
            DType::F64 | DType::F32 => crate::pyformat::Kind::Float,
            DType::I64 => crate::pyformat::Kind::Int,
            DType::Bool => crate::pyformat::Kind::Bool,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DType::F64 => "f64",
            DType::F32 => "f32",
            DType::I64 => "i64",
            DType::Bool => "bool",
        }
    }

    /// The bytes one element takes in memory (a bool is one byte, 0 or 1, as NumPy
    /// stores it). The one home of this fact: buffers, the runtime, codegen's addresses
    /// and `.npy` files all ask here.
    pub const fn size_bytes(self) -> usize {
        match self {
            DType::F64 | DType::I64 => 8,
            DType::F32 => 4,
            DType::Bool => 1,
        }
    }

    /// NumPy's `can_cast(self, to, casting="same_kind")`: a safe cast (bool → anything,
    /// int64 → float64, float32 → float64) or one within a kind (float64 → float32); NumPy
    /// also counts int64 → float32 as `same_kind`. Floats never become integers or bools,
    /// nor integers bools. The one home of the table: `.npy` and array inputs, and the
    /// in-place operators (`a += b` keeps `a`'s dtype), ask here.
    pub const fn can_cast_same_kind(self, to: DType) -> bool {
        match (self, to) {
            (DType::Bool, _) => true,
            (DType::I64, DType::I64 | DType::F64 | DType::F32) => true,
            (DType::F64 | DType::F32, DType::F64 | DType::F32) => true,
            (DType::I64, DType::Bool) => false,
            (DType::F64 | DType::F32, DType::I64 | DType::Bool) => false,
        }
    }

    /// Whether arithmetic on the dtype is floating point.
    pub fn is_float(self) -> bool {
        matches!(self, DType::F64 | DType::F32)
    }

    /// The name NumPy gives the dtype (`numpy.dtype(...).name`).
    pub fn numpy_name(self) -> &'static str {
        match self {
            DType::F64 => "float64",
            DType::F32 => "float32",
            DType::I64 => "int64",
            DType::Bool => "bool",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Buffer {
    pub name: String,
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub init: BufferInit,
}

impl Buffer {
    /// The number of elements (saturating: a parsed IR may declare any shape, and the
    /// verifier refuses kernels that would index past such a buffer).
    pub fn len(&self) -> usize {
        self.shape
            .iter()
            .fold(1, |len, &extent| len.saturating_mul(extent))
    }

    pub fn is_read_only(&self) -> bool {
        !matches!(self.init, BufferInit::Scratch)
    }
}

/// `constant + sum(coefficients[d] * i_d)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Affine {
    pub constant: i64,
    pub coefficients: [i64; MAX_DIMS],
}

impl Affine {
    pub fn constant(value: i64) -> Affine {
        Affine {
            constant: value,
            coefficients: [0; MAX_DIMS],
        }
    }

    pub fn dim(dim: usize) -> Affine {
        let mut affine = Affine::constant(0);
        affine.coefficients[dim] = 1;
        affine
    }
}

/// An integer index expression over the kernel's dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Index {
    Affine(Affine),
    Add(Box<Index>, Box<Index>),
    Scale(Box<Index>, i64),
    /// `min(max(x, lo), hi)`.
    Clamp(Box<Index>, i64, i64),
    /// `x mod n` for `x` in `-n..2n`, as `numpy.roll` needs.
    Wrap(Box<Index>, i64),
    /// A run-time index validated by the kernel's check with this id.
    Checked(u32),
}

/// An expression evaluated per element of a kernel; every node has a static dtype
/// (`dtype`), which `verify` checks.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Const(Scalar),
    /// The current value of a `loop` index, held as a float64.
    Slot(u32),
    /// `buffer[offset]` (a flat element offset).
    Load {
        buffer: BufferId,
        offset: Index,
    },
    /// An integer index used as a value: an int64.
    IndexValue(Index),
    /// NumPy's `astype(dtype)` with unsafe casting (`Scalar::cast` per element).
    Cast(DType, Box<Expr>),
    Unary(Unary, Box<Expr>),
    Binary(Binary, Box<Expr>, Box<Expr>),
    /// `condition ? a : b` with a bool condition, all three evaluated.
    Select(Box<Expr>, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Applies `f` to every index in the tree, rebuilding it.
    pub fn map_indices(&self, f: &dyn Fn(&Index) -> Index) -> Expr {
        match self {
            Expr::Const(_) | Expr::Slot(_) => self.clone(),
            Expr::Load { buffer, offset } => Expr::Load {
                buffer: *buffer,
                offset: f(offset),
            },
            Expr::IndexValue(index) => Expr::IndexValue(f(index)),
            Expr::Cast(dtype, a) => Expr::Cast(*dtype, Box::new(a.map_indices(f))),
            Expr::Unary(op, a) => Expr::Unary(*op, Box::new(a.map_indices(f))),
            Expr::Binary(op, a, b) => {
                Expr::Binary(*op, Box::new(a.map_indices(f)), Box::new(b.map_indices(f)))
            }
            Expr::Select(c, a, b) => Expr::Select(
                Box::new(c.map_indices(f)),
                Box::new(a.map_indices(f)),
                Box::new(b.map_indices(f)),
            ),
        }
    }

    /// Calls `f` on every index in the tree.
    pub fn for_each_index(&self, f: &mut dyn FnMut(&Index)) {
        match self {
            Expr::Const(_) | Expr::Slot(_) => {}
            Expr::Load { offset, .. } => f(offset),
            Expr::IndexValue(index) => f(index),
            Expr::Cast(_, a) | Expr::Unary(_, a) => a.for_each_index(f),
            Expr::Binary(_, a, b) => {
                a.for_each_index(f);
                b.for_each_index(f);
            }
            Expr::Select(c, a, b) => {
                c.for_each_index(f);
                a.for_each_index(f);
                b.for_each_index(f);
            }
        }
    }

    /// Calls `f` on every load in the tree.
    pub fn for_each_load(&self, f: &mut dyn FnMut(BufferId, &Index)) {
        match self {
            Expr::Const(_) | Expr::Slot(_) | Expr::IndexValue(_) => {}
            Expr::Load { buffer, offset } => f(*buffer, offset),
            Expr::Cast(_, a) | Expr::Unary(_, a) => a.for_each_load(f),
            Expr::Binary(_, a, b) => {
                a.for_each_load(f);
                b.for_each_load(f);
            }
            Expr::Select(c, a, b) => {
                c.for_each_load(f);
                a.for_each_load(f);
                b.for_each_load(f);
            }
        }
    }

    /// The number of expression nodes in the tree (index nodes not counted).
    pub fn size(&self) -> u32 {
        match self {
            Expr::Const(_) | Expr::Slot(_) | Expr::Load { .. } | Expr::IndexValue(_) => 1,
            Expr::Cast(_, a) | Expr::Unary(_, a) => 1 + a.size(),
            Expr::Binary(_, a, b) => 1 + a.size() + b.size(),
            Expr::Select(c, a, b) => 1 + c.size() + a.size() + b.size(),
        }
    }

    pub fn node_count(&self) -> usize {
        match self {
            Expr::Const(_) | Expr::Slot(_) => 1,
            Expr::Load { offset, .. } => 1 + offset.node_count(),
            Expr::IndexValue(index) => 1 + index.node_count(),
            Expr::Cast(_, a) | Expr::Unary(_, a) => 1 + a.node_count(),
            Expr::Binary(_, a, b) => 1 + a.node_count() + b.node_count(),
            Expr::Select(c, a, b) => 1 + c.node_count() + a.node_count() + b.node_count(),
        }
    }

    /// Whether evaluating the expression calls a host math function (exp, log, pow, ...).
    pub fn calls_host(&self) -> bool {
        match self {
            Expr::Const(_) | Expr::Slot(_) | Expr::Load { .. } | Expr::IndexValue(_) => false,
            Expr::Cast(_, a) => a.calls_host(),
            Expr::Unary(op, a) => {
                matches!(
                    op,
                    Unary::Exp | Unary::Log | Unary::Sin | Unary::Cos | Unary::Tan | Unary::Tanh
                ) || a.calls_host()
            }
            Expr::Binary(op, a, b) => op.calls_host() || a.calls_host() || b.calls_host(),
            Expr::Select(c, a, b) => c.calls_host() || a.calls_host() || b.calls_host(),
        }
    }

    /// The element type of the expression's value, read off its root (operands are not
    /// checked: that is `verify`'s job). `None` when a load names an unknown buffer.
    pub fn dtype(&self, buffers: &[Buffer]) -> Option<DType> {
        match self {
            Expr::Const(value) => Some(value.dtype()),
            Expr::Load { buffer, .. } => buffers.get(*buffer as usize).map(|b| b.dtype),
            Expr::Slot(_) => Some(DType::F64),
            Expr::IndexValue(_) => Some(DType::I64),
            Expr::Cast(dtype, _) => Some(*dtype),
            Expr::Unary(Unary::Not, _) => Some(DType::Bool),
            Expr::Unary(_, a) => a.dtype(buffers),
            Expr::Binary(op, a, _) => {
                if op.gives_bool() {
                    Some(DType::Bool)
                } else {
                    a.dtype(buffers)
                }
            }
            Expr::Select(_, a, _) => a.dtype(buffers),
        }
    }

    /// A float64 constant's value.
    pub fn as_const(&self) -> Option<f64> {
        match self {
            Expr::Const(Scalar::F64(value)) => Some(*value),
            _ => None,
        }
    }

    /// A constant of any dtype.
    pub fn as_scalar(&self) -> Option<Scalar> {
        match self {
            Expr::Const(value) => Some(*value),
            _ => None,
        }
    }

    /// A float64 constant.
    pub fn f64(value: f64) -> Expr {
        Expr::Const(Scalar::F64(value))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReduceOp {
    Sum,
    Prod,
    Min,
    Max,
}

/// Trailing kernel dimensions that are folded into each destination element.
#[derive(Debug, Clone, PartialEq)]
pub struct Reduction {
    pub op: ReduceOp,
    pub extents: Vec<usize>,
    /// Divides the result by this count (for `mean`).
    pub divide_by: Option<f64>,
    /// A scan (`cumsum`): the running result is stored after every step, through a store
    /// index that may use the reduced dimensions too; a sum starts from `-0.0`, so the
    /// first value is the first element itself, as NumPy's accumulation gives.
    pub scan: bool,
    /// NumPy's order for a float sum whose innermost iteration runs over reduced
    /// elements: the last reduced dimension is summed in pieces of this many elements
    /// (the last piece may be shorter), each by NumPy's `pairwise_sum`, and each piece is
    /// added to the running value, which starts at 0 and also runs over the other reduced
    /// dimensions in C order. `None`: one running value over all reduced elements in C
    /// order (NumPy's order when the innermost iteration runs over outputs).
    pub pairwise: Option<usize>,
    /// NumPy's float64 `matmul` (`@`, `dot`) on this machine: the kernel's box is `[m, n]`,
    /// its one reduced dimension `k`, and its expression `a[i, l] * b[l, j]` of two loads
    /// affine in the dimensions; codegen calls the precompiled routine that follows NumPy's
    /// dispatch and OpenBLAS's order (`codegen/blas/`).
    pub blas: bool,
}

/// A run-time index: `value` must be an integer in `-extent..extent`; negative values
/// count from the end. A failed check stops the program with run-time error `site`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexCheck {
    pub id: u32,
    pub value: Expr,
    pub extent: usize,
    pub site: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Kernel {
    pub dst: BufferId,
    /// The kernel's first dimensions: the box of elements it writes.
    pub shape: Vec<usize>,
    /// The flat element of `dst` each point of `shape` writes (`Index::row_major(&shape)`
    /// for a whole destination of that shape). Uses only the first `shape.len()` dimensions,
    /// except in a scan, which stores at every point of all its dimensions.
    pub store: Index,
    pub reduction: Option<Reduction>,
    pub checks: Vec<IndexCheck>,
    pub expr: Expr,
    pub span: Span,
}

impl Kernel {
    /// Whether the kernel writes its box in C order from some element of `dst` on (each
    /// element at most once, rows one after another): then it can be split by rows over
    /// threads.
    pub fn stores_row_major(&self) -> bool {
        if self
            .reduction
            .as_ref()
            .is_some_and(|reduction| reduction.scan)
        {
            return false;
        }
        match (&self.store, Index::row_major(&self.shape)) {
            (Index::Affine(store), Index::Affine(row_major)) => {
                store.coefficients == row_major.coefficients
            }
            _ => false,
        }
    }

    /// All dimensions: the destination's, then the reduced ones.
    pub fn extents(&self) -> Vec<usize> {
        let mut extents = self.shape.clone();
        if let Some(reduction) = &self.reduction {
            extents.extend_from_slice(&reduction.extents);
        }
        extents
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Loop {
    pub scope: u32,
    /// The slot that holds the index as a float64 while the body runs.
    pub slot: u32,
    pub start: Expr,
    pub end: Expr,
    /// Body copies per machine iteration (1 for a plain `loop`).
    pub unroll: u32,
    pub body: Vec<Stmt>,
    /// The run-time error for a bound that is not an integer.
    pub site: u32,
}

/// A loop with no counter: runs `body` again and again until a `Break` in it (not in a
/// nested loop) leaves it. Lowering turns `while cond { .. }` into a `Repeat` whose body
/// starts by computing `cond` and breaking when it is zero.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    pub body: Vec<Stmt>,
    /// Where the loop is, for the "interrupted" error its back edge can raise.
    pub site: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    Kernel(Kernel),
    Loop(Loop),
    Repeat(Repeat),
    /// Leaves the innermost `Loop` or `Repeat`.
    Break,
    /// Goes to the next iteration of the innermost `Loop` or `Repeat`.
    Continue,
    If {
        condition: Expr,
        then_body: Vec<Stmt>,
        else_body: Vec<Stmt>,
    },
    /// Exchanges which memory two buffers of the same shape name (ping-pong updates).
    Swap(BufferId, BufferId),
    /// Prints text and buffers through the host's writer, as `Program::prints[id]` says.
    Print {
        id: u32,
        span: Span,
    },
    /// Seeds a random stream or draws from it, as `Program::draws[id]` describes.
    Random {
        id: u32,
    },
    /// `dst[0]` = NumPy's pairwise sum of the elements of `values` (float64 or float32)
    /// whose element of `mask` is true, taken in C order as one compacted array
    /// (`np.sum(f(a[mask]))`): the pieces and accumulators follow the number selected, which
    /// is known only at run time. `values` and `mask` have the same number of elements.
    MaskedSum {
        dst: BufferId,
        values: BufferId,
        mask: BufferId,
    },
}

/// One part of a `print`: text, or a buffer printed with a shape and Python's format
/// spec (the plain spec: NumPy's `str`, arrays as `array2string`).
#[derive(Debug, Clone, PartialEq)]
pub enum PrintPart {
    Text(String),
    Value {
        buffer: BufferId,
        shape: Vec<usize>,
        spec: Spec,
    },
}

/// One use of a random stream (`Stmt::Random`): the stream (one per seeding in the
/// program) and what is done with it. The runtime keeps each stream's state for the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    pub stream: u32,
    pub kind: DrawKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DrawKind {
    /// Starts (or restarts) the stream as NumPy seeds this generator.
    Seed(crate::random::Seed),
    /// Fills a float64 buffer with doubles in [0, 1).
    Doubles(BufferId),
    /// Fills a float64 buffer with standard normals.
    Normals(BufferId),
    /// Fills an int64 buffer with integers in `low..high`.
    Integers {
        buffer: BufferId,
        low: i64,
        high: i64,
    },
}

impl DrawKind {
    /// The buffer the draw fills, if it fills one.
    pub fn buffer(&self) -> Option<BufferId> {
        match self {
            DrawKind::Seed(_) => None,
            DrawKind::Doubles(buffer) | DrawKind::Normals(buffer) => Some(*buffer),
            DrawKind::Integers { buffer, .. } => Some(*buffer),
        }
    }
}

/// The message of the check that an int64 power's run-time exponent is at least 0. Its
/// `IndexCheck` sees the exponent minus 2^62 (wrapping) against the extent 2^62, which
/// holds exactly for exponents in `0..2^63`; so the value it fails with is not shown.
pub const NEGATIVE_POWER: &str =
    "integers to negative integer powers are not allowed (NumPy raises: write a float, `2.0 ^ e`)";

/// Where a run-time error can happen, for its message.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub message: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScopeInfo {
    pub kind: crate::scope::Repetition,
    /// The scope statement; the report gives its line.
    pub span: Span,
    /// Known at compile time for `for` and for `loop`s with constant bounds.
    pub trips: Option<u64>,
    pub unroll: u32,
    pub ir_ops: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub name: String,
    pub buffer: BufferId,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub buffers: Vec<Buffer>,
    pub body: Vec<Stmt>,
    pub slots: u32,
    pub checks: u32,
    pub outputs: Vec<Output>,
    pub sites: Vec<Site>,
    pub scopes: Vec<ScopeInfo>,
    /// For each `print`: its parts, in order.
    pub prints: Vec<Vec<PrintPart>>,
    /// For each `random`: the stream and the draw.
    pub draws: Vec<Draw>,
}

impl Program {
    /// The size of the program in IR operations: expression and index nodes plus statements.
    pub fn op_count(&self) -> usize {
        count_ops(&self.body)
    }
}
