//! The name environment of lowering: the value each binding holds, by the checker's
//! `NameId` (lowering resolves no name itself), and the frames that own scratch buffers
//! (released when the frame ends).

use super::value::Value;
use super::{Failed, LResult, Lowerer};
use crate::ast;
use crate::check::NameId;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::ir::BufferId;
use std::collections::HashSet;

pub(super) enum Binding {
    /// A declaration that failed: uses are silent, its diagnostic was already given.
    Poisoned,
    Value(Value),
    Var {
        home: BufferId,
        spare: Option<BufferId>,
        shape: Vec<usize>,
        /// The frame that declared it, which owns its spare buffer.
        frame: usize,
        /// A scalar that only ever holds Python scalars (`var s = 0` then `s += 1`): weak,
        /// as the Python name would be.
        weak: bool,
    },
}

/// The bindings by id, and the frames of scratch buffers, the global one first.
pub(super) struct Env {
    bindings: Vec<Option<Binding>>,
    /// For each open frame, the scratch buffers released when it ends.
    frames: Vec<Vec<BufferId>>,
}

impl Env {
    pub(super) fn new(name_count: usize) -> Env {
        Env {
            bindings: (0..name_count).map(|_| None).collect(),
            frames: vec![Vec::new()],
        }
    }

    fn get(&self, id: NameId) -> Option<&Binding> {
        self.bindings.get(id.0 as usize)?.as_ref()
    }

    fn set(&mut self, id: NameId, binding: Binding) {
        if let Some(slot) = self.bindings.get_mut(id.0 as usize) {
            *slot = Some(binding);
        }
    }

    /// The innermost frame, for a `var` declared now.
    pub(super) fn depth(&self) -> usize {
        self.frames.len().saturating_sub(1)
    }

    /// The current frame owns `buffer`: it is released when the frame ends.
    pub(super) fn own(&mut self, buffer: BufferId) {
        if let Some(frame) = self.frames.last_mut() {
            frame.push(buffer);
        }
    }

    /// Frame `frame` (an enclosing one) owns `buffer` instead of the current frame: it lives
    /// as long as a binding of that frame that reads it.
    pub(super) fn own_in(&mut self, frame: usize, buffer: BufferId) {
        if let Some(current) = self.frames.last_mut() {
            current.retain(|&owned| owned != buffer);
        }
        match self.frames.get_mut(frame) {
            Some(owner) => owner.push(buffer),
            None => self.own(buffer),
        }
    }

    /// Gives the `var` bound to `id` its spare buffer, owned by the frame that declared it
    /// (the spare lives as long as the variable).
    fn give_spare(&mut self, id: NameId, spare: BufferId) {
        let Some(Some(Binding::Var {
            spare: slot, frame, ..
        })) = self.bindings.get_mut(id.0 as usize)
        else {
            return;
        };
        *slot = Some(spare);
        let frame = *frame;
        if let Some(owned) = self.frames.get_mut(frame) {
            owned.push(spare);
        }
    }

    fn push(&mut self) {
        self.frames.push(Vec::new());
    }

    /// Ends the innermost frame and returns the buffers it owned.
    fn pop(&mut self) -> Option<Vec<BufferId>> {
        self.frames.pop()
    }
}

impl<'a> Lowerer<'a> {
    /// The checker's binding for the name at `span`; its absence is a bug, reported as one.
    fn name_id(&mut self, name: &str, span: Span) -> LResult<NameId> {
        match self.checked.names.get(&span) {
            Some(&id) => Ok(id),
            None => {
                self.diagnostics.push(Diagnostic::new(
                    ErrorKind::Internal,
                    format!(
                        "the name `{name}` reached lowering without a resolution from the checker"
                    ),
                    span,
                ));
                Err(Failed)
            }
        }
    }

    /// What the name at `span` is bound to now, if anything.
    pub(super) fn lookup(&self, span: Span) -> Option<&Binding> {
        let id = *self.checked.names.get(&span)?;
        self.env.get(id)
    }

    /// Binds the declared name `name`.
    pub(super) fn bind(&mut self, name: &ast::Ident, binding: Binding) {
        if let Ok(id) = self.name_id(&name.name, name.span) {
            self.env.set(id, binding);
        }
    }

    /// Gives the `var` that `target` names its spare buffer.
    pub(super) fn give_spare(&mut self, target: &ast::Ident, spare: BufferId) -> LResult<()> {
        let id = self.name_id(&target.name, target.span)?;
        self.env.give_spare(id, spare);
        Ok(())
    }

    pub(super) fn push_frame(&mut self) {
        self.env.push();
    }

    /// Ends a frame; its buffers become free unless `keep` still reads them.
    pub(super) fn pop_frame(&mut self, keep: Option<&Value>) {
        self.pop_frame_keeping(keep.map(std::slice::from_ref).unwrap_or_default());
    }

    /// Ends a frame; its buffers become free unless one of `keep` still reads them.
    pub(super) fn pop_frame_keeping(&mut self, keep: &[Value]) {
        let Some(owned) = self.env.pop() else {
            return;
        };
        // Snapshots bound in the frame end with it.
        let depth = self.env.depth();
        self.snapshots.retain(|snapshot| snapshot.frame <= depth);
        let mut kept = HashSet::new();
        for value in keep {
            value.for_each_buffer(&mut |buffer| {
                kept.insert(buffer);
            });
        }
        for id in owned {
            if kept.contains(&id) {
                // The parent frame keeps it alive from now on.
                self.env.own(id);
            } else {
                self.buffers.release(id);
            }
        }
    }

    /// The value of the name at `span`.
    pub(super) fn value_of_name(&mut self, name: &str, span: Span) -> LResult<Value> {
        let id = self.name_id(name, span)?;
        match self.env.get(id) {
            Some(Binding::Value(value)) => Ok(value.clone()),
            Some(Binding::Var { home, weak, .. }) => Ok(Value {
                weak: *weak,
                ..self.load(*home)
            }),
            Some(Binding::Poisoned) => Err(Failed),
            // The checker resolves a name only to a declaration lowered before the use.
            None => {
                self.diagnostics.push(Diagnostic::new(
                    ErrorKind::Internal,
                    format!("the name `{name}` was used before lowering bound it"),
                    span,
                ));
                Err(Failed)
            }
        }
    }
}
