//! The IR's stable text form: `Program::to_text` and `Display` for expressions and
//! indices. The lowering goldens and `arrayc ir` print it.

use super::{BufferInit, Expr, Index, Program, ReduceOp, Stmt};
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

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Const(value) => f.write_str(&format_number(*value)),
            Expr::Slot(slot) => write!(f, "s{slot}"),
            Expr::Load { buffer, offset } => write!(f, "%{buffer}[{offset}]"),
            Expr::IndexValue(index) => write!(f, "float({index})"),
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
    /// The stable text form: buffers, then the statements, indented by nesting.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (id, buffer) in self.buffers.iter().enumerate() {
            let init = match &buffer.init {
                BufferInit::Scratch => "scratch".to_string(),
                BufferInit::Input(name) => format!("input \"{name}\""),
                BufferInit::Constant(_) => "constant".to_string(),
            };
            let _ = writeln!(
                out,
                "buffer %{id} {} {} \"{}\"",
                shape_text(&buffer.shape),
                init,
                buffer.name
            );
        }
        for output in &self.outputs {
            let _ = writeln!(out, "output \"{}\" %{}", output.name, output.buffer);
        }
        write_statements(&mut out, &self.body, 0);
        out
    }
}

fn write_statements(out: &mut String, statements: &[Stmt], depth: usize) {
    let pad = "    ".repeat(depth);
    for statement in statements {
        match statement {
            Stmt::Kernel(kernel) => {
                for check in &kernel.checks {
                    let _ = writeln!(
                        out,
                        "{pad}check{} = index({}, {})",
                        check.id, check.value, check.extent
                    );
                }
                let dims: Vec<String> = (0..kernel.shape.len()).map(dim_name).collect();
                let head = format!("{pad}%{}[{}]", kernel.dst, dims.join(", "));
                match &kernel.reduction {
                    None => {
                        let _ = writeln!(out, "{head} = {}", kernel.expr);
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
                        let op = match reduction.op {
                            ReduceOp::Sum => "sum",
                            ReduceOp::Min => "min",
                            ReduceOp::Max => "max",
                        };
                        let divide = reduction
                            .divide_by
                            .map(|d| format!(" / {}", format_number(d)))
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{head} = {op}[{}]({}){divide}",
                            reduced.join(", "),
                            kernel.expr
                        );
                    }
                }
            }
            Stmt::Loop(l) => {
                let unroll = if l.unroll > 1 {
                    format!(" unroll {}", l.unroll)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{pad}loop s{} in {} .. {}{unroll} {{",
                    l.slot, l.start, l.end
                );
                write_statements(out, &l.body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::If {
                condition,
                then_body,
                else_body,
            } => {
                let _ = writeln!(out, "{pad}if {condition} {{");
                write_statements(out, then_body, depth + 1);
                let _ = writeln!(out, "{pad}}} else {{");
                write_statements(out, else_body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::Swap(a, b) => {
                let _ = writeln!(out, "{pad}swap %{a} %{b}");
            }
            Stmt::Print { buffer, .. } => {
                let _ = writeln!(out, "{pad}print %{buffer}");
            }
        }
    }
}
