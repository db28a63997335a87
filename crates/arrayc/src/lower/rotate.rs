//! Tuple assignment of whole `var`s by renaming buffers: `u_prev, u = u, u_next` takes the
//! values' buffers through `swap` statements (pointer exchanges in the run-time buffer table)
//! instead of storing every value into a temporary and then into its target (four passes
//! over the grid). Takes the statement's targets, its values and their syntax; emits swaps
//! and the stores that remain. Knows no other statement.

use super::env::Binding;
use super::value::Value;
use super::{LResult, Lowerer};
use crate::ast;
use crate::diagnostic::Span;
use crate::ir::{BufferId, Stmt};
use std::collections::HashMap;

/// Where a target's new value comes from.
enum Source {
    /// The whole buffer of a `var` that is itself a target (or another target's).
    Target(BufferId),
    /// The whole buffer of a `var` that ends with this statement (declared in the block the
    /// statement ends): its buffer can be given away.
    Dying(BufferId),
    /// Anything else that reads no target: stored after the swaps.
    Stored(Value),
}

impl<'a> Lowerer<'a> {
    /// `a, b, ... = x, y, ...` (a tuple of values, every target a whole `var`) done by swaps
    /// where a value is a whole `var` that is a target or dies here, and a store for the
    /// others. `Ok(false)`, having emitted nothing, when the statement has another form (the
    /// caller then stores every value first, as before); `last_in_block` says whether the
    /// statement is the last of its block.
    pub(super) fn assign_by_rotation(
        &mut self,
        names: &[ast::Ident],
        items: &'a [ast::Expr],
        values: &[Value],
        last_in_block: bool,
        span: Span,
    ) -> LResult<bool> {
        if names.len() != values.len() || items.len() != values.len() {
            return Ok(false);
        }
        let mut homes = Vec::new();
        for name in names {
            match self.lookup(name.span) {
                Some(Binding::Var { home, shape, .. }) => homes.push((*home, shape.clone())),
                Some(Binding::Value(_) | Binding::Poisoned) | None => return Ok(false),
            }
        }
        let home_ids: Vec<BufferId> = homes.iter().map(|(home, _)| *home).collect();
        let distinct = |ids: &[BufferId]| {
            let mut sorted = ids.to_vec();
            sorted.sort_unstable();
            sorted.windows(2).all(|pair| pair[0] != pair[1])
        };
        if !distinct(&home_ids) {
            return Ok(false);
        }
        let depth = self.env.depth();
        let mut sources = Vec::new();
        for (k, value) in values.iter().enumerate() {
            if value.shape != homes[k].1 {
                return Ok(false);
            }
            // A swap exchanges buffers of one shape and dtype (a reshaped `var` is stored
            // instead, and so is one of another dtype: its values are converted).
            let home_dtype = self.buffers.get(homes[k].0).dtype;
            let whole = self.whole_buffer(value).filter(|&buffer| {
                self.buffers.is_mutable(buffer)
                    && self.buffers.shape(buffer) == homes[k].1
                    && self.buffers.get(buffer).dtype == home_dtype
            });
            let read_elsewhere = |buffer: BufferId| {
                values.iter().enumerate().any(|(j, other)| {
                    let mut reads = false;
                    other.for_each_buffer(&mut |b| reads |= b == buffer);
                    j != k && reads
                })
            };
            let source = match whole {
                Some(buffer) if home_ids.contains(&buffer) => Source::Target(buffer),
                Some(buffer)
                    if last_in_block
                        && depth > 0
                        && self.declared_here(&items[k], buffer, depth)
                        && !self.program.outputs.iter().any(|o| o.buffer == buffer)
                        && !read_elsewhere(buffer) =>
                {
                    Source::Dying(buffer)
                }
                _ => {
                    let mut reads_target = false;
                    value.for_each_buffer(&mut |b| reads_target |= home_ids.contains(&b));
                    if reads_target {
                        return Ok(false);
                    }
                    Source::Stored(value.clone())
                }
            };
            sources.push(source);
        }
        let renamed: Vec<BufferId> = sources
            .iter()
            .filter_map(|source| match source {
                Source::Target(buffer) | Source::Dying(buffer) => Some(*buffer),
                Source::Stored(_) => None,
            })
            .collect();
        if renamed.is_empty() || !distinct(&renamed) {
            return Ok(false);
        }
        // A snapshot (`let pn = p`) reads a buffer by its name: keep the plain path.
        if home_ids
            .iter()
            .chain(&renamed)
            .any(|&buffer| self.snapshotted(buffer))
        {
            return Ok(false);
        }
        // `holder[c]`: the buffer name that now holds the values buffer `c` had before the
        // statement; `held[b]`: whose old values name `b` holds.
        let mut holder: HashMap<BufferId, BufferId> = HashMap::new();
        let mut held: HashMap<BufferId, BufferId> = HashMap::new();
        for (home, source) in home_ids.iter().zip(&sources) {
            let (Source::Target(original) | Source::Dying(original)) = source else {
                continue;
            };
            let current = *holder.get(original).unwrap_or(original);
            if current == *home {
                continue;
            }
            self.emit(Stmt::Swap(*home, current));
            let in_home = *held.get(home).unwrap_or(home);
            holder.insert(*original, *home);
            holder.insert(in_home, current);
            held.insert(*home, *original);
            held.insert(current, in_home);
        }
        for (home, source) in home_ids.iter().zip(sources) {
            if let Source::Stored(value) = source {
                self.store(*home, value, span);
            }
        }
        Ok(true)
    }

    /// Whether `item` names a `var` whose home is `buffer`, declared in the current frame.
    fn declared_here(&self, item: &ast::Expr, buffer: BufferId, depth: usize) -> bool {
        matches!(item.kind, ast::ExprKind::Name(_))
            && matches!(
                self.lookup(item.span),
                Some(Binding::Var { home, frame, .. }) if *home == buffer && *frame == depth
            )
    }
}
