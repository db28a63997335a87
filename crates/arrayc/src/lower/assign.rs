//! Assignment to a `var`: the whole variable (`u = e`, in place or through its spare
//! buffer), a region or an element (`u[1:-1, 0] = e`: one kernel over the region, writing the
//! variable's buffer in place through the kernel's store index), and a mask (`u[mask] = e`,
//! which is `u = where(mask, e, u)`); each with its compound forms (`+=` ...).
//!
//! The right-hand side is computed completely before any element is stored: when it reads
//! elements of the variable that the region writes at another point, it goes through a
//! scratch buffer first. Knows no syntax beyond the statement's parts.
//!
//! Value semantics without copies: `let pn = p` of a `var` binds `pn` to `p`'s buffer (a
//! `Snapshot`). The next write of `p` goes to `p`'s spare buffer instead — the region, plus
//! a copy of the rest of `p` when only a region changes — and the two swap, after which `pn`
//! reads the spare, which still holds the old values. A NumPy `pn = p.copy()` followed by
//! `p[1:-1, 1:-1] = f(pn)` thus costs one pass, not two.

use super::dtype::{promote, Kind};
use super::value::{broadcast_shapes, canonical, shape_text, strides, Value};
use super::{Binding, Failed, LResult, Lowerer};
use crate::ast::{self, IndexArg};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::{Affine, BufferId, BufferInit, Expr, Index, IndexCheck, Kernel, Stmt};

/// A `let` bound to a `var`'s buffer in place (see the file's header).
pub(super) struct Snapshot {
    name: ast::Ident,
    buffer: BufferId,
    /// What `name` is bound to: the whole buffer, or a view of it (`let up = roll(u, -1, 0)`).
    value: Value,
    /// The frame of the binding: the snapshot ends with it.
    pub(super) frame: usize,
}

impl<'a> Lowerer<'a> {
    /// `let name = value` where `value` is a whole `var`: binds it without a copy and
    /// remembers it, so that the next write of the `var` keeps its old values for `name`.
    pub(super) fn snapshot(&mut self, name: &ast::Ident, value: &Value) -> bool {
        let buffer = match self.whole_buffer(value) {
            Some(buffer) if self.buffers.shape(buffer) == value.shape => buffer,
            Some(_) => return false,
            None => match self.view_of(value) {
                Some(buffer) => buffer,
                None => return false,
            },
        };
        if !self.buffers.is_mutable(buffer) {
            return false;
        }
        self.bind(name, Binding::Value(value.clone()));
        let frame = self.env.depth();
        self.snapshots.push(Snapshot {
            name: name.clone(),
            buffer,
            value: value.clone(),
            frame,
        });
        true
    }

    /// Copies the snapshots of `buffer` (of every buffer when `None`: before a nested
    /// statement list, whose writes could not keep them) into buffers of their own.
    pub(super) fn resolve_snapshots(
        &mut self,
        buffer: Option<BufferId>,
        span: Span,
    ) -> LResult<()> {
        let (resolved, kept): (Vec<Snapshot>, Vec<Snapshot>) = std::mem::take(&mut self.snapshots)
            .into_iter()
            .partition(|snapshot| buffer.is_none_or(|buffer| snapshot.buffer == buffer));
        self.snapshots = kept;
        for snapshot in resolved {
            let copy = self.materialize(snapshot.value, &snapshot.name.name, span)?;
            // The copy lives as long as the binding, which may belong to an enclosing frame
            // (a snapshot resolved inside a call or a loop body).
            if let Some(buffer) = self.whole_buffer(&copy) {
                self.env.own_in(snapshot.frame, buffer);
            }
            self.bind(&snapshot.name, Binding::Value(copy));
        }
        Ok(())
    }

    /// Whether a snapshot reads `buffer`.
    pub(super) fn snapshotted(&self, buffer: BufferId) -> bool {
        self.snapshots
            .iter()
            .any(|snapshot| snapshot.buffer == buffer)
    }

