//! The expression productions, loosest first (`expr` = `or` ... `primary`), with the
//! height of each tree (bounded by `MAX_HEIGHT`), call arguments and index lists.

use super::*;
use crate::diagnostic::ErrorKind;

impl Parser<'_> {
    // expr = or ;
    pub(super) fn parse_expr(&mut self) -> PResult<Tall> {
        self.enter()?;
        let result = self.parse_or();
        self.leave();
        result
    }

    pub(super) fn binary(&mut self, op: BinaryOp, lhs: Tall, rhs: Tall) -> PResult<Tall> {
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
    pub(super) fn parse_or(&mut self) -> PResult<Tall> {
        let mut lhs = self.parse_and()?;
        while self.eat(Token::OrOr) || self.eat(Token::Pipe) {
            let rhs = self.parse_and()?;
            lhs = self.binary(BinaryOp::Or, lhs, rhs)?;
        }
        self.python_word_operator()?;
        Ok(lhs)
    }

    // and = comparison { ( "&&" | "&" ) comparison } ;
    pub(super) fn parse_and(&mut self) -> PResult<Tall> {
        let mut lhs = self.parse_comparison()?;
        while self.eat(Token::AndAnd) || self.eat(Token::Amp) {
            let rhs = self.parse_comparison()?;
            lhs = self.binary(BinaryOp::And, lhs, rhs)?;
        }
        Ok(lhs)
    }

    // comparison = sum { ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum } ;
    pub(super) fn parse_comparison(&mut self) -> PResult<Tall> {
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
    pub(super) fn parse_sum(&mut self) -> PResult<Tall> {
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
    pub(super) fn parse_product(&mut self) -> PResult<Tall> {
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
    pub(super) fn parse_unary(&mut self) -> PResult<Tall> {
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
    pub(super) fn parse_power(&mut self) -> PResult<Tall> {
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

    // postfix = primary { "(" arguments ")" | "[" index { "," index } "]" } ;
    pub(super) fn parse_postfix(&mut self) -> PResult<Tall> {
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
    pub(super) fn parse_list(&mut self, close: Token, open: Span) -> PResult<(Vec<Expr>, Span)> {
        let what = if close == Token::RParen { "`(`" } else { "`[`" };
        let mut items = Vec::new();
        loop {
            if self.peek() == close {
                return Ok((items, self.advance()));
            }
            // A keyword that only starts a statement (the next line's, when a newline inside
            // the brackets was skipped): the bracket was left open, whatever came before.
            if matches!(
                self.peek(),
                Token::Out | Token::Let | Token::Input | Token::Param | Token::Fn | Token::Print
            ) {
                return self.unclosed(close, open, what);
            }
            let (item, height) = self.parse_expr()?;
            self.list_height = self.list_height.max(height);
            items.push(item);
            if self.peek() == close {
                return Ok((items, self.advance()));
            }
            if !self.eat(Token::Comma) {
                return self.unclosed(close, open, what);
            }
        }
    }

    // arguments = [ argument { "," argument } [","] ] ;  (then the closing ")")
    pub(super) fn parse_arguments(&mut self, open: Span) -> PResult<(Vec<Expr>, Span)> {
        let mut items = Vec::new();
        loop {
            if self.peek() == Token::RParen {
                return Ok((items, self.advance()));
            }
            items.push(self.parse_argument()?);
            if self.peek() == Token::RParen {
                return Ok((items, self.advance()));
            }
            if !self.eat(Token::Comma) {
                return self.unclosed(Token::RParen, open, "`(`");
            }
        }
    }

    // argument = [ IDENT "=" ] expr ;  (keyword arguments, as NumPy names them)
    pub(super) fn parse_argument(&mut self) -> PResult<Expr> {
        if self.peek() == Token::Ident && self.peek_at(1) == Token::Assign {
            let name = self.parse_ident("")?;
            self.advance();
            let value = self.tall_item()?;
            let span = name.span.to(value.span);
            return Ok(Expr {
                kind: ExprKind::Keyword {
                    name,
                    value: Box::new(value),
                },
                span,
            });
        }
        self.tall_item()
    }

    /// An expression inside a list, remembering the tallest seen.
    pub(super) fn tall_item(&mut self) -> PResult<Expr> {
        let (item, height) = self.parse_expr()?;
        self.list_height = self.list_height.max(height);
        Ok(item)
    }

    // index = "None" | "..." | expr | [ expr ] ":" [ expr ] [ ":" [ expr ] ] ;
    pub(super) fn parse_indices(&mut self, open: Span) -> PResult<(Vec<IndexArg>, Span)> {
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

    // primary = NUMBER | "True" | "False" | STRING | IDENT | "var" "(" ...
    //         | "(" expr { "," expr } [ "," ] ")" | "[" [ expr { "," expr } ] "]" ;
    pub(super) fn parse_primary(&mut self) -> PResult<Tall> {
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
                    let Ok(value) = text.parse::<i64>() else {
                        // A Python int beyond int64 would be exact in NumPy's hands; here
                        // it could only become a float or wrap.
                        return self.error(
                            format!("the integer `{text}` does not fit in 64 bits: write a float, `{text}.0`"),
                            span,
                        );
                    };
                    return Ok((
                        Expr {
                            kind: ExprKind::Int(value),
                            span,
                        },
                        1,
                    ));
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
                    self.diagnostics.push(
                        Diagnostic::new(
                            ErrorKind::Syntax,
                            format!("expected `)` to close the `(`, found {}", found.describe()),
                            span,
                        )
                        .with_label(open, Self::not_closed("`(`")),
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
