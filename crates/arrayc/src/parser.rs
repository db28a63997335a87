//! Parser: tokens to the syntax tree by recursive descent, one `parse_*` function per
//! production of `grammar/arrayc.ebnf`.
//!
//! Nesting is bounded (`MAX_NESTING` open constructs, `MAX_HEIGHT` levels of expression
//! tree), so no input can overflow the stack here or in the stages that walk the tree.

use crate::ast::*;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::lexer::{lex, Token};

/// Open parentheses, brackets, blocks and prefix operators allowed inside each other.
pub const MAX_NESTING: u32 = 200;
/// The height of an expression tree: a chain `a + b + c ...` is as high as it is long.
pub const MAX_HEIGHT: u32 = 10_000;
/// Parsing stops after this many errors; the rest would mostly be echoes of the first.
const MAX_ERRORS: usize = 20;

/// Parses a whole program, collecting every syntax error it can recover from.
pub fn parse(source: &str) -> (Program, Vec<Diagnostic>) {
    let (program, diagnostics, _) = parse_measured(source);
    (program, diagnostics)
}

/// How deep the parsed program goes: what later stages' recursion depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    /// The tallest expression tree.
    pub height: u32,
    /// The most brackets, blocks and prefix operators open at once.
    pub nesting: u32,
}

/// `parse`, also measuring the program's depth.
pub fn parse_measured(source: &str) -> (Program, Vec<Diagnostic>, Depth) {
    let (tokens, mut diagnostics) = lex(source);
    let mut parser = Parser {
        source,
        tokens,
        position: 0,
        nesting: 0,
        list_height: 0,
        depth: Depth::default(),
        diagnostics: Vec::new(),
    };
    let program = parser.parse_program();
    // Parse errors after a bad character are mostly its echoes: report the lexer's alone.
    if diagnostics.is_empty() {
        diagnostics.append(&mut parser.diagnostics);
    }
    diagnostics.truncate(MAX_ERRORS);
    (program, diagnostics, parser.depth)
}

/// An error was recorded; the caller recovers at the next statement.
struct Failed;

type PResult<T> = Result<T, Failed>;

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<(Token, Span)>,
    position: usize,
    nesting: u32,
    /// The height of the tallest item in the list or index being parsed.
    list_height: u32,
    depth: Depth,
    diagnostics: Vec<Diagnostic>,
}

