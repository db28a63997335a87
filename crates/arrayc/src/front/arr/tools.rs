//! Source-level services for tools (the REPL, `sweep`, the parser's tests): questions about
//! program text answered with the lexer and parser, so that no caller needs the tokens or
//! the syntax tree. Takes source text, gives plain data; knows nothing of the IR.

use super::lexer::{lex, Token};
use crate::ast::visit::{self, Functions};
use crate::ast::{DestructureKind, Ident, ScopeKind, Stmt, StmtKind};
use crate::diagnostic::{Diagnostic, Span};

/// Whether `text` needs more lines to be a whole entry: a bracket or brace is still open,
/// or the last token cannot end a statement (a binary operator, a comma, a unary `!`).
pub fn needs_more_input(text: &str) -> bool {
    let (tokens, _) = lex(text);
    let mut depth: i64 = 0;
    for (token, _) in &tokens {
        if matches!(token, Token::LParen | Token::LBracket | Token::LBrace) {
            depth += 1;
        } else if matches!(token, Token::RParen | Token::RBracket | Token::RBrace) {
            depth -= 1;
        }
    }
    let last = tokens
        .iter()
        .rev()
        .map(|(token, _)| *token)
        .find(|token| !matches!(token, Token::Eof | Token::Newline));
    // A unary `!` at the end of a line also waits for its operand.
    let continues = last.is_some_and(|token| token.continues_line() || token == Token::Bang);
    depth > 0 || continues
}

/// The parts of a program a REPL entry is rewritten by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// The spans of the top-level expression statements.
    pub expressions: Vec<Span>,
    /// The spans of `print` statements at any depth outside function bodies.
    pub prints: Vec<Span>,
    /// The names of the top-level outputs.
    pub outputs: Vec<String>,
    /// The top-level declarations, in source order.
    pub declarations: Vec<Declaration>,
    /// Every name the text mentions (declared, read, assigned or called), once each, in
    /// order of first appearance: a superset of the names the program reads.
    pub names: Vec<String>,
    /// The names assigned to (`x = ...`, `x += ...`) at any depth, function bodies included,
    /// once each.
    pub assigned: Vec<String>,
}

/// A top-level statement that declares a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    pub name: String,
    pub kind: DeclarationKind,
    /// The whole statement.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclarationKind {
    Param,
    Input,
    Let,
    Var,
    /// `out NAME = EXPR`, which binds `NAME` as a `let` does (`out NAME` declares nothing).
    Out,
    Fn,
}

/// Parses `source` and gives its outline, or the syntax errors.
pub fn outline(source: &str) -> Result<Outline, Vec<Diagnostic>> {
    let (program, diagnostics) = super::parse(source);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut outline = Outline::default();
    for statement in &program.statements {
        let declared: Vec<(&Ident, DeclarationKind)> = match &statement.kind {
            StmtKind::Expr(_) => {
                outline.expressions.push(statement.span);
                vec![]
            }
            StmtKind::Out { name, value } => {
                outline.outputs.push(name.name.clone());
                match value {
                    Some(_) => vec![(name, DeclarationKind::Out)],
                    None => vec![],
                }
            }
            StmtKind::Param { name, .. } => vec![(name, DeclarationKind::Param)],
            StmtKind::Input { name, .. } => vec![(name, DeclarationKind::Input)],
            StmtKind::Let { name, .. } => vec![(name, DeclarationKind::Let)],
            StmtKind::Var { name, .. } => vec![(name, DeclarationKind::Var)],
            StmtKind::Fn { name, .. } => vec![(name, DeclarationKind::Fn)],
            StmtKind::Assign { .. }
            | StmtKind::Print(_)
            | StmtKind::Scope { .. }
            | StmtKind::If { .. }
            | StmtKind::While { .. }
            | StmtKind::Destructure {
                kind: DestructureKind::Assign,
                ..
            }
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Return(_) => vec![],
            StmtKind::Destructure {
                kind: DestructureKind::Let,
                names,
                ..
            } => names
                .iter()
                .map(|name| (name, DeclarationKind::Let))
                .collect(),
            StmtKind::Destructure {
                kind: DestructureKind::Var,
                names,
                ..
            } => names
                .iter()
                .map(|name| (name, DeclarationKind::Var))
                .collect(),
        };
        for (name, kind) in declared {
            outline.declarations.push(Declaration {
                name: name.name.clone(),
                kind,
                span: statement.span,
            });
        }
        collect_prints(statement, &mut outline.prints);
        collect_assigned(statement, &mut outline.assigned);
    }
    let mut seen = std::collections::HashSet::new();
    outline.assigned.retain(|name| seen.insert(name.clone()));
    let (tokens, _) = lex(source);
    let mut seen = std::collections::HashSet::new();
    for (token, span) in &tokens {
        if *token == Token::Ident {
            let name = &source[span.start as usize..span.end as usize];
            if seen.insert(name) {
                outline.names.push(name.to_string());
            }
        }
    }
    Ok(outline)
}

