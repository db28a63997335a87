//! Builtins that join, extend or difference arrays along an axis: `concatenate`, `stack`,
//! `pad` and `diff`. Each is a rewrite of index maps (with selects where pieces meet), so
//! it fuses into its consumer like a slice does.

use crate::ast::{self, ExprKind};
use crate::diagnostic::Span;
use crate::ir::{Binary, Expr, Index, Scalar, MAX_RANK};
use crate::lower::value::{identity_map, select_raw, shape_text, Value};
use crate::lower::{LResult, Lowerer};

/// How `pad` fills the new elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PadMode {
    Constant,
    Edge,
    Wrap,
}

/// `dim(axis) < bound` as a 0/1 value over `shape`.
fn below(shape: &[usize], axis: usize, bound: i64) -> Value {
    Value::of(
        shape.to_vec(),
        Expr::Binary(
            Binary::Lt,
            Box::new(Expr::IndexValue(Index::dim(axis))),
            Box::new(Expr::Const(Scalar::I64(bound))),
        ),
    )
}

impl<'a> Lowerer<'a> {
    /// `meshgrid(x, y)`: two arrays, taken apart by a destructuring (`tuple_wanted`).
    /// With NumPy's default `indexing="xy"` both have shape `[len(y), len(x)]`; with
    /// `"ij"`, `[len(x), len(y)]`.
    pub(in crate::lower) fn meshgrid(
        &mut self,
        args: &'a [ast::Expr],
        tuple_wanted: bool,
        span: Span,
    ) -> LResult<Value> {
        if !tuple_wanted {
            return self.error(
                "`meshgrid` returns two arrays: take them apart with `let (X, Y) = meshgrid(x, y)`",
                span,
            );
        }
        let x = self.expr(&args[0])?;
        let y = self.expr(&args[1])?;
        let cartesian = match args.get(2).map(ast::Expr::without_keyword) {
            None => true,
            Some(arg) => match &arg.kind {
                ExprKind::Str(mode) if mode == "xy" => true,
                ExprKind::Str(mode) if mode == "ij" => false,
                _ => return self.error("`meshgrid`'s indexing is \"xy\" or \"ij\"", arg.span),
            },
        };
        // NumPy flattens inputs of any rank.
        let count = |value: &Value| value.shape.iter().product::<usize>();
        let (x_count, y_count) = (count(&x), count(&y));
        let x = self.reshape(x, vec![x_count], span)?;
        let y = self.reshape(y, vec![y_count], span)?;
        let (nx, ny) = (x.shape[0], y.shape[0]);
        let (shape, x_axis, y_axis) = if cartesian {
            (vec![ny, nx], 1, 0)
        } else {
            (vec![nx, ny], 0, 1)
        };
        self.check_size(&shape, span)?;
        let x = self.height_guard(x, span)?;
        let y = self.height_guard(y, span)?;
        let big_x = x.remap(shape.clone(), &[Index::dim(x_axis)]);
        let big_y = y.remap(shape, &[Index::dim(y_axis)]);
        self.tuple_values = Some(vec![big_x, big_y]);
        Ok(Value::scalar(0.0))
    }

    /// The arrays of `concatenate([a, b, ...])` and `stack([a, b, ...])`; NumPy's tuple
    /// `concatenate((a, b))` is the same list.
    fn array_list(&mut self, arg: &'a ast::Expr, what: &str) -> LResult<Vec<(Value, Span)>> {
        let arg = ast::Expr::without_keyword(arg);
        let (ExprKind::Array(items) | ExprKind::Tuple(items)) = &arg.kind else {
            return self.error(
                format!("`{what}` takes a bracketed list of arrays, like `{what}([a, b], 0)`"),
                arg.span,
            );
        };
        if items.is_empty() {
            return self.error(format!("`{what}` needs at least one array"), arg.span);
        }
        let mut values = Vec::new();
        for item in items {
            values.push((self.expr(item)?, item.span));
        }
        // One dtype for all, their promotion, as NumPy joins them.
        let dtype = crate::lower::dtype::joined(values.iter().map(|(value, _)| self.kind(value)));
        if let Some(dtype) = dtype {
            values = values
                .into_iter()
                .map(|(value, span)| (self.cast(value, dtype), span))
                .collect();
        }
        Ok(values)
    }

