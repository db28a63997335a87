//! Takes the region kernel an assignment is about to emit and the statement list before it;
//! when the statement just before fills the whole `var` with a constant (`var u_next =
//! zeros_like(u)` followed by `u_next[1:-1, 1:-1] = ...`), narrows that fill to the part the
//! region does not overwrite, so the grid is written once, not twice. Knows no syntax.

use super::assign::complement;
use super::Lowerer;
use crate::ir::{self, BufferId, Expr, Index, Kernel, Stmt};

impl Lowerer<'_> {
    /// Called just before emitting the kernel that stores `expr` over the box `region`
    /// (store index `store`) of `home`, whose shape is `whole`.
    pub(super) fn trim_fill_before_region(
        &mut self,
        home: BufferId,
        store: &Index,
        region: &[usize],
        whole: &[usize],
        expr: &Expr,
    ) {
        let mut reads_home = false;
        expr.for_each_load(&mut |buffer, _| reads_home |= buffer == home);
        if reads_home {
            return;
        }
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        let Some(Stmt::Kernel(fill)) = list.last() else {
            return;
        };
        let whole_fill = fill.dst == home
            && fill.reduction.is_none()
            && fill.checks.is_empty()
            && fill.shape == whole
            && fill.store == Index::row_major(whole)
            && fill.expr.as_const().is_some();
        if !whole_fill {
            return;
        }
        let Some(rest) = complement(store, region, whole) else {
            return;
        };
        let Some(fill) = list.pop() else {
            return;
        };
        self.ops = self.ops.saturating_sub(ir::stmt_ops(&fill));
        let Stmt::Kernel(fill) = fill else {
            return;
        };
        for (extents, offset) in rest {
            self.emit(Stmt::Kernel(Kernel {
                dst: home,
                shape: extents,
                store: offset,
                reduction: None,
                checks: Vec::new(),
                expr: fill.expr.clone(),
                span: fill.span,
            }));
        }
    }
}
