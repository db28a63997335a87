//! Takes a kernel's element expression and splits its innermost dimension into pieces on
//! which every wrapped (`roll`) or clamped (`grad`) index along it is affine, so that each
//! piece reads rows with plain vector loads (loop peeling); gives the pieces with the
//! expression rewritten for each. Knows nothing of Cranelift.

use crate::ir::{Expr, Index};

/// The innermost positions `start..end` and the kernel's expression rewritten for them: it
/// computes the same value as the original at every position of the piece.
pub(super) struct Piece {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) expr: Expr,
}

/// The pieces of `0..inner` along dimension `last`, or `None` when no index wraps or clamps
/// along it (nothing to gain) or one does so in a form this does not split (an argument
/// that also moves with another dimension, a nested wrap, a clamp with `lo > hi`).
pub(super) fn inner_pieces(expr: &Expr, last: usize, inner: usize) -> Option<Vec<Piece>> {
    let mut cuts = vec![0, inner as i64];
    let mut splittable = true;
    let mut any = false;
    expr.for_each_index(&mut |index| {
        collect_cuts(index, last, &mut cuts, &mut splittable, &mut any)
    });
    if !splittable || !any {
        return None;
    }
    cuts.retain(|&cut| (0..=inner as i64).contains(&cut));
    cuts.sort_unstable();
    cuts.dedup();
    let pieces = cuts
        .windows(2)
        .map(|window| {
            let start = window[0];
            Piece {
                start: start as usize,
                end: window[1] as usize,
                expr: expr.map_indices(&|index| affine_at(index, last, start)),
            }
        })
        .collect();
    Some(pieces)
}

/// The argument's constant when it is `i_last + c` and uses no other dimension.
fn unit_argument(argument: &Index, last: usize) -> Option<i64> {
    match argument {
        Index::Affine(affine) => {
            let only_last =
                affine
                    .coefficients
                    .iter()
                    .enumerate()
                    .all(|(d, &c)| if d == last { c == 1 } else { c == 0 });
            only_last.then_some(affine.constant)
        }
        Index::Add(..)
        | Index::Scale(..)
        | Index::Clamp(..)
        | Index::Wrap(..)
        | Index::Checked(_) => None,
    }
}

/// Adds the positions where a wrap or clamp along `last` changes branch.
fn collect_cuts(
    index: &Index,
    last: usize,
    cuts: &mut Vec<i64>,
    splittable: &mut bool,
    any: &mut bool,
) {
    match index {
        Index::Affine(_) | Index::Checked(_) => {}
        Index::Add(a, b) => {
            collect_cuts(a, last, cuts, splittable, any);
            collect_cuts(b, last, cuts, splittable, any);
        }
        Index::Scale(a, _) => collect_cuts(a, last, cuts, splittable, any),
        Index::Wrap(a, n) => {
            if !a.uses_dim(last) {
                return;
            }
            match unit_argument(a, last) {
                Some(c) => {
                    *any = true;
                    cuts.extend([-c, n.saturating_sub(c)]);
                }
                None => *splittable = false,
            }
        }
        Index::Clamp(a, lo, hi) => {
            if !a.uses_dim(last) {
                return;
            }
            match unit_argument(a, last) {
                Some(c) if lo <= hi => {
                    *any = true;
                    cuts.extend([lo.saturating_sub(c), hi.saturating_sub(c).saturating_add(1)]);
                }
                _ => *splittable = false,
            }
        }
    }
}