    fn optional_axis(
        &mut self,
        args: &'a [ast::Expr],
        position: usize,
        rank: usize,
        default: i64,
    ) -> LResult<usize> {
        match args.get(position) {
            Some(arg) => {
                let value = self.expr(arg)?;
                self.axis(&value, rank, arg.span)
            }
            None => {
                let axis = Value::scalar(default as f64);
                let span = args.first().map_or(Span::new(0, 0), |arg| arg.span);
                self.axis(&axis, rank, span)
            }
        }
    }

    pub(in crate::lower) fn concatenate(
        &mut self,
        args: &'a [ast::Expr],
        span: Span,
    ) -> LResult<Value> {
        let values = self.array_list(&args[0], "concatenate")?;
        let rank = values[0].0.shape.len();
        if rank == 0 {
            return self.error(
                "`concatenate` cannot join scalars (use `stack`)",
                values[0].1,
            );
        }
        let axis = self.optional_axis(args, 1, rank, 0)?;
        let mut shape = values[0].0.shape.clone();
        shape[axis] = 0;
        for (value, item_span) in &values {
            let same = value.shape.len() == rank
                && (0..rank).all(|d| d == axis || value.shape[d] == shape[d]);
            if !same {
                return self.error(
                    format!(
                        "`concatenate` needs arrays that differ only along axis {axis}: {} does not fit {}",
                        shape_text(&value.shape),
                        shape_text(&values[0].0.shape)
                    ),
                    *item_span,
                );
            }
            shape[axis] += value.shape[axis];
        }
        self.check_size(&shape, span)?;
        // The items' common dtype (`array_list` promoted them), also of an empty result.
        let dtype = self.dtype(&values[0].0);
        // Each piece reads its own elements (clamped, so the branches a select does not
        // take stay in range); the last piece is the fallback.
        let mut pieces = Vec::new();
        let mut offset = 0i64;
        for (value, _) in values {
            let extent = value.shape[axis] as i64;
            if extent > 0 {
                let value = self.height_guard(value, span)?;
                let mut map = identity_map(rank);
                map[axis] = Index::Clamp(
                    Box::new(Index::dim(axis).plus(Index::constant(-offset))),
                    0,
                    extent - 1,
                );
                pieces.push((value.remap(shape.clone(), &map), offset + extent));
            }
            offset += extent;
        }
        let Some((mut result, _)) = pieces.pop() else {
            return Ok(self.cast(Value::of(shape, Expr::f64(0.0)), dtype));
        };
        while let Some((piece, end)) = pieces.pop() {
            result = select_raw(below(&shape, axis, end), piece, result);
        }
        Ok(result)
    }

    pub(in crate::lower) fn stack(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let values = self.array_list(&args[0], "stack")?;
        let item_shape = values[0].0.shape.clone();
        let rank = item_shape.len() + 1;
        if rank > MAX_RANK {
            return self.error(format!("arrays have at most {MAX_RANK} dimensions"), span);
        }
        let axis = self.optional_axis(args, 1, rank, 0)?;
        for (value, item_span) in &values {
            if value.shape != item_shape {
                return self.error(
                    format!(
                        "`stack` needs arrays of one shape: {} differs from {}",
                        shape_text(&value.shape),
                        shape_text(&item_shape)
                    ),
                    *item_span,
                );
            }
        }
        let mut shape = item_shape.clone();
        shape.insert(axis, values.len());
        self.check_size(&shape, span)?;
        let map: Vec<Index> = (0..item_shape.len())
            .map(|d| Index::dim(if d < axis { d } else { d + 1 }))
            .collect();
        let mut pieces = Vec::new();
        for (value, _) in values {
            let value = self.height_guard(value, span)?;
            pieces.push(value.remap(shape.clone(), &map));
        }
        let mut result = pieces.pop().unwrap_or_else(|| Value::scalar(0.0));
        while let Some(piece) = pieces.pop() {
            let end = pieces.len() as i64 + 1;
            result = select_raw(below(&shape, axis, end), piece, result);
        }
        Ok(result)
    }

