//! Calls: each callee resolved to a user function or a builtin, arity, keyword arguments
//! put in parameter order, and the "did you mean" notes for unknown functions.

use super::*;

impl<'p> Checker<'p> {
    pub(super) fn call(&mut self, callee: &Ident, args: &[Expr], span: Span) {
        let arg_count = args.len();
        let user_defined =
            self.functions.contains_key(&callee.name) || self.lookup(&callee.name).is_some();
        if !user_defined {
            if let Some(numpy) = builtins::dtype_spelling(&callee.name) {
                if builtins::dtype_supported(numpy) != Some(callee.name.as_str()) {
                    self.dtype_error(&callee.name, numpy, callee.span);
                    return;
                }
            }
            let known = builtins::lookup(&callee.name).is_some();
            if known && args.iter().any(|arg| self.names_dtype(arg)) {
                return;
            }
        }
        let names = self.functions.get(&callee.name).map_or_else(
            || builtins::lookup(&callee.name).map(|info| info.params),
            |_| Some(&[][..]),
        );
        if let Some(names) = names {
            self.keyword_arguments(callee, args, names);
        }
        if let Some(info) = self.functions.get(&callee.name) {
            let (expected, id) = (info.params, info.id);
            if expected != arg_count {
                self.error(
                    format!(
                        "function `{}` takes {expected} argument{}, but {arg_count} {} given",
                        callee.name,
                        if expected == 1 { "" } else { "s" },
                        if arg_count == 1 { "was" } else { "were" }
                    ),
                    span,
                );
            }
            self.callees.insert(callee.span, Callee::Function(id));
            self.check_pending(&callee.name);
            if let Some(current) = &self.current_function {
                self.calls
                    .entry(current.clone())
                    .or_default()
                    .push((callee.name.clone(), callee.span));
            }
        } else if let Some(info) = builtins::lookup(&callee.name) {
            if arg_count < info.min_args || arg_count > info.max_args {
                let count = if info.min_args == info.max_args {
                    format!("{}", info.min_args)
                } else {
                    format!("{} to {}", info.min_args, info.max_args)
                };
                self.error(
                    format!(
                        "`{}` takes {count} argument{}, but {arg_count} {} given (usage: {})",
                        callee.name,
                        if info.max_args == 1 { "" } else { "s" },
                        if arg_count == 1 { "was" } else { "were" },
                        info.signature
                    ),
                    span,
                );
            }
            self.callees
                .insert(callee.span, Callee::Builtin(info.builtin));
        } else if let Some((kind, _, _)) = self.lookup(&callee.name) {
            let what = match kind {
                NameKind::Param => "a `param`",
                NameKind::Input => "an `input`",
                NameKind::Let => "a `let`",
                NameKind::Var => "a `var`",
                NameKind::Index => "a scope index",
                NameKind::FnParam => "a function parameter",
            };
            self.error(
                format!("`{}` is not a function (it is {what})", callee.name),
                callee.span,
            );
        } else {
            self.unknown_function(callee);
        }
    }

    /// Keyword arguments name a builtin's parameter as NumPy does: `sum(a, axis=1)`,
    /// `pad(a, mode="edge", pad_width=1)`. No positional argument may follow one, each
    /// parameter is given once, and no parameter before the last one given may be left
    /// out. When keywords change the order, the arguments in parameter order are recorded
    /// for lowering (`Checked::arguments`).
    pub(super) fn keyword_arguments(&mut self, callee: &Ident, args: &[Expr], names: &[&str]) {
        let mut keyword_seen = false;
        let mut slots: Vec<Option<&Expr>> = vec![None; names.len().max(args.len())];
        let mut failed = false;
        for (position, arg) in args.iter().enumerate() {
            let ExprKind::Keyword { name, .. } = &arg.kind else {
                if keyword_seen {
                    self.error(
                        "a positional argument cannot follow a keyword argument".to_string(),
                        arg.span,
                    );
                    failed = true;
                }
                slots[position] = Some(arg);
                continue;
            };
            keyword_seen = true;
            let Some(place) = names.iter().position(|n| *n == name.name) else {
                let message = if names.is_empty() {
                    format!(
                        "`{}` is a user function: its arguments are positional, not `{}=`",
                        callee.name, name.name
                    )
                } else {
                    format!(
                        "`{}` has no argument `{}` (its arguments are: {})",
                        callee.name,
                        name.name,
                        names.join(", ")
                    )
                };
                self.error(message, name.span);
                failed = true;
                continue;
            };
            if slots[place].is_some() {
                self.error(
                    format!(
                        "argument `{}` of `{}` is given twice",
                        name.name, callee.name
                    ),
                    name.span,
                );
                failed = true;
                continue;
            }
            slots[place] = Some(arg);
        }
        if failed || !keyword_seen {
            return;
        }
        let given = slots
            .iter()
            .rposition(Option::is_some)
            .map_or(0, |last| last + 1);
        if let Some(missing) = slots[..given].iter().position(Option::is_none) {
            self.error(
                format!(
                    "`{}` needs its argument `{}` when a later one is given",
                    callee.name, names[missing]
                ),
                callee.span,
            );
            return;
        }
        let in_order = slots[..given]
            .iter()
            .zip(args)
            .all(|(slot, arg)| slot.is_some_and(|slot| std::ptr::eq(slot, arg)));
        if !in_order {
            let ordered = slots[..given]
                .iter()
                .flatten()
                .map(|&arg| arg.clone())
                .collect();
            self.arguments.insert(callee.span, ordered);
        }
    }

    pub(super) fn unknown_function(&mut self, callee: &Ident) {
        let name = callee.name.as_str();
        let mut diagnostic = Diagnostic::new(
            ErrorKind::Semantic,
            format!("unknown function `{name}`"),
            callee.span,
        );
        let python = match name {
            "range" => Some("a scope runs over `start..end`: `for i in 0..n { ... }`; `arange(n)` makes the array"),
            "len" => Some("shapes are static: use the param that gave the array its length"),
            "array" | "asarray" => Some("an array literal is written `[1, 2, 3]`"),
            "float" => Some("a float64 is `f64(x)`; a literal with a point (`2.0`) is one already"),
            "hstack" => Some("`hstack((a, b))` is `concatenate((a, b), axis=1)` (`axis=0` for rank-1 arrays)"),
            "vstack" => Some("`vstack((a, b))` is `concatenate((a, b))` for rank-2 arrays; rank-1 rows need `stack((a, b))`"),
            "empty" | "empty_like" => Some("write `zeros` or `zeros_like`: arrays start defined"),
            _ => None,
        };
        if let Some(note) = python {
            diagnostic = diagnostic.with_note(note);
        } else if let Some(close) = builtins::closest(name) {
            diagnostic = diagnostic.with_note(format!("did you mean `{close}`?"));
        } else if let Some(close) = self.closest_function(name) {
            diagnostic = diagnostic.with_note(format!("did you mean `{close}`?"));
        }
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics.push(diagnostic);
        }
    }

    pub(super) fn closest_function(&self, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        let mut names: Vec<&String> = self.functions.keys().collect();
        names.sort();
        names
            .into_iter()
            .find(|function| function.to_lowercase() == lower)
            .cloned()
    }
}
