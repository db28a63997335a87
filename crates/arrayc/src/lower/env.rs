//! The name environment of lowering: frames of bindings, lookup through a function's
//! frame to the global one, and which frame owns each scratch buffer (released when the
//! frame ends). Names were resolved by the checker; this only maps them to values.

use super::value::Value;
use super::{Failed, LResult, Lowerer};
use crate::diagnostic::Span;
use crate::ir::BufferId;
use std::collections::{HashMap, HashSet};

pub(super) enum Binding {
    /// A declaration that failed: uses are silent, its diagnostic was already given.
    Poisoned,
    Value(Value),
    Var {
        home: BufferId,
        spare: Option<BufferId>,
        shape: Vec<usize>,
    },
}

#[derive(Default)]
struct Frame {
    names: HashMap<String, Binding>,
    /// Scratch buffers released when the frame ends.
    owned: Vec<BufferId>,
    /// A function body: names outside it resolve in the global frame only.
    function: bool,
}

/// The frames of names in scope, the global one first.
pub(super) struct Env {
    frames: Vec<Frame>,
}

impl Env {
    pub(super) fn new() -> Env {
        Env {
            frames: vec![Frame::default()],
        }
    }

    pub(super) fn lookup(&self, name: &str) -> Option<&Binding> {
        for frame in self.frames.iter().rev() {
            if let Some(binding) = frame.names.get(name) {
                return Some(binding);
            }
            if frame.function {
                return self
                    .frames
                    .first()
                    .and_then(|global| global.names.get(name));
            }
        }
        None
    }

    pub(super) fn bind(&mut self, name: &str, binding: Binding) {
        if let Some(frame) = self.frames.last_mut() {
            frame.names.insert(name.to_string(), binding);
        }
    }

    /// The current frame owns `buffer`: it is released when the frame ends.
    pub(super) fn own(&mut self, buffer: BufferId) {
        if let Some(frame) = self.frames.last_mut() {
            frame.owned.push(buffer);
        }
    }

    /// Gives the `var` `name` its spare buffer, owned by the frame that declared it (the
    /// spare lives as long as the variable).
    pub(super) fn give_spare(&mut self, name: &str, spare: BufferId) {
        let frame_index = self
            .frames
            .iter()
            .rposition(|frame| frame.names.contains_key(name))
            .unwrap_or(0);
        let frame = &mut self.frames[frame_index];
        frame.owned.push(spare);
        if let Some(Binding::Var { spare: slot, .. }) = frame.names.get_mut(name) {
            *slot = Some(spare);
        }
    }

    fn push(&mut self, function: bool) {
        self.frames.push(Frame {
            function,
            ..Frame::default()
        });
    }

    /// Ends the innermost frame and returns the buffers it owned.
    fn pop(&mut self) -> Option<Vec<BufferId>> {
        self.frames.pop().map(|frame| frame.owned)
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn lookup(&self, name: &str) -> Option<&Binding> {
        self.env.lookup(name)
    }

    pub(super) fn bind(&mut self, name: &str, binding: Binding) {
        self.env.bind(name, binding);
    }

    pub(super) fn push_frame(&mut self, function: bool) {
        self.env.push(function);
    }

    /// Ends a frame; its buffers become free unless `keep` still reads them.
    pub(super) fn pop_frame(&mut self, keep: Option<&Value>) {
        let Some(owned) = self.env.pop() else {
            return;
        };
        let mut kept = HashSet::new();
        if let Some(value) = keep {
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

    pub(super) fn value_of_name(&mut self, name: &str, span: Span) -> LResult<Value> {
        if let Some(value) = self.params.get(name) {
            // A local binding may shadow a param; look there first.
            if self.lookup(name).is_none() {
                return Ok(Value::scalar(*value));
            }
        }
        match self.lookup(name) {
            Some(Binding::Value(value)) => Ok(value.clone()),
            Some(Binding::Var { home, .. }) => Ok(self.load(*home)),
            Some(Binding::Poisoned) => Err(Failed),
            None => self.error(format!("unknown name `{name}`"), span),
        }
    }
}