    pub(in crate::lower) fn diff(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let rank = value.shape.len();
        if rank == 0 {
            return self.error(
                "`diff` needs an array of rank 1 or more, not a scalar",
                span,
            );
        }
        let axis = self.optional_axis(args, 1, rank, -1)?;
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "diff", span)?
        };
        let mut shape = value.shape.clone();
        shape[axis] = shape[axis].saturating_sub(1);
        let mut upper_map = identity_map(rank);
        upper_map[axis] = Index::dim(axis).plus(Index::constant(1));
        let upper = value.remap(shape.clone(), &upper_map);
        let lower = value.remap(shape, &identity_map(rank));
        self.binary(Binary::Sub, upper, lower, span)
    }

    /// `pad`'s widths: one `[before, after]` pair per axis, from an integer, a pair, or a
    /// list of pairs (NumPy's forms).
    fn pad_widths(&mut self, arg: &'a ast::Expr, rank: usize) -> LResult<Vec<(i64, i64)>> {
        let arg = ast::Expr::without_keyword(arg);
        let integer = |this: &mut Self, expr: &'a ast::Expr| -> LResult<i64> {
            let value = this.expr(expr)?;
            let width = this.constant_int(&value, expr.span, "a pad width")?;
            if width < 0 {
                return this.error(
                    format!("a pad width must be non-negative, not {width}"),
                    expr.span,
                );
            }
            Ok(width)
        };
        let ExprKind::Array(items) = &arg.kind else {
            let width = integer(self, arg)?;
            return Ok(vec![(width, width); rank]);
        };
        let pairs = items
            .iter()
            .all(|item| matches!(item.kind, ExprKind::Array(_)));
        if !pairs || items.is_empty() {
            return match items.as_slice() {
                [width] => {
                    let width = integer(self, width)?;
                    Ok(vec![(width, width); rank])
                }
                [before, after] => {
                    let before = integer(self, before)?;
                    let after = integer(self, after)?;
                    Ok(vec![(before, after); rank])
                }
                _ => self.error(
                    "a pad width is an integer, `[before, after]` or one `[before, after]` per axis",
                    arg.span,
                ),
            };
        }
        if items.len() != rank && items.len() != 1 {
            return self.error(
                format!(
                    "`pad` needs one `[before, after]` pair per axis: {} pairs for rank {rank}",
                    items.len()
                ),
                arg.span,
            );
        }
        let mut widths = Vec::new();
        for item in items {
            let ExprKind::Array(pair) = &item.kind else {
                return self.error("expected `[before, after]`", item.span);
            };
            let [before, after] = pair.as_slice() else {
                return self.error("expected `[before, after]`", item.span);
            };
            let before = integer(self, before)?;
            let after = integer(self, after)?;
            widths.push((before, after));
        }
        if widths.len() == 1 {
            widths = vec![widths[0]; rank];
        }
        Ok(widths)
    }

    fn pad_mode(&mut self, arg: Option<&'a ast::Expr>) -> LResult<PadMode> {
        let Some(arg) = arg else {
            return Ok(PadMode::Constant);
        };
        let arg = ast::Expr::without_keyword(arg);
        match &arg.kind {
            ExprKind::Str(mode) => match mode.as_str() {
                "constant" => Ok(PadMode::Constant),
                "edge" => Ok(PadMode::Edge),
                "wrap" => Ok(PadMode::Wrap),
                _ => self.error(
                    format!("`pad` mode \"{mode}\" is not supported (modes: \"constant\", \"edge\", \"wrap\")"),
                    arg.span,
                ),
            },
            _ => self.error(
                "a pad mode is a string: \"constant\", \"edge\" or \"wrap\"",
                arg.span,
            ),
        }
    }

    /// `pad(a, ..., "wrap")` along one axis with widths that may exceed its length: the
    /// axis read periodically, one select per period the result spans.
    fn wrap_axis(
        &mut self,
        value: Value,
        axis: usize,
        before: i64,
        after: i64,
        span: Span,
    ) -> LResult<Value> {
        const MAX_PERIODS: i64 = 64;
        let n = value.shape[axis] as i64;
        let mut shape = value.shape.clone();
        shape[axis] += (before + after) as usize;
        // Read position `i + shift` lies in 0.., and its period is `(i + shift) / n`.
        let shift = (before + n - 1) / n * n - before;
        let periods = (shape[axis] as i64 + shift + n - 1) / n;
        if periods > MAX_PERIODS {
            return self.error(
                format!(
                    "`pad` in mode \"wrap\" repeats an axis of length {n} at most {MAX_PERIODS} times, not {periods}"
                ),
                span,
            );
        }
        let mut result: Option<Value> = None;
        for period in (0..periods).rev() {
            let mut map = identity_map(value.shape.len());
            map[axis] = Index::Clamp(
                Box::new(Index::dim(axis).plus(Index::constant(shift - period * n))),
                0,
                n - 1,
            );
            let piece = value.remap(shape.clone(), &map);
            result = Some(match result {
                None => piece,
                Some(later) => {
                    select_raw(below(&shape, axis, (period + 1) * n - shift), piece, later)
                }
            });
        }
        Ok(result.unwrap_or(value))
    }

    pub(in crate::lower) fn pad(&mut self, args: &'a [ast::Expr], span: Span) -> LResult<Value> {
        let value = self.expr(&args[0])?;
        let rank = value.shape.len();
        let widths = self.pad_widths(&args[1], rank)?;
        let mode = self.pad_mode(args.get(2))?;
        let shape: Vec<usize> = value
            .shape
            .iter()
            .zip(&widths)
            .map(|(&extent, &(before, after))| extent + before as usize + after as usize)
            .collect();
        self.check_size(&shape, span)?;
        let padded: Vec<usize> = (0..rank).filter(|&d| widths[d] != (0, 0)).collect();
        if padded.is_empty() {
            return Ok(value);
        }
        let empty = value.shape.contains(&0);
        if empty && mode != PadMode::Constant {
            return self.error(
                format!(
                    "cannot pad an empty array (shape {}) in mode \"edge\" or \"wrap\": there is no value to repeat",
                    shape_text(&value.shape)
                ),
                span,
            );
        }
        if empty {
            let zero = Expr::Const(Scalar::F64(0.0).cast(self.dtype(&value)));
            return Ok(Value::of(shape, zero));
        }
        let value = if value.is_plain() {
            value
        } else {
            self.materialize(value, "pad", span)?
        };
        let wide_wrap = padded.iter().any(|&d| {
            let (before, after) = widths[d];
            before.max(after) > value.shape[d] as i64
        });
        if mode == PadMode::Wrap && wide_wrap {
            // Wider than the axis: NumPy repeats the period; one axis at a time.
            let mut current = value;
            for &d in &padded {
                let (before, after) = widths[d];
                current = self.wrap_axis(current, d, before, after, args[1].span)?;
                current = self.height_guard(current, span)?;
            }
            return Ok(current);
        }
        let mut map = identity_map(rank);
        for &d in &padded {
            let extent = value.shape[d] as i64;
            let (before, _) = widths[d];
            let shifted = Index::dim(d).plus(Index::constant(-before));
            map[d] = match mode {
                PadMode::Constant | PadMode::Edge => Index::Clamp(Box::new(shifted), 0, extent - 1),
                PadMode::Wrap => Index::Wrap(Box::new(shifted), extent),
            };
        }
        let read = value.remap(shape.clone(), &map);
        if mode != PadMode::Constant {
            return Ok(read);
        }
        // Inside the original box on every padded axis: the value; elsewhere zero.
        let mut inside: Option<Expr> = None;
        for &d in &padded {
            let (before, _) = widths[d];
            let position = || Box::new(Expr::IndexValue(Index::dim(d)));
            let low = Expr::Binary(
                Binary::Ge,
                position(),
                Box::new(Expr::Const(Scalar::I64(before))),
            );
            let high = Expr::Binary(
                Binary::Lt,
                position(),
                Box::new(Expr::Const(Scalar::I64(before + value.shape[d] as i64))),
            );
            let both = Expr::Binary(Binary::And, Box::new(low), Box::new(high));
            inside = Some(match inside {
                None => both,
                Some(previous) => Expr::Binary(Binary::And, Box::new(previous), Box::new(both)),
            });
        }
        let condition = Value::of(
            shape.clone(),
            inside.unwrap_or(Expr::Const(Scalar::Bool(true))),
        );
        let zero = Expr::Const(Scalar::F64(0.0).cast(self.dtype(&read)));
        Ok(select_raw(condition, read, Value::of(shape, zero)))
    }
}
