//! Lexer: source text to tokens with byte spans (logos), with newlines kept only where they end a statement.
//!
//! It knows nothing of the grammar beyond which tokens continue a line.

use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use logos::Logos;

#[derive(Logos, Debug, Clone, Copy, PartialEq)]
#[logos(skip r"[ \t\r\f]+")]
#[logos(skip(r"#[^\n]*", allow_greedy = true))]
pub enum Token {
    #[token("param")]
    Param,
    #[token("input")]
    Input,
    #[token("let")]
    Let,
    #[token("var")]
    Var,
    #[token("out")]
    Out,
    #[token("print")]
    Print,
    #[token("fn")]
    Fn,
    #[token("for")]
    For,
    #[token("loop")]
    Loop,
    #[token("in")]
    In,
    #[token("unroll")]
    Unroll,
    #[token("if")]
    If,
    #[token("else")]
    Else,
    #[token("return")]
    Return,
    #[token("while")]
    While,
    #[token("break")]
    Break,
    #[token("continue")]
    Continue,
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*")]
    Ident,
    #[token("True")]
    True,
    #[token("False")]
    False,
    #[token("None")]
    None,
    /// Python's `def`, lexed so the parser can say how arrayc spells it.
    #[token("def")]
    Def,
    // `5.` (no digits after the point) is a `Number` then a `Dot`, merged by `lex`: a
    // lexer rule for it would also take the `0.` of the range `0..n`.
    #[regex(r"[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?")]
    #[regex(r"\.[0-9][0-9_]*([eE][+-]?[0-9]+)?")]
    Number,
    /// A double-quoted string: only keyword arguments such as `mode="edge"` take one.
    #[regex(r#""[^"\n]*""#)]
    Str,
    #[token("\n")]
    Newline,
    #[token(";")]
    Semicolon,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    #[token("..")]
    DotDot,
    #[token("...")]
    Ellipsis,
    /// A `.` that is not part of a number, `..` or `...`: Python's attribute access.
    #[token(".")]
    Dot,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("=")]
    Assign,
    #[token("+=")]
    PlusAssign,
    #[token("-=")]
    MinusAssign,
    #[token("*=")]
    StarAssign,
    #[token("/=")]
    SlashAssign,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("^")]
    #[token("**")]
    Caret,
    #[token("//")]
    SlashSlash,
    #[token("@")]
    At,
    #[token("&")]
    Amp,
    #[token("|")]
    Pipe,
    #[token("~")]
    Tilde,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<")]
    Less,
    #[token("<=")]
    LessEq,
    #[token(">")]
    Greater,
    #[token(">=")]
    GreaterEq,
    #[token("&&")]
    AndAnd,
    #[token("||")]
    OrOr,
    #[token("!")]
    Bang,
    /// A malformed number such as `1.2.3`, reported by `lex`.
    #[regex(r"[0-9]+\.[0-9]+\.[0-9.]*")]
    #[regex(r"[0-9][0-9_]*(\.[0-9][0-9_]*)?[eE][+-]?")]
    BadNumber,
    /// End of input; the parser relies on exactly one at the end.
    Eof,
}

impl Token {
    pub fn is_keyword(self) -> bool {
        use Token::*;
        matches!(
            self,
            Param
                | Input
                | Let
                | Var
                | Out
                | Print
                | Fn
                | For
                | Loop
                | In
                | Unroll
                | If
                | Else
                | Return
                | While
                | Break
                | Continue
                | True
                | False
                | None
                | Def
        )
    }

