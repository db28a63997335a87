//! The statement productions: `program`, `block`, `statement` and one `parse_*` function
//! for each kind of statement (`param`, `input`, `let`/`var`, `destructure`, `out`, `fn`,
//! `scope`, `while`, `if`, `assignment`).

use super::*;
use crate::diagnostic::ErrorKind;

impl Parser<'_> {
    // program = { statement } ;
    pub(super) fn parse_program(&mut self) -> Program {
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

    pub(super) fn end_of_statement(&mut self) {
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
    pub(super) fn parse_block(&mut self) -> PResult<Block> {
        if self.peek() == Token::Colon {
            return self.python_colon_block();
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
            self.diagnostics.push(
                Diagnostic::new(
                    ErrorKind::Syntax,
                    format!(
                        "expected `}}` to close the block, found {}",
                        self.peek().describe()
                    ),
                    span,
                )
                .with_label(open, Self::not_closed("block")),
            );
            return Err(Failed);
        }
        let close = self.advance();
        Ok(Block {
            statements,
            span: open.to(close),
        })
    }

    // statement = param | input | destructure | let | var | out | print | fn | scope | while
    //           | if | return | "break" | "continue" | assignment | expression ;
    pub(super) fn parse_statement(&mut self) -> PResult<Stmt> {
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
                // `print "err", e, u`: the items separated by spaces, as Python prints them.
                let mut items = match value.kind {
                    ExprKind::Tuple(items) => items,
                    _ => vec![value],
                };
                while self.eat(Token::Comma) {
                    items.push(self.parse_expr()?.0);
                }
                let mut parts = Vec::new();
                for (k, item) in items.into_iter().enumerate() {
                    if k > 0 {
                        parts.push(PrintPart::Text(" ".to_string()));
                    }
                    parts.push(match item.kind {
                        ExprKind::Str(text) => PrintPart::Text(text),
                        _ => PrintPart::Value {
                            value: item,
                            spec: crate::pyformat::Spec::plain(),
                        },
                    });
                }
                parts.push(PrintPart::Text("\n".to_string()));
                StmtKind::Print(parts)
            }
            Token::Fn => self.parse_fn()?,
            Token::Def => return self.python_def(),
            Token::For | Token::Loop => self.parse_scope()?,
            Token::If => self.parse_if()?,
            Token::Else => return self.else_without_if(),
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
                return self.python_import()
            }
            Token::Ident if self.source_text(self.peek_span()) == "elif" => {
                return self.python_elif()
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
    pub(super) fn parse_param(&mut self) -> PResult<StmtKind> {
        self.advance();
        let name = self.parse_ident("after `param`")?;
        self.expect(Token::Assign, "after the parameter name")?;
        let value = self.parse_expr()?.0;
        Ok(StmtKind::Param { name, value })
    }

    // input = "input" IDENT [ ":" ( IDENT [ shape ] | shape ) ] ;
    pub(super) fn parse_input(&mut self) -> PResult<StmtKind> {
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
            Some(self.parse_shape()?)
        } else {
            None
        };
        Ok(StmtKind::Input { name, dtype, shape })
    }

    // shape = "[" [ expr { "," expr } [ "," ] ] "]" ;
    pub(super) fn parse_shape(&mut self) -> PResult<(Vec<Expr>, Span)> {
        let open = self.expect(Token::LBracket, "to start the input's shape")?;
        let (extents, close) = self.parse_list(Token::RBracket, open)?;
        Ok((extents, open.to(close)))
    }

    /// Whether the tokens from `ahead` on are `IDENT { "," IDENT } close "="`.
    pub(super) fn names_then_assign(&self, mut ahead: usize, close: Token) -> bool {
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

    // destructure = ( "let" | "var" ) "(" IDENT { "," IDENT } ")" "=" expr { "," expr }
    //             | IDENT "," IDENT { "," IDENT } "=" expr { "," expr } ;
    pub(super) fn parse_destructure(&mut self) -> PResult<StmtKind> {
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
    pub(super) fn parse_binding(&mut self) -> PResult<StmtKind> {
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
    pub(super) fn parse_out(&mut self) -> PResult<StmtKind> {
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
    pub(super) fn parse_fn(&mut self) -> PResult<StmtKind> {
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
    pub(super) fn parse_scope(&mut self) -> PResult<StmtKind> {
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
                return self.python_range(args, start.span);
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
    pub(super) fn parse_while(&mut self) -> PResult<StmtKind> {
        self.advance();
        let condition = self.parse_expr()?.0;
        let body = self.parse_block()?;
        Ok(StmtKind::While { condition, body })
    }

    /// An `else` that starts a statement: no `if` block ends just before it.
    fn else_without_if<T>(&mut self) -> PResult<T> {
        let span = self.advance();
        self.diagnostics.push(
            Diagnostic::new(
                ErrorKind::Syntax,
                "`else` without an `if`: an `else` must follow the `}` that ends an `if` block",
                span,
            )
            .with_note("write `if condition { ... } else { ... }`, with nothing between the `}` and the `else`"),
        );
        Err(Failed)
    }

    // if = "if" expr block [ "else" ( if | block ) ] ;
    pub(super) fn parse_if(&mut self) -> PResult<StmtKind> {
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
    pub(super) fn parse_assignment_or_expr(&mut self) -> PResult<StmtKind> {
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
                    return self.numpy_masked_region(expr.span);
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
}
