//! Indexing and slicing: constant indices and slices remap a value's dimensions; an index
//! known only at run time becomes a checked index with a run-time bounds site.

use super::value::{identity_map, shape_text, Value};
use super::{Failed, LResult, Lowerer};
use crate::ast::IndexArg;
use crate::diagnostic::Span;
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::ir::{DType, Index, IndexCheck};

impl<'a> Lowerer<'a> {
    /// `base[flag]` of a 0-d bool `flag`: a new first axis of length 1 (true) or 0 (false).
    /// A flag known only at run time would decide the result's shape, which is static.
    fn bool_scalar_index(
        &mut self,
        base: Value,
        flag: &Value,
        flag_span: Span,
        span: Span,
    ) -> LResult<Value> {
        let Some(flag) = flag.constant() else {
            return self.error(
                "a bool index known only at run time would decide the shape of the result: use `where`",
                flag_span,
            );
        };
        let rank = base.shape.len();
        if rank + 1 > crate::ir::MAX_RANK {
            return self.error(
                format!("arrays have at most {} dimensions", crate::ir::MAX_RANK),
                span,
            );
        }
        let map: Vec<Index> = (0..rank).map(|d| Index::dim(d + 1)).collect();
        let mut shape = base.shape.clone();
        shape.insert(0, usize::from(flag != 0.0));
        Ok(base.remap(shape, &map))
    }

    pub(super) fn index(
        &mut self,
        base: Value,
        indices: &'a [IndexArg],
        span: Span,
    ) -> LResult<Value> {
        self.index_with(base, indices, span, None)
    }