    /// How the token is named in "expected ..." messages.
    pub fn describe(self) -> &'static str {
        use Token::*;
        match self {
            Param => "`param`",
            Input => "`input`",
            Let => "`let`",
            Var => "`var`",
            Out => "`out`",
            Print => "`print`",
            Fn => "`fn`",
            For => "`for`",
            Loop => "`loop`",
            In => "`in`",
            Unroll => "`unroll`",
            If => "`if`",
            Else => "`else`",
            Return => "`return`",
            True => "`True`",
            False => "`False`",
            None => "`None`",
            Def => "`def`",
            While => "`while`",
            Break => "`break`",
            Continue => "`continue`",
            Ident => "a name",
            Number => "a number",
            Str => "a string",
            Ellipsis => "`...`",
            Dot => "`.`",
            SlashSlash => "`//`",
            At => "`@`",
            Amp => "`&`",
            Pipe => "`|`",
            Tilde => "`~`",
            Newline => "a newline",
            Semicolon => "`;`",
            Comma => "`,`",
            Colon => "`:`",
            DotDot => "`..`",
            LParen => "`(`",
            RParen => "`)`",
            LBracket => "`[`",
            RBracket => "`]`",
            LBrace => "`{`",
            RBrace => "`}`",
            Assign => "`=`",
            PlusAssign => "`+=`",
            MinusAssign => "`-=`",
            StarAssign => "`*=`",
            SlashAssign => "`/=`",
            Plus => "`+`",
            Minus => "`-`",
            Star => "`*`",
            Slash => "`/`",
            Percent => "`%`",
            Caret => "`^`",
            EqEq => "`==`",
            NotEq => "`!=`",
            Less => "`<`",
            LessEq => "`<=`",
            Greater => "`>`",
            GreaterEq => "`>=`",
            AndAnd => "`&&`",
            OrOr => "`||`",
            Bang => "`!`",
            Eof => "the end of the file",
            BadNumber => "a malformed number",
        }
    }

    /// A binary operator or comma at the end of a line continues the statement.
    pub fn continues_line(self) -> bool {
        use Token::*;
        matches!(
            self,
            Comma
                | Assign
                | PlusAssign
                | MinusAssign
                | StarAssign
                | SlashAssign
                | Plus
                | Minus
                | Star
                | Slash
                | Percent
                | Caret
                | SlashSlash
                | At
                | Amp
                | Pipe
                | EqEq
                | NotEq
                | Less
                | LessEq
                | Greater
                | GreaterEq
                | AndAnd
                | OrOr
                | DotDot
                | Colon
        )
    }
}

/// Splits the source into tokens. Newlines inside `(` or `[` and newlines after an
/// operator or comma are dropped, so the parser sees only statement-ending ones.
pub fn lex(source: &str) -> (Vec<(Token, Span)>, Vec<Diagnostic>) {
    let mut tokens: Vec<(Token, Span)> = Vec::new();
    let mut diagnostics = Vec::new();
    // Only the kinds of the open brackets matter: `(` and `[` swallow newlines, `{` does not.
    let mut open = Vec::new();
    let mut lexer = Token::lexer(source);
    while let Some(result) = lexer.next() {
        let range = lexer.span();
        let span = Span::new(range.start, range.end);
        let token = match result {
            Ok(Token::BadNumber) => {
                diagnostics.push(Diagnostic::new(
                    ErrorKind::Syntax,
                    format!("`{}` is not a number", &source[range]),
                    span,
                ));
                continue;
            }
            Ok(token) => token,
            Err(()) => {
                let text = &source[range];
                let mut diagnostic = Diagnostic::new(
                    ErrorKind::Syntax,
                    format!("unexpected character `{}`", text.escape_debug()),
                    span,
                );
                if text.chars().any(|c| c.is_alphabetic()) {
                    diagnostic = diagnostic.with_note("names use ASCII letters, digits and `_`");
                }
                diagnostics.push(diagnostic);
                continue;
            }
        };
        match token {
            Token::LParen | Token::LBracket | Token::LBrace => open.push(token),
            Token::RParen | Token::RBracket | Token::RBrace => {
                open.pop();
            }
            // `5.`: a number and the point right after it are one number.
            Token::Dot => {
                if let Some((Token::Number, last)) = tokens.last_mut() {
                    let text = &source[last.start as usize..last.end as usize];
                    if last.end == span.start && !text.contains(['.', 'e', 'E']) {
                        last.end = span.end;
                        continue;
                    }
                }
            }
            Token::Newline => {
                let inside_group = matches!(open.last(), Some(Token::LParen | Token::LBracket));
                let after_operator = tokens
                    .last()
                    .is_some_and(|(last, _): &(Token, Span)| last.continues_line());
                if inside_group || after_operator {
                    continue;
                }
            }
            _ => {}
        }
        tokens.push((token, span));
    }
    tokens.push((Token::Eof, Span::new(source.len(), source.len())));
    (tokens, diagnostics)
}