    /// The spare buffer of the `var` `target`, made on first use; snapshots that read it
    /// are copied first, as it is about to be written.
    fn spare_of(
        &mut self,
        target: &ast::Ident,
        spare: Option<BufferId>,
        shape: &[usize],
        span: Span,
    ) -> LResult<BufferId> {
        let spare = match spare {
            Some(spare) => spare,
            None => {
                let dtype = self.var_dtype(target)?;
                let spare =
                    self.new_buffer(shape, dtype, &target.name, BufferInit::Scratch, span)?;
                self.buffers.mark_mutable(spare);
                self.give_spare(target, spare)?;
                spare
            }
        };
        self.resolve_snapshots(Some(spare), span)?;
        Ok(spare)
    }

    /// After `swap home spare`: the snapshots of `home` read the old values, now in `spare`.
    fn move_snapshots(&mut self, home: BufferId, spare: BufferId) {
        let mut moved = Vec::new();
        for snapshot in &mut self.snapshots {
            if snapshot.buffer == home {
                snapshot.buffer = spare;
                snapshot.value = retarget(&snapshot.value, home, spare);
                moved.push((snapshot.name.clone(), snapshot.value.clone()));
            }
        }
        for (name, value) in moved {
            self.bind(&name, Binding::Value(value));
        }
    }

    /// The buffer a value is a plain read of (a view: a `roll`, a transpose, a reshape)
    /// when it has no run-time index checks and as many elements as the buffer: keeping the
    /// buffer's old values then costs at most what a copy of the view would. (A small
    /// slice is cheaper to copy than the rest of a large `var`.)
    fn view_of(&self, value: &Value) -> Option<BufferId> {
        match &value.expr {
            Expr::Load { buffer, .. }
                if value.checks.is_empty()
                    && self.buffers.shape(*buffer).iter().product::<usize>()
                        == value.shape.iter().product::<usize>() =>
            {
                Some(*buffer)
            }
            _ => None,
        }
    }

