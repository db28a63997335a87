//! The IR's stable text form: `Program::to_text` and `Display` for expressions and
//! indices. Complete: `ir::parse` reads it back into the same program, and printing that
//! gives the same text. The lowering goldens, the IR file tests and `arrayc ir` use it.
//!
//! ```text
//! slots 1                                  loop index slots
//! checks 0                                 run-time index checks
//! buffer %0 f64[4, 3] scratch "density"    id, dtype, shape, kind, name
//! buffer %1 f64[3] constant "c" [0.0, 0.5, 1.0]
//! buffer %2 f64[3] input "v" "v"           input name, then buffer name
//! buffer %5 i64[2] constant "k" [-3, 7]     constants in the buffer's dtype
//! output "density" %0
//! site 0 "message" @12..30                 a run-time error: message, source span
//! scope 0 loop @60..99 trips 3 unroll 1 ops 40   (`trips ?` when unknown)
//! print0 = "x:" %3 [2, 2] " " %4 [] format ".3f" "\n"   what `print print0` prints: text,
//!                                            buffers with their shapes and Python format specs
//!                                            (`format`, or `printf` for `%` conversions)
//! draw0 = seed 0 legacy 42                 stream 0 seeded as `np.random.seed(42)`
//! draw1 = seed 1 generator 7               stream 1 seeded as `np.random.default_rng(7)`
//! draw2 = doubles 0 %4                     what `random draw2` does: doubles, normals,
//! draw3 = integers 1 %5 -3 10                or integers in -3..10, from a stream into a buffer
//! %0[i0, i1] = 1.0 @40..52                 a whole destination in C order
//! %0[3*i0 + 1] for [2] = 2.0 @40..52       any other store: flat index over a box
//! %4[i0] = sum[i1 < 3](%0[3*i0 + i1]) / 3.0 @60..70
//! %6[3*i0 + i1] for [2] = scan sum[i1 < 3](%0[3*i0 + i1]) @60..70   stored at every step
//! %8[] = sum[i0 < 9000](%0[i0]) pairwise 8192 @60..70   NumPy's pairwise sum, in pieces
//! check0 = index(s0, 4) site 1             precedes the kernel that uses `checked0`
//! loop s0 in 0.0 .. 3.0 unroll 2 scope 0 site 2 {
//! %7[i0] = select(lt(int(i0), 2i64), f32(%5[i0]), 0.5f32) @70..80   typed constants, casts
//! if gt(%5[0], 0.0) {  ...  } else {  ...  }   a bool condition
//! swap %0 %2
//! print print0 @80..90
//! random draw2
//! masked_sum %9 = %7 where %8             NumPy's pairwise sum of %7's elements where %8
//! ```
//!
//! Numbers print so that they read back to the same value (`1.0`, `0.1`, `1e-7`, `NaN`,
//! `inf`); strings are quoted with `\"`, `\\`, `\n`, `\r` and `\t` escaped. Every value's dtype shows:
//! float64 constants are plain numbers, others carry a suffix (`1.5f32`, `3i64`) or are
//! `true`/`false`; casts read `f32(..)`, `i64(..)`, `f64(..)`, `bool(..)`; an index used as
//! a value (an int64) reads `int(..)`. Constant buffers list plain numbers (or `true` and
//! `false`) in the buffer's dtype.

use super::{
    BufferInit, ConstData, DrawKind, Expr, Index, Kernel, PrintPart, Program, ReduceOp, Scalar,
    Stmt,
};
use crate::random::Seed;
use std::fmt::{self, Write};

fn dim_name(dim: usize) -> String {
    format!("i{dim}")
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Index::Affine(a) => {
                let mut terms = Vec::new();
                for (d, &c) in a.coefficients.iter().enumerate() {
                    match c {
                        0 => {}
                        1 => terms.push(dim_name(d)),
                        c => terms.push(format!("{c}*{}", dim_name(d))),
                    }
                }
                if a.constant != 0 || terms.is_empty() {
                    terms.push(a.constant.to_string());
                }
                write!(f, "{}", terms.join(" + "))
            }
            Index::Add(a, b) => write!(f, "{a} + {b}"),
            Index::Scale(a, c) => write!(f, "{c}*({a})"),
            Index::Clamp(a, lo, hi) => write!(f, "clamp({a}, {lo}, {hi})"),
            Index::Wrap(a, n) => write!(f, "wrap({a}, {n})"),
            Index::Checked(id) => write!(f, "checked{id}"),
        }
    }
}

pub(super) fn format_number(value: f64) -> String {
    if value.is_finite() && value == value.trunc() && value.abs() < 1e15 {
        format!("{value:.1}")
    } else {
        format!("{value:?}")
    }
}

