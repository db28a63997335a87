//! `np.random`: NumPy's random streams, drawn with NumPy's own algorithms so that a seeded
//! script gives NumPy's numbers bit for bit. `np.random.seed(s)` (or `RandomState(s)`)
//! seeds the legacy MT19937 stream, `np.random.default_rng(s)` a PCG64 `Generator`; the
//! draws (`rand`, `randn`, `random`, `standard_normal`, `uniform`, `normal`, `randint`,
//! `integers`) become the `rng_*` builtins, which draw at run time in program order. An
//! unseeded stream (NumPy seeds it from the operating system) and every other distribution
//! are refused at the line.

use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// The name the legacy stream's handle is bound to after `np.random.seed(s)` (not a
/// Python identifier, so no script's name collides with it).
const LEGACY_STREAM: &str = "np.random";

/// What a draw makes.
#[derive(Clone, Copy)]
enum Draw {
    Doubles,
    Normals,
    Uniform,
    Normal,
    Integers,
}

const SUPPORTED: &str = "arrayc draws NumPy's streams bit for bit for `np.random.seed`, `rand`, \
    `randn`, `random`, `random_sample`, `standard_normal`, `uniform`, `normal`, `randint` and \
    `np.random.default_rng(seed)` with `random`, `standard_normal`, `normal`, `uniform`, `integers`";