    pub(super) fn assign(
        &mut self,
        target: &ast::Ident,
        indices: Option<&'a [IndexArg]>,
        op: ast::AssignOp,
        value: &'a ast::Expr,
        span: Span,
    ) -> LResult<()> {
        let (home, spare, shape, weak) = match self.lookup(target.span) {
            Some(Binding::Var {
                home,
                spare,
                shape,
                weak,
                ..
            }) => (*home, *spare, shape.clone(), *weak),
            // Its declaration failed and was reported.
            Some(Binding::Poisoned) => return Err(Failed),
            // The checker accepts assignments to `var`s (and parameters, which a call binds
            // as `var`s when its body assigns them) only.
            Some(Binding::Value(_)) | None => {
                self.diagnostics.push(Diagnostic::new(
                    ErrorKind::Internal,
                    format!(
                        "an assignment to `{}` reached lowering, which is not a `var`",
                        target.name
                    ),
                    target.span,
                ));
                return Err(Failed);
            }
        };
        let compound = op.binary();
        let Some(indices) = indices else {
            self.direct_result = matches!(value.kind, ast::ExprKind::Call { .. });
            let rhs = self.expr(value);
            self.direct_result = false;
            let rhs = rhs?;
            let new_value = match compound {
                None => rhs,
                Some(binary) => {
                    // A Python scalar's `w += 1` is `w = w + 1`: still a Python scalar.
                    let current = Value {
                        weak,
                        ..self.load(home)
                    };
                    let new_value = self.binary(binary, current, rhs, span)?;
                    // An array is updated in place (a scalar's name is rebound, as Python's
                    // immutable scalars are; a NumPy scalar that this widens is refused: the
                    // dtype analysis, which knows no shapes, cannot tell it from an array).
                    if shape.is_empty() {
                        let dtype = self.buffers.get(home).dtype;
                        let got = self.dtype(&new_value);
                        if !weak && got != dtype {
                            let diagnostic = Diagnostic::new(
                                ErrorKind::Semantic,
                                format!(
                                    "`{0}` is a {1} scalar; an in-place operator that makes it {2} is not supported",
                                    target.name,
                                    dtype.numpy_name(),
                                    got.numpy_name()
                                ),
                                span,
                            )
                            .with_note(format!(
                                "write `{0} = {0} <op> ...`: the `var` is then a {1} from its declaration on",
                                target.name,
                                got.numpy_name()
                            ));
                            self.diagnostics.push(diagnostic);
                            return Err(Failed);
                        }
                        new_value
                    } else {
                        self.in_place(target, home, new_value, span)?
                    }
                }
            };
            if new_value.shape != shape {
                return self.error(
                    format!(
                        "`{}` has shape {} but the new value has shape {} (a `var` keeps its shape)",
                        target.name,
                        shape_text(&shape),
                        shape_text(&new_value.shape)
                    ),
                    value.span,
                );
            }
            return self.assign_whole(target, home, spare, new_value, span);
        };
        // One index that is an array is a mask: `u[mask] = e` is `u = where(mask, e, u)`;
        // so is a 0-d bool (`u[1 > 2] += 10` changes nothing, `u[True] = 10` everything),
        // as NumPy's, never the integer 0 or 1.
        let mut first = None;
        if let [IndexArg::Single(index)] = indices {
            let position = self.expr(index)?;
            if !position.shape.is_empty() && self.dtype(&position) != crate::ir::DType::Bool {
                // Not a mask: NumPy scatters to the positions it lists (`u[[0, 0, 2]] = 5`
                // sets two elements), which a `where` over its nonzero elements is not.
                return self.error_with_note(
                    format!(
                        "an index that is an array of {} {}",
                        self.dtype(&position).name(),
                        if self.dtype(&position).is_float() {
                            "cannot select elements: an index array holds integers or bools (NumPy raises IndexError)"
                        } else {
                            "(a scatter, `u[idx] = e`) is not supported yet"
                        }
                    ),
                    index.span,
                    "only a bool mask can select the elements to assign (`u[mask] = e`); write the positions one by one (`u[i] = e` in a loop)",
                );
            }
            if !position.shape.is_empty() || self.dtype(&position) == crate::ir::DType::Bool {
                // `u[m] = f(u[m])`: reads through the same mask stand for the whole arrays.
                let same_mask = (position.shape == shape).then(|| position.clone());
                let mask = self.broadcast_into(position, &shape, target, "the mask", index.span)?;
                let current = self.load(home);
                let rhs = match same_mask {
                    Some(same_mask) => self.with_masked_reads(Some(same_mask), value)?.0,
                    None => self.expr(value)?,
                };
                let elements = match compound {
                    None => rhs,
                    Some(binary) => {
                        let elements = self.binary(binary, current.clone(), rhs, span)?;
                        self.in_place(target, home, elements, span)?
                    }
                };
                let elements =
                    self.broadcast_into(elements, &shape, target, "the value", value.span)?;
                // Stored into the array's own dtype, as NumPy's `a[mask] = value` does.
                let elements = self.cast(elements, self.buffers.get(home).dtype);
                let new_value = self.select(mask, elements, current, span)?;
                return self.assign_whole(target, home, spare, new_value, span);
            }
            first = Some(position);
        }
        let whole = self.load(home);
        let region = self.index_with(whole, indices, span, first)?;
        let Expr::Load { offset: store, .. } = &region.expr else {
            self.internal(span);
            return Err(Failed);
        };
        let store = store.clone();
        let region_shape = region.shape.clone();
        let region_checks = region.checks.clone();
        let rhs = self.expr(value)?;
        let new_value = match compound {
            // NumPy's `a[...] = value` drops the value's leading axes of length 1
            // (`v[0:3] = ones([1, 3])`); an in-place operator does not (NumPy raises).
            None => {
                let mut rhs = rhs;
                while rhs.shape.len() > region_shape.len() && rhs.shape.first() == Some(&1) {
                    let inner = rhs.shape[1..].to_vec();
                    rhs = self.reshape(rhs, inner, span)?;
                }
                rhs
            }
            Some(binary) => {
                let new_value = self.binary(binary, region, rhs, span)?;
                self.in_place(target, home, new_value, span)?
            }
        };
        let new_value =
            self.broadcast_into(new_value, &region_shape, target, "the value", value.span)?;
        // Stored into the array's own dtype, as NumPy's `a[...] = value` does.
        let new_value = self.cast(new_value, self.buffers.get(home).dtype);
        if self.snapshotted(home) {
            if let Some(rest) = complement(&store, &region_shape, &shape) {
                // Write the new region and the rest of the old values to the spare buffer,
                // then swap: the snapshots keep the old values without a copy.
                let spare = self.spare_of(target, spare, &shape, span)?;
                let mut checks = region_checks;
                for check in new_value.checks {
                    if !checks.iter().any(|known| known.id == check.id) {
                        checks.push(check);
                    }
                }
                self.emit(Stmt::Kernel(Kernel {
                    dst: spare,
                    shape: region_shape,
                    store,
                    reduction: None,
                    checks,
                    expr: new_value.expr,
                    span,
                }));
                for (extents, offset) in rest {
                    self.emit(Stmt::Kernel(Kernel {
                        dst: spare,
                        shape: extents,
                        store: offset.clone(),
                        reduction: None,
                        checks: Vec::new(),
                        expr: Expr::Load {
                            buffer: home,
                            offset,
                        },
                        span,
                    }));
                }
                self.emit(Stmt::Swap(home, spare));
                self.move_snapshots(home, spare);
                return Ok(());
            }
            self.resolve_snapshots(Some(home), span)?;
        }
        let new_value = if self.overlaps(home, &store, &region_shape, &region_checks, &new_value) {
            self.materialize(new_value, &target.name, span)?
        } else {
            new_value
        };
        let mut checks = region_checks;
        for check in new_value.checks {
            if !checks.iter().any(|known| known.id == check.id) {
                checks.push(check);
            }
        }
        if checks.is_empty() {
            self.trim_fill_before_region(home, &store, &region_shape, &shape, &new_value.expr);
        }
        self.emit(Stmt::Kernel(Kernel {
            dst: home,
            shape: region_shape,
            store,
            reduction: None,
            checks,
            expr: new_value.expr,
            span,
        }));
        Ok(())
    }

