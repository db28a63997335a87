//! Index algebra: sums and scales kept in a normal form, substitution of dimensions, and
//! the range of an index over a kernel's iteration box. Knows nothing of expressions.

use super::{Affine, Index, MAX_DIMS};

impl Index {
    /// The flat C-order offset of the point `(i0, .., ik)` of a box of this shape.
    pub fn row_major(shape: &[usize]) -> Index {
        let mut affine = Affine::constant(0);
        let mut stride = 1i64;
        for d in (0..shape.len().min(MAX_DIMS)).rev() {
            affine.coefficients[d] = stride;
            stride = stride.saturating_mul(shape[d] as i64);
        }
        Index::Affine(affine)
    }

    pub fn constant(value: i64) -> Index {
        Index::Affine(Affine::constant(value))
    }

    pub fn dim(dim: usize) -> Index {
        Index::Affine(Affine::dim(dim))
    }

    /// Splits into a non-affine part (if any) and an affine part.
    fn split(self) -> (Option<Index>, Affine) {
        match self {
            Index::Affine(a) => (None, a),
            Index::Add(a, b) => match *b {
                Index::Affine(affine) => (Some(*a), affine),
                b => (Some(Index::Add(a, Box::new(b))), Affine::constant(0)),
            },
            other => (Some(other), Affine::constant(0)),
        }
    }

    /// The sum, kept in the normal form `non-affine + affine` so affine parts merge.
    pub fn plus(self, other: Index) -> Index {
        let (a_rest, a) = self.split();
        let (b_rest, b) = other.split();
        let mut affine = a;
        affine.constant = a.constant.saturating_add(b.constant);
        for d in 0..MAX_DIMS {
            affine.coefficients[d] = a.coefficients[d].saturating_add(b.coefficients[d]);
        }
        let rest = match (a_rest, b_rest) {
            (None, None) => return Index::Affine(affine),
            (Some(x), None) | (None, Some(x)) => x,
            (Some(x), Some(y)) => Index::Add(Box::new(x), Box::new(y)),
        };
        if affine == Affine::constant(0) {
            rest
        } else {
            Index::Add(Box::new(rest), Box::new(Index::Affine(affine)))
        }
    }

    pub fn scale(self, factor: i64) -> Index {
        if factor == 1 {
            return self;
        }
        let (rest, a) = self.split();
        let mut scaled = a;
        scaled.constant = a.constant.saturating_mul(factor);
        for d in 0..MAX_DIMS {
            scaled.coefficients[d] = a.coefficients[d].saturating_mul(factor);
        }
        let affine = Index::Affine(scaled);
        match rest {
            None => affine,
            Some(rest) => Index::Scale(Box::new(rest), factor).plus(affine),
        }
    }

    /// Replaces each dimension `d` by `map[d]`.
    pub fn substitute(&self, map: &[Index]) -> Index {
        match self {
            Index::Affine(a) => {
                let mut res = Index::constant(a.constant);
                for (d, &coefficient) in a.coefficients.iter().enumerate() {
                    if coefficient != 0 {
                        let term = map.get(d).cloned().unwrap_or(Index::constant(0));
                        res = res.plus(term.scale(coefficient));
                    }
                }
                res
            }
            Index::Add(a, b) => a.substitute(map).plus(b.substitute(map)),
            Index::Scale(a, factor) => a.substitute(map).scale(*factor),
            Index::Clamp(a, lo, hi) => Index::Clamp(Box::new(a.substitute(map)), *lo, *hi),
            Index::Wrap(a, n) => Index::Wrap(Box::new(a.substitute(map)), *n),
            Index::Checked(id) => Index::Checked(*id),
        }
    }

    /// The index with dimension `dim` removed from its affine parts (meaningful when
    /// `linear_coefficient(dim)` is `Some`: the rest does not use `dim`).
    pub fn without_dim(&self, dim: usize) -> Index {
        match self {
            Index::Affine(a) => {
                let mut rest = *a;
                rest.coefficients[dim] = 0;
                Index::Affine(rest)
            }
            Index::Add(a, b) => a.without_dim(dim).plus(b.without_dim(dim)),
            Index::Scale(a, factor) => a.without_dim(dim).scale(*factor),
            other => other.clone(),
        }
    }

    /// Whether the index uses dimension `dim` at all.
    pub fn uses_dim(&self, dim: usize) -> bool {
        match self {
            Index::Affine(a) => a.coefficients[dim] != 0,
            Index::Add(a, b) => a.uses_dim(dim) || b.uses_dim(dim),
            Index::Scale(a, _) | Index::Clamp(a, _, _) | Index::Wrap(a, _) => a.uses_dim(dim),
            Index::Checked(_) => false,
        }
    }

    /// The coefficient of `dim` if the index is `c * i_dim + (terms not using dim)`.
    pub fn linear_coefficient(&self, dim: usize) -> Option<i64> {
        match self {
            Index::Affine(a) => Some(a.coefficients[dim]),
            Index::Add(a, b) => Some(a.linear_coefficient(dim)? + b.linear_coefficient(dim)?),
            Index::Scale(a, factor) => Some(a.linear_coefficient(dim)? * factor),
            other if !other.uses_dim(dim) => Some(0),
            _ => None,
        }
    }

    /// The smallest and largest value over the box `0 <= i_d < extents[d]`, with checked
    /// indices in `0..check_extents[id]`. `None` when the box is empty.
    pub fn range(
        &self,
        extents: &[usize],
        check_extents: &dyn Fn(u32) -> Option<usize>,
    ) -> Option<(i64, i64)> {
        if extents.contains(&0) {
            return None;
        }
        let clamp = |x: i128| x.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
        Some(match self {
            Index::Affine(a) => {
                let (mut lo, mut hi) = (a.constant as i128, a.constant as i128);
                for (d, &extent) in extents.iter().enumerate().take(MAX_DIMS) {
                    let span = a.coefficients[d] as i128 * (extent as i128 - 1);
                    if span < 0 {
                        lo += span;
                    } else {
                        hi += span;
                    }
                }
                (clamp(lo), clamp(hi))
            }
            Index::Add(a, b) => {
                let (a_lo, a_hi) = a.range(extents, check_extents)?;
                let (b_lo, b_hi) = b.range(extents, check_extents)?;
                (a_lo.saturating_add(b_lo), a_hi.saturating_add(b_hi))
            }
            Index::Scale(a, factor) => {
                let (lo, hi) = a.range(extents, check_extents)?;
                let (x, y) = (lo.saturating_mul(*factor), hi.saturating_mul(*factor));
                (x.min(y), x.max(y))
            }
            Index::Clamp(a, lo, hi) => {
                // `min(max(x, lo), hi)` as codegen computes it, also when `lo > hi`.
                let (a_lo, a_hi) = a.range(extents, check_extents)?;
                (a_lo.max(*lo).min(*hi), a_hi.max(*lo).min(*hi))
            }
            Index::Wrap(a, n) => {
                let (lo, hi) = a.range(extents, check_extents)?;
                if *n > 0 && lo >= -*n && hi < n.saturating_mul(2) {
                    (0, *n - 1)
                } else {
                    (i64::MIN, i64::MAX)
                }
            }
            Index::Checked(id) => {
                let extent = check_extents(*id)? as i64;
                (0, extent - 1)
            }
        })
    }

    pub fn node_count(&self) -> usize {
        match self {
            Index::Affine(_) | Index::Checked(_) => 1,
            Index::Add(a, b) => 1 + a.node_count() + b.node_count(),
            Index::Scale(a, _) | Index::Clamp(a, _, _) | Index::Wrap(a, _) => 1 + a.node_count(),
        }
    }
}
