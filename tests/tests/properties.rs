//! Property tests.
//!
//! (a) Random well-formed programs over small shapes, compiled and run, against a
//!     tree-walking reference evaluator with NumPy semantics written here; the same program
//!     with `for` rewritten to `loop` must give the same bits.
//! (b) Random token soup through `arrayc::check`: no panic, every span inside the source.
//!
//! Programs are drawn from a stream of choices that proptest generates and shrinks (towards
//! zero, which always picks the simplest alternative), so failures shrink to small programs.

use arrayc::{ErrorKind, Options};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Shapes

type Shape = Vec<usize>;

/// Every shape a generated value may have.
fn universe() -> Vec<Shape> {
    vec![
        vec![],
        vec![2],
        vec![3],
        vec![4],
        vec![2, 3],
        vec![3, 2],
        vec![4, 1],
        vec![4, 3],
    ]
}

fn broadcast(a: &[usize], b: &[usize]) -> Option<Shape> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for k in 0..rank {
        let x = if k + a.len() >= rank {
            a[k + a.len() - rank]
        } else {
            1
        };
        let y = if k + b.len() >= rank {
            b[k + b.len() - rank]
        } else {
            1
        };
        out[k] = match (x, y) {
            _ if x == y => x,
            (1, _) => y,
            (_, 1) => x,
            _ => return None,
        };
    }
    Some(out)
}

fn count(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// Row-major strides.
fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1; shape.len()];
    for k in (0..shape.len().saturating_sub(1)).rev() {
        s[k] = s[k + 1] * shape[k + 1];
    }
    s
}

fn unflatten(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for k in (0..shape.len()).rev() {
        index[k] = flat % shape[k];
        flat /= shape[k];
    }
    index
}

// ---------------------------------------------------------------------------------------
// Generated programs

#[derive(Debug, Clone)]
enum Expr {
    Number(f64),
    Literal(Shape, Vec<f64>),
    Name(String),
    Binary(char, Box<Expr>, Box<Expr>),
    /// Division by a constant that keeps values exact.
    DivConst(Box<Expr>, f64),
    Neg(Box<Expr>),
    Abs(Box<Expr>),
    /// `sqrt(abs(x))`.
    Sqrt(Box<Expr>),
    MinMax(bool, Box<Expr>, Box<Expr>),
    /// `where(a < b, c, d)`
    Where(Box<Expr>, Box<Expr>, Box<Expr>, Box<Expr>),
    /// `sum`/`mean` (true = mean) along an axis (as written, maybe negative), or over all.
    Reduce(bool, Box<Expr>, Option<i64>),
    /// One axis sliced: (axis, start, stop, step) as written, None = omitted.
    Slice(Box<Expr>, usize, Option<i64>, Option<i64>, Option<i64>),
    Transpose(Box<Expr>),
    Grad(Box<Expr>, i64),
    Roll(Box<Expr>, i64, i64),
}

/// Draws choices from the stream proptest generated; zeros once it runs out.
struct Choices<'a> {
    stream: &'a [u32],
    position: usize,
}

impl Choices<'_> {
    fn below(&mut self, n: usize) -> usize {
        let value = self.stream.get(self.position).copied().unwrap_or(0);
        self.position += 1;
        value as usize % n.max(1)
    }

    fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.below(items.len())]
    }

    /// A small value that is exact in binary: a multiple of 1/4 in [-4, 4].
    fn value(&mut self) -> f64 {
        (self.below(33) as f64 - 16.0) * 0.25
    }
}

struct Generator<'a> {
    choices: Choices<'a>,
    /// Names in scope with their shapes.
    names: Vec<(String, Shape)>,
}