impl Translator<'_> {
    /// `np.random.NAME(...)`: seeding, a draw from the legacy stream, or a new generator.
    pub(super) fn numpy_random_call(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        match name {
            "seed" => {
                let [seed] = self.parameters(call, &["seed"])?;
                let seed = self.seed(seed, at)?;
                if let Some(Binding::Value(reference)) = self.lookup(LEGACY_STREAM) {
                    if self.storages[reference.storage].depth < self.depth() {
                        let bound_at = self.line(reference.bound_at);
                        return Err(self.refuse(
                            at,
                            "`np.random.seed` inside a loop or `if` seeds again the stream \
                             seeded before it",
                            format!(
                                "seeded at {bound_at}; a stream is seeded once in its block: \
                                 seed only inside the loop (or `if`), or only before it"
                            ),
                        ));
                    }
                }
                let handle = call_expr("random_state", vec![seed], at);
                self.assign_name(LEGACY_STREAM, Value::New(handle, Some(0)), at)?;
                Ok(Value::Nothing)
            }
            "default_rng" | "RandomState" => {
                let [seed] = self.parameters(call, &["seed"])?;
                let seed = self.seed(seed, at)?;
                let callee = if name == "default_rng" {
                    "default_rng"
                } else {
                    "random_state"
                };
                Ok(Value::New(call_expr(callee, vec![seed], at), Some(0)))
            }
            _ => {
                let Some(draw) = legacy_draw(name) else {
                    return Err(self.refuse(
                        at,
                        format!("`np.random.{name}` is not supported"),
                        SUPPORTED,
                    ));
                };
                let stream =
                    match self.lookup(LEGACY_STREAM).cloned() {
                        Some(Binding::Value(reference)) => self.read(&reference, at),
                        _ => return Err(self.refuse(
                            at,
                            format!("`np.random.{name}` draws from NumPy's unseeded stream"),
                            "NumPy seeds it from the operating system, so its numbers cannot be \
                             reproduced: call `np.random.seed(N)` first (before any loop or `if`), \
                             or use `rng = np.random.default_rng(N)`",
                        )),
                    };
                self.draw(stream, name, draw, call)
            }
        }
    }

    /// `rng.NAME(...)` where `NAME` is a method of NumPy's `Generator` or `RandomState` that
    /// arrays do not have: a draw from the stream `rng` names. `None` for other methods.
    pub(super) fn random_method(
        &mut self,
        receiver: &py::Expr,
        name: &str,
        call: &py::ExprCall,
    ) -> Option<Result<Value>> {
        let draw = legacy_draw(name).or(match name {
            "integers" => Some(Draw::Integers),
            _ => None,
        })?;
        let py::Expr::Name(receiver) = receiver else {
            return None;
        };
        let at = span(call);
        Some(
            self.name(receiver.id.as_str(), at)
                .and_then(|handle| self.scalar(handle))
                .and_then(|stream| self.draw(stream, name, draw, call)),
        )
    }

    fn draw(&mut self, stream: Expr, name: &str, draw: Draw, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let float = |value: f64| Expr {
            kind: ExprKind::Number(value),
            span: at,
        };
        let (callee, mut args, size) = match (draw, name) {
            // `rand(d0, d1, ...)` and `randn(d0, d1, ...)` take the shape's extents.
            (_, "rand" | "randn") => {
                if !call.arguments.keywords.is_empty() {
                    return Err(self.refuse(at, format!("`{name}` takes no keywords"), ""));
                }
                let callee = if name == "rand" {
                    "rng_random"
                } else {
                    "rng_standard_normal"
                };
                let mut extents = Vec::new();
                for arg in call.arguments.args.iter() {
                    let value = self.expr(arg)?;
                    extents.push(self.scalar(value)?);
                }
                let rank = extents.len();
                let shape = Expr {
                    kind: ExprKind::Array(extents),
                    span: at,
                };
                let args = vec![stream, shape];
                return Ok(Value::New(call_expr(callee, args, at), Some(rank)));
            }
            (Draw::Doubles, _) => {
                let [size] = self.parameters(call, &["size"])?;
                ("rng_random", vec![], size)
            }
            (Draw::Normals, _) => {
                let [size] = self.parameters(call, &["size"])?;
                ("rng_standard_normal", vec![], size)
            }
            (Draw::Uniform | Draw::Normal, _) => {
                let names = if matches!(draw, Draw::Uniform) {
                    ["low", "high", "size"]
                } else {
                    ["loc", "scale", "size"]
                };
                let [first, second, size] = self.parameters(call, &names)?;
                // `uniform(0.0, 1.0)` and `normal(0.0, 1.0)` by default.
                let defaults = (0.0, 1.0);
                let first = match first {
                    Some(arg) => self.operand(arg)?.0,
                    None => float(defaults.0),
                };
                let second = match second {
                    Some(arg) => self.operand(arg)?.0,
                    None => float(defaults.1),
                };
                let callee = if matches!(draw, Draw::Uniform) {
                    "rng_uniform"
                } else {
                    "rng_normal"
                };
                (callee, vec![first, second], size)
            }
            (Draw::Integers, _) => {
                let [low, high, size] = self.parameters(call, &["low", "high", "size"])?;
                let Some(low) = low else {
                    return Err(self.refuse(at, format!("`{name}` needs a bound"), ""));
                };
                let low = self.operand(low)?.0;
                // `randint(n)` draws from 0..n.
                let (low, high) = match high {
                    Some(high) => (low, self.operand(high)?.0),
                    None => (int_literal(0, at), low),
                };
                ("rng_integers", vec![low, high], size)
            }
        };
        let (shape, rank) = match size {
            Some(size) if !matches!(size, py::Expr::NoneLiteral(_)) => self.shape(size)?,
            _ => (
                Expr {
                    kind: ExprKind::Array(Vec::new()),
                    span: at,
                },
                0,
            ),
        };
        args.insert(0, stream);
        args.push(shape);
        Ok(Value::New(call_expr(callee, args, at), Some(rank)))
    }

    /// A seed: a non-negative integer; `None` (a seed from the operating system) is refused.
    fn seed(&mut self, seed: Option<&py::Expr>, at: Span) -> Result<Expr> {
        match seed {
            Some(py::Expr::NoneLiteral(_)) | None => Err(self.refuse(
                at,
                "a random stream without a seed is seeded from the operating system",
                "its numbers cannot be reproduced: give an integer seed",
            )),
            Some(seed) => {
                let value = self.expr(seed)?;
                self.scalar(value)
            }
        }
    }

    /// The arguments of a call of a NumPy function with parameters `names` (positional or
    /// by keyword), each `None` when not given; others are refused.
    fn parameters<'c, const N: usize>(
        &mut self,
        call: &'c py::ExprCall,
        names: &[&str; N],
    ) -> Result<[Option<&'c py::Expr>; N]> {
        let at = span(call);
        let mut found: [Option<&py::Expr>; N] = [None; N];
        if call.arguments.args.len() > N {
            return Err(self.refuse(
                at,
                format!("too many arguments: this takes {}", names.join(", ")),
                "",
            ));
        }
        for (k, arg) in call.arguments.args.iter().enumerate() {
            if let py::Expr::Starred(_) = arg {
                return Err(self.refuse(span(arg), "`*args` is not supported here", ""));
            }
            found[k] = Some(arg);
        }
        for keyword in call.arguments.keywords.iter() {
            let position = keyword
                .arg
                .as_ref()
                .and_then(|name| names.iter().position(|n| *n == name.as_str()));
            match position {
                Some(k) if found[k].is_none() => found[k] = Some(&keyword.value),
                _ => {
                    return Err(self.refuse(
                        span(keyword),
                        "this keyword is not supported here",
                        format!("the arguments are {}", names.join(", ")),
                    ))
                }
            }
        }
        Ok(found)
    }
}

/// The draw a function of the legacy `np.random` (or a method of `RandomState` or
/// `Generator`) named `name` makes.
fn legacy_draw(name: &str) -> Option<Draw> {
    match name {
        "rand" | "random" | "random_sample" | "sample" | "ranf" => Some(Draw::Doubles),
        "randn" | "standard_normal" => Some(Draw::Normals),
        "uniform" => Some(Draw::Uniform),
        "normal" => Some(Draw::Normal),
        "randint" => Some(Draw::Integers),
        _ => None,
    }
}

fn call_expr(callee: &str, args: Vec<Expr>, at: Span) -> Expr {
    Expr {
        kind: call_kind(callee, args, at),
        span: at,
    }
}