/// A float32 printed so that it reads back to the same float32.
pub(super) fn format_f32(value: f32) -> String {
    if value.is_finite() && value == value.trunc() && value.abs() < 1e7 {
        format!("{value:.1}")
    } else {
        format!("{value:?}")
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::F64(value) => f.write_str(&format_number(*value)),
            Scalar::F32(value) => write!(f, "{}f32", format_f32(*value)),
            Scalar::I64(value) => write!(f, "{value}i64"),
            Scalar::Bool(value) => write!(f, "{value}"),
        }
    }
}

/// The elements of a constant buffer, without dtype suffixes.
fn const_items(data: &ConstData) -> Vec<String> {
    match data {
        ConstData::F64(values) => values.iter().map(|&v| format_number(v)).collect(),
        ConstData::F32(values) => values.iter().map(|&v| format_f32(v)).collect(),
        ConstData::I64(values) => values.iter().map(|v| v.to_string()).collect(),
        ConstData::Bool(values) => values.iter().map(|v| v.to_string()).collect(),
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Const(value) => write!(f, "{value}"),
            Expr::Slot(slot) => write!(f, "s{slot}"),
            Expr::Load { buffer, offset } => write!(f, "%{buffer}[{offset}]"),
            Expr::IndexValue(index) => write!(f, "int({index})"),
            Expr::Cast(dtype, a) => write!(f, "{}({a})", dtype.name()),
            Expr::Unary(op, a) => write!(f, "{}({a})", op.name()),
            Expr::Binary(op, a, b) => write!(f, "{}({a}, {b})", op.name()),
            Expr::Select(c, a, b) => write!(f, "select({c}, {a}, {b})"),
        }
    }
}

pub(super) fn shape_text(shape: &[usize]) -> String {
    let items: Vec<String> = shape.iter().map(|e| e.to_string()).collect();
    format!("[{}]", items.join(", "))
}

impl Program {
    /// The stable text form: the tables (slots, checks, buffers, outputs, sites, scopes,
    /// prints), then the statements, indented by nesting.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "slots {}", self.slots);
        let _ = writeln!(out, "checks {}", self.checks);
        for (id, buffer) in self.buffers.iter().enumerate() {
            let shape = shape_text(&buffer.shape);
            let dtype = buffer.dtype.name();
            let name = quote(&buffer.name);
            let _ = match &buffer.init {
                BufferInit::Scratch => writeln!(out, "buffer %{id} {dtype}{shape} scratch {name}"),
                BufferInit::Input(input) => writeln!(
                    out,
                    "buffer %{id} {dtype}{shape} input {} {name}",
                    quote(input)
                ),
                BufferInit::Constant(values) => {
                    let values = const_items(values);
                    writeln!(
                        out,
                        "buffer %{id} {dtype}{shape} constant {name} [{}]",
                        values.join(", ")
                    )
                }
            };
        }
        for output in &self.outputs {
            let _ = writeln!(out, "output {} %{}", quote(&output.name), output.buffer);
        }
        for (id, site) in self.sites.iter().enumerate() {
            let _ = writeln!(
                out,
                "site {id} {} @{}..{}",
                quote(&site.message),
                site.span.start,
                site.span.end
            );
        }
        for (id, scope) in self.scopes.iter().enumerate() {
            let trips = scope
                .trips
                .map_or_else(|| "?".to_string(), |t| t.to_string());
            let _ = writeln!(
                out,
                "scope {id} {} @{}..{} trips {trips} unroll {} ops {}",
                scope.kind.keyword(),
                scope.span.start,
                scope.span.end,
                scope.unroll,
                scope.ir_ops
            );
        }
        for (id, parts) in self.prints.iter().enumerate() {
            let _ = write!(out, "print{id} =");
            for part in parts {
                let _ = match part {
                    PrintPart::Text(text) => write!(out, " {}", quote(text)),
                    PrintPart::Value {
                        buffer,
                        shape,
                        spec,
                    } => {
                        let _ = write!(out, " %{buffer} {}", shape_text(shape));
                        match (spec.is_plain(), spec.printf) {
                            (true, _) => Ok(()),
                            (false, false) => write!(out, " format {}", quote(&spec.to_string())),
                            (false, true) => write!(out, " printf {}", quote(&spec.to_string())),
                        }
                    }
                };
            }
            let _ = writeln!(out);
        }
        for (id, draw) in self.draws.iter().enumerate() {
            let stream = draw.stream;
            let _ = match &draw.kind {
                DrawKind::Seed(Seed::Legacy(seed)) => {
                    writeln!(out, "draw{id} = seed {stream} legacy {seed}")
                }
                DrawKind::Seed(Seed::Generator(seed)) => {
                    writeln!(out, "draw{id} = seed {stream} generator {seed}")
                }
                DrawKind::Doubles(buffer) => writeln!(out, "draw{id} = doubles {stream} %{buffer}"),
                DrawKind::Normals(buffer) => writeln!(out, "draw{id} = normals {stream} %{buffer}"),
                DrawKind::Integers { buffer, low, high } => {
                    writeln!(out, "draw{id} = integers {stream} %{buffer} {low} {high}")
                }
            };
        }
        write_statements(&mut out, self, &self.body, 0);
        out
    }
}