impl Generator<'_> {
    fn leaf(&mut self, shape: &[usize]) -> Expr {
        let names: Vec<&(String, Shape)> = self.names.iter().filter(|(_, s)| s == shape).collect();
        match self.choices.below(3) {
            0 | 1 if !names.is_empty() => {
                let (name, _) = *self.choices.pick(&names);
                Expr::Name(name.clone())
            }
            _ if shape.is_empty() => Expr::Number(self.choices.value()),
            _ => {
                let data = (0..count(shape)).map(|_| self.choices.value()).collect();
                Expr::Literal(shape.to_vec(), data)
            }
        }
    }

    fn expr(&mut self, shape: &[usize], depth: u32) -> Expr {
        if depth == 0 {
            return self.leaf(shape);
        }
        let d = depth - 1;
        let boxed = |e: Expr| Box::new(e);
        match self.choices.below(14) {
            0 | 1 => self.leaf(shape),
            2 | 3 => {
                let op = *self.choices.pick(&['+', '-', '*']);
                let (a, b) = self.operands(shape, d);
                Expr::Binary(op, boxed(a), boxed(b))
            }
            4 => {
                let c = *self.choices.pick(&[2.0, 4.0, 0.5, -2.0]);
                Expr::DivConst(boxed(self.expr(shape, d)), c)
            }
            5 => match self.choices.below(3) {
                0 => Expr::Neg(boxed(self.expr(shape, d))),
                1 => Expr::Abs(boxed(self.expr(shape, d))),
                _ => Expr::Sqrt(boxed(self.expr(shape, d))),
            },
            6 => {
                let max = self.choices.below(2) == 1;
                let (a, b) = self.operands(shape, d);
                Expr::MinMax(max, boxed(a), boxed(b))
            }
            7 => {
                let (a, b) = self.operands(shape, d);
                let (c, e) = self.operands(shape, d);
                Expr::Where(boxed(a), boxed(b), boxed(c), boxed(e))
            }
            8 => self.reduce(shape, d),
            9 => self.slice(shape, d),
            10 => {
                let reversed: Shape = shape.iter().rev().copied().collect();
                if universe().contains(&reversed) {
                    Expr::Transpose(boxed(self.expr(&reversed, d)))
                } else {
                    self.leaf(shape)
                }
            }
            11 => {
                let axes: Vec<i64> = (0..shape.len())
                    .filter(|&k| shape[k] >= 2)
                    .flat_map(|k| [k as i64, k as i64 - shape.len() as i64])
                    .collect();
                if axes.is_empty() {
                    self.leaf(shape)
                } else {
                    let axis = *self.choices.pick(&axes);
                    Expr::Grad(boxed(self.expr(shape, d)), axis)
                }
            }
            12 if !shape.is_empty() => {
                let axis = self.choices.below(shape.len()) as i64;
                let shift = self.choices.below(11) as i64 - 5;
                Expr::Roll(boxed(self.expr(shape, d)), shift, axis)
            }
            _ => {
                let op = *self.choices.pick(&['+', '*']);
                let (a, b) = self.operands(shape, d);
                Expr::Binary(op, boxed(a), boxed(b))
            }
        }
    }

    /// Two operands whose broadcast shape is exactly `shape`.
    fn operands(&mut self, shape: &[usize], depth: u32) -> (Expr, Expr) {
        let all = universe();
        let mut pairs: Vec<(Shape, Shape)> = Vec::new();
        for a in &all {
            for b in &all {
                if broadcast(a, b).as_deref() == Some(shape) {
                    pairs.push((a.clone(), b.clone()));
                }
            }
        }
        // Prefer the plain same-shape pair half the time.
        let (a, b) = if self.choices.below(2) == 0 {
            (shape.to_vec(), shape.to_vec())
        } else {
            self.choices.pick(&pairs).clone()
        };
        (self.expr(&a, depth), self.expr(&b, depth))
    }

    fn reduce(&mut self, shape: &[usize], depth: u32) -> Expr {
        let mean = self.choices.below(2) == 1;
        let mut sources: Vec<(Shape, Option<i64>)> = Vec::new();
        for s in universe() {
            for axis in 0..s.len() {
                let mut removed = s.clone();
                removed.remove(axis);
                if removed == shape {
                    sources.push((s.clone(), Some(axis as i64)));
                    sources.push((s.clone(), Some(axis as i64 - s.len() as i64)));
                }
            }
            if shape.is_empty() && !s.is_empty() {
                sources.push((s.clone(), None));
            }
        }
        if sources.is_empty() {
            return self.leaf(shape);
        }
        let (source, axis) = self.choices.pick(&sources).clone();
        Expr::Reduce(mean, Box::new(self.expr(&source, depth)), axis)
    }

    fn slice(&mut self, shape: &[usize], depth: u32) -> Expr {
        type Spec = (Shape, usize, Option<i64>, Option<i64>, Option<i64>);
        let options: Vec<Spec> = match shape {
            [2] => vec![
                (vec![3], 0, None, Some(2), None),
                (vec![3], 0, Some(1), None, None),
                (vec![3], 0, None, None, Some(2)),
                (vec![3], 0, Some(-2), None, None),
                (vec![4], 0, Some(1), Some(-1), None),
                (vec![4], 0, Some(3), None, Some(-2)),
            ],
            [3] => vec![
                (vec![4], 0, Some(1), None, None),
                (vec![4], 0, None, Some(-1), None),
                (vec![3], 0, None, None, Some(-1)),
            ],
            [2, 3] => vec![
                (vec![4, 3], 0, Some(1), Some(3), None),
                (vec![4, 3], 0, None, None, Some(2)),
                (vec![4, 3], 0, Some(-2), None, None),
            ],
            [4, 1] => vec![
                (vec![4, 3], 1, Some(1), Some(2), None),
                (vec![4, 3], 1, Some(-1), None, None),
            ],
            [3, 2] => vec![(vec![3, 2], 0, None, None, Some(-1))],
            _ => vec![],
        };
        if options.is_empty() {
            return self.leaf(shape);
        }
        let (source, axis, start, stop, step) = self.choices.pick(&options).clone();
        Expr::Slice(Box::new(self.expr(&source, depth)), axis, start, stop, step)
    }
}