    /// The value of an in-place operator on an array (`a += b`, `a[1:] *= c`), in the
    /// array's own dtype: NumPy's ufunc stores into `a` under the `same_kind` rule, so a
    /// float value for an int64 array is refused as NumPy raises, never truncated or widened.
    fn in_place(
        &mut self,
        target: &ast::Ident,
        home: BufferId,
        value: Value,
        span: Span,
    ) -> LResult<Value> {
        let dtype = self.buffers.get(home).dtype;
        let got = self.dtype(&value);
        if !got.can_cast_same_kind(dtype) {
            let diagnostic = Diagnostic::new(
                ErrorKind::Semantic,
                format!(
                    "an in-place operator cannot store a {} result into the {} array `{}` (NumPy's `same_kind` rule refuses it too)",
                    got.numpy_name(),
                    dtype.numpy_name(),
                    target.name
                ),
                span,
            )
            .with_note(format!(
                "assign `{0} = {0} <op> ...` to make a new {1} array, or convert the value with `astype`",
                target.name,
                got.numpy_name()
            ));
            self.diagnostics.push(diagnostic);
            return Err(Failed);
        }
        Ok(self.cast(value, dtype))
    }

    /// `let (u, v) = e`, `var (u, v) = e`, `u, v = e`: `e` is a call of a function that
    /// returns several values, or a tuple `(a, b)`. Every value is computed before any name
    /// is bound or assigned (`u, v = v, u` swaps).
    pub(super) fn destructure(
        &mut self,
        kind: ast::DestructureKind,
        names: &'a [ast::Ident],
        value: &'a ast::Expr,
        span: Span,
    ) -> LResult<()> {
        let last_in_block = self.last_in_block;
        let values = match &value.kind {
            ast::ExprKind::Tuple(items) => {
                let mut values = Vec::new();
                for item in items {
                    values.push(self.expr(item)?);
                }
                values
            }
            ast::ExprKind::Call { .. } => {
                self.tuple_wanted = true;
                let result = self.expr(value);
                self.tuple_wanted = false;
                result?;
                match self.tuple_values.take() {
                    Some(values) => values,
                    None => {
                        return self.error(
                            "only a function that returns several values can be taken apart",
                            value.span,
                        )
                    }
                }
            }
            _ => {
                return self.error(
                    "only several values can be taken apart: a call of a function that returns them, or `(a, b)`",
                    value.span,
                )
            }
        };
        if values.len() != names.len() {
            return self.error(
                format!("{} names take apart {} values", names.len(), values.len()),
                span,
            );
        }
        match kind {
            ast::DestructureKind::Let => {
                for (name, value) in names.iter().zip(values) {
                    self.bind_let(name, value, span)?;
                }
            }
            ast::DestructureKind::Var => {
                for (name, value) in names.iter().zip(values) {
                    self.bind_var(name, value, span)?;
                }
            }
            ast::DestructureKind::Assign => {
                if let ast::ExprKind::Tuple(items) = &value.kind {
                    if self.assign_by_rotation(names, items, &values, last_in_block, span)? {
                        return Ok(());
                    }
                }
                // A value that reads a `var` is stored first when an earlier assignment of
                // this statement could change that `var` (a target before it, or a `var`
                // it is not sure of).
                let mut earlier_homes = Vec::new();
                let mut stored = Vec::new();
                for (name, value) in names.iter().zip(values) {
                    let mut reads_earlier = false;
                    value.for_each_buffer(&mut |buffer| {
                        reads_earlier |= earlier_homes.contains(&Some(buffer));
                    });
                    let unknown_home = earlier_homes.contains(&None);
                    earlier_homes.push(match self.lookup(name.span) {
                        Some(Binding::Var { home, .. }) => Some(*home),
                        _ => None,
                    });
                    let must_store = reads_earlier || (unknown_home && self.reads_mutable(&value));
                    stored.push(if must_store {
                        self.materialize(value, "tuple", span)?
                    } else {
                        value
                    });
                }
                for (name, value) in names.iter().zip(stored) {
                    self.assign_value(name, value, span)?;
                }
            }
        }
        Ok(())
    }