/// The targets of assignments at any depth, function bodies included (repeats and all).
fn collect_assigned(statement: &Stmt, assigned: &mut Vec<String>) {
    visit::walk(statement, Functions::Enter, &mut |statement| {
        if let StmtKind::Assign { target, .. } = &statement.kind {
            assigned.push(target.name.clone());
        } else if let StmtKind::Destructure {
            kind: DestructureKind::Assign,
            names,
            ..
        } = &statement.kind
        {
            assigned.extend(names.iter().map(|name| name.name.clone()));
        }
    });
}

/// The spans of `print` statements, at any depth except inside function bodies (which
/// print whenever a later entry calls them).
fn collect_prints(statement: &Stmt, prints: &mut Vec<Span>) {
    visit::walk(statement, Functions::Skip, &mut |statement| {
        if let StmtKind::Print(_) = statement.kind {
            prints.push(statement.span);
        }
    });
}

/// Rewrites every scope header `for i in` / `loop i in` to `kind`. An `unroll k` clause
/// belongs to `loop` only, so it is dropped when the scope becomes a `for`.
pub fn rewrite_scopes(source: &str, kind: ScopeKind) -> String {
    let (tokens, _) = lex(source);
    let keyword = kind.keyword();
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    for (index, (token, span)) in tokens.iter().enumerate() {
        let is_header = matches!(token, Token::For | Token::Loop)
            && matches!(tokens.get(index + 1), Some((Token::Ident, _)))
            && matches!(tokens.get(index + 2), Some((Token::In, _)));
        if !is_header {
            continue;
        }
        edits.push((span.start as usize, span.end as usize, keyword));
        if kind == ScopeKind::For {
            let rest = &tokens[index + 3..];
            let brace = rest
                .iter()
                .position(|(t, _)| matches!(t, Token::LBrace | Token::RBrace | Token::Newline));
            let unroll = rest.iter().position(|(t, _)| *t == Token::Unroll);
            if let (Some(brace), Some(unroll)) = (brace, unroll) {
                if unroll < brace && rest[brace].0 == Token::LBrace {
                    let start = rest[unroll].1.start as usize;
                    let end = rest[brace].1.start as usize;
                    edits.push((start, end, ""));
                }
            }
        }
    }
    let mut text = source.to_string();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    for (start, end, replacement) in edits {
        if start <= end && end <= text.len() {
            text.replace_range(start..end, replacement);
        }
    }
    text
}

/// The parsed program in the compact s-expression form of the parser's goldens, or the
/// syntax errors.
pub fn syntax_tree(source: &str) -> Result<String, Vec<Diagnostic>> {
    let (program, diagnostics) = super::parse(source);
    if diagnostics.is_empty() {
        Ok(program.to_string())
    } else {
        Err(diagnostics)
    }
}