fn number(v: f64) -> String {
    if v < 0.0 {
        format!("({v})")
    } else {
        format!("{v}")
    }
}

fn render(e: &Expr) -> String {
    match e {
        Expr::Number(v) => number(*v),
        Expr::Literal(shape, data) => literal(shape, data),
        Expr::Name(name) => name.clone(),
        Expr::Binary(op, a, b) => format!("({} {op} {})", render(a), render(b)),
        Expr::DivConst(a, c) => format!("({} / {})", render(a), number(*c)),
        Expr::Neg(a) => format!("(-{})", render(a)),
        Expr::Abs(a) => format!("abs({})", render(a)),
        Expr::Sqrt(a) => format!("sqrt(abs({}))", render(a)),
        Expr::MinMax(max, a, b) => format!(
            "{}({}, {})",
            if *max { "maximum" } else { "minimum" },
            render(a),
            render(b)
        ),
        Expr::Where(a, b, c, d) => format!(
            "where({} < {}, {}, {})",
            render(a),
            render(b),
            render(c),
            render(d)
        ),
        Expr::Reduce(mean, a, axis) => {
            let name = if *mean { "mean" } else { "sum" };
            match axis {
                Some(axis) => format!("{name}({}, {axis})", render(a)),
                None => format!("{name}({})", render(a)),
            }
        }
        Expr::Slice(a, axis, start, stop, step) => {
            let part = |v: &Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            let mut spec = format!("{}:{}", part(start), part(stop));
            if step.is_some() {
                spec = format!("{spec}:{}", part(step));
            }
            let mut parts = vec![":".to_string(); axis + 1];
            parts[*axis] = spec;
            format!("({})[{}]", render(a), parts.join(", "))
        }
        Expr::Transpose(a) => format!("transpose({})", render(a)),
        Expr::Grad(a, axis) => format!("grad({}, {axis})", render(a)),
        Expr::Roll(a, shift, axis) => format!("roll({}, {shift}, {axis})", render(a)),
    }
}

