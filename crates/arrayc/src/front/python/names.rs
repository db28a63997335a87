//! What each Python name refers to, decided statically: a *storage* (one `.arr` `var`)
//! seen through a *view* (basic indexing and `.T` known at compile time). Reads of a name
//! become the view over its storage; writes through any name become region assignments of
//! the storage, so every other name of the same storage sees them, as in NumPy.
//!
//! Takes and produces `ast` pieces only; knows nothing of ruff's tree.

use crate::ast::{Expr, ExprKind, Ident, IndexArg, UnaryOp};
use crate::diagnostic::Span;

/// One `.arr` `var`: where a Python array (or scalar) lives.
#[derive(Debug, Clone)]
pub struct Storage {
    /// The `var`'s name in the generated program.
    pub name: String,
    /// How many blocks (loop and `if` bodies) enclose its declaration: it disappears when
    /// its block ends.
    pub depth: usize,
    /// The number of dimensions of what it holds, when known.
    pub rank: Option<usize>,
    /// The field names of a structured array (stored with a leading axis of the fields,
    /// `records`); empty for every other array.
    pub fields: Vec<String>,
}

/// One step of a view: indexing with basic indices, or `.T`.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewStep {
    Index(Vec<IndexArg>),
    Transpose,
    /// `.reshape(shape)` of a contiguous array: read through, never written through (yet).
    Reshape(Expr),
}

/// What a name refers to: a storage seen through a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub storage: usize,
    pub view: Vec<ViewStep>,
    /// The number of dimensions (0: a scalar), when known.
    pub rank: Option<usize>,
    /// Where the name was bound to it, for diagnostics at joins.
    pub bound_at: Span,
}

impl Reference {
    /// Whether the name sees the whole storage as it is (no view).
    pub fn is_whole(&self) -> bool {
        self.view.is_empty()
    }
}

/// Reads a reference: the view's steps applied to the storage's `var`.
pub fn read(storage: &Storage, reference: &Reference, span: Span) -> Expr {
    let mut expr = Expr {
        kind: ExprKind::Name(storage.name.clone()),
        span,
    };
    for step in &reference.view {
        expr = match step {
            ViewStep::Index(indices) => Expr {
                kind: ExprKind::Index {
                    base: Box::new(expr),
                    indices: indices.clone(),
                },
                span,
            },
            ViewStep::Transpose => Expr {
                kind: ExprKind::Call {
                    callee: Ident {
                        name: "transpose".to_string(),
                        span,
                    },
                    args: vec![expr],
                },
                span,
            },
            ViewStep::Reshape(shape) => Expr {
                kind: ExprKind::Call {
                    callee: Ident {
                        name: "reshape".to_string(),
                        span,
                    },
                    args: vec![expr, shape.clone()],
                },
                span,
            },
        };
    }
    expr
}

/// The indices of the storage that a write through `view` then `indices` (`None`: the
/// whole view) touches, as one index list of the storage: `None` when the whole storage is
/// written, `Err` with the reason when the composition is not known at compile time.
pub fn write_region(
    view: &[ViewStep],
    storage_rank: Option<usize>,
    indices: Option<Vec<IndexArg>>,
) -> Result<Option<Vec<IndexArg>>, String> {
    // Fold the view's steps from the storage outwards, then the written indices.
    let mut region: Option<Vec<IndexArg>> = None;
    let mut steps: Vec<ViewStep> = view.to_vec();
    if let Some(indices) = indices {
        steps.push(ViewStep::Index(indices));
    }
    for step in steps {
        match step {
            // The transpose of a whole 1-D array is itself.
            ViewStep::Transpose if region.is_none() && matches!(storage_rank, Some(0 | 1)) => {}
            ViewStep::Transpose => {
                return Err(
                    "a write through `.T` is not supported yet; write into the array itself with the axes swapped"
                        .to_string(),
                )
            }
            ViewStep::Reshape(_) => {
                return Err(
                    "a write through `.reshape(...)` is not supported yet; write into the array itself"
                        .to_string(),
                )
            }
            ViewStep::Index(indices) => {
                region = Some(match region {
                    None => indices,
                    Some(outer) => compose(&outer, &indices)?,
                });
            }
        }
    }
    Ok(region)
}

