//! Diagnostics for Python and NumPy spellings that arrayc writes otherwise: `def`,
//! `import`, `elif`, `and`/`or`/`not`, `range(...)`, list comprehensions, `np.` and the
//! methods and attributes (`.copy()`, `.T`, `.shape` ...). Each names the arrayc way; the
//! productions call them where the spelling is found and then recover.

use super::*;
use crate::diagnostic::ErrorKind;

impl Parser<'_> {
    /// Python's `and`, `or` and `not` after an operand (where a name can never follow),
    /// or `not` before one: a diagnostic naming the arrayc operator.
    pub(super) fn python_word_operator(&mut self) -> PResult<()> {
        if self.peek() != Token::Ident {
            return Ok(());
        }
        let span = self.peek_span();
        let operator = match self.source_text(span).as_str() {
            "and" => "`&&` (or `&`)",
            "or" => "`||` (or `|`)",
            "not" => "`!` (or `~`)",
            _ => return Ok(()),
        };
        let word = self.source_text(span);
        self.error(
            format!("arrayc has no `{word}`: the operator is {operator}"),
            span,
        )
    }

    /// `expr.name`: Python's attributes and methods, which arrayc spells as functions.
    pub(super) fn attribute<T>(&mut self, base: &Expr) -> PResult<T> {
        let dot = self.advance();
        let attribute = if self.peek() == Token::Ident {
            let span = self.advance();
            Some((self.source_text(span), span))
        } else {
            None
        };
        let called = self.peek() == Token::LParen;
        let with_arguments = called && self.peek_at(1) != Token::RParen;
        let base_text = self.source_text(base.span);
        let span = attribute
            .as_ref()
            .map_or(dot, |(_, name)| base.span.to(*name));
        let (message, note) = match (&base.kind, attribute.as_ref().map(|(n, _)| n.as_str())) {
            (ExprKind::Name(module), Some(name)) if module == "np" || module == "numpy" => (
                format!("there is no `{module}.` in arrayc: builtins are called by their name"),
                match name {
                    "linalg" if self.peek() == Token::Dot => {
                        "arrayc has no modules: `norm(x)` is `sqrt(sum(x ** 2))`".to_string()
                    }
                    _ if self.peek() == Token::Dot => {
                        format!("arrayc has no modules (`{module}.{name}.`): call the builtin by its own name")
                    }
                    "newaxis" => "write `None` in the index: `a[None, :]`".to_string(),
                    "inf" | "nan" => {
                        format!("write `1 / 0` for inf and `0 / 0` for nan, not `{module}.{name}`")
                    }
                    _ if called => format!("write `{name}(...)`"),
                    _ => format!("write `{name}`"),
                },
            ),
            (ExprKind::Name(module), Some(name)) if module == "linalg" || module == "random" => (
                format!("arrayc has no modules (`{module}.{name}`)"),
                match name {
                    "norm" => "`norm(x)` is `sqrt(sum(x ** 2))`".to_string(),
                    _ if module == "random" => {
                        "`rand(shape, seed)` gives deterministic uniform numbers (not NumPy's generator)"
                            .to_string()
                    }
                    _ => format!("call the builtin by its own name, `{name}`, where there is one"),
                },
            ),
            (_, Some("T")) => (
                "there are no methods or attributes in arrayc (`.T`)".to_string(),
                format!("write `transpose({base_text})`"),
            ),
            (_, Some("copy")) => (
                "arrays are values in arrayc: there is no `.copy()`".to_string(),
                format!("`let v = {base_text}` is already a copy (or write `copy({base_text})`)"),
            ),
            (_, Some(name @ ("size" | "ndim"))) => (
                format!("there is no `.{name}`: every shape is static and known where the array is made"),
                "use the params that gave the array its shape (e.g. `param nx = 64`)".to_string(),
            ),
            (_, Some(name @ ("flatten" | "ravel"))) => (
                format!("there are no methods in arrayc (`.{name}`)"),
                format!("write `reshape({base_text}, [n])` with the number of elements n"),
            ),
            (_, Some("astype")) => (
                "there are no methods or attributes in arrayc (`.astype`)".to_string(),
                format!(
                    "write `astype({base_text}, f32)` or `f32({base_text})` (the dtypes are f64, f32, i64 and bool)"
                ),
            ),
            (_, Some("dtype")) => (
                "there are no methods or attributes in arrayc (`.dtype`)".to_string(),
                "every dtype is static and known where the value is made (f64, f32, i64 or bool)"
                    .to_string(),
            ),
            (_, Some("shape")) => (
                "there is no `.shape`: every shape is static and known where the array is made"
                    .to_string(),
                "use the params that gave the array its shape (e.g. `param nx = 64`)".to_string(),
            ),
            (_, Some(name)) => (
                format!("there are no methods or attributes in arrayc (`.{name}`)"),
                if with_arguments {
                    format!("call the function instead: `{name}({base_text}, ...)`")
                } else {
                    format!("call the function instead: `{name}({base_text})`")
                },
            ),
            (_, None) => (
                "unexpected `.`".to_string(),
                "numbers are written `0.5`, `.5` or `5.`; there are no attributes".to_string(),
            ),
        };
        self.diagnostics
            .push(Diagnostic::new(ErrorKind::Syntax, message, span).with_note(note));
        Err(Failed)
    }

    /// Python's `def`.
    pub(super) fn python_def<T>(&mut self) -> PResult<T> {
        let span = self.advance();
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                "arrayc has no `def`: a function is written with `fn`",
                span,
            )
            .with_note("`fn name(a, b) { ...; value }` or `fn name(a, b) = value`"),
        );
        Err(Failed)
    }

    /// Python's `import numpy as np` and `from numpy import ...`.
    pub(super) fn python_import<T>(&mut self) -> PResult<T> {
        let span = self.advance();
        let word = self.source_text(span);
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                format!("arrayc has no `{word}`: the builtins need no module"),
                span,
            )
            .with_note("delete the line, and `np.` before the builtins' names"),
        );
        Err(Failed)
    }

    /// Python's `elif`.
    pub(super) fn python_elif<T>(&mut self) -> PResult<T> {
        let span = self.advance();
        self.error("arrayc has no `elif`: write `else if`".to_string(), span)
    }

    /// Python's `if c:` and `for i in ...:`, a block after a colon.
    pub(super) fn python_colon_block<T>(&mut self) -> PResult<T> {
        let span = self.peek_span();
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                "a block is written in braces, not after a `:`",
                span,
            )
            .with_note("write `{` here and close the block with `}`"),
        );
        Err(Failed)
    }

    /// Python's `for i in range(n)`: the call's arguments and span.
    pub(super) fn python_range<T>(&mut self, args: &[Expr], span: Span) -> PResult<T> {
        let bounds = match args {
            [end] => format!("0..{}", self.source_text(end.span)),
            [first, end, ..] => format!(
                "{}..{}",
                self.source_text(first.span),
                self.source_text(end.span)
            ),
            [] => "0..n".to_string(),
        };
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                "arrayc has no `range(...)`: a scope runs over `start..end`",
                span,
            )
            .with_note(format!("write `{bounds}`")),
        );
        Err(Failed)
    }

    /// NumPy's `Z[1:-1, 1:-1][mask] = v`: an index list on an indexed name, assigned.
    pub(super) fn numpy_masked_region<T>(&mut self, span: Span) -> PResult<T> {
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                "only a name or one index list on a name (`u[i, 1:]`) can be assigned to"
                    .to_string(),
                span,
            )
            .with_note(
                "write one index list; for a mask on a region, `u[r] = where(mask, v, u[r])` is NumPy's `u[r][mask] = v`",
            ),
        );
        Err(Failed)
    }

    /// Python's `[f(x0) for x0 in x]`, found where a list expected `,` or `]`.
    pub(super) fn list_comprehension<T>(&mut self, span: Span) -> PResult<T> {
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                "arrayc has no list comprehensions (`[... for x0 in x]`)".to_string(),
                span,
            )
            .with_note(
                "operators and functions apply elementwise: write `f(x)` for `[f(x0) for x0 in x]`",
            ),
        );
        Err(Failed)
    }
}
