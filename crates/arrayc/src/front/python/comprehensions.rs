//! List comprehensions and generator expressions over iterables known at compile time
//! (`range` with bounds the front end can count, tuples and lists, strings, `zip` and
//! `enumerate` of them), unrolled into a tuple of items in Python's order; `sum`, `min`,
//! `max`, `any` and `all` of one, folded as Python folds it; and the integers the front
//! end counts with (`const_int`): literals, arithmetic of them, the extents of arrays
//! made from literal shapes, and names bound only to such integers. A comprehension whose
//! length is decided at run time is refused with the loop to write instead.

use super::span;
use super::text::Text;
use super::translate::*;
use crate::ast::{BinaryOp, Expr, ExprKind, StmtKind, UnaryOp};
use crate::diagnostic::Span;
use ruff_python_ast as py;

/// The bound on the items one comprehension may unroll into.
const MAX_ITEMS: usize = 100_000;

impl Translator<'_> {
    /// `[elt for target in iter if cond ...]` (or a generator expression): its items.
    pub(super) fn comprehension(
        &mut self,
        elt: &py::Expr,
        generators: &[py::Comprehension],
        at: Span,
    ) -> Result<Vec<Value>> {
        // The targets live in a scope of their own, as in Python 3.
        let parent = self.frames.len() - 1;
        self.frames.push(Frame {
            id: self.next_frame,
            parent,
            ..Frame::default()
        });
        self.next_frame += 1;
        let mut items = Vec::new();
        let res = self.generate(elt, generators, at, &mut items);
        self.frames.pop();
        res.map(|()| items)
    }

    fn generate(
        &mut self,
        elt: &py::Expr,
        generators: &[py::Comprehension],
        at: Span,
        items: &mut Vec<Value>,
    ) -> Result<()> {
        let Some((generator, inner)) = generators.split_first() else {
            let value = match self.expr(elt)? {
                // An integer the front end knows stays a literal (an int64 array's item).
                Value::New(expr, Some(0)) => match self.const_int(&expr) {
                    Some(known) => Value::New(int_literal(known, expr.span), Some(0)),
                    None => Value::New(expr, Some(0)),
                },
                other => other,
            };
            let value = match value {
                Value::Text(text) => Value::Text(self.settle_text(text, span(elt))),
                other => self.settle_item(other, span(elt))?,
            };
            items.push(value);
            if items.len() > MAX_ITEMS {
                return Err(self.refuse(
                    at,
                    format!("this comprehension has more than {MAX_ITEMS} items to unroll"),
                    "build the array with NumPy functions (`np.arange`, `np.fromfunction`) or a loop",
                ));
            }
            return Ok(());
        };
        if generator.is_async {
            return Err(self.refuse(span(generator), "`async for` is not supported", ""));
        }
        let sources = self.iterable_items(&generator.iter)?;
        for source in sources {
            self.bind_comprehension_target(&generator.target, source)?;
            let mut kept = true;
            for condition in &generator.ifs {
                let value = self.expr(condition)?;
                let test = self.scalar(value)?;
                match self.const_truth(&test) {
                    Some(holds) => kept &= holds,
                    None => {
                        return Err(self.refuse(
                            span(condition),
                            "this filter is decided at run time, so the list's length would be too",
                            "keep every item and select with a mask: `a[cond]`, or `np.where(cond, x, y)`",
                        ))
                    }
                }
                if !kept {
                    break;
                }
            }
            if kept {
                self.generate(elt, inner, at, items)?;
            }
        }
        Ok(())
    }

    /// The items of a comprehension's iterable, each as Python holds it.
    fn iterable_items(&mut self, iter: &py::Expr) -> Result<Vec<Value>> {
        let at = span(iter);
        if let Some(items) = self.unrolled_items(iter)? {
            return Ok(items);
        }
        if let py::Expr::Call(call) = iter {
            let is_range = matches!(call.func.as_ref(), py::Expr::Name(name)
                if name.id.as_str() == "range" && self.lookup("range").is_none());
            if is_range {
                return self.range_items(call);
            }
        }
        match self.expr(iter)? {
            Value::Text(text) => match text.as_literal() {
                Some(literal) => Ok(literal
                    .chars()
                    .map(|c| Value::Text(Text::literal(c.encode_utf8(&mut [0; 4]))))
                    .collect()),
                None => Err(self.refuse(
                    at,
                    "a string formatted at run time cannot be iterated over",
                    "iterate over a string known at compile time",
                )),
            },
            Value::Tuple(items) => Ok(items),
            _ => Err(self.refuse(
                at,
                "a comprehension over an array is not supported: its items would be decided at run time",
                "write the operation on the whole array (`a * 2`, `np.sin(a)`), or loop: `for i in range(len(a)):`",
            )),
        }
    }

    /// `range(...)` whose bounds the front end can count: its integers.
    fn range_items(&mut self, call: &py::ExprCall) -> Result<Vec<Value>> {
        let at = span(call);
        if !call.arguments.keywords.is_empty() || !(1..=3).contains(&call.arguments.args.len()) {
            return Err(self.refuse(at, "`range` takes one to three integers", ""));
        }
        let mut bounds = Vec::new();
        for arg in call.arguments.args.iter() {
            let value = self.expr(arg)?;
            let expr = self.scalar(value)?;
            match self.const_int(&expr) {
                Some(bound) => bounds.push(bound),
                None => {
                    return Err(self.refuse(
                        span(arg),
                        "the length of this comprehension is not known at compile time",
                        "a `range` here counts with integers written out, a function's arguments given them, or the shape of an array made with a literal shape (a module constant may change with `--set`); otherwise build the array with NumPy (`np.arange(n)`) or fill it in a loop",
                    ))
                }
            }
        }
        let (start, end, step) = match bounds.as_slice() {
            [end] => (0, *end, 1),
            [start, end] => (*start, *end, 1),
            [start, end, step] => (*start, *end, *step),
            _ => unreachable!("one to three bounds"),
        };
        if step == 0 {
            return Err(self.refuse(at, "`range`'s step must not be zero", ""));
        }
        let count = if step > 0 {
            (end - start + step - 1).div_euclid(step)
        } else {
            (start - end - step - 1).div_euclid(-step)
        }
        .max(0);
        if count as usize > MAX_ITEMS {
            return Err(self.refuse(
                at,
                format!("this comprehension has more than {MAX_ITEMS} items to unroll"),
                "build the array with NumPy functions (`np.arange`, `np.fromfunction`) or a loop",
            ));
        }
        Ok((0..count)
            .map(|k| Value::New(int_literal(start + k * step, at), Some(0)))
            .collect())
    }

    /// Binds a comprehension's target (a name, or names in a tuple) to one item. A name
    /// bound to an integer is one the front end counts with (`const_int`).
    fn bind_comprehension_target(&mut self, target: &py::Expr, item: Value) -> Result<()> {
        match target {
            py::Expr::Name(name) => {
                let id = name.id.as_str();
                let constant = match &item {
                    Value::New(expr, _) => self.const_int(expr),
                    _ => None,
                };
                self.assign_name(id, item, span(name))?;
                if let (Some(value), Some(Binding::Value(reference))) =
                    (constant, self.lookup(id).cloned())
                {
                    let storage = self.storages[reference.storage].name.clone();
                    self.constants.insert(storage, value);
                }
                Ok(())
            }
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => {
                let Value::Tuple(values) = item else {
                    return Err(self.refuse(
                        span(target),
                        "this item is not a tuple, so it cannot be taken apart",
                        "",
                    ));
                };
                if values.len() != elts.len() {
                    return Err(self.refuse(
                        span(target),
                        format!("{} names but {} values", elts.len(), values.len()),
                        "",
                    ));
                }
                for (element, value) in elts.iter().zip(values) {
                    self.bind_comprehension_target(element, value)?;
                }
                Ok(())
            }
            _ => Err(self.refuse(
                span(target),
                "only names can be a comprehension's target",
                "",
            )),
        }
    }

    /// The items of a comprehension, a generator expression, or a tuple or list display,
    /// for `sum`/`min`/`max`/`any`/`all` and `np.array`; `None` for anything else.
    pub(super) fn items_of(&mut self, expr: &py::Expr) -> Result<Option<Vec<Value>>> {
        match expr {
            py::Expr::ListComp(node) => self
                .comprehension(&node.elt, &node.generators, span(node))
                .map(Some),
            py::Expr::Generator(node) => self
                .comprehension(&node.elt, &node.generators, span(node))
                .map(Some),
            py::Expr::Name(name) => match self.lookup(name.id.as_str()) {
                Some(Binding::Tuple(items)) => Ok(Some(items.clone())),
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// `sum`, `min`, `max`, `any` or `all` of one comprehension, generator expression or
    /// tuple, folded in Python's order: `sum` adds from `start` (0) left to right (not
    /// NumPy's pairwise order), `max` keeps the first item no later item is greater than,
    /// `any`/`all` are the truth of each item. `None` when the argument is not such an
    /// iterable (the caller handles the call).
    pub(super) fn fold_builtin(
        &mut self,
        name: &str,
        call: &py::ExprCall,
    ) -> Option<Result<Value>> {
        let at = span(call);
        let args = &call.arguments.args;
        let iterable = args.first()?;
        let lazy = matches!(iterable, py::Expr::Generator(_));
        let fits = match name {
            "sum" => (1..=2).contains(&args.len()),
            _ => args.len() == 1,
        };
        if !fits || !call.arguments.keywords.is_empty() {
            return None;
        }
        if !matches!(
            iterable,
            py::Expr::ListComp(_) | py::Expr::Generator(_) | py::Expr::Tuple(_) | py::Expr::List(_)
        ) && !matches!(iterable, py::Expr::Name(n) if matches!(self.lookup(n.id.as_str()), Some(Binding::Tuple(_))))
        {
            return None;
        }
        if lazy && matches!(name, "any" | "all" | "min" | "max") {
            if let py::Expr::Generator(node) = iterable {
                if super::control::draws_random(&node.elt) {
                    return Some(Err(self.refuse(
                        span(node.elt.as_ref()),
                        format!("a random draw in a generator that `{name}` may stop early is not supported"),
                        "draw the numbers into an array first and reduce it with NumPy",
                    )));
                }
            }
        }
        let items = match iterable {
            py::Expr::Tuple(py::ExprTuple { elts, .. })
            | py::Expr::List(py::ExprList { elts, .. }) => {
                let mut items = Vec::new();
                for element in elts {
                    match self.expr(element) {
                        Ok(value) => items.push(value),
                        Err(failed) => return Some(Err(failed)),
                    }
                }
                items
            }
            other => match self.items_of(other) {
                Ok(Some(items)) => items,
                Ok(None) => return None,
                Err(failed) => return Some(Err(failed)),
            },
        };
        let start = match args.get(1) {
            Some(start) => match self.expr(start).and_then(|value| self.scalar(value)) {
                Ok(expr) => Some(expr),
                Err(failed) => return Some(Err(failed)),
            },
            None => None,
        };
        Some(self.fold_items(name, items, start, at))
    }

    fn fold_items(
        &mut self,
        name: &str,
        items: Vec<Value>,
        start: Option<Expr>,
        at: Span,
    ) -> Result<Value> {
        let mut operands = Vec::new();
        for item in items {
            let (expr, rank) = self.value_expr(item, at)?;
            if rank != Some(0) {
                return Err(self.refuse(
                    at,
                    format!("`{name}` of arrays one by one is not supported here"),
                    format!(
                        "stack them and reduce with NumPy: `np.{name}(np.array([...]), axis=0)`"
                    ),
                ));
            }
            operands.push(expr);
        }
        let binary = |op: BinaryOp, a: Expr, b: Expr| Expr {
            kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
            span: at,
        };
        let truth = |expr: Expr| {
            let not = Expr {
                kind: ExprKind::Unary(UnaryOp::Not, Box::new(expr)),
                span: at,
            };
            Expr {
                kind: ExprKind::Unary(UnaryOp::Not, Box::new(not)),
                span: at,
            }
        };
        let boolean = |value: bool| Expr {
            kind: ExprKind::Bool(value),
            span: at,
        };
        let res = match name {
            "sum" => operands.into_iter().fold(
                start.unwrap_or_else(|| int_literal(0, at)),
                |total, item| binary(BinaryOp::Add, total, item),
            ),
            "any" => operands.into_iter().fold(boolean(false), |res, item| {
                binary(BinaryOp::Or, res, truth(item))
            }),
            "all" => operands.into_iter().fold(boolean(true), |res, item| {
                binary(BinaryOp::And, res, truth(item))
            }),
            "min" | "max" => {
                let mut operands = operands.into_iter();
                let Some(first) = operands.next() else {
                    return Err(self.refuse(
                        at,
                        format!("`{name}` of an empty sequence (Python raises a `ValueError`)"),
                        "",
                    ));
                };
                let op = if name == "max" {
                    BinaryOp::Gt
                } else {
                    BinaryOp::Lt
                };
                // Python keeps the best so far unless an item compares greater (less):
                // the first of equal items, and a NaN only when it comes first.
                let mut best = first;
                for item in operands {
                    let storage = self.new_storage(&format!("{name}_so_far"), Some(0));
                    let ident = self.ident(storage, at);
                    self.emit(
                        StmtKind::Var {
                            name: ident,
                            value: best,
                        },
                        at,
                    );
                    let read = Expr {
                        kind: ExprKind::Name(self.storages[storage].name.clone()),
                        span: at,
                    };
                    best = Expr {
                        kind: call_kind(
                            "where",
                            vec![binary(op, item.clone(), read.clone()), item, read],
                            at,
                        ),
                        span: at,
                    };
                }
                best
            }
            _ => unreachable!("fold_builtin handles these names"),
        };
        Ok(Value::New(res, Some(0)))
    }

    /// `np.array([... for ...])` (or of a name bound to such a list): the items as an
    /// array literal, nested lists as rows; `None` when `expr` is neither. Integers only
    /// (literals, `int(...)`, their arithmetic) make an int64 array, as in NumPy;
    /// otherwise float64, as a list display.
    pub(super) fn comprehension_array(
        &mut self,
        expr: &py::Expr,
    ) -> Option<Result<(Expr, Option<usize>, bool)>> {
        let is_tuple_name = matches!(expr, py::Expr::Name(name)
            if matches!(self.lookup(name.id.as_str()), Some(Binding::Tuple(_))));
        if !matches!(expr, py::Expr::ListComp(_)) && !is_tuple_name {
            return None;
        }
        let items = match self.items_of(expr) {
            Ok(Some(items)) => items,
            Ok(None) => return None,
            Err(failed) => return Some(Err(failed)),
        };
        Some(self.items_array(items, span(expr)))
    }

    /// Items as an array literal (tuples of items as rows), its number of dimensions and
    /// whether every item is a Python int.
    fn items_array(&mut self, items: Vec<Value>, at: Span) -> Result<(Expr, Option<usize>, bool)> {
        let mut exprs = Vec::new();
        let mut ranks = Vec::new();
        let mut integers = !items.is_empty();
        for item in items {
            let (expr, rank, ints) = match item {
                Value::Tuple(row) => self.items_array(row, at)?,
                other => {
                    let (expr, rank) = self.value_expr(other, at)?;
                    let ints = is_python_int(&expr);
                    (expr, rank, ints)
                }
            };
            exprs.push(expr);
            ranks.push(rank);
            integers &= ints;
        }
        let rank = match ranks.first() {
            Some(Some(r)) if ranks.iter().all(|x| *x == Some(*r)) => Some(r + 1),
            None => Some(1),
            _ => None,
        };
        Ok((
            Expr {
                kind: ExprKind::Array(exprs),
                span: at,
            },
            rank,
            integers,
        ))
    }

    /// A condition's truth when known at compile time.
    fn const_truth(&self, test: &Expr) -> Option<bool> {
        match &test.kind {
            ExprKind::Bool(value) => Some(*value),
            ExprKind::Unary(UnaryOp::Not, inner) => self.const_truth(inner).map(|v| !v),
            ExprKind::Binary(op, lhs, rhs) => {
                if let (BinaryOp::And | BinaryOp::Or, Some(a), Some(b)) =
                    (op, self.const_truth(lhs), self.const_truth(rhs))
                {
                    return Some(if *op == BinaryOp::And { a && b } else { a || b });
                }
                let (a, b) = (self.const_int(lhs)?, self.const_int(rhs)?);
                match op {
                    BinaryOp::Eq => Some(a == b),
                    BinaryOp::Ne => Some(a != b),
                    BinaryOp::Lt => Some(a < b),
                    BinaryOp::Le => Some(a <= b),
                    BinaryOp::Gt => Some(a > b),
                    BinaryOp::Ge => Some(a >= b),
                    _ => self.const_int(test).map(|v| v != 0),
                }
            }
            _ => self.const_int(test).map(|v| v != 0),
        }
    }

    /// An integer the front end knows: a literal, arithmetic of known integers (Python's
    /// floor division and modulo), a name the front end bound to one, or an extent of an
    /// array made with a literal shape.
    pub(super) fn const_int(&self, expr: &Expr) -> Option<i64> {
        match &expr.kind {
            ExprKind::Int(value) => Some(*value),
            ExprKind::Unary(UnaryOp::Neg, inner) => self.const_int(inner)?.checked_neg(),
            ExprKind::Binary(op, lhs, rhs) => {
                let (a, b) = (self.const_int(lhs)?, self.const_int(rhs)?);
                match op {
                    BinaryOp::Add => a.checked_add(b),
                    BinaryOp::Sub => a.checked_sub(b),
                    BinaryOp::Mul => a.checked_mul(b),
                    BinaryOp::FloorDiv if b != 0 => {
                        let q = a.checked_div(b)?;
                        Some(if (a % b != 0) && ((a < 0) != (b < 0)) {
                            q - 1
                        } else {
                            q
                        })
                    }
                    BinaryOp::Rem if b != 0 => {
                        let r = a.checked_rem(b)?;
                        Some(if r != 0 && ((r < 0) != (b < 0)) {
                            r + b
                        } else {
                            r
                        })
                    }
                    _ => None,
                }
            }
            ExprKind::Name(name) => self.constants.get(name).copied(),
            ExprKind::Call { callee, args } if callee.name == "extent" => {
                let [array, axis] = args.as_slice() else {
                    return None;
                };
                let axis = usize::try_from(self.const_int(axis)?).ok()?;
                self.static_shape(array, 0)?.get(axis).copied()
            }
            ExprKind::Call { callee, args } if callee.name == "int" && args.len() == 1 => {
                self.const_int(&args[0])
            }
            _ => None,
        }
    }

    /// The shape of a value made from literals (`np.array([[1., 2.], ...])`) or with a
    /// literal shape (`np.zeros((4, 4))`), looking through the names of such storages.
    fn static_shape(&self, expr: &Expr, depth: usize) -> Option<Vec<i64>> {
        if depth > 32 {
            return None;
        }
        match &expr.kind {
            ExprKind::Int(_) | ExprKind::Number(_) | ExprKind::Bool(_) => Some(Vec::new()),
            ExprKind::Unary(_, inner) => {
                let shape = self.static_shape(inner, depth + 1)?;
                shape.is_empty().then_some(shape)
            }
            ExprKind::Array(items) => {
                let mut inner: Option<Vec<i64>> = None;
                for item in items {
                    let shape = self.static_shape(item, depth + 1)?;
                    match &inner {
                        Some(known) if *known != shape => return None,
                        _ => inner = Some(shape),
                    }
                }
                let mut shape = vec![items.len() as i64];
                shape.extend(inner.unwrap_or_default());
                Some(shape)
            }
            ExprKind::Call { callee, args } => match (callee.name.as_str(), args.first()) {
                ("copy" | "astype", Some(first)) => self.static_shape(first, depth + 1),
                ("zeros" | "ones", Some(shape)) => match &shape.kind {
                    ExprKind::Array(sizes) => sizes.iter().map(|s| self.const_int(s)).collect(),
                    _ => Some(vec![self.const_int(shape)?]),
                },
                _ => None,
            },
            ExprKind::Name(name) => {
                let value = self.declared_value(name)?;
                self.static_shape(&value, depth + 1)
            }
            _ => None,
        }
    }

    /// The value a storage's `var` was declared with, while its block is open.
    fn declared_value(&self, name: &str) -> Option<Expr> {
        self.blocks
            .iter()
            .flatten()
            .find_map(|statement| match &statement.kind {
                StmtKind::Var { name: ident, value } | StmtKind::Let { name: ident, value }
                    if ident.name == name =>
                {
                    Some(value.clone())
                }
                _ => None,
            })
    }
}

/// Whether a value is a Python int whatever the program's data: integer literals,
/// `int(...)`, `+`, `-`, `*`, `//`, `%` of those, and a `where` between two.
pub(super) fn is_python_int(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Int(_) => true,
        ExprKind::Unary(UnaryOp::Neg, inner) => is_python_int(inner),
        ExprKind::Binary(
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::FloorDiv | BinaryOp::Rem,
            lhs,
            rhs,
        ) => is_python_int(lhs) && is_python_int(rhs),
        ExprKind::Call { callee, args } => match callee.name.as_str() {
            "int" => true,
            "where" => args.len() == 3 && is_python_int(&args[1]) && is_python_int(&args[2]),
            _ => false,
        },
        _ => false,
    }
}
