//! Statements: declarations and their scopes, where each may appear, the `let`/`var`/
//! assignment rules, `break`/`continue`/`return` placement, and function bodies (checked at
//! their first call).

use super::*;

impl<'p> Checker<'p> {
    pub(super) fn declare(&mut self, name: &Ident, kind: NameKind) {
        let id = if self.scopes.len() == 1 {
            match self.globals.get(&name.name) {
                Some(&id) => id,
                None => {
                    let id = self.new_name_id();
                    self.globals.insert(name.name.clone(), id);
                    id
                }
            }
        } else {
            self.new_name_id()
        };
        self.names.insert(name.span, id);
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.name.clone(), (kind, id));
        }
    }

    pub(super) fn block(&mut self, block: &'p Block) {
        self.scopes.push(HashMap::new());
        for statement in &block.statements {
            self.statement(statement, false);
        }
        self.scopes.pop();
    }

    pub(super) fn top_level_only(&mut self, top_level: bool, what: &str, span: Span) -> bool {
        if !top_level {
            self.error(format!("{what} must be declared at the top level"), span);
        }
        top_level
    }

    pub(super) fn statement(&mut self, statement: &'p Stmt, top_level: bool) {
        match &statement.kind {
            StmtKind::Param { name, value } => {
                if !self.top_level_only(top_level, "a `param`", statement.span) {
                    self.declare(name, NameKind::Param);
                    return;
                }
                if self.lookup(&name.name).is_some() {
                    self.error(format!("`{}` is already declared", name.name), name.span);
                    return;
                }
                let value = if let Some(value) = self.overrides.get(&name.name) {
                    self.used_overrides.insert(name.name.clone());
                    *value
                } else {
                    match self.param_value(value) {
                        Ok(value) => value,
                        Err(diagnostic) => {
                            self.diagnostics.push(diagnostic);
                            0.0
                        }
                    }
                };
                self.params.push((name.name.clone(), value));
                self.declare(name, NameKind::Param);
            }
            StmtKind::Input { name, dtype, shape } => {
                if !self.top_level_only(top_level, "an `input`", statement.span) {
                    self.declare(name, NameKind::Input);
                    return;
                }
                if let Some(dtype) = dtype {
                    self.dtype_name(&dtype.name, dtype.span);
                }
                if let Some((extents, _)) = shape {
                    for extent in extents {
                        self.expr(extent);
                    }
                }
                if self.lookup(&name.name).is_some() {
                    self.error(format!("`{}` is already declared", name.name), name.span);
                }
                self.declare(name, NameKind::Input);
            }
            StmtKind::Let { name, value } => {
                self.expr(value);
                self.declare(name, NameKind::Let);
            }
            StmtKind::Var { name, value } => {
                self.expr(value);
                self.declare(name, NameKind::Var);
            }
            StmtKind::Assign {
                target,
                indices,
                value,
                ..
            } => {
                self.expr(value);
                if let Some(indices) = indices {
                    self.index_args(indices);
                }
                self.assignment(target);
            }
            StmtKind::Out { name, value } => {
                if !self.top_level_only(top_level, "an `out`", statement.span) {
                    return;
                }
                if !self.outputs.insert(name.name.clone()) {
                    self.error(
                        format!("output `{}` is declared twice", name.name),
                        name.span,
                    );
                }
                match value {
                    Some(value) => {
                        self.expr(value);
                        if self.lookup(&name.name).is_some() {
                            self.error(
                                format!(
                                    "`{}` is already declared; `out {} = ...` declares a new name (use `out {}` to output it)",
                                    name.name, name.name, name.name
                                ),
                                name.span,
                            );
                        } else {
                            self.declare(name, NameKind::Let);
                        }
                    }
                    None if self.lookup(&name.name).is_none() && constant(&name.name).is_some() => {
                        self.error(
                            format!(
                                "`{}` is a built-in constant, not a binding: write `out {} = {}` to output it",
                                name.name, name.name, name.name
                            ),
                            name.span,
                        )
                    }
                    None => self.name(&name.name, name.span),
                }
            }
            StmtKind::Print(parts) => {
                for part in parts {
                    if let PrintPart::Value { value, .. } = part {
                        self.expr(value);
                    }
                }
            }
            StmtKind::Expr(value) => self.expr(value),
            StmtKind::Fn { name, params, body } => {
                if !self.top_level_only(top_level, "a function", statement.span) {
                    return;
                }
                // Checked at its first call (or at the end), and once only: a second
                // definition of the name was reported already.
                let first_definition = self
                    .functions
                    .get(&name.name)
                    .is_some_and(|info| info.id.0 == self.statement_index);
                if first_definition {
                    self.pending
                        .insert(name.name.clone(), PendingFunction { name, params, body });
                } else {
                    self.function(name, params, body);
                }
            }
            StmtKind::Scope {
                index,
                start,
                end,
                unroll,
                body,
                kind,
            } => {
                self.expr(start);
                self.expr(end);
                if let Some(unroll) = unroll {
                    if *kind == ScopeKind::For {
                        self.error(
                            "`unroll` applies to `loop` scopes; a `for` is already fully unrolled"
                                .to_string(),
                            unroll.span,
                        );
                    }
                    self.expr(unroll);
                }
                self.scopes.push(HashMap::new());
                self.declare(index, NameKind::Index);
                self.loops.push(match kind {
                    ScopeKind::For => LoopKind::For,
                    ScopeKind::Loop => LoopKind::Loop,
                });
                self.block(body);
                self.loops.pop();
                self.scopes.pop();
            }
            StmtKind::Destructure { kind, names, value } => {
                self.expr(value);
                let mut seen = HashSet::new();
                for name in names {
                    if !seen.insert(name.name.as_str()) {
                        self.error(
                            format!("`{}` appears twice among the names", name.name),
                            name.span,
                        );
                    }
                }
                for name in names {
                    match kind {
                        DestructureKind::Let => self.declare(name, NameKind::Let),
                        DestructureKind::Var => self.declare(name, NameKind::Var),
                        DestructureKind::Assign => self.assignment(name),
                    }
                }
            }
            StmtKind::While { condition, body } => {
                self.expr(condition);
                self.loops.push(LoopKind::While);
                self.block(body);
                self.loops.pop();
            }
            StmtKind::Break | StmtKind::Continue => {
                let word = if statement.kind == StmtKind::Break {
                    "break"
                } else {
                    "continue"
                };
                match self.loops.last() {
                    Some(LoopKind::Loop | LoopKind::While) => {}
                    Some(LoopKind::For) => self.diagnostics.push(
                        Diagnostic::new(
                            ErrorKind::Semantic,
                            format!("`{word}` cannot leave a `for`, which is unrolled at compile time"),
                            statement.span,
                        )
                        .with_note("write the scope as `loop` (a machine loop) to use `break` and `continue` in it"),
                    ),
                    None => self.error(
                        format!("`{word}` outside a `loop` or `while`"),
                        statement.span,
                    ),
                }
            }
            StmtKind::If {
                condition,
                then_block,
                else_block,
            } => {
                self.expr(condition);
                self.block(then_block);
                if let Some(else_block) = else_block {
                    self.block(else_block);
                }
            }
            StmtKind::Return(value) => {
                self.expr(value);
                if self.function_boundary.is_none() {
                    self.error("`return` outside a function".to_string(), statement.span);
                }
            }
        }
    }

    /// Checks a pending function's body now, as if written at the top level here: it sees
    /// the top-level names declared so far and nothing of the code that calls it.
    pub(super) fn check_pending(&mut self, name: &str) {
        let Some(pending) = self.pending.remove(name) else {
            return;
        };
        let globals = self.scopes.first().cloned().unwrap_or_default();
        let scopes = std::mem::replace(&mut self.scopes, vec![globals]);
        let boundary = self.function_boundary.take();
        let current = self.current_function.take();
        let loops = std::mem::take(&mut self.loops);
        self.function(pending.name, pending.params, pending.body);
        self.scopes = scopes;
        self.function_boundary = boundary;
        self.current_function = current;
        self.loops = loops;
    }

    pub(super) fn function(&mut self, name: &'p Ident, params: &'p [Ident], body: &'p FnBody) {
        let mut seen = HashSet::new();
        for param in params {
            if !seen.insert(param.name.as_str()) {
                self.error(
                    format!("parameter `{}` appears twice", param.name),
                    param.span,
                );
            }
        }
        self.current_function = Some(name.name.clone());
        self.function_boundary = Some(self.scopes.len());
        let outer_loops = std::mem::take(&mut self.loops);
        self.scopes.push(HashMap::new());
        for param in params {
            self.declare(param, NameKind::FnParam);
        }
        match body {
            FnBody::Expr(expr) => self.expr(expr),
            FnBody::Block(block) => {
                self.block(block);
                if !ends_with_value(&block.statements) {
                    let span = block.statements.last().map_or(block.span, |s| s.span);
                    self.error(
                        format!(
                            "function `{}` must end with an expression (its value) or `return`",
                            name.name
                        ),
                        span,
                    );
                }
            }
        }
        self.scopes.pop();
        self.loops = outer_loops;
        self.function_boundary = None;
        self.current_function = None;
    }

    pub(super) fn assignment(&mut self, target: &Ident) {
        match self.lookup(&target.name) {
            None => self.error(
                format!(
                    "cannot assign to `{}`: it is not declared (use `var {} = ...` to declare it)",
                    target.name, target.name
                ),
                target.span,
            ),
            Some((kind, depth, id)) => {
                self.names.insert(target.span, id);
                let outside_function = self
                    .function_boundary
                    .is_some_and(|boundary| depth < boundary);
                let what = match kind {
                    NameKind::Var if outside_function => Some(
                        "it is declared outside the function (functions cannot change outer variables)",
                    ),
                    NameKind::Var => None,
                    NameKind::Let => Some("it is a `let` (declare it with `var` to change it)"),
                    NameKind::Param => Some("it is a `param`, a compile-time constant"),
                    NameKind::Input => Some("it is an `input`"),
                    NameKind::Index => Some("it is a scope index"),
                    NameKind::FnParam => {
                        self.assigned_parameters.insert(id);
                        None
                    }
                };
                if let Some(what) = what {
                    let message = format!("cannot assign to `{}`: {what}", target.name);
                    if outside_function && self.diagnostics.len() < MAX_DIAGNOSTICS {
                        // NumPy's `def step(): u[1:] = ...` changes a global in place.
                        let note = format!(
                            "pass it in and return it: `fn f({0}, ...) {{ ...; {0} }}`, called as `{0} = f({0}, ...)`",
                            target.name
                        );
                        self.diagnostics.push(
                            Diagnostic::new(ErrorKind::Semantic, message, target.span)
                                .with_note(note),
                        );
                    } else {
                        self.error(message, target.span);
                    }
                }
            }
        }
    }
}

/// Whether a function body ends by producing a value on every path.
fn ends_with_value(statements: &[Stmt]) -> bool {
    match statements.last().map(|s| &s.kind) {
        Some(StmtKind::Expr(_) | StmtKind::Return(_)) => true,
        Some(StmtKind::If {
            then_block,
            else_block: Some(else_block),
            ..
        }) => ends_with_value(&then_block.statements) && ends_with_value(&else_block.statements),
        Some(
            StmtKind::If {
                else_block: None, ..
            }
            | StmtKind::Param { .. }
            | StmtKind::Input { .. }
            | StmtKind::Let { .. }
            | StmtKind::Var { .. }
            | StmtKind::Assign { .. }
            | StmtKind::Out { .. }
            | StmtKind::Print(_)
            | StmtKind::Fn { .. }
            | StmtKind::Scope { .. }
            | StmtKind::While { .. }
            | StmtKind::Destructure { .. }
            | StmtKind::Break
            | StmtKind::Continue,
        )
        | None => false,
    }
}