    /// `index`, with the value of the first index already lowered when `first` is given
    /// (an assignment looks at it first to tell a mask from an index).
    pub(super) fn index_with(
        &mut self,
        base: Value,
        indices: &'a [IndexArg],
        span: Span,
        mut first: Option<Value>,
    ) -> LResult<Value> {
        // A 0-d bool alone is NumPy's mask of a new first axis: `a[True]` has a length-1
        // axis in front, `a[False]` a length-0 one; never the integer 0 or 1.
        if let [IndexArg::Single(expr)] = indices {
            let position = match first.take() {
                Some(position) => position,
                None => self.expr(expr)?,
            };
            if position.shape.is_empty() && self.dtype(&position) == DType::Bool {
                return self.bool_scalar_index(base, &position, expr.span, span);
            }
            first = Some(position);
        }
        // `None` adds an axis and `...` stands for the axes no other index names.
        let consuming = indices
            .iter()
            .filter(|index| matches!(index, IndexArg::Single(_) | IndexArg::Slice { .. }))
            .count();
        let ellipses: Vec<&IndexArg> = indices
            .iter()
            .filter(|index| matches!(index, IndexArg::Ellipsis(_)))
            .collect();
        if let [_, IndexArg::Ellipsis(second), ..] = ellipses.as_slice() {
            return self.error("an index can have only one `...`", *second);
        }
        if consuming > base.shape.len() {
            return self.error(
                format!(
                    "too many indices: {} for an array of shape {}",
                    consuming,
                    shape_text(&base.shape)
                ),
                span,
            );
        }
        let skipped_by_ellipsis = base.shape.len() - consuming;
        let mut value = base;
        // `dim` walks the base's dimensions; `out_dim` the result's.
        let mut out_dim = 0;
        let mut base_axis = 0;
        for index in indices {
            match index {
                IndexArg::NewAxis(_) => {
                    let rank = value.shape.len();
                    if rank + 1 > crate::ir::MAX_RANK {
                        return self.error(
                            format!("arrays have at most {} dimensions", crate::ir::MAX_RANK),
                            span,
                        );
                    }
                    let map: Vec<Index> = (0..rank)
                        .map(|d| Index::dim(if d < out_dim { d } else { d + 1 }))
                        .collect();
                    let mut shape = value.shape.clone();
                    shape.insert(out_dim, 1);
                    value = value.remap(shape, &map);
                    out_dim += 1;
                    continue;
                }
                IndexArg::Ellipsis(_) => {
                    out_dim += skipped_by_ellipsis;
                    base_axis += skipped_by_ellipsis;
                    continue;
                }
                IndexArg::Single(_) | IndexArg::Slice { .. } => {}
            }
            let extent = value.shape[out_dim];
            base_axis += 1;
            let base_axis = base_axis - 1;
            match index {
                IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => {}
                IndexArg::Single(expr) => {
                    let position = match first.take() {
                        Some(position) => position,
                        None => self.expr(expr)?,
                    };
                    if !position.shape.is_empty() && self.dtype(&position) != DType::Bool {
                        return self.error_with_note(
                            format!(
                                "an index that is an array of {} {}",
                                self.dtype(&position).name(),
                                if self.dtype(&position).is_float() {
                                    "cannot select elements: an index array holds integers or bools (NumPy raises IndexError)"
                                } else {
                                    "(a gather, `u[idx]`) is not supported yet"
                                }
                            ),
                            expr.span,
                            "index with integers or slices, or read the positions one by one (`u[i]` in a loop)",
                        );
                    }
                    if !position.shape.is_empty() {
                        self.diagnostics.push(
                            Diagnostic::new(
                                ErrorKind::Semantic,
                                format!(
                                    "an index must be a scalar, not an array of shape {}: reading `u[mask]` would make an array whose shape depends on the data",
                                    shape_text(&position.shape)
                                ),
                                expr.span,
                            )
                            .with_note("a masked read compiles as `u[mask] = f(u[mask])` and inside `sum`/`mean` (`sum(f(u[mask]))`); elsewhere write `where(mask, u, fill)`, e.g. `max(where(mask, u, -inf))`"),
                        );
                        return Err(Failed);
                    }
                    let position = self.index_number(position);
                    let replacement = if let Some(c) = position.constant() {
                        if c != c.trunc() {
                            return self
                                .error(format!("an index must be an integer, not {c}"), expr.span);
                        }
                        let i = if c < 0.0 { c + extent as f64 } else { c };
                        if i < 0.0 || i >= extent as f64 {
                            return self.error(
                                format!("index {c} is out of range for axis {base_axis} of length {extent}"),
                                expr.span,
                            );
                        }
                        Index::constant(i as i64)
                    } else {
                        let id = self.program.checks;
                        self.program.checks += 1;
                        let site = self.site(
                            format!("index out of range for axis {base_axis} of length {extent}"),
                            expr.span,
                        );
                        let position_expr = self.scalar_expr(position, expr.span)?;
                        value.checks.push(IndexCheck {
                            id,
                            value: position_expr,
                            extent,
                            site,
                        });
                        Index::Checked(id)
                    };
                    let rank = value.shape.len();
                    let mut map = Vec::new();
                    for d in 0..rank {
                        map.push(match d.cmp(&out_dim) {
                            std::cmp::Ordering::Less => Index::dim(d),
                            std::cmp::Ordering::Equal => replacement.clone(),
                            std::cmp::Ordering::Greater => Index::dim(d - 1),
                        });
                    }
                    let mut shape = value.shape.clone();
                    shape.remove(out_dim);
                    value = value.remap(shape, &map);
                }
                IndexArg::Slice {
                    start,
                    end,
                    step,
                    span: slice_span,
                } => {
                    let mut parts = [None, None, None];
                    for (k, part) in [start, end, step].into_iter().enumerate() {
                        if let Some(part) = part {
                            let v = self.expr(part)?;
                            parts[k] = Some(self.constant_int(&v, part.span, "a slice bound")?);
                        }
                    }
                    let step = parts[2].unwrap_or(1);
                    if step == 0 {
                        return self.error("a slice step cannot be zero", *slice_span);
                    }
                    let (first, length) = slice_indices(parts[0], parts[1], step, extent as i64);
                    let mut map = identity_map(value.shape.len());
                    map[out_dim] = Index::constant(first).plus(Index::dim(out_dim).scale(step));
                    let mut shape = value.shape.clone();
                    shape[out_dim] = length as usize;
                    value = value.remap(shape, &map);
                    out_dim += 1;
                }
            }
        }
        Ok(value)
    }
}

/// NumPy's slice normalisation: the first index and the length of `start:stop:step`.
pub(super) fn slice_indices(
    start: Option<i64>,
    stop: Option<i64>,
    step: i64,
    n: i64,
) -> (i64, i64) {
    let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
    let normalize = |value: i64| {
        if value < 0 {
            (value + n).max(lower)
        } else {
            value.min(upper)
        }
    };
    let start = start.map_or(if step < 0 { upper } else { lower }, normalize);
    let stop = stop.map_or(if step < 0 { lower } else { upper }, normalize);
    let length = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    (if length == 0 { 0 } else { start }, length)
}
