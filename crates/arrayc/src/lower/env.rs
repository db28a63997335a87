//! The name environment of lowering: frames of bindings, lookup through a function's
//! frame to the global one, and the release of a frame's buffers when it ends.

use super::value::Value;
use super::{Binding, Failed, Frame, LResult, Lowerer};
use crate::diagnostic::Span;
use std::collections::HashSet;

impl<'a> Lowerer<'a> {
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

    pub(super) fn push_frame(&mut self, function: bool) {
        self.frames.push(Frame {
            function,
            ..Frame::default()
        });
    }

    /// Ends a frame; its buffers become free unless `keep` still reads them.
    pub(super) fn pop_frame(&mut self, keep: Option<&Value>) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let mut kept = HashSet::new();
        if let Some(value) = keep {
            value.for_each_buffer(&mut |buffer| {
                kept.insert(buffer);
            });
        }
        for id in frame.owned {
            if kept.contains(&id) {
                if let Some(parent) = self.frames.last_mut() {
                    parent.owned.push(id);
                }
            } else {
                self.mutable.remove(&id);
                self.free.push(id);
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