    /// Assigns a computed value to the whole `var` `target`.
    fn assign_value(&mut self, target: &ast::Ident, value: Value, span: Span) -> LResult<()> {
        let (home, spare, shape) = match self.lookup(target.span) {
            Some(Binding::Var {
                home, spare, shape, ..
            }) => (*home, *spare, shape.clone()),
            Some(Binding::Poisoned) => return Err(Failed),
            Some(Binding::Value(_)) | None => {
                self.internal(target.span);
                return Err(Failed);
            }
        };
        if value.shape != shape {
            return self.error(
                format!(
                    "`{}` has shape {} but the new value has shape {} (a `var` keeps its shape)",
                    target.name,
                    shape_text(&shape),
                    shape_text(&value.shape)
                ),
                target.span,
            );
        }
        self.assign_whole(target, home, spare, value, span)
    }

    /// Broadcasts what is assigned to the shape of the region it goes to; `what` names it in
    /// the diagnostic, which gives both shapes.
    fn broadcast_into(
        &mut self,
        value: Value,
        shape: &[usize],
        target: &ast::Ident,
        what: &str,
        span: Span,
    ) -> LResult<Value> {
        if broadcast_shapes(&value.shape, shape).as_deref() != Some(shape) {
            return self.error(
                format!(
                    "cannot assign to a region of `{}` of shape {}: {what} has shape {}, which does not broadcast to it",
                    target.name,
                    shape_text(shape),
                    shape_text(&value.shape)
                ),
                span,
            );
        }
        self.broadcast_to(value, shape, span)
    }

    /// Whether storing `value` over the region (`store` over `shape`) in place could change
    /// an element of `home` that `value` reads at another point of the region.
    fn overlaps(
        &self,
        home: BufferId,
        store: &Index,
        shape: &[usize],
        checks: &[IndexCheck],
        value: &Value,
    ) -> bool {
        let extent_of = |id: u32| {
            checks
                .iter()
                .chain(&value.checks)
                .find(|check| check.id == id)
                .map(|check| check.extent)
        };
        let Some(written) = store.range(shape, &extent_of) else {
            // An empty region writes nothing.
            return false;
        };
        let mut overlap = false;
        let mut read = |buffer: BufferId, offset: &Index| {
            if buffer != home || offset == store || overlap {
                return;
            }
            let Some((lo, hi)) = offset.range(shape, &extent_of) else {
                return;
            };
            if hi < written.0 || lo > written.1 {
                return;
            }
            overlap = match (store, offset) {
                (Index::Affine(write), Index::Affine(read))
                    if write.coefficients == read.coefficients =>
                {
                    same_element_elsewhere(
                        read.constant - write.constant,
                        &write.coefficients[..shape.len()],
                        shape,
                    )
                }
                _ => true,
            };
        };
        value.expr.for_each_load(&mut read);
        overlap
    }