/// A string in double quotes, with `"`, `\` and newlines escaped.
pub(super) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The kernel's destination: `%d[i0, i1]` when it writes its whole destination in C order,
/// `%d[flat index] for [shape]` otherwise.
fn destination(program: &Program, kernel: &Kernel) -> String {
    let whole = program
        .buffers
        .get(kernel.dst as usize)
        .is_some_and(|dst| dst.shape == kernel.shape)
        && kernel.store == Index::row_major(&kernel.shape);
    if whole {
        let dims: Vec<String> = (0..kernel.shape.len()).map(dim_name).collect();
        format!("%{}[{}]", kernel.dst, dims.join(", "))
    } else {
        format!(
            "%{}[{}] for {}",
            kernel.dst,
            kernel.store,
            shape_text(&kernel.shape)
        )
    }
}

fn write_statements(out: &mut String, program: &Program, statements: &[Stmt], depth: usize) {
    let pad = "    ".repeat(depth);
    for statement in statements {
        match statement {
            Stmt::Kernel(kernel) => {
                for check in &kernel.checks {
                    let _ = writeln!(
                        out,
                        "{pad}check{} = index({}, {}) site {}",
                        check.id, check.value, check.extent, check.site
                    );
                }
                let head = format!("{pad}{}", destination(program, kernel));
                let span = format!("@{}..{}", kernel.span.start, kernel.span.end);
                match &kernel.reduction {
                    None => {
                        let _ = writeln!(out, "{head} = {} {span}", kernel.expr);
                    }
                    Some(reduction) => {
                        let reduced: Vec<String> = (0..reduction.extents.len())
                            .map(|k| {
                                format!(
                                    "{} < {}",
                                    dim_name(kernel.shape.len() + k),
                                    reduction.extents[k]
                                )
                            })
                            .collect();
                        let divide = reduction
                            .divide_by
                            .map(|d| format!(" / {}", format_number(d)))
                            .unwrap_or_default();
                        let scan = if reduction.scan { "scan " } else { "" };
                        let pairwise = reduction
                            .pairwise
                            .map(|chunk| format!(" pairwise {chunk}"))
                            .unwrap_or_default();
                        let blas = if reduction.blas { " blas" } else { "" };
                        let _ = writeln!(
                            out,
                            "{head} = {scan}{}[{}]({}){divide}{pairwise}{blas} {span}",
                            reduce_name(reduction.op),
                            reduced.join(", "),
                            kernel.expr
                        );
                    }
                }
            }
            Stmt::Loop(l) => {
                let unroll = if l.unroll != 1 {
                    format!(" unroll {}", l.unroll)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{pad}loop s{} in {} .. {}{unroll} scope {} site {} {{",
                    l.slot, l.start, l.end, l.scope, l.site
                );
                write_statements(out, program, &l.body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::Repeat(r) => {
                let _ = writeln!(out, "{pad}repeat site {} {{", r.site);
                write_statements(out, program, &r.body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::Break => {
                let _ = writeln!(out, "{pad}break");
            }
            Stmt::Continue => {
                let _ = writeln!(out, "{pad}continue");
            }
            Stmt::If {
                condition,
                then_body,
                else_body,
            } => {
                let _ = writeln!(out, "{pad}if {condition} {{");
                write_statements(out, program, then_body, depth + 1);
                let _ = writeln!(out, "{pad}}} else {{");
                write_statements(out, program, else_body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::Swap(a, b) => {
                let _ = writeln!(out, "{pad}swap %{a} %{b}");
            }
            Stmt::Print { id, span } => {
                let _ = writeln!(out, "{pad}print print{id} @{}..{}", span.start, span.end);
            }
            Stmt::Random { id } => {
                let _ = writeln!(out, "{pad}random draw{id}");
            }
            Stmt::MaskedSum { dst, values, mask } => {
                let _ = writeln!(out, "{pad}masked_sum %{dst} = %{values} where %{mask}");
            }
        }
    }
}

pub(super) fn reduce_name(op: ReduceOp) -> &'static str {
    match op {
        ReduceOp::Sum => "sum",
        ReduceOp::Prod => "prod",
        ReduceOp::Min => "min",
        ReduceOp::Max => "max",
    }
}