/// `index` with every wrap and clamp along `last` replaced by the affine branch it takes at
/// `i_last = start` (and so on the whole piece that starts there).
fn affine_at(index: &Index, last: usize, start: i64) -> Index {
    match index {
        Index::Affine(_) | Index::Checked(_) => index.clone(),
        Index::Add(a, b) => affine_at(a, last, start).plus(affine_at(b, last, start)),
        Index::Scale(a, factor) => affine_at(a, last, start).scale(*factor),
        Index::Wrap(a, n) => match unit_argument(a, last) {
            Some(c) if a.uses_dim(last) => {
                let x = start + c;
                if x < 0 {
                    (**a).clone().plus(Index::constant(*n))
                } else if x < *n {
                    (**a).clone()
                } else {
                    (**a).clone().plus(Index::constant(-*n))
                }
            }
            _ => index.clone(),
        },
        Index::Clamp(a, lo, hi) => match unit_argument(a, last) {
            Some(c) if a.uses_dim(last) && lo <= hi => {
                let x = start + c;
                if x < *lo {
                    Index::constant(*lo)
                } else if x <= *hi {
                    (**a).clone()
                } else {
                    Index::constant(*hi)
                }
            }
            _ => index.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Affine;

    fn shifted(last: usize, c: i64) -> Index {
        let mut affine = Affine::dim(last);
        affine.constant = c;
        Index::Affine(affine)
    }

    /// Every piece's rewritten index equals the original at each of its positions.
    fn check_equal(index: Index, inner: usize) {
        let expr = Expr::Load {
            buffer: 0,
            offset: index.clone(),
        };
        let pieces = inner_pieces(&expr, 1, inner).expect("splittable");
        assert_eq!(pieces.first().map(|p| p.start), Some(0));
        assert_eq!(pieces.last().map(|p| p.end), Some(inner));
        for piece in &pieces {
            let Expr::Load { offset, .. } = &piece.expr else {
                panic!("a load stays a load")
            };
            assert!(
                offset.linear_coefficient(1).is_some(),
                "{offset:?} moves linearly"
            );
            for i in piece.start..piece.end {
                for row in 0..3 {
                    let at = |index: &Index| eval(index, &[row, i as i64]);
                    assert_eq!(
                        at(offset),
                        at(&index),
                        "position {i} of piece {}..{}",
                        piece.start,
                        piece.end
                    );
                }
            }
        }
    }

    fn eval(index: &Index, point: &[i64]) -> i64 {
        match index {
            Index::Affine(a) => {
                a.constant
                    + point
                        .iter()
                        .enumerate()
                        .map(|(d, &x)| a.coefficients[d] * x)
                        .sum::<i64>()
            }
            Index::Add(a, b) => eval(a, point) + eval(b, point),
            Index::Scale(a, f) => eval(a, point) * f,
            Index::Clamp(a, lo, hi) => eval(a, point).max(*lo).min(*hi),
            Index::Wrap(a, n) => eval(a, point).rem_euclid(*n),
            Index::Checked(_) => unreachable!("no checks here"),
        }
    }

    #[test]
    fn wraps_and_clamps_become_affine_on_each_piece() {
        let n = 7;
        let row = Index::dim(0).scale(n);
        for c in [-(n - 1), -1, 0, 1, n - 1] {
            check_equal(
                row.clone().plus(Index::Wrap(Box::new(shifted(1, c)), n)),
                n as usize,
            );
        }
        for c in [-1, 1, 2] {
            check_equal(Index::Clamp(Box::new(shifted(1, c)), 0, n - 1), n as usize);
        }
        let both = Index::Wrap(Box::new(shifted(1, -1)), n).plus(Index::Clamp(
            Box::new(shifted(1, 1)),
            0,
            n - 1,
        ));
        check_equal(both, n as usize);
    }

    #[test]
    fn the_middle_piece_of_a_roll_is_a_plain_shift() {
        let expr = Expr::Load {
            buffer: 0,
            offset: Index::Wrap(Box::new(shifted(0, -1)), 256),
        };
        let pieces = inner_pieces(&expr, 0, 256).expect("splittable");
        let spans: Vec<(usize, usize)> = pieces.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(spans, vec![(0, 1), (1, 256)]);
        assert_eq!(
            pieces[1].expr,
            Expr::Load {
                buffer: 0,
                offset: shifted(0, -1)
            }
        );
    }

    #[test]
    fn leaves_alone_what_it_cannot_split() {
        let linear = Expr::Load {
            buffer: 0,
            offset: shifted(1, 3),
        };
        assert!(inner_pieces(&linear, 1, 8).is_none());
        let mut mixed = Affine::dim(1);
        mixed.coefficients[0] = 8;
        let mixed = Expr::Load {
            buffer: 0,
            offset: Index::Wrap(Box::new(Index::Affine(mixed)), 64),
        };
        assert!(inner_pieces(&mixed, 1, 8).is_none());
        let row_only = Expr::Load {
            buffer: 0,
            offset: Index::Wrap(Box::new(shifted(0, 1)), 8),
        };
        assert!(inner_pieces(&row_only, 1, 8).is_none());
    }
}