    /// `u = e` for a whole `var`: written in place when every read of the variable in the
    /// new value is of the element being written; otherwise to a second buffer that then
    /// swaps with the first.
    /// The dtype of the `var` `target`'s buffers.
    fn var_dtype(&mut self, target: &ast::Ident) -> LResult<crate::ir::DType> {
        match self.lookup(target.span) {
            Some(Binding::Var { home, .. }) => Ok(self.buffers.get(*home).dtype),
            _ => {
                self.internal(target.span);
                Err(Failed)
            }
        }
    }

    pub(super) fn assign_whole(
        &mut self,
        target: &ast::Ident,
        home: BufferId,
        spare: Option<BufferId>,
        new_value: Value,
        span: Span,
    ) -> LResult<()> {
        // A `var`'s dtype and weakness were decided before lowering (`dtypes`), from every
        // value assigned to it: a value that does not fit them is a value the analysis
        // missed, refused rather than silently narrowed.
        let dtype = self.buffers.get(home).dtype;
        let weak = matches!(
            self.lookup(target.span),
            Some(Binding::Var { weak: true, .. })
        );
        let new_kind = self.kind(&new_value);
        let promoted = promote(Kind::Strong(dtype), new_kind).dtype();
        if promoted != dtype || (weak && !new_kind.is_weak()) {
            self.diagnostics.push(Diagnostic::new(
                ErrorKind::Internal,
                format!(
                    "the dtype analysis decided that `{}` is a {}{} `var`, but this assigns a {}{} value",
                    target.name,
                    if weak { "Python-scalar " } else { "" },
                    dtype.numpy_name(),
                    if new_kind.is_weak() { "Python-scalar " } else { "" },
                    new_kind.dtype().numpy_name(),
                ),
                span,
            ));
            return Err(Failed);
        }
        let new_value = self.cast(new_value, dtype);
        let shape = new_value.shape.clone();
        let identity = canonical(&shape);
        // A snapshot of the variable keeps the old buffer: the new value goes to the spare.
        let mut in_place = !self.snapshotted(home);
        new_value.expr.for_each_load(&mut |buffer, offset| {
            if buffer == home && *offset != identity {
                in_place = false;
            }
        });
        if in_place {
            self.store(home, new_value, span);
            return Ok(());
        }
        let spare = self.spare_of(target, spare, &shape, span)?;
        self.store(spare, new_value, span);
        self.emit(Stmt::Swap(home, spare));
        self.move_snapshots(home, spare);
        Ok(())
    }
}

/// For a region that is a box of the whole array (unit steps, every axis kept: the store
/// index is the array's C-order offset plus a constant), the boxes of the rest of the array,
/// each as (extents, C-order store index); `None` for any other region.
pub(super) fn complement(
    store: &Index,
    region: &[usize],
    whole: &[usize],
) -> Option<Vec<(Vec<usize>, Index)>> {
    let Index::Affine(affine) = store else {
        return None;
    };
    let strides = strides(whole);
    if region.len() != whole.len()
        || affine.coefficients[..whole.len()] != strides[..]
        || affine.coefficients[whole.len()..].iter().any(|&c| c != 0)
    {
        return None;
    }
    // The region's first index on each axis, from the constant in mixed radix.
    let mut rest = affine.constant;
    let mut first = Vec::new();
    for (&stride, (&extent, &length)) in strides.iter().zip(whole.iter().zip(region)) {
        let start = rest.checked_div(stride)?;
        rest -= start * stride;
        if start < 0 || start as usize + length > extent {
            return None;
        }
        first.push(start as usize);
    }
    if rest != 0 {
        return None;
    }
    let mut boxes = Vec::new();
    for axis in 0..whole.len() {
        for (low, high) in [(0, first[axis]), (first[axis] + region[axis], whole[axis])] {
            if high <= low {
                continue;
            }
            let mut extents = Vec::new();
            let mut offset = 0i64;
            for d in 0..whole.len() {
                let (start, length) = match d.cmp(&axis) {
                    std::cmp::Ordering::Less => (first[d], region[d]),
                    std::cmp::Ordering::Equal => (low, high - low),
                    std::cmp::Ordering::Greater => (0, whole[d]),
                };
                extents.push(length);
                offset += start as i64 * strides[d];
            }
            if extents.contains(&0) {
                continue;
            }
            let mut index = Affine::constant(offset);
            index.coefficients[..whole.len()].copy_from_slice(&strides);
            boxes.push((extents, Index::Affine(index)));
        }
    }
    Some(boxes)
}

