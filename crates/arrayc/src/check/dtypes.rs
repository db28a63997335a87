//! Dtype names (`f32` in `zeros([n], f32)`, an input's dtype, a cast's callee): the
//! supported ones recorded for lowering, NumPy's spellings and unsupported dtypes reported.

use super::*;

impl<'p> Checker<'p> {
    /// A dtype's name (`f32` in `zeros([n], f32)` or `input u: f32[n]`): recorded for
    /// lowering when supported, an error otherwise.
    pub(super) fn dtype_name(&mut self, name: &str, span: Span) {
        match builtins::dtype_spelling(name) {
            Some(numpy) if builtins::dtype_supported(numpy) == Some(name) => {
                self.dtypes.insert(span, numpy);
            }
            Some(numpy) => self.dtype_error(name, numpy, span),
            None => self.error(
                format!("unknown dtype `{name}` (the dtypes are f64, f32, i64 and bool)"),
                span,
            ),
        }
    }

    /// The error for a dtype named in the program (`zeros([n], f32)`, `f32(a)`) that is not
    /// supported, or not spelled as this language spells it.
    pub(super) fn dtype_error(&mut self, name: &str, numpy: &str, span: Span) {
        let (message, note) = builtins::dtype_not_supported(name, numpy);
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics
                .push(Diagnostic::new(ErrorKind::Semantic, message, span).with_note(note));
        }
    }

    /// Whether `arg` (positional or `dtype=`) is a dtype's name that no declaration
    /// shadows: its own diagnostic says dtypes are not supported yet, so the call's arity
    /// and arguments are not reported on top of it.
    pub(super) fn names_dtype(&self, arg: &Expr) -> bool {
        let arg = match &arg.kind {
            ExprKind::Keyword { value, .. } => value,
            _ => arg,
        };
        match &arg.kind {
            ExprKind::Name(name) => builtins::dtype_spelling(name).is_some_and(|numpy| {
                builtins::dtype_supported(numpy) != Some(name.as_str())
                    && self.lookup(name).is_none()
            }),
            _ => false,
        }
    }
}