fn literal(shape: &[usize], data: &[f64]) -> String {
    match shape {
        [] => number(data[0]),
        [n] => format!(
            "[{}]",
            data[..*n]
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        [n, rest @ ..] => {
            let inner = count(rest);
            let rows: Vec<String> = (0..*n)
                .map(|k| literal(rest, &data[k * inner..(k + 1) * inner]))
                .collect();
            format!("[{}]", rows.join(", "))
        }
    }
}

/// A generated program: bindings, a `var` updated in a `for`, and its source text.
struct Program {
    /// Runtime inputs: name, shape and the values the test passes.
    inputs: Vec<(String, Shape, Vec<f64>)>,
    lets: Vec<(String, Expr)>,
    acc_init: Expr,
    acc_shape: Shape,
    trips: usize,
    body: Expr,
    source: String,
}

fn generate(stream: &[u32]) -> Program {
    let mut g = Generator {
        choices: Choices {
            stream,
            position: 0,
        },
        names: Vec::new(),
    };
    let shapes = universe();
    // Inputs make the generated code compute what constant folding would otherwise do.
    let mut inputs = Vec::new();
    for k in 0..g.choices.below(3) {
        let shape = g.choices.pick(&shapes).clone();
        let data = (0..count(&shape)).map(|_| g.choices.value()).collect();
        let name = format!("w{k}");
        g.names.push((name.clone(), shape.clone()));
        inputs.push((name, shape, data));
    }
    let mut lets = Vec::new();
    let n_lets = 1 + g.choices.below(3);
    for k in 0..n_lets {
        let shape = g.choices.pick(&shapes).clone();
        let e = g.expr(&shape, 3);
        let name = format!("v{k}");
        g.names.push((name.clone(), shape));
        lets.push((name, e));
    }
    let acc_shape = g.choices.pick(&shapes).clone();
    let acc_init = g.expr(&acc_shape, 2);
    let trips = 1 + g.choices.below(3);
    g.names.push(("i".to_string(), vec![]));
    g.names.push(("acc".to_string(), acc_shape.clone()));
    // The update's shape must broadcast to the accumulator's without changing it.
    let updates: Vec<Shape> = shapes
        .iter()
        .filter(|s| broadcast(s, &acc_shape).as_ref() == Some(&acc_shape))
        .cloned()
        .collect();
    let update_shape = g.choices.pick(&updates).clone();
    let body = g.expr(&update_shape, 3);
    let mut source = String::new();
    for (name, shape, _) in &inputs {
        let extents: Vec<String> = shape.iter().map(|e| e.to_string()).collect();
        source.push_str(&format!("input {name}: [{}]\n", extents.join(", ")));
    }
    for (name, e) in &lets {
        source.push_str(&format!("let {name} = {}\n", render(e)));
    }
    source.push_str(&format!("var acc = {}\n", render(&acc_init)));
    source.push_str(&format!("for i in 0..{trips} {{\n"));
    source.push_str(&format!("    acc = acc * 0.5 + {}\n", render(&body)));
    source.push_str("}\n");
    for (name, _) in &lets {
        source.push_str(&format!("out {name}\n"));
    }
    source.push_str("out acc\n");
    Program {
        inputs,
        lets,
        acc_init,
        acc_shape,
        trips,
        body,
        source,
    }
}

// ---------------------------------------------------------------------------------------
// The reference evaluator

/// A value with, per element, a bound on how far a correct implementation may differ from
/// this evaluation: elementwise operations are single IEEE operations that both sides do
/// identically, so differences only enter through the order of summation and spread from
/// there.
#[derive(Debug, Clone)]
struct Value {
    shape: Shape,
    x: Vec<f64>,
    d: Vec<f64>,
}

const U: f64 = 2.3e-16;

/// The slack a rounding step adds when its inputs may already differ.
fn round(result: f64, incoming: f64) -> f64 {
    if incoming == 0.0 {
        0.0
    } else {
        incoming + 2.0 * U * result.abs()
    }
}

fn scalar(v: f64) -> Value {
    Value {
        shape: vec![],
        x: vec![v],
        d: vec![0.0],
    }
}

/// The offset in `v` of the element that broadcasting to `shape` puts at `index`.
fn offset_in(v: &Value, shape: &[usize], index: &[usize]) -> usize {
    let offset = shape.len() - v.shape.len();
    let s = strides(&v.shape);
    (0..v.shape.len())
        .map(|k| {
            if v.shape[k] == 1 {
                0
            } else {
                index[k + offset] * s[k]
            }
        })
        .sum()
}

/// Elementwise over broadcast operands; `f` gives (value, slack) from (a, da, b, db).
fn zip(a: &Value, b: &Value, f: impl Fn(f64, f64, f64, f64) -> (f64, f64)) -> Value {
    let shape = broadcast(&a.shape, &b.shape).expect("generated shapes broadcast");
    let at = |v: &Value, index: &[usize]| offset_in(v, &shape, index);
    let mut x = Vec::new();
    let mut d = Vec::new();
    for flat in 0..count(&shape) {
        let index = unflatten(flat, &shape);
        let (i, j) = (at(a, &index), at(b, &index));
        let (v, slack) = f(a.x[i], a.d[i], b.x[j], b.d[j]);
        x.push(v);
        d.push(slack);
    }
    Value { shape, x, d }
}

fn map(a: &Value, f: impl Fn(f64, f64) -> (f64, f64)) -> Value {
    let (x, d) = a.x.iter().zip(&a.d).map(|(&v, &dv)| f(v, dv)).unzip();
    Value {
        shape: a.shape.clone(),
        x,
        d,
    }
}

/// Builds a value of `shape` whose element at `index` is `source` element `pick(index)`.
fn gather(a: &Value, shape: Shape, pick: impl Fn(&[usize]) -> Vec<usize>) -> Value {
    let s = strides(&a.shape);
    let mut x = Vec::new();
    let mut d = Vec::new();
    for flat in 0..count(&shape) {
        let from = pick(&unflatten(flat, &shape));
        let offset: usize = from.iter().zip(&s).map(|(i, s)| i * s).sum();
        x.push(a.x[offset]);
        d.push(a.d[offset]);
    }
    Value { shape, x, d }
}

fn normalize_axis(axis: i64, rank: usize) -> usize {
    if axis < 0 {
        (axis + rank as i64) as usize
    } else {
        axis as usize
    }
}

/// Python's slice.indices for a positive or negative step.
fn slice_indices(n: usize, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Vec<usize> {
    let n = n as i64;
    let step = step.unwrap_or(1);
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let fix = |v: i64| if v < 0 { v + n } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let start = start.map_or(0, |v| clamp(fix(v), 0, n));
        let stop = stop.map_or(n, |v| clamp(fix(v), 0, n));
        let mut k = start;
        while k < stop {
            out.push(k as usize);
            k += step;
        }
    } else {
        let start = start.map_or(n - 1, |v| clamp(fix(v), -1, n - 1));
        let stop = stop.map_or(-1, |v| clamp(fix(v), -1, n - 1));
        let mut k = start;
        while k > stop {
            out.push(k as usize);
            k += step;
        }
    }
    out
}

fn eval(e: &Expr, env: &[(String, Value)]) -> Value {
    match e {
        Expr::Number(v) => scalar(*v),
        Expr::Literal(shape, data) => Value {
            shape: shape.clone(),
            x: data.clone(),
            d: vec![0.0; data.len()],
        },
        Expr::Name(name) => env
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .expect("generated names are bound"),
        Expr::Binary(op, a, b) => {
            let (a, b) = (eval(a, env), eval(b, env));
            zip(&a, &b, |x, dx, y, dy| {
                let r = match op {
                    '+' => x + y,
                    '-' => x - y,
                    _ => x * y,
                };
                let incoming = match op {
                    '*' => x.abs() * dy + y.abs() * dx + dx * dy,
                    _ => dx + dy,
                };
                (r, round(r, incoming))
            })
        }
        Expr::DivConst(a, c) => map(&eval(a, env), |x, dx| {
            let r = x / c;
            (r, round(r, dx / c.abs()))
        }),
        Expr::Neg(a) => map(&eval(a, env), |x, dx| (-x, dx)),
        Expr::Abs(a) => map(&eval(a, env), |x, dx| (x.abs(), dx)),
        Expr::Sqrt(a) => map(&eval(a, env), |x, dx| {
            let r = x.abs().sqrt();
            let spread = (x.abs() + dx).sqrt() - (x.abs() - dx).max(0.0).sqrt();
            (r, round(r, spread))
        }),
        Expr::MinMax(max, a, b) => {
            let (a, b) = (eval(a, env), eval(b, env));
            zip(&a, &b, |x, dx, y, dy| {
                let r = if *max { x.max(y) } else { x.min(y) };
                (r, dx.max(dy))
            })
        }
        Expr::Where(a, b, c, e) => {
            let (a, b) = (eval(a, env), eval(b, env));
            let condition = zip(&a, &b, |x, dx, y, dy| {
                let r = f64::from(u8::from(x < y));
                // If the comparison could go the other way, mark it unsure.
                (
                    r,
                    if (x - y).abs() <= dx + dy && dx + dy > 0.0 {
                        1.0
                    } else {
                        0.0
                    },
                )
            });
            let (c, e) = (eval(c, env), eval(e, env));
            let shape = broadcast(&condition.shape, &c.shape)
                .and_then(|s| broadcast(&s, &e.shape))
                .expect("generated shapes broadcast");
            let mut x = Vec::new();
            let mut d = Vec::new();
            for flat in 0..count(&shape) {
                let index = unflatten(flat, &shape);
                let p = offset_in(&condition, &shape, &index);
                let (i, j) = (offset_in(&c, &shape, &index), offset_in(&e, &shape, &index));
                let (v, dv) = if condition.x[p] != 0.0 {
                    (c.x[i], c.d[i])
                } else {
                    (e.x[j], e.d[j])
                };
                let unsure = condition.d[p] * ((c.x[i] - e.x[j]).abs() + c.d[i] + e.d[j]);
                x.push(v);
                d.push(dv + unsure);
            }
            Value { shape, x, d }
        }
        Expr::Reduce(mean, a, axis) => {
            let a = eval(a, env);
            let (shape, groups): (Shape, Vec<Vec<usize>>) = match axis {
                None => (vec![], vec![(0..a.x.len()).collect()]),
                Some(axis) => {
                    let axis = normalize_axis(*axis, a.shape.len());
                    let mut shape = a.shape.clone();
                    shape.remove(axis);
                    let s = strides(&a.shape);
                    let groups = (0..count(&shape))
                        .map(|flat| {
                            let mut index = unflatten(flat, &shape);
                            index.insert(axis, 0);
                            let base: usize = index.iter().zip(&s).map(|(i, s)| i * s).sum();
                            (0..a.shape[axis]).map(|k| base + k * s[axis]).collect()
                        })
                        .collect();
                    (shape, groups)
                }
            };
            let mut x = Vec::new();
            let mut d = Vec::new();
            for group in groups {
                let n = group.len() as f64;
                let total: f64 = group.iter().map(|&k| a.x[k]).sum();
                let magnitude: f64 = group.iter().map(|&k| a.x[k].abs()).sum();
                let incoming: f64 = group.iter().map(|&k| a.d[k]).sum();
                let mut slack = incoming + 2.0 * n * U * magnitude;
                let mut r = total;
                if *mean {
                    r = total / n;
                    slack = slack / n + 2.0 * U * r.abs();
                }
                x.push(r);
                d.push(slack);
            }
            Value { shape, x, d }
        }
        Expr::Slice(a, axis, start, stop, step) => {
            let a = eval(a, env);
            let picks = slice_indices(a.shape[*axis], *start, *stop, *step);
            let mut shape = a.shape.clone();
            shape[*axis] = picks.len();
            gather(&a, shape, |index| {
                let mut from = index.to_vec();
                from[*axis] = picks[index[*axis]];
                from
            })
        }
        Expr::Transpose(a) => {
            let a = eval(a, env);
            let shape: Shape = a.shape.iter().rev().copied().collect();
            gather(&a, shape, |index| index.iter().rev().copied().collect())
        }
        Expr::Roll(a, shift, axis) => {
            let a = eval(a, env);
            let axis = normalize_axis(*axis, a.shape.len());
            let n = a.shape[axis] as i64;
            gather(&a, a.shape.clone(), |index| {
                let mut from = index.to_vec();
                from[axis] = (index[axis] as i64 - shift).rem_euclid(n) as usize;
                from
            })
        }
        Expr::Grad(a, axis) => {
            let a = eval(a, env);
            let axis = normalize_axis(*axis, a.shape.len());
            let n = a.shape[axis];
            let s = strides(&a.shape);
            let mut x = Vec::new();
            let mut d = Vec::new();
            for flat in 0..a.x.len() {
                let k = unflatten(flat, &a.shape)[axis];
                let (hi, lo, divide) = if k == 0 {
                    (flat + s[axis], flat, false)
                } else if k == n - 1 {
                    (flat, flat - s[axis], false)
                } else {
                    (flat + s[axis], flat - s[axis], true)
                };
                let mut r = a.x[hi] - a.x[lo];
                let mut slack = round(r, a.d[hi] + a.d[lo]);
                if divide {
                    r /= 2.0;
                    slack = round(r, slack / 2.0);
                }
                x.push(r);
                d.push(slack);
            }
            Value {
                shape: a.shape,
                x,
                d,
            }
        }
    }
}

/// The outputs the reference evaluator gives: every `let` and then `acc`.
fn reference(program: &Program) -> Vec<(String, Value)> {
    let mut env: Vec<(String, Value)> = program
        .inputs
        .iter()
        .map(|(name, shape, data)| {
            let value = Value {
                shape: shape.clone(),
                x: data.clone(),
                d: vec![0.0; data.len()],
            };
            (name.clone(), value)
        })
        .collect();
    let n_inputs = env.len();
    for (name, e) in &program.lets {
        let v = eval(e, &env);
        env.push((name.clone(), v));
    }
    let mut acc = eval(&program.acc_init, &env);
    assert_eq!(acc.shape, program.acc_shape);
    for i in 0..program.trips {
        let mut scope = env.clone();
        scope.push(("i".to_string(), scalar(i as f64)));
        scope.push(("acc".to_string(), acc.clone()));
        let update = eval(&program.body, &scope);
        let half = map(&acc, |x, dx| (x * 0.5, dx * 0.5));
        acc = zip(&half, &update, |x, dx, y, dy| {
            let r = x + y;
            (r, round(r, dx + dy))
        });
    }
    let mut outputs: Vec<(String, Value)> = env.split_off(n_inputs);
    outputs.push(("acc".to_string(), acc));
    outputs
}

fn check_against_reference(program: &Program) -> Result<(), String> {
    let source = &program.source;
    let compiled = arrayc::compile(source, &Options::default())
        .map_err(|e| format!("does not compile:\n{e}\n--- source\n{source}"))?;
    let inputs: Vec<(&str, arrayc::ArrayView<'_>)> = program
        .inputs
        .iter()
        .map(|(name, shape, data)| (name.as_str(), arrayc::ArrayView::new(shape, data)))
        .collect();
    let result = compiled
        .run(&inputs)
        .map_err(|e| format!("does not run:\n{e}\n--- source\n{source}"))?;
    for (name, expected) in reference(program) {
        let actual = result
            .output(&name)
            .ok_or_else(|| format!("no output {name}\n--- source\n{source}"))?;
        if actual.shape != expected.shape {
            return Err(format!(
                "{name}: shape {:?}, expected {:?}\n--- source\n{source}",
                actual.shape, expected.shape
            ));
        }
        let values = actual.to_f64();
        for (k, &a) in values.iter().enumerate() {
            let (e, slack) = (expected.x[k], expected.d[k]);
            let ok = a == e || (a - e).abs() <= 1e-12 * e.abs() + slack;
            if !ok {
                return Err(format!(
                    "{name}[{k}] is {a:?}, the reference gives {e:?} (slack {slack:e})\n\
                     actual {:?}\nexpected {:?}\n--- source\n{source}",
                    actual.data, expected.x
                ));
            }
        }
    }
    // The `loop` form must give the same outputs, by name and in order, with the same bits.
    let variant = arrayc::rewrite_scopes(source, arrayc::ScopeKind::Loop);
    if variant == *source {
        return Err(format!("no scope to rewrite\n--- source\n{source}"));
    }
    let looped = arrayc::compile(&variant, &Options::default())
        .and_then(|p| p.run(&inputs))
        .map_err(|e| format!("the `loop` form fails:\n{e}\n--- source\n{variant}"))?;
    let names = |outputs: &[(String, arrayc::Array)]| -> Vec<String> {
        outputs.iter().map(|(name, _)| name.clone()).collect()
    };
    if names(&result.outputs) != names(&looped.outputs) {
        return Err(format!(
            "`for` gives outputs {:?}, `loop` gives {:?}\n--- source\n{source}",
            names(&result.outputs),
            names(&looped.outputs)
        ));
    }
    for ((name, a), (_, b)) in result.outputs.iter().zip(&looped.outputs) {
        let same = a.data.len() == b.data.len()
            && a.data
                .iter()
                .zip(b.data.iter())
                .all(|(x, y)| x.to_bits() == y.to_bits());
        if !same {
            return Err(format!(
                "{name}: `for` gives {:?}, `loop` gives {:?}\n--- source\n{source}",
                a.data, b.data
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        max_shrink_iters: 2000,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn programs_match_the_reference(stream in prop::collection::vec(any::<u32>(), 0..400)) {
        let program = generate(&stream);
        if let Err(message) = check_against_reference(&program) {
            return Err(TestCaseError::fail(message));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Token soup

const VOCABULARY: &[&str] = &[
    "param",
    "input",
    "let",
    "var",
    "out",
    "print",
    "fn",
    "for",
    "loop",
    "in",
    "unroll",
    "if",
    "else",
    "return",
    "a",
    "b",
    "x",
    "i",
    "zeros",
    "ones",
    "sum",
    "grad",
    "roll",
    "where",
    "reshape",
    "transpose",
    "linspace",
    "arange",
    "rand",
    "matmul",
    "dot",
    "sqrt",
    "0",
    "1",
    "2",
    "3",
    "0.5",
    "1e-3",
    "2.5E+4",
    "-1",
    "1e",
    "1.2.3",
    ".5",
    "5.",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "&&",
    "||",
    "!",
    "=",
    "+=",
    "-=",
    "*=",
    "/=",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    "..",
    "::",
    "\n",
    "\n",
    " ",
    " ",
    "\t",
    "#",
    "\r\n",
    "\0",
    "\u{7f}",
    "é",
    "ß",
    "→",
    "😀",
    "\u{200b}",
    "\u{feff}",
    "@",
    "$",
    "\\",
    "\"",
    "'",
    "`",
    "~",
    "?",
    // Version 2's spellings and builtins.
    "**",
    "//",
    "&",
    "|",
    ".",
    "...",
    "None",
    "True",
    "False",
    "def",
    "pi",
    "e",
    "1_000",
    "int",
    "pad",
    "concatenate",
    "stack",
    "cumsum",
    "diff",
    "argmax",
    "meshgrid",
    "axis=",
    "mode=",
    "\"edge\"",
    "np.",
    ".copy()",
];

fn soup(indices: &[usize]) -> String {
    indices
        .iter()
        .map(|&k| VOCABULARY[k % VOCABULARY.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_soup(source: &str) -> Result<(), String> {
    let options = Options {
        unroll_budget: 10_000,
        max_memory_bytes: 1 << 20,
        ..Options::default()
    };
    let mut all = arrayc::syntax_tree(source).err().unwrap_or_default();
    let checked = arrayc::check(source, &options);
    if let Err(error) = &checked {
        if error.kind() == ErrorKind::Internal {
            return Err(format!("internal error: {error}\n--- source\n{source:?}"));
        }
        all.extend(error.diagnostics.iter().cloned());
    }
    for diagnostic in &all {
        if let Some(span) = diagnostic.span {
            if span.start > span.end || span.end as usize > source.len() {
                return Err(format!(
                    "span {}..{} of `{}` is outside the source ({} bytes)\n--- source\n{source:?}",
                    span.start,
                    span.end,
                    diagnostic.message,
                    source.len()
                ));
            }
        }
        let _ = diagnostic.render("soup", source);
    }
    // The rare soup that checks must also compile and run without crashing: it may be
    // refused (a limit, a run-time error), but a panic turned into an internal error fails.
    if checked.is_ok() && !source.contains("input") {
        let internal = |stage: &str, error: &arrayc::Error| {
            format!("internal error from {stage}: {error}\n--- source\n{source:?}")
        };
        match arrayc::compile(source, &options) {
            Ok(program) => {
                if let Err(error) = program.run(&[]) {
                    if error.kind() == ErrorKind::Internal {
                        return Err(internal("run", &error));
                    }
                }
            }
            Err(error) if error.kind() == ErrorKind::Internal => {
                return Err(internal("compile", &error));
            }
            Err(_) => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn token_soup_never_panics(indices in prop::collection::vec(any::<usize>(), 0..60)) {
        let source = soup(&indices);
        if let Err(message) = check_soup(&source) {
            return Err(TestCaseError::fail(message));
        }
    }

    /// Statement-shaped soup gets further into the checker than free soup.
    #[test]
    fn statement_soup_never_panics(
        lines in prop::collection::vec(
            (0usize..6, prop::collection::vec(any::<usize>(), 0..8)),
            1..8,
        )
    ) {
        let heads = ["let a = ", "var b = ", "out c = ", "a = ", "loop i in 0..3 { b = ", "fn f(x) = "];
        let mut source = String::from("let x = zeros([2, 3])\n");
        for (head, body) in &lines {
            source.push_str(heads[*head]);
            source.push_str(&soup(body));
            if *head == 4 {
                source.push_str(" }");
            }
            source.push('\n');
        }
        if let Err(message) = check_soup(&source) {
            return Err(TestCaseError::fail(message));
        }
    }
}