/// An integer literal's value (`3`, `-1`).
fn literal(expr: &Expr) -> Option<i64> {
    match &expr.kind {
        ExprKind::Int(value) => Some(*value),
        ExprKind::Unary(UnaryOp::Neg, inner) => match inner.kind {
            ExprKind::Int(value) => Some(-value),
            _ => None,
        },
        _ => None,
    }
}

fn int(value: i64, span: Span) -> Expr {
    if value < 0 {
        Expr {
            kind: ExprKind::Unary(
                UnaryOp::Neg,
                Box::new(Expr {
                    kind: ExprKind::Int(-value),
                    span,
                }),
            ),
            span,
        }
    } else {
        Expr {
            kind: ExprKind::Int(value),
            span,
        }
    }
}

/// `outer` then `inner` as one index list of the storage, for unit-step slices with
/// literal bounds (or bounds that pass through unchanged).
fn compose(outer: &[IndexArg], inner: &[IndexArg]) -> Result<Vec<IndexArg>, String> {
    let unsupported = || {
        "a write through a view of a view whose region is not known at compile time (only unit-step slices with literal bounds compose)".to_string()
    };
    // A trailing `...` in `inner` keeps the axes it does not mention, as leftover ones do.
    let inner = match inner.split_last() {
        Some((IndexArg::Ellipsis(_), rest)) => rest,
        _ => inner,
    };
    let mut res = Vec::new();
    let mut inner_items = inner.iter();
    for item in outer {
        match item {
            IndexArg::Single(_) => res.push(item.clone()),
            IndexArg::Slice {
                start,
                end,
                step,
                span,
            } => {
                if step.as_ref().is_some_and(|s| literal(s) != Some(1)) {
                    return Err(unsupported());
                }
                let Some(next) = inner_items.next() else {
                    res.push(item.clone());
                    continue;
                };
                let offset = match start {
                    None => Some(0),
                    Some(start) => literal(start).filter(|s| *s >= 0),
                };
                match next {
                    IndexArg::Single(index) => {
                        let composed = match (offset, literal(index), end) {
                            (Some(0), _, None) => index.clone(),
                            (Some(a), Some(k), _) if k >= 0 => int(a + k, index.span),
                            (_, Some(k), Some(end)) if k < 0 => match literal(end) {
                                Some(b) if b < 0 => int(b + k, index.span),
                                _ => return Err(unsupported()),
                            },
                            (_, Some(k), None) if k < 0 => index.clone(),
                            _ => return Err(unsupported()),
                        };
                        res.push(IndexArg::Single(composed));
                    }
                    IndexArg::Slice {
                        start: inner_start,
                        end: inner_end,
                        step: inner_step,
                        span: inner_span,
                    } => {
                        if inner_step.as_ref().is_some_and(|s| literal(s) != Some(1)) {
                            return Err(unsupported());
                        }
                        let Some(a) = offset else {
                            if inner_start.is_none() && inner_end.is_none() {
                                res.push(item.clone());
                                continue;
                            }
                            return Err(unsupported());
                        };
                        let new_start = match inner_start.as_ref().map(literal) {
                            None => start.clone(),
                            Some(Some(c)) if c >= 0 => Some(int(a + c, *inner_span)),
                            Some(Some(c)) => match end.as_ref().map(literal) {
                                None => Some(int(c, *inner_span)),
                                Some(Some(b)) if b < 0 => Some(int(b + c, *inner_span)),
                                _ => return Err(unsupported()),
                            },
                            Some(None) => return Err(unsupported()),
                        };
                        let new_end = match (inner_end.as_ref().map(literal), end) {
                            (None, _) => end.clone(),
                            (Some(Some(d)), None) if d >= 0 => Some(int(a + d, *inner_span)),
                            (Some(Some(d)), None) => Some(int(d, *inner_span)),
                            (Some(Some(d)), Some(end)) => match literal(end) {
                                Some(b) if b >= 0 && d >= 0 => {
                                    Some(int((a + d).min(b), *inner_span))
                                }
                                Some(b) if b < 0 && d < 0 => Some(int(b + d, *inner_span)),
                                _ => return Err(unsupported()),
                            },
                            (Some(None), _) => return Err(unsupported()),
                        };
                        res.push(IndexArg::Slice {
                            start: new_start,
                            end: new_end,
                            step: None,
                            span: *span,
                        });
                    }
                    IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => return Err(unsupported()),
                }
            }
            IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => return Err(unsupported()),
        }
    }
    // Indices left over index the storage's axes that the view did not mention.
    res.extend(inner_items.cloned());
    Ok(res)
}