/// An expression with the height of its tree.
type Tall = (Expr, u32);

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.tokens[self.position].0
    }

    fn peek_span(&self) -> Span {
        self.tokens[self.position].1
    }

    fn peek_at(&self, ahead: usize) -> Token {
        let index = (self.position + ahead).min(self.tokens.len() - 1);
        self.tokens[index].0
    }

    fn advance(&mut self) -> Span {
        let span = self.peek_span();
        if self.position + 1 < self.tokens.len() {
            self.position += 1;
        }
        span
    }

    fn eat(&mut self, token: Token) -> bool {
        if self.peek() == token {
            self.advance();
            true
        } else {
            false
        }
    }

    fn error<T>(&mut self, message: String, span: Span) -> PResult<T> {
        self.diagnostics
            .push(Diagnostic::new(ErrorKind::Syntax, message, span));
        Err(Failed)
    }

    fn expect(&mut self, token: Token, context: &str) -> PResult<Span> {
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
    fn problem_span(&self) -> Span {
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

    /// A note pointing at an unclosed opening bracket.
    fn opened_at(&self, open: Span, what: &str) -> String {
        let (line, line_start) = crate::diagnostic::line_of(self.source, open.start as usize);
        let column = self.source[line_start..open.start as usize].chars().count() + 1;
        format!("the {what} opened at line {line}, column {column} is not closed")
    }

    fn unclosed<T>(&mut self, close: Token, open: Span, what: &str) -> PResult<T> {
        let found = self.peek();
        let span = self.problem_span();
        if found == Token::For && close == Token::RBracket {
            // Python's `[f(x0) for x0 in x]`.
            self.diagnostics.push(
                Diagnostic::new(
                    ErrorKind::Syntax,
                    "arrayc has no list comprehensions (`[... for x0 in x]`)".to_string(),
                    span,
                )
                .with_note("operators and functions apply elementwise: write `f(x)` for `[f(x0) for x0 in x]`"),
            );
            return Err(Failed);
        }
        let note = self.opened_at(open, what);
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
            .with_note(note),
        );
        Err(Failed)
    }

    fn too_tall<T>(&mut self, span: Span) -> PResult<T> {
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

    fn enter(&mut self) -> PResult<()> {
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

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    fn skip_separators(&mut self) {
        while matches!(self.peek(), Token::Newline | Token::Semicolon) {
            self.advance();
        }
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Token::Newline {
            self.advance();
        }
    }

    /// After an error, skips to the end of the statement (at the same brace depth).
    fn recover(&mut self) {
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

    // program = { statement } ;
    fn parse_program(&mut self) -> Program {
        let mut statements = Vec::new();
        self.skip_separators();
        while self.peek() != Token::Eof {
            if self.diagnostics.len() >= MAX_ERRORS {
                break;
            }
            if self.peek() == Token::RBrace {
                let span = self.advance();
                let _: PResult<()> = self.error("unmatched `}`".to_string(), span);
                self.skip_separators();
                continue;
            }
            match self.parse_statement() {
                Ok(statement) => statements.push(statement),
                Err(Failed) => self.recover(),
            }
            self.end_of_statement();
        }
        Program { statements }
    }

    fn end_of_statement(&mut self) {
        match self.peek() {
            Token::Newline | Token::Semicolon => self.skip_separators(),
            Token::Eof | Token::RBrace => {}
            found => {
                let span = self.peek_span();
                let _: PResult<()> = self.error(
                    format!(
                        "expected the end of the statement, found {}",
                        found.describe()
                    ),
                    span,
                );
                self.recover();
                self.skip_separators();
            }
        }
    }

    // block = "{" { statement } "}" ;
    fn parse_block(&mut self) -> PResult<Block> {
        if self.peek() == Token::Colon {
            let span = self.peek_span();
            self.diagnostics.push(
                Diagnostic::new(
                    ErrorKind::Syntax,
                    "a block is written in braces, not after a `:`",
                    span,
                )
                .with_note("write `{` here and close the block with `}`"),
            );
            return Err(Failed);
        }
        self.skip_newlines();
        let open = self.expect(Token::LBrace, "to open a block")?;
        self.enter()?;
        let mut statements = Vec::new();
        self.skip_separators();
        while !matches!(self.peek(), Token::RBrace | Token::Eof) {
            if self.diagnostics.len() >= MAX_ERRORS {
                break;
            }
            match self.parse_statement() {
                Ok(statement) => statements.push(statement),
                Err(Failed) => self.recover(),
            }
            self.end_of_statement();
        }
        self.leave();
        if self.peek() != Token::RBrace {
            let span = self.problem_span();
            let note = self.opened_at(open, "block");
            self.diagnostics.push(
                Diagnostic::new(
                    ErrorKind::Syntax,
                    format!(
                        "expected `}}` to close the block, found {}",
                        self.peek().describe()
                    ),
                    span,
                )
                .with_note(note),
            );
            return Err(Failed);
        }
        let close = self.advance();
        Ok(Block {
            statements,
            span: open.to(close),
        })
    }

    fn parse_ident(&mut self, context: &str) -> PResult<Ident> {
        let span = self.expect(Token::Ident, context)?;
        Ok(Ident {
            name: self.source_text(span),
            span,
        })
    }

    fn source_text(&self, span: Span) -> String {
        self.source
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
            .to_string()
    }

    // statement = param | input | let | var | out | print | fn | scope | while | if | return
    //           | "break" | "continue" | assignment | expression ;
    fn parse_statement(&mut self) -> PResult<Stmt> {
        let start = self.peek_span();
        let kind = match self.peek() {
            Token::Param => self.parse_param()?,
            Token::Input => self.parse_input()?,
            Token::Let | Token::Var if self.peek_at(1) == Token::LParen => {
                if self.names_then_assign(2, Token::RParen) {
                    self.parse_destructure()?
                } else {
                    // `var(a)`: the variance, in an expression statement.
                    self.parse_assignment_or_expr()?
                }
            }
            Token::Let | Token::Var => self.parse_binding()?,
            Token::Ident if self.peek_at(1) == Token::Comma => self.parse_destructure()?,
            Token::Out => self.parse_out()?,
            Token::Print => {
                self.advance();
                let value = self.parse_expr()?.0;
                if matches!(value.kind, ExprKind::Tuple(_)) {
                    // Python's `print(n, err)`.
                    self.diagnostics.push(
                        Diagnostic::new(
                            ErrorKind::Syntax,
                            "`print` takes one value, not several".to_string(),
                            value.span,
                        )
                        .with_note("write one `print` per value, or print `[a, b]` for scalars"),
                    );
                    return Err(Failed);
                }
                StmtKind::Print(value)
            }
            Token::Fn => self.parse_fn()?,
            Token::Def => {
                let span = self.advance();
                self.diagnostics.push(
                    Diagnostic::new(
                        ErrorKind::Syntax,
                        "arrayc has no `def`: a function is written with `fn`",
                        span,
                    )
                    .with_note("`fn name(a, b) { ...; value }` or `fn name(a, b) = value`"),
                );
                return Err(Failed);
            }
            Token::For | Token::Loop => self.parse_scope()?,
            Token::If => self.parse_if()?,
            Token::While => self.parse_while()?,
            Token::Break => {
                self.advance();
                StmtKind::Break
            }
            Token::Continue => {
                self.advance();
                StmtKind::Continue
            }
            Token::Return => {
                self.advance();
                let first = self.parse_expr()?.0;
                if self.peek() == Token::Comma {
                    // `return a, b, c`: several values.
                    let mut items = vec![first];
                    while self.eat(Token::Comma) {
                        items.push(self.parse_expr()?.0);
                    }
                    let span = items[0].span.to(items[items.len() - 1].span);
                    StmtKind::Return(Expr {
                        kind: ExprKind::Tuple(items),
                        span,
                    })
                } else {
                    StmtKind::Return(first)
                }
            }
            Token::Ident
                if matches!(
                    self.source_text(self.peek_span()).as_str(),
                    "import" | "from"
                ) && self.peek_at(1) == Token::Ident =>
            {
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
                return Err(Failed);
            }
            Token::Ident if self.source_text(self.peek_span()) == "elif" => {
                let span = self.advance();
                return self.error("arrayc has no `elif`: write `else if`".to_string(), span);
            }
            _ => self.parse_assignment_or_expr()?,
        };
        let end = self.tokens[self.position.saturating_sub(1)].1;
        Ok(Stmt {
            kind,
            span: start.to(end),
        })
    }

    // param = "param" IDENT "=" expr ;
    fn parse_param(&mut self) -> PResult<StmtKind> {
        self.advance();
        let name = self.parse_ident("after `param`")?;
        self.expect(Token::Assign, "after the parameter name")?;
        let value = self.parse_expr()?.0;
        Ok(StmtKind::Param { name, value })
    }

    // input = "input" IDENT [ ":" "[" [ expr { "," expr } ] "]" ] ;
    fn parse_input(&mut self) -> PResult<StmtKind> {
        self.advance();
        let name = self.parse_ident("after `input`")?;
        let mut dtype = None;
        let shape = if self.eat(Token::Colon) {
            if self.peek() == Token::Ident {
                // `input u: f32[n]` (or `input dt: f32`, a scalar): the checker checks the
                // dtype's name.
                dtype = Some(self.parse_ident("as the input's dtype")?);
                if self.peek() != Token::LBracket {
                    return Ok(StmtKind::Input {
                        name,
                        dtype,
                        shape: None,
                    });
                }
            }
            let open = self.expect(Token::LBracket, "to start the input's shape")?;
            let (extents, close) = self.parse_list(Token::RBracket, open)?;
            Some((extents, open.to(close)))
        } else {
            None
        };
        Ok(StmtKind::Input { name, dtype, shape })
    }

    /// Whether the tokens from `ahead` on are `IDENT { "," IDENT } close "="`.
    fn names_then_assign(&self, mut ahead: usize, close: Token) -> bool {
        loop {
            if self.peek_at(ahead) != Token::Ident {
                return false;
            }
            ahead += 1;
            match self.peek_at(ahead) {
                Token::Comma => ahead += 1,
                token if token == close => return self.peek_at(ahead + 1) == Token::Assign,
                _ => return false,
            }
        }
    }

    // destructure = ( "let" | "var" ) "(" IDENT { "," IDENT } ")" "=" expr
    //             | IDENT "," IDENT { "," IDENT } "=" expr ;
    fn parse_destructure(&mut self) -> PResult<StmtKind> {
        let kind = match self.peek() {
            Token::Let => DestructureKind::Let,
            Token::Var => DestructureKind::Var,
            _ => DestructureKind::Assign,
        };
        let parenthesised = kind != DestructureKind::Assign;
        if parenthesised {
            self.advance();
            self.expect(Token::LParen, "before the names")?;
        }
        let mut names = vec![self.parse_ident("to take a value")?];
        while self.eat(Token::Comma) {
            names.push(self.parse_ident("after `,`")?);
        }
        if parenthesised {
            self.expect(Token::RParen, "after the names")?;
        }
        self.expect(
            Token::Assign,
            "after the names (several names take apart several values)",
        )?;
        let first = self.parse_expr()?.0;
        let value = if self.peek() == Token::Comma {
            // `u, v = v, u`: a tuple without parentheses, as Python writes it.
            let mut items = vec![first];
            while self.eat(Token::Comma) {
                items.push(self.parse_expr()?.0);
            }
            let span = items[0].span.to(items[items.len() - 1].span);
            Expr {
                kind: ExprKind::Tuple(items),
                span,
            }
        } else {
            first
        };
        Ok(StmtKind::Destructure { kind, names, value })
    }

    // let = "let" IDENT "=" expr ;  var = "var" IDENT "=" expr ;
    fn parse_binding(&mut self) -> PResult<StmtKind> {
        let is_var = self.peek() == Token::Var;
        self.advance();
        let name = self.parse_ident(if is_var { "after `var`" } else { "after `let`" })?;
        self.expect(Token::Assign, "after the name")?;
        let value = self.parse_expr()?.0;
        Ok(if is_var {
            StmtKind::Var { name, value }
        } else {
            StmtKind::Let { name, value }
        })
    }

    // out = "out" IDENT [ "=" expr ] ;
    fn parse_out(&mut self) -> PResult<StmtKind> {
        self.advance();
        let name = self.parse_ident("after `out`")?;
        let value = if self.eat(Token::Assign) {
            Some(self.parse_expr()?.0)
        } else {
            None
        };
        Ok(StmtKind::Out { name, value })
    }

    // fn = "fn" IDENT "(" [ IDENT { "," IDENT } ] ")" ( "=" expr | block ) ;
    fn parse_fn(&mut self) -> PResult<StmtKind> {
        self.advance();
        let name = self.parse_ident("after `fn`")?;
        self.expect(Token::LParen, "after the function name")?;
        let mut params = Vec::new();
        if !self.eat(Token::RParen) {
            loop {
                params.push(self.parse_ident("as a parameter name")?);
                if self.eat(Token::RParen) {
                    break;
                }
                self.expect(Token::Comma, "between parameters")?;
            }
        }
        let body = if self.eat(Token::Assign) {
            FnBody::Expr(self.parse_expr()?.0)
        } else {
            FnBody::Block(self.parse_block()?)
        };
        Ok(StmtKind::Fn { name, params, body })
    }

    // scope = ( "for" | "loop" ) IDENT "in" expr ".." expr [ "unroll" expr ] block ;
    fn parse_scope(&mut self) -> PResult<StmtKind> {
        let kind = if self.peek() == Token::For {
            ScopeKind::For
        } else {
            ScopeKind::Loop
        };
        self.advance();
        let index = self.parse_ident("as the scope's index")?;
        self.expect(Token::In, "after the index name")?;
        let start = self.parse_expr()?.0;
        if let ExprKind::Call { callee, args } = &start.kind {
            if callee.name == "range" && self.peek() != Token::DotDot {
                let bounds = match args.as_slice() {
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
                        start.span,
                    )
                    .with_note(format!("write `{bounds}`")),
                );
                return Err(Failed);
            }
        }
        self.expect(Token::DotDot, "between the bounds of the range")?;
        let end = self.parse_expr()?.0;
        let unroll = if self.eat(Token::Unroll) {
            Some(self.parse_expr()?.0)
        } else {
            None
        };
        let body = self.parse_block()?;
        Ok(StmtKind::Scope {
            kind,
            index,
            start,
            end,
            unroll,
            body,
        })
    }

    // while = "while" expr block ;
    fn parse_while(&mut self) -> PResult<StmtKind> {
        self.advance();
        let condition = self.parse_expr()?.0;
        let body = self.parse_block()?;
        Ok(StmtKind::While { condition, body })
    }

    // if = "if" expr block [ "else" ( if | block ) ] ;
    fn parse_if(&mut self) -> PResult<StmtKind> {
        self.advance();
        let condition = self.parse_expr()?.0;
        let then_block = self.parse_block()?;
        // `else` may start the next line after the closing brace.
        let mut lookahead = 0;
        while self.peek_at(lookahead) == Token::Newline {
            lookahead += 1;
        }
        let else_block = if self.peek_at(lookahead) == Token::Else {
            self.skip_newlines();
            self.advance();
            if self.peek() == Token::If {
                self.enter()?;
                let start = self.peek_span();
                let nested = self.parse_if();
                self.leave();
                let kind = nested?;
                let end = self.tokens[self.position.saturating_sub(1)].1;
                let span = start.to(end);
                Some(Block {
                    statements: vec![Stmt { kind, span }],
                    span,
                })
            } else {
                Some(self.parse_block()?)
            }
        } else {
            None
        };
        Ok(StmtKind::If {
            condition,
            then_block,
            else_block,
        })
    }

    // assignment = IDENT [ "[" index { "," index } "]" ] ( "=" | "+=" | "-=" | "*=" | "/=" ) expr ;
    fn parse_assignment_or_expr(&mut self) -> PResult<StmtKind> {
        let op = match self.peek_at(1) {
            Token::Assign => Some(AssignOp::Set),
            Token::PlusAssign => Some(AssignOp::Add),
            Token::MinusAssign => Some(AssignOp::Sub),
            Token::StarAssign => Some(AssignOp::Mul),
            Token::SlashAssign => Some(AssignOp::Div),
            _ => None,
        };
        if let (Token::Ident, Some(op)) = (self.peek(), op) {
            let target = self.parse_ident("")?;
            self.advance();
            let value = self.parse_expr()?.0;
            return Ok(StmtKind::Assign {
                target,
                indices: None,
                op,
                value,
            });
        }
        let (expr, _) = self.parse_expr()?;
        let op = match self.peek() {
            Token::Assign => Some(AssignOp::Set),
            Token::PlusAssign => Some(AssignOp::Add),
            Token::MinusAssign => Some(AssignOp::Sub),
            Token::StarAssign => Some(AssignOp::Mul),
            Token::SlashAssign => Some(AssignOp::Div),
            _ => None,
        };
        if let Some(op) = op {
            // `u[i, 1:] = e`: one index list on a name.
            if let ExprKind::Index { base, indices } = expr.kind {
                if let ExprKind::Name(name) = base.kind {
                    self.advance();
                    let value = self.parse_expr()?.0;
                    return Ok(StmtKind::Assign {
                        target: Ident {
                            name,
                            span: base.span,
                        },
                        indices: Some(indices),
                        op,
                        value,
                    });
                }
                // NumPy's `Z[1:-1, 1:-1][mask] = v`: an index list on an indexed name.
                if matches!(&base.kind, ExprKind::Index { base, .. } if matches!(base.kind, ExprKind::Name(_)))
                {
                    self.diagnostics.push(
                        Diagnostic::new(
                            ErrorKind::Syntax,
                            "only a name or one index list on a name (`u[i, 1:]`) can be assigned to"
                                .to_string(),
                            expr.span,
                        )
                        .with_note(
                            "write one index list; for a mask on a region, `u[r] = where(mask, v, u[r])` is NumPy's `u[r][mask] = v`",
                        ),
                    );
                    return Err(Failed);
                }
                return self.error(
                    "only a name or one index list on a name (`u[i, 1:]`) can be assigned to"
                        .to_string(),
                    expr.span,
                );
            }
            return self.error(
                "only a name or one index list on a name (`u[i, 1:]`) can be assigned to"
                    .to_string(),
                expr.span,
            );
        }
        Ok(StmtKind::Expr(expr))
    }

    // expr = or ;
    fn parse_expr(&mut self) -> PResult<Tall> {
        self.enter()?;
        let result = self.parse_or();
        self.leave();
        result
    }

    fn binary(&mut self, op: BinaryOp, lhs: Tall, rhs: Tall) -> PResult<Tall> {
        let height = lhs.1.max(rhs.1) + 1;
        self.depth.height = self.depth.height.max(height);
        let span = lhs.0.span.to(rhs.0.span);
        if height > MAX_HEIGHT {
            return self.too_tall(span);
        }
        Ok((
            Expr {
                kind: ExprKind::Binary(op, Box::new(lhs.0), Box::new(rhs.0)),
                span,
            },
            height,
        ))
    }

    // or = and { ( "||" | "|" ) and } ;
    fn parse_or(&mut self) -> PResult<Tall> {
        let mut lhs = self.parse_and()?;
        while self.eat(Token::OrOr) || self.eat(Token::Pipe) {
            let rhs = self.parse_and()?;
            lhs = self.binary(BinaryOp::Or, lhs, rhs)?;
        }
        self.python_word_operator()?;
        Ok(lhs)
    }

    /// Python's `and`, `or` and `not` after an operand (where a name can never follow),
    /// or `not` before one: a diagnostic naming the arrayc operator.
    fn python_word_operator(&mut self) -> PResult<()> {
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

    // and = comparison { ( "&&" | "&" ) comparison } ;
    fn parse_and(&mut self) -> PResult<Tall> {
        let mut lhs = self.parse_comparison()?;
        while self.eat(Token::AndAnd) || self.eat(Token::Amp) {
            let rhs = self.parse_comparison()?;
            lhs = self.binary(BinaryOp::And, lhs, rhs)?;
        }
        Ok(lhs)
    }

    // comparison = sum { ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum } ;
    fn parse_comparison(&mut self) -> PResult<Tall> {
        let mut lhs = self.parse_sum()?;
        loop {
            let op = match self.peek() {
                Token::EqEq => BinaryOp::Eq,
                Token::NotEq => BinaryOp::Ne,
                Token::Less => BinaryOp::Lt,
                Token::LessEq => BinaryOp::Le,
                Token::Greater => BinaryOp::Gt,
                Token::GreaterEq => BinaryOp::Ge,
                _ => return Ok(lhs),
            };
            self.advance();
            let rhs = self.parse_sum()?;
            lhs = self.binary(op, lhs, rhs)?;
        }
    }

    // sum = product { ( "+" | "-" ) product } ;
    fn parse_sum(&mut self) -> PResult<Tall> {
        let mut lhs = self.parse_product()?;
        loop {
            let op = match self.peek() {
                Token::Plus => BinaryOp::Add,
                Token::Minus => BinaryOp::Sub,
                _ => return Ok(lhs),
            };
            self.advance();
            let rhs = self.parse_product()?;
            lhs = self.binary(op, lhs, rhs)?;
        }
    }

    // product = unary { ( "*" | "/" | "//" | "%" | "@" ) unary } ;
    fn parse_product(&mut self) -> PResult<Tall> {
        let mut lhs = self.parse_unary()?;
        loop {
            let op = match self.peek() {
                Token::Star => BinaryOp::Mul,
                Token::Slash => BinaryOp::Div,
                Token::SlashSlash => BinaryOp::FloorDiv,
                Token::Percent => BinaryOp::Rem,
                Token::At => {
                    // `a @ b` is the call `matmul(a, b)`, named by the operator's span.
                    let at = self.advance();
                    let rhs = self.parse_unary()?;
                    let height = lhs.1.max(rhs.1) + 1;
                    self.depth.height = self.depth.height.max(height);
                    let span = lhs.0.span.to(rhs.0.span);
                    if height > MAX_HEIGHT {
                        return self.too_tall(span);
                    }
                    let callee = Ident {
                        name: "matmul".to_string(),
                        span: at,
                    };
                    let args = vec![lhs.0, rhs.0];
                    lhs = (
                        Expr {
                            kind: ExprKind::Call { callee, args },
                            span,
                        },
                        height,
                    );
                    continue;
                }
                _ => return Ok(lhs),
            };
            self.advance();
            let rhs = self.parse_unary()?;
            lhs = self.binary(op, lhs, rhs)?;
        }
    }

    // unary = ( "-" | "!" | "~" ) unary | power ;
    fn parse_unary(&mut self) -> PResult<Tall> {
        if self.peek() == Token::Ident
            && self.source_text(self.peek_span()) == "not"
            && matches!(
                self.peek_at(1),
                Token::Ident | Token::Number | Token::LParen | Token::True | Token::False
            )
        {
            self.python_word_operator()?;
        }
        let op = match self.peek() {
            Token::Minus => UnaryOp::Neg,
            Token::Bang | Token::Tilde => UnaryOp::Not,
            _ => return self.parse_power(),
        };
        let start = self.advance();
        self.enter()?;
        let operand = self.parse_unary();
        self.leave();
        let (operand, height) = operand?;
        let span = start.to(operand.span);
        Ok((
            Expr {
                kind: ExprKind::Unary(op, Box::new(operand)),
                span,
            },
            height + 1,
        ))
    }

    // power = postfix [ ( "^" | "**" ) unary ] ;
    fn parse_power(&mut self) -> PResult<Tall> {
        let base = self.parse_postfix()?;
        if !self.eat(Token::Caret) {
            return Ok(base);
        }
        self.enter()?;
        let exponent = self.parse_unary();
        self.leave();
        let exponent = exponent?;
        self.binary(BinaryOp::Pow, base, exponent)
    }

    // postfix = primary { "(" [ expr { "," expr } ] ")" | "[" index { "," index } "]" } ;
    fn parse_postfix(&mut self) -> PResult<Tall> {
        let (mut expr, mut height) = self.parse_primary()?;
        loop {
            match self.peek() {
                Token::LParen => {
                    let callee = match &expr.kind {
                        ExprKind::Name(name) => Ident {
                            name: name.clone(),
                            span: expr.span,
                        },
                        _ => {
                            let span = self.peek_span();
                            return self.error(
                                "only a function name can be called".to_string(),
                                expr.span.to(span),
                            );
                        }
                    };
                    let open = self.advance();
                    let saved = std::mem::replace(&mut self.list_height, 0);
                    let list = self.parse_arguments(open);
                    let inner = std::mem::replace(&mut self.list_height, saved);
                    let (args, close) = list?;
                    height = height.max(inner + 1);
                    expr = Expr {
                        kind: ExprKind::Call { callee, args },
                        span: expr.span.to(close),
                    };
                }
                Token::LBracket => {
                    let open = self.advance();
                    self.enter()?;
                    let saved = std::mem::replace(&mut self.list_height, 0);
                    let indices = self.parse_indices(open);
                    let inner = std::mem::replace(&mut self.list_height, saved);
                    self.leave();
                    let (indices, close) = indices?;
                    height = height.max(inner + 1);
                    let span = expr.span.to(close);
                    expr = Expr {
                        kind: ExprKind::Index {
                            base: Box::new(expr),
                            indices,
                        },
                        span,
                    };
                }
                Token::Dot => return self.attribute(&expr),
                _ => return Ok((expr, height)),
            }
            height += 1;
            self.depth.height = self.depth.height.max(height);
            if height > MAX_HEIGHT {
                return self.too_tall(expr.span);
            }
        }
    }

    /// `expr { "," expr } [","] close`, after the opening token; returns the closing span.
    fn parse_list(&mut self, close: Token, open: Span) -> PResult<(Vec<Expr>, Span)> {
        let mut items = Vec::new();
        loop {
            if self.peek() == close {
                return Ok((items, self.advance()));
            }
            let (item, height) = self.parse_expr()?;
            self.list_height = self.list_height.max(height);
            items.push(item);
            if self.peek() == close {
                return Ok((items, self.advance()));
            }
            if !self.eat(Token::Comma) {
                let what = if close == Token::RParen { "`(`" } else { "`[`" };
                return self.unclosed(close, open, what);
            }
        }
    }

    /// `arguments = [ argument { "," argument } [","] ] ")"`, after the `(`;
    /// `argument = [ IDENT "=" ] expr` (keyword arguments, as NumPy names them).
    fn parse_arguments(&mut self, open: Span) -> PResult<(Vec<Expr>, Span)> {
        let mut items = Vec::new();
        loop {
            if self.peek() == Token::RParen {
                return Ok((items, self.advance()));
            }
            let item = if self.peek() == Token::Ident && self.peek_at(1) == Token::Assign {
                let name = self.parse_ident("")?;
                self.advance();
                let value = self.tall_item()?;
                let span = name.span.to(value.span);
                Expr {
                    kind: ExprKind::Keyword {
                        name,
                        value: Box::new(value),
                    },
                    span,
                }
            } else {
                self.tall_item()?
            };
            items.push(item);
            if self.peek() == Token::RParen {
                return Ok((items, self.advance()));
            }
            if !self.eat(Token::Comma) {
                return self.unclosed(Token::RParen, open, "`(`");
            }
        }
    }

    /// `expr.name`: Python's attributes and methods, which arrayc spells as functions.
    fn attribute<T>(&mut self, base: &Expr) -> PResult<T> {
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
            (_, Some(name @ ("astype" | "dtype"))) => (
                format!("there are no methods or attributes in arrayc (`.{name}`)"),
                "every value is a float64 already".to_string(),
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

    /// An expression inside a list, remembering the tallest seen.
    fn tall_item(&mut self) -> PResult<Expr> {
        let (item, height) = self.parse_expr()?;
        self.list_height = self.list_height.max(height);
        Ok(item)
    }

    // index = "None" | "..." | expr | [ expr ] ":" [ expr ] [ ":" [ expr ] ] ;
    fn parse_indices(&mut self, open: Span) -> PResult<(Vec<IndexArg>, Span)> {
        let mut indices = Vec::new();
        loop {
            let start_span = self.peek_span();
            let special = match self.peek() {
                Token::None => Some(IndexArg::NewAxis(start_span)),
                Token::Ellipsis => Some(IndexArg::Ellipsis(start_span)),
                _ => None,
            };
            if let Some(index) =
                special.filter(|_| matches!(self.peek_at(1), Token::Comma | Token::RBracket))
            {
                self.advance();
                indices.push(index);
                if self.peek() == Token::RBracket {
                    return Ok((indices, self.advance()));
                }
                if !self.eat(Token::Comma) {
                    return self.unclosed(Token::RBracket, open, "`[`");
                }
                continue;
            }
            let start = if matches!(self.peek(), Token::Colon) {
                None
            } else {
                Some(self.tall_item()?)
            };
            if self.eat(Token::Colon) {
                let end = if matches!(self.peek(), Token::Colon | Token::Comma | Token::RBracket) {
                    None
                } else {
                    Some(self.tall_item()?)
                };
                let step = if self.eat(Token::Colon) {
                    if matches!(self.peek(), Token::Comma | Token::RBracket) {
                        None
                    } else {
                        Some(self.tall_item()?)
                    }
                } else {
                    None
                };
                let end_span = self.tokens[self.position.saturating_sub(1)].1;
                indices.push(IndexArg::Slice {
                    start,
                    end,
                    step,
                    span: start_span.to(end_span),
                });
            } else if let Some(expr) = start {
                indices.push(IndexArg::Single(expr));
            }
            if self.peek() == Token::RBracket {
                return Ok((indices, self.advance()));
            }
            if !self.eat(Token::Comma) {
                return self.unclosed(Token::RBracket, open, "`[`");
            }
        }
    }

    // primary = NUMBER | "True" | "False" | STRING | IDENT | "var" "(" ... | "(" expr ")"
    //         | "[" [ expr { "," expr } ] "]" ;
    fn parse_primary(&mut self) -> PResult<Tall> {
        let span = self.peek_span();
        let leaf = |kind| Ok((Expr { kind, span }, 1));
        match self.peek() {
            Token::True | Token::False => {
                let value = self.peek() == Token::True;
                self.advance();
                leaf(ExprKind::Bool(value))
            }
            Token::Str => {
                self.advance();
                let text = self.source_text(span);
                leaf(ExprKind::Str(text[1..text.len() - 1].to_string()))
            }
            // `var(a)` is the variance; only `var` at the start of a statement declares.
            Token::Var if self.peek_at(1) == Token::LParen => {
                self.advance();
                leaf(ExprKind::Name("var".to_string()))
            }
            Token::None => self.error(
                "`None` is only an index: `a[None, :]` adds an axis of length 1".to_string(),
                span,
            ),
            Token::Ellipsis => self.error(
                "`...` is only an index: `a[..., 0]` stands for the leading axes".to_string(),
                span,
            ),
            Token::Number => {
                self.advance();
                let text = self.source_text(span).replace('_', "");
                // `2` is an int, `2.0`, `.5` and `1e3` are floats, as Python types them.
                if !text.contains(['.', 'e', 'E']) {
                    if let Ok(value) = text.parse::<i64>() {
                        return Ok((
                            Expr {
                                kind: ExprKind::Int(value),
                                span,
                            },
                            1,
                        ));
                    }
                }
                match text.parse::<f64>() {
                    Ok(value) => Ok((
                        Expr {
                            kind: ExprKind::Number(value),
                            span,
                        },
                        1,
                    )),
                    Err(_) => self.error(format!("`{text}` is not a number"), span),
                }
            }
            Token::Ident => {
                self.advance();
                Ok((
                    Expr {
                        kind: ExprKind::Name(self.source_text(span)),
                        span,
                    },
                    1,
                ))
            }
            Token::LParen => {
                let open = self.advance();
                let (mut inner, mut height) = self.parse_expr()?;
                if self.peek() == Token::Comma {
                    // `(a, b, c)`: a tuple.
                    let mut items = vec![inner];
                    while self.eat(Token::Comma) {
                        if self.peek() == Token::RParen {
                            break;
                        }
                        let (item, item_height) = self.parse_expr()?;
                        height = height.max(item_height);
                        items.push(item);
                    }
                    let end = self.peek_span();
                    inner = Expr {
                        kind: ExprKind::Tuple(items),
                        span: open.to(end),
                    };
                    height += 1;
                }
                if !self.eat(Token::RParen) {
                    let found = self.peek();
                    let span = self.problem_span();
                    let note = self.opened_at(open, "`(`");
                    self.diagnostics.push(
                        Diagnostic::new(
                            ErrorKind::Syntax,
                            format!("expected `)`, found {}", found.describe()),
                            span,
                        )
                        .with_note(note),
                    );
                    return Err(Failed);
                }
                Ok((inner, height))
            }
            Token::LBracket => {
                let open = self.advance();
                self.enter()?;
                let saved = std::mem::replace(&mut self.list_height, 0);
                let list = self.parse_list(Token::RBracket, open);
                let inner = std::mem::replace(&mut self.list_height, saved);
                self.leave();
                let (items, close) = list?;
                Ok((
                    Expr {
                        kind: ExprKind::Array(items),
                        span: span.to(close),
                    },
                    inner + 1,
                ))
            }
            found => self.error(
                format!("expected an expression, found {}", found.describe()),
                span,
            ),
        }
    }
}