/// Whether `difference = sum(coefficients[d] * delta[d])` for some integer `delta[d]` with
/// `|delta[d]| < shape[d]`, not all zero: then two points of the box, a read and a write
/// `difference` elements apart along the same index map, meet on one element. Gives `true`
/// (assume an overlap) when it cannot decide cheaply.
fn same_element_elsewhere(difference: i64, coefficients: &[i64], shape: &[usize]) -> bool {
    if difference == 0 {
        // The same map: each point reads the element it writes.
        return false;
    }
    let mut dims: Vec<(i64, i64)> = coefficients
        .iter()
        .zip(shape)
        .filter(|&(&coefficient, &extent)| coefficient != 0 && extent > 1)
        .map(|(&coefficient, &extent)| (coefficient.abs(), extent as i64 - 1))
        .collect();
    dims.sort_by_key(|&(coefficient, _)| std::cmp::Reverse(coefficient));
    // Search the few candidates per dimension; strides of a C-order region leave at most
    // two for each, so this stays tiny. Anything larger is assumed to overlap.
    fn search(remaining: i64, dims: &[(i64, i64)], budget: &mut u32) -> bool {
        let Some((&(coefficient, max_delta), rest)) = dims.split_first() else {
            return remaining == 0;
        };
        if *budget == 0 {
            return true;
        }
        *budget -= 1;
        let reach: i64 = rest
            .iter()
            .map(|&(c, m)| c.saturating_mul(m))
            .fold(0i64, i64::saturating_add);
        let low = (remaining.saturating_sub(reach))
            .div_euclid(coefficient)
            .max(-max_delta);
        let high = (remaining.saturating_add(reach))
            .div_euclid(coefficient)
            .saturating_add(1)
            .min(max_delta);
        if high.saturating_sub(low) > 64 {
            return true;
        }
        (low..=high).any(|delta| search(remaining - delta * coefficient, rest, budget))
    }
    let mut budget = 4096;
    search(difference, &dims, &mut budget)
}

/// `value` reading `to` wherever it read `from`.
fn retarget(value: &Value, from: BufferId, to: BufferId) -> Value {
    fn expr(e: &Expr, from: BufferId, to: BufferId) -> Expr {
        match e {
            Expr::Load { buffer, offset } => Expr::Load {
                buffer: if *buffer == from { to } else { *buffer },
                offset: offset.clone(),
            },
            Expr::Const(_) | Expr::Slot(_) | Expr::IndexValue(_) => e.clone(),
            Expr::Cast(dtype, a) => Expr::Cast(*dtype, Box::new(expr(a, from, to))),
            Expr::Unary(op, a) => Expr::Unary(*op, Box::new(expr(a, from, to))),
            Expr::Binary(op, a, b) => Expr::Binary(
                *op,
                Box::new(expr(a, from, to)),
                Box::new(expr(b, from, to)),
            ),
            Expr::Select(c, a, b) => Expr::Select(
                Box::new(expr(c, from, to)),
                Box::new(expr(a, from, to)),
                Box::new(expr(b, from, to)),
            ),
        }
    }
    let mut moved = value.clone();
    moved.expr = expr(&value.expr, from, to);
    moved
}
