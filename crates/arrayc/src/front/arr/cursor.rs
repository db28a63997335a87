//! The parser's cursor: the token stream (peek, advance, `expect`), error recording, recovery
//! at the next statement, and the nesting bounds. Knows no production.

use super::*;
use crate::diagnostic::ErrorKind;

impl Parser<'_> {
    pub(super) fn peek(&self) -> Token {
        self.tokens[self.position].0
    }

    pub(super) fn peek_span(&self) -> Span {
        self.tokens[self.position].1
    }

    pub(super) fn peek_at(&self, ahead: usize) -> Token {
        let index = (self.position + ahead).min(self.tokens.len() - 1);
        self.tokens[index].0
    }

    pub(super) fn advance(&mut self) -> Span {
        let span = self.peek_span();
        if self.position + 1 < self.tokens.len() {
            self.position += 1;
        }
        span
    }

    pub(super) fn eat(&mut self, token: Token) -> bool {
        if self.peek() == token {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(super) fn error<T>(&mut self, message: String, span: Span) -> PResult<T> {
        self.diagnostics
            .push(Diagnostic::new(ErrorKind::Syntax, message, span));
        Err(Failed)
    }

    pub(super) fn expect(&mut self, token: Token, context: &str) -> PResult<Span> {
        if self.peek() == token {
            return Ok(self.advance());
        }
        let found = self.peek();
        let span = self.problem_span();
        if token == Token::Ident && found.is_keyword() {
            return self.error(
                format!(
                    "{} is a keyword and cannot be used as a name",
                    found.describe()
                ),
                span,
            );
        }
        self.error(
            format!(
                "expected {} {context}, found {}",
                token.describe(),
                found.describe()
            ),
            span,
        )
    }

    /// Where to point when the next token is wrong: at it, or just after the previous
    /// token when the next is a line end (so the caret is not on an empty line).
    pub(super) fn problem_span(&self) -> Span {
        let span = self.peek_span();
        let previous_token = self.tokens[..self.position]
            .iter()
            .rposition(|(token, _)| !matches!(token, Token::Newline | Token::Semicolon));
        if let (true, Some(previous_token)) = (
            matches!(self.peek(), Token::Newline | Token::Eof),
            previous_token,
        ) {
            let previous = self.tokens[previous_token].1;
            let end = (previous.end + 1).min(self.source.len() as u32);
            return Span {
                start: previous.end,
                end,
            };
        }
        span
    }

    /// The label on an opening bracket or brace that is not closed.
    pub(super) fn not_closed(what: &str) -> String {
        format!("the {what} opened here is not closed")
    }

    pub(super) fn unclosed<T>(&mut self, close: Token, open: Span, what: &str) -> PResult<T> {
        let found = self.peek();
        let span = self.problem_span();
        if found == Token::For && close == Token::RBracket {
            return self.list_comprehension(span);
        }

        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                format!(
                    "expected `,` or {}, found {}",
                    close.describe(),
                    found.describe()
                ),
                span,
            )
            .with_label(open, Self::not_closed(what)),
        );
        Err(Failed)
    }

    pub(super) fn too_tall<T>(&mut self, span: Span) -> PResult<T> {
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Limit,
                format!("expression too large: more than {MAX_HEIGHT} operators deep"),
                span,
            )
            .with_note("split it into several `let` statements"),
        );
        Err(Failed)
    }

    pub(super) fn enter(&mut self) -> PResult<()> {
        self.nesting += 1;
        self.depth.nesting = self.depth.nesting.max(self.nesting);
        if self.nesting > MAX_NESTING {
            let span = self.peek_span();
            self.diagnostics.push(Diagnostic::new(
                ErrorKind::Limit,
                format!("too deeply nested: more than {MAX_NESTING} levels of brackets, blocks or prefix operators"),
                span,
            ));
            return Err(Failed);
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.nesting -= 1;
    }

    pub(super) fn skip_separators(&mut self) {
        while matches!(self.peek(), Token::Newline | Token::Semicolon) {
            self.advance();
        }
    }

    pub(super) fn skip_newlines(&mut self) {
        while self.peek() == Token::Newline {
            self.advance();
        }
    }

    /// After an error, skips to the end of the statement (at the same brace depth).
    pub(super) fn recover(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Token::Eof => return,
                Token::Newline | Token::Semicolon if depth == 0 => return,
                Token::RBrace if depth == 0 => return,
                Token::LBrace => depth += 1,
                Token::RBrace => depth -= 1,
                _ => {}
            }
            self.advance();
        }
    }

    pub(super) fn parse_ident(&mut self, context: &str) -> PResult<Ident> {
        let span = self.expect(Token::Ident, context)?;
        Ok(Ident {
            name: self.source_text(span),
            span,
        })
    }

    pub(super) fn source_text(&self, span: Span) -> String {
        self.source
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
            .to_string()
    }
}
