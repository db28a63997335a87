//! Control flow and joins: `for`, `while`, `if`; at a loop's back edge and after an `if`
//! each name must refer to the same storage and view on every path, or it is refused.

use super::names::Reference;
use super::span;
use super::translate::*;
use crate::ast::{AssignOp, BinaryOp, Block, Expr, ExprKind, ScopeKind, Stmt, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;
use std::collections::HashSet;

impl Translator<'_> {
    pub(super) fn for_statement(&mut self, node: &py::StmtFor, at: Span) -> Result<()> {
        if let Some(items) = self.unrolled_items(&node.iter)? {
            return self.for_items(node, items, at);
        }
        let py::Expr::Name(target) = node.target.as_ref() else {
            return Err(self.refuse(
                span(node.target.as_ref()),
                "only `for NAME in range(...)` is supported",
                "loop over indices: `for i in range(n)`",
            ));
        };
        let (kind, range) = match node.iter.as_ref() {
            py::Expr::Call(call) if self.is_unroll(&call.func) => {
                let inner = self.single_argument(call, "arrayc.unroll")?;
                (ScopeKind::For, inner)
            }
            // A slice bounded by the index has another length every trip: unrolled.
            other if super::masks::index_bounds_a_slice(target.id.as_str(), &node.body) => {
                (ScopeKind::For, other)
            }
            other => (ScopeKind::Loop, other),
        };
        let (start, end, step) = self.range(range)?;
        let broke = self.loop_else_flag(&node.body, &node.orelse, at);
        let (start, end, stepped_from) = if step == 1 {
            (start, end, None)
        } else {
            let (start, end, from) = self.stepped_range(start, end, step, span(range));
            (start, end, Some(from))
        };
        self.enter_loop(at.start);
        self.set_broke(broke);
        self.blocks.push(Vec::new());
        let index = self.new_storage(target.id.as_str(), Some(0));
        let index_ident = match stepped_from {
            None => self.ident(index, span(target)),
            Some(from) => {
                // The scope counts trips; the target is `start + trip * step`.
                let trip = self.fresh(&format!("{}_trip", target.id.as_str()));
                let at = span(target);
                let trip_read = Expr {
                    kind: ExprKind::Name(trip.clone()),
                    span: at,
                };
                let offset = Expr {
                    kind: ExprKind::Binary(
                        BinaryOp::Mul,
                        Box::new(trip_read),
                        Box::new(int_literal(step, at)),
                    ),
                    span: at,
                };
                let value = Expr {
                    kind: ExprKind::Binary(BinaryOp::Add, Box::new(from), Box::new(offset)),
                    span: at,
                };
                let ident = self.ident(index, at);
                // Unrolled, the target is a compile-time number each trip (a slice it
                // bounds has a static length): a `let`; in a machine loop, a `var`.
                let binding = match kind {
                    ScopeKind::For => StmtKind::Let { name: ident, value },
                    _ => StmtKind::Var { name: ident, value },
                };
                self.emit(binding, at);
                crate::ast::Ident {
                    name: trip,
                    span: at,
                }
            }
        };
        self.bind(
            target.id.as_str(),
            Binding::Value(Reference {
                storage: index,
                view: Vec::new(),
                rank: Some(0),
                bound_at: span(target),
            }),
        );
        self.statements(&node.body);
        let joined = self.join_loop();
        let statements = self.blocks.pop().unwrap_or_default();
        self.end_loop();
        self.emit(
            StmtKind::Scope {
                kind,
                index: index_ident,
                start,
                end,
                unroll: None,
                body: Block {
                    statements,
                    span: at,
                },
            },
            at,
        );
        let finished = self.loop_else(broke, &node.orelse, at);
        joined.and(finished)
    }

    pub(super) fn is_unroll(&self, func: &py::Expr) -> bool {
        match func {
            py::Expr::Attribute(attribute) => {
                attribute.attr.as_str() == "unroll"
                    && self.module_of(&attribute.value) == Some(Module::Arrayc)
            }
            py::Expr::Name(name) => matches!(
                self.lookup(name.id.as_str()),
                Some(Binding::Imported(Module::Arrayc, imported)) if imported == "unroll"
            ),
            _ => false,
        }
    }

    /// `range(n)`, `range(a, b)` or `range(a, b, step)` with a step written as an integer:
    /// the bounds and the step.
    pub(super) fn range(&mut self, iter: &py::Expr) -> Result<(Expr, Expr, i64)> {
        let refuse = |this: &mut Self| {
            this.refuse(
                span(iter),
                "only `range(...)`, a tuple or list, or `zip`/`enumerate` of them can be looped over",
                "loop over indices: `for i in range(n)` (or `arrayc.unroll(range(n))` to unroll)",
            )
        };
        let py::Expr::Call(call) = iter else {
            return Err(refuse(self));
        };
        let is_range = matches!(call.func.as_ref(), py::Expr::Name(name) if name.id.as_str() == "range" && self.lookup("range").is_none());
        if !is_range || !call.arguments.keywords.is_empty() {
            return Err(refuse(self));
        }
        let args = &call.arguments.args;
        let mut bounds = Vec::new();
        for arg in args.iter().take(2) {
            let value = self.expr(arg)?;
            bounds.push(self.scalar(value)?);
        }
        match bounds.len() {
            1 if args.len() == 1 => {
                let end = bounds.pop().expect("one bound");
                Ok((int_literal(0, span(iter)), end, 1))
            }
            2 => {
                let step = match args.get(2) {
                    None => 1,
                    Some(step) => match integer_literal(step) {
                        Some(step) if step != 0 => step,
                        _ => return Err(self.refuse(
                            span(step),
                            "a `range`'s step must be a nonzero integer written out",
                            "write the step as a number (`range(a, b, 2)`, `range(n - 1, -1, -1)`)",
                        )),
                    },
                };
                let end = bounds.pop().expect("two bounds");
                Ok((bounds.pop().expect("two bounds"), end, step))
            }
            _ => Err(refuse(self)),
        }
    }

    /// A `range` with a step other than 1 counts its trips from 0: the start is kept in a
    /// scalar of its own before the loop; the trip count is `(end - start + step - 1) //
    /// step` (for a negative step, with the signs turned); the body's first statement
    /// binds the target to `start + trip * step`. The bounds and the step: the scope's.
    pub(super) fn stepped_range(
        &mut self,
        start: Expr,
        end: Expr,
        step: i64,
        at: Span,
    ) -> (Expr, Expr, Expr) {
        let start_storage = self.new_storage("range_start", Some(0));
        let start_ident = self.ident(start_storage, at);
        self.emit(
            StmtKind::Var {
                name: start_ident,
                value: start,
            },
            at,
        );
        let start_read = || Expr {
            kind: ExprKind::Name(self.storages[start_storage].name.clone()),
            span: at,
        };
        let binary = |op: BinaryOp, a: Expr, b: Expr| Expr {
            kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
            span: at,
        };
        let distance = if step > 0 {
            binary(BinaryOp::Sub, end, start_read())
        } else {
            binary(BinaryOp::Sub, start_read(), end)
        };
        let magnitude = step.abs();
        let trips = binary(
            BinaryOp::FloorDiv,
            binary(BinaryOp::Add, distance, int_literal(magnitude - 1, at)),
            int_literal(magnitude, at),
        );
        (int_literal(0, at), trips, start_read())
    }

    pub(super) fn while_statement(&mut self, node: &py::StmtWhile, at: Span) -> Result<()> {
        let condition = self.expr(&node.test)?;
        let condition = self.scalar(condition)?;
        let broke = self.loop_else_flag(&node.body, &node.orelse, at);
        self.enter_loop(at.start);
        self.set_broke(broke);
        self.blocks.push(Vec::new());
        self.statements(&node.body);
        let joined = self.join_loop();
        let statements = self.blocks.pop().unwrap_or_default();
        self.end_loop();
        self.emit(
            StmtKind::While {
                condition,
                body: Block {
                    statements,
                    span: at,
                },
            },
            at,
        );
        let finished = self.loop_else(broke, &node.orelse, at);
        joined.and(finished)
    }

    /// For a loop with an `else:` clause and a `break`: the scalar `break` sets, declared
    /// `False` before the loop.
    pub(super) fn loop_else_flag(
        &mut self,
        body: &[py::Stmt],
        orelse: &[py::Stmt],
        at: Span,
    ) -> Option<usize> {
        if orelse.is_empty() || !super::iteration::has_break(body) {
            return None;
        }
        let storage = self.new_storage("broke", Some(0));
        let ident = self.ident(storage, at);
        self.emit(
            StmtKind::Var {
                name: ident,
                value: Expr {
                    kind: ExprKind::Bool(false),
                    span: at,
                },
            },
            at,
        );
        Some(storage)
    }

    pub(super) fn set_broke(&mut self, broke: Option<usize>) {
        if let Some(open) = self.loops.last_mut() {
            open.broke = broke;
        }
    }

    /// A loop's `else:` runs when the loop ends without `break`: always without a `break`
    /// in its body, otherwise when the flag is still false.
    pub(super) fn loop_else(
        &mut self,
        broke: Option<usize>,
        orelse: &[py::Stmt],
        at: Span,
    ) -> Result<()> {
        if orelse.is_empty() {
            return Ok(());
        }
        let Some(broke) = broke else {
            self.statements(orelse);
            return Ok(());
        };
        let flag = Expr {
            kind: ExprKind::Name(self.storages[broke].name.clone()),
            span: at,
        };
        let condition = Expr {
            kind: ExprKind::Unary(crate::ast::UnaryOp::Not, Box::new(flag)),
            span: at,
        };
        self.guarded(condition, orelse, at)
    }

    /// `if condition:` around statements, with the joins of an `if` without `else`.
    pub(super) fn guarded(&mut self, condition: Expr, body: &[py::Stmt], at: Span) -> Result<()> {
        let before = self.frames.clone();
        self.blocks.push(Vec::new());
        self.statements(body);
        let mut carried = Ok(());
        let then_jumps = jumps(body);
        if !then_jumps {
            carried = self.carry_rebound(
                &before,
                &HashSet::new(),
                usize::MAX,
                self.depth(),
                Site::Branch,
            );
        }
        let statements = self.blocks.pop().unwrap_or_default();
        let then_frames = std::mem::replace(&mut self.frames, before.clone());
        let then_frames = if then_jumps {
            before.clone()
        } else {
            then_frames
        };
        let joined = self.join_branches(&before, &then_frames, &before, at);
        self.emit(
            StmtKind::If {
                condition,
                then_block: Block {
                    statements,
                    span: at,
                },
                else_block: None,
            },
            at,
        );
        carried.and(joined)
    }

    /// Opens the loop whose statement starts at `start` (before its body's block).
    pub(super) fn enter_loop(&mut self, start: u32) {
        let locals = self.loop_locals.get(&start).cloned().unwrap_or_default();
        let uses = self.used_after.get(&start).cloned().unwrap_or_default();
        self.loops.push(OpenLoop {
            depth: self.depth() + 1,
            frame: self.frames.len() - 1,
            locals,
            used_after: uses.after,
            live: uses.live,
            before: self.frames.clone(),
            outliving: Vec::new(),
            broke: None,
        });
    }

    /// At the end of the innermost loop's body (still the current block): names bound
    /// before the loop and rebound in it to new arrays are copied back into their arrays
    /// (`carry_rebound`), and scalars bound in it that code after it reads are kept in
    /// storage declared before it.
    pub(super) fn join_loop(&mut self) -> Result<()> {
        let open = self.loops.last().expect("a loop is open");
        let (before, locals, frame, depth) = (
            open.before.clone(),
            open.locals.clone(),
            open.frame,
            open.depth,
        );
        // Scalars first: the carried arrays' tuple assignment must end the body.
        self.keep_outliving_scalars();
        self.carry_rebound(&before, &locals, frame, depth, Site::Loop)
    }

    /// After the loop's body block is closed: names that refer to storage declared inside
    /// it are gone, iteration-local names too, and scalars that outlive it refer to their
    /// storage declared before it.
    pub(super) fn end_loop(&mut self) {
        let open = self.loops.pop().expect("a loop is open");
        self.end_block();
        // Iteration-local names are never read after the loop (`liveness`).
        for name in &open.locals {
            if let Some(binding @ Binding::Value(_)) = self.frames[open.frame].names.get_mut(name) {
                if let Binding::Value(reference) = binding {
                    *binding = Binding::Gone(reference.bound_at);
                }
            }
        }
        for (name, storage) in open.outliving {
            let bound_at = match self.frames[open.frame].names.get(&name) {
                Some(Binding::Gone(bound_at)) => *bound_at,
                _ => Span::new(0, 0),
            };
            self.frames[open.frame].names.insert(
                name,
                Binding::Value(Reference {
                    storage,
                    view: Vec::new(),
                    rank: Some(0),
                    bound_at,
                }),
            );
        }
    }

    /// `break` and `continue` leave the body early: what its end would copy back is copied
    /// here first.
    pub(super) fn loop_jump(&mut self, kind: StmtKind, at: Span) -> Result<()> {
        let mut result = Ok(());
        let top = self.frames.len() - 1;
        if let Some(open) = self.loops.last() {
            if open.frame == top {
                let (before, locals, frame, depth) = (
                    open.before.clone(),
                    open.locals.clone(),
                    open.frame,
                    open.depth,
                );
                result = self.carry_rebound(&before, &locals, frame, depth, Site::Jump);
                self.keep_outliving_scalars();
                let broke = self.loops.last().and_then(|open| open.broke);
                if let (Some(broke), StmtKind::Break) = (broke, &kind) {
                    let target = self.ident(broke, at);
                    self.emit(
                        StmtKind::Assign {
                            target,
                            indices: None,
                            op: AssignOp::Set,
                            value: Expr {
                                kind: ExprKind::Bool(true),
                                span: at,
                            },
                        },
                        at,
                    );
                }
            }
        }
        self.emit(kind, at);
        result
    }

    /// Scalars bound inside the innermost loop (not before it) that code after the loop
    /// reads: their value is copied into storage declared before the loop, which they refer
    /// to after it. (Python leaves the last iteration's value bound, the loop index
    /// included.)
    fn keep_outliving_scalars(&mut self) {
        let Some(open) = self.loops.last() else {
            return;
        };
        let (frame, depth) = (open.frame, open.depth);
        let mut names: Vec<(String, Reference)> = self.frames[frame]
            .names
            .iter()
            .filter_map(|(name, binding)| match binding {
                Binding::Value(reference)
                    if reference.rank == Some(0)
                        && reference.is_whole()
                        && self.storages[reference.storage].depth >= depth
                        && open.used_after.contains(name)
                        && !self.frames[frame].globals.contains(name)
                        && !matches!(
                            open.before[frame].names.get(name),
                            Some(Binding::Value(_))
                        ) =>
                {
                    Some((name.clone(), reference.clone()))
                }
                _ => None,
            })
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, reference) in names {
            let at = reference.bound_at;
            let known = self.loops.last().and_then(|open| {
                open.outliving
                    .iter()
                    .find(|(kept, _)| *kept == name)
                    .map(|(_, storage)| *storage)
            });
            let storage = match known {
                Some(storage) => storage,
                None => {
                    // Declared before the loop with the weakest value there is, so that its
                    // dtype is the one the loop assigns (a loop that never runs leaves it
                    // `False`, where Python would leave the name unbound).
                    let storage = self.new_storage(&format!("{name}_last"), Some(0));
                    self.storages[storage].depth = depth - 1;
                    let declaration = Stmt {
                        kind: StmtKind::Var {
                            name: self.ident(storage, at),
                            value: Expr {
                                kind: ExprKind::Bool(false),
                                span: at,
                            },
                        },
                        span: at,
                    };
                    self.blocks[depth - 1].push(declaration);
                    if let Some(open) = self.loops.last_mut() {
                        open.outliving.push((name.clone(), storage));
                    }
                    storage
                }
            };
            let value = self.read(&reference, at);
            self.emit(
                StmtKind::Assign {
                    target: self.ident(storage, at),
                    indices: None,
                    op: AssignOp::Set,
                    value,
                },
                at,
            );
        }
    }

    /// Names bound before a block (a loop's body or an `if` branch, at `depth`) to a whole
    /// array, and rebound inside it to a whole new array declared in it
    /// (`x = x_new`, `b = build_up_b(...)`): the new array is copied into the old one at
    /// the block's end, so that the name keeps one storage (with `rebind`, it refers to it
    /// again). NumPy makes a new object instead; nothing can tell the two apart when no
    /// other name refers to either array, which is checked; otherwise, or when a view is
    /// involved, the program is refused with both bindings shown. `locals` (of the frame
    /// `local_frame`) are iteration-local names, which end with the block.
    pub(super) fn carry_rebound(
        &mut self,
        before: &[Frame],
        locals: &HashSet<String>,
        local_frame: usize,
        depth: usize,
        site: Site,
    ) -> Result<()> {
        let mut result = Ok(());
        let mut carried = Vec::new();
        for frame_index in 0..before.len().min(self.frames.len()) {
            let mut names: Vec<&String> = before[frame_index].names.keys().collect();
            names.sort();
            for name in names {
                if frame_index == local_frame && locals.contains(name) {
                    continue;
                }
                let old = match &before[frame_index].names[name] {
                    Binding::Value(old) => old,
                    Binding::Tuple(items) => {
                        let now = self.frames[frame_index].names.get(name);
                        let same = matches!(now, Some(Binding::Tuple(b)) if format!("{b:?}") == format!("{items:?}"));
                        if !same && site == Site::Loop {
                            let at = first_item_span(items).unwrap_or(Span::new(0, 0));
                            result = Err(self.refuse(
                                at,
                                format!("the tuple `{name}` is rebound in a loop"),
                                "a tuple name must keep its items around a loop: bind another name",
                            ));
                            self.frames[frame_index]
                                .names
                                .insert(name.clone(), Binding::Poisoned);
                        }
                        continue;
                    }
                    Binding::Indices(mask) => {
                        let now = self.frames[frame_index].names.get(name);
                        let same = matches!(now, Some(Binding::Indices(b)) if format!("{b:?}") == format!("{mask:?}"));
                        if !same && site == Site::Loop {
                            let mask = std::slice::from_ref(mask.as_ref());
                            let at = first_item_span(mask).unwrap_or(Span::new(0, 0));
                            result = Err(self.indices_rebound(name, at));
                            self.frames[frame_index]
                                .names
                                .insert(name.clone(), Binding::Poisoned);
                        }
                        continue;
                    }
                    _ => continue,
                };
                let new = match self.frames[frame_index].names.get(name) {
                    Some(Binding::Value(new)) => new,
                    Some(Binding::Indices(mask)) if site == Site::Loop => {
                        let mask = std::slice::from_ref(mask.as_ref());
                        let at = first_item_span(mask).unwrap_or(Span::new(0, 0));
                        result = Err(self.indices_rebound(name, at));
                        self.frames[frame_index]
                            .names
                            .insert(name.clone(), Binding::Poisoned);
                        continue;
                    }
                    _ => continue,
                };
                if old.storage == new.storage && old.view == new.view {
                    continue;
                }
                let (old, new) = (old.clone(), new.clone());
                let is_new_array = old.is_whole()
                    && new.is_whole()
                    && self.storages[new.storage].depth >= depth
                    && (old.rank == new.rank || old.rank.is_none() || new.rank.is_none());
                if !is_new_array {
                    if site == Site::Branch {
                        // Left to `join_branches`, which shows both bindings.
                        continue;
                    }
                    let message = format!(
                        "`{name}` refers to another array at the end of the loop body than at its start"
                    );
                    let what = if new.is_whole() {
                        "an array that exists before the loop"
                    } else {
                        "a view"
                    };
                    let labels =
                        vec![(old.bound_at, format!("`{name}` bound here before the loop"))];
                    let note = format!(
                        "bound at {} before the loop and at {} in it, to {what}; a name carried around a loop must keep its array or take a new whole one (write `{name}[...] = ...` to update it in place, `{name} = ....copy()` for a new array, or swap whole arrays with `a, b = b, a`)",
                        self.line(old.bound_at),
                        self.line(new.bound_at),
                    );
                    result = Err(self.refuse_labelled(new.bound_at, message, labels, note));
                    self.frames[frame_index]
                        .names
                        .insert(name.clone(), Binding::Poisoned);
                    continue;
                }
                if let Some((other, other_at)) =
                    self.sharer(before, locals, local_frame, (frame_index, name), &old, &new)
                {
                    let message = format!(
                        "`{name}` is rebound to a new array here while `{other}` refers to one of its arrays"
                    );
                    let labels = vec![
                        (old.bound_at, format!("`{name}` bound here before")),
                        (other_at, format!("`{other}` bound here")),
                    ];
                    let note = format!(
                        "NumPy keeps `{name}`'s new array apart from the one `{other}` refers to, which arrayc does only when `{name}` alone refers to them (bind `{other}` to a `.copy()`, or update `{name}` in place with `{name}[...] = ...`)"
                    );
                    result = Err(self.refuse_labelled(new.bound_at, message, labels, note));
                    self.frames[frame_index]
                        .names
                        .insert(name.clone(), Binding::Poisoned);
                    continue;
                }
                carried.push((frame_index, name.clone(), old, new));
            }
        }
        self.emit_carried(&carried, site);
        if site != Site::Jump {
            let old_storages: HashSet<usize> = carried.iter().map(|c| c.2.storage).collect();
            // Names bound only inside the block to an array that is now overwritten keep
            // NumPy's old array nowhere: they are gone.
            for (frame_index, frame) in self.frames.iter_mut().enumerate() {
                for (name, binding) in frame.names.iter_mut() {
                    let was_bound = before
                        .get(frame_index)
                        .is_some_and(|f| matches!(f.names.get(name), Some(Binding::Value(_))));
                    if let Binding::Value(reference) = binding {
                        if !was_bound && old_storages.contains(&reference.storage) {
                            *binding = Binding::Gone(reference.bound_at);
                        }
                    }
                }
            }
            for (frame_index, name, old, new) in carried {
                let at = new.bound_at;
                let rank = self.storages[old.storage].rank;
                self.frames[frame_index].names.insert(
                    name,
                    Binding::Value(Reference {
                        bound_at: at,
                        rank: old.rank.or(rank),
                        ..old
                    }),
                );
            }
        }
        result
    }

    /// The new arrays of carried names into their old storages. At a block's end (the
    /// loop body's or a branch's) it is one tuple assignment `old, ... = new, ...`, the
    /// block's last statement: each new array's storage ends with the block, so lowering
    /// gives its buffer away (a swap of buffer-table entries, `lower/rotate.rs`) instead
    /// of copying it; before `break` or `continue` they are copied.
    fn emit_carried(&mut self, carried: &[(usize, String, Reference, Reference)], site: Site) {
        if carried.is_empty() {
            return;
        }
        let read = |this: &Self, reference: &Reference| Expr {
            kind: ExprKind::Name(this.storages[reference.storage].name.clone()),
            span: reference.bound_at,
        };
        if site == Site::Jump {
            for (_, _, old, new) in carried {
                let at = new.bound_at;
                let value = read(self, new);
                self.emit(
                    StmtKind::Assign {
                        target: self.ident(old.storage, at),
                        indices: None,
                        op: AssignOp::Set,
                        value,
                    },
                    at,
                );
            }
            return;
        }
        let at = carried[0].3.bound_at;
        let names = carried
            .iter()
            .map(|(_, _, old, new)| self.ident(old.storage, new.bound_at))
            .collect();
        let values = carried
            .iter()
            .map(|(_, _, _, new)| read(self, new))
            .collect();
        self.emit(
            StmtKind::Destructure {
                kind: crate::ast::DestructureKind::Assign,
                names,
                value: Expr {
                    kind: ExprKind::Tuple(values),
                    span: at,
                },
            },
            at,
        );
    }

    /// Another name, bound before the block, that refers to `old`'s array (before or now)
    /// or to `new`'s array now: with it, copying `new` into `old` would change what it sees.
    fn sharer(
        &self,
        before: &[Frame],
        locals: &HashSet<String>,
        local_frame: usize,
        carried: (usize, &str),
        old: &Reference,
        new: &Reference,
    ) -> Option<(String, Span)> {
        let mut sharers = Vec::new();
        for (frame_index, frame) in before.iter().enumerate() {
            for (name, binding) in &frame.names {
                if (frame_index, name.as_str()) == carried
                    || (frame_index == local_frame && locals.contains(name))
                {
                    continue;
                }
                let Binding::Value(at_start) = binding else {
                    continue;
                };
                if at_start.storage == old.storage {
                    sharers.push((name.clone(), at_start.bound_at));
                }
                if let Some(Binding::Value(now)) = self
                    .frames
                    .get(frame_index)
                    .and_then(|frame| frame.names.get(name))
                {
                    if now.storage == old.storage || now.storage == new.storage {
                        sharers.push((name.clone(), now.bound_at));
                    }
                }
            }
        }
        sharers.sort_by_key(|(name, at)| (name.clone(), at.start));
        sharers.into_iter().next()
    }

    /// Whether `name`, assigned here, may take new storage although it was bound before
    /// the enclosing loop: the loop's body is the current block and nothing observes the
    /// name's old array.
    pub(super) fn is_iteration_local(&self, name: &str) -> bool {
        let top = self.frames.len() - 1;
        self.loops.last().is_some_and(|open| {
            open.depth == self.depth()
                && open.frame == top
                && open.locals.contains(name)
                && !self.frames[top].globals.contains(name)
        })
    }

    /// After a block: names that refer to storage declared inside it are gone.
    pub(super) fn end_block(&mut self) {
        let depth = self.depth();
        for frame in self.frames.iter_mut() {
            for binding in frame.names.values_mut() {
                match binding {
                    Binding::Value(reference) => {
                        if self.storages[reference.storage].depth > depth {
                            *binding = Binding::Gone(reference.bound_at);
                        }
                    }
                    Binding::Tuple(items) => {
                        if let Some(at) = inner_item(&self.storages, items, depth) {
                            *binding = Binding::Gone(at);
                        }
                    }
                    Binding::Text(text) => {
                        if let Some(at) = inner_text_value(&self.storages, text, depth) {
                            *binding = Binding::Gone(at);
                        }
                    }
                    Binding::Indices(mask) => {
                        let mask = std::slice::from_ref(mask.as_ref());
                        if let Some(at) = inner_item(&self.storages, mask, depth) {
                            *binding = Binding::Gone(at);
                        }
                    }
                    Binding::Module(_)
                    | Binding::Imported(..)
                    | Binding::Function(_)
                    | Binding::Param(_)
                    | Binding::Complex(_)
                    | Binding::Gone(_)
                    | Binding::Poisoned => {}
                }
            }
        }
    }

    pub(super) fn if_statement(&mut self, node: &py::StmtIf) -> Result<()> {
        let at = span(node);
        let mut branches: Vec<(Option<&py::Expr>, &[py::Stmt], Span)> =
            vec![(Some(&node.test), &node.body, at)];
        for clause in &node.elif_else_clauses {
            branches.push((clause.test.as_ref(), &clause.body, span(clause)));
        }
        self.if_chain(&branches)
    }

    pub(super) fn if_chain(
        &mut self,
        branches: &[(Option<&py::Expr>, &[py::Stmt], Span)],
    ) -> Result<()> {
        let Some(&(test, body, at)) = branches.first() else {
            return Ok(());
        };
        let Some(test) = test else {
            // A trailing `else:` reached through the chain.
            self.statements(body);
            return Ok(());
        };
        let condition = self.condition(test)?;
        // A condition known at compile time (a string compared): only its branch runs.
        if let ExprKind::Bool(holds) = condition.kind {
            if holds {
                self.statements(body);
                return Ok(());
            }
            return self.if_chain(&branches[1..]);
        }
        let before = self.frames.clone();
        let no_locals = HashSet::new();
        self.blocks.push(Vec::new());
        self.statements(body);
        let then_jumps = jumps(body);
        let mut carried = Ok(());
        if !then_jumps {
            carried =
                self.carry_rebound(&before, &no_locals, usize::MAX, self.depth(), Site::Branch);
        }
        let then_statements = self.blocks.pop().unwrap_or_default();
        let then_frames = std::mem::replace(&mut self.frames, before.clone());
        let else_jumps = branches.len() > 1 && chain_jumps(&branches[1..]);
        let else_block = if branches.len() > 1 {
            self.blocks.push(Vec::new());
            let mut chained = self.if_chain(&branches[1..]);
            if chained.is_ok() && !else_jumps {
                chained =
                    self.carry_rebound(&before, &no_locals, usize::MAX, self.depth(), Site::Branch);
            }
            let statements = self.blocks.pop().unwrap_or_default();
            chained?;
            Some(Block {
                statements,
                span: branches[1].2,
            })
        } else {
            None
        };
        carried?;
        let else_frames = std::mem::replace(&mut self.frames, before.clone());
        // A branch that ends in `break` or `continue` does not reach the code after the `if`.
        let (then_frames, else_frames) = match (then_jumps, else_jumps) {
            (false, false) => (then_frames, else_frames),
            (true, false) => (else_frames.clone(), else_frames),
            (false, true) => (then_frames.clone(), then_frames),
            (true, true) => (before.clone(), before.clone()),
        };
        let joined = self.join_branches(&before, &then_frames, &else_frames, at);
        self.emit(
            StmtKind::If {
                condition,
                then_block: Block {
                    statements: then_statements,
                    span: at,
                },
                else_block,
            },
            at,
        );
        joined
    }

    /// An `if`'s test. `a and b` (`a or b`) whose later operands call something (a random
    /// draw, say) evaluates them only when Python does: into a scalar set by the first
    /// operand and, under an `if`, by each next one.
    pub(super) fn condition(&mut self, test: &py::Expr) -> Result<Expr> {
        let py::Expr::BoolOp(node) = test else {
            let value = self.expr(test)?;
            return self.scalar(value);
        };
        if !node.values.iter().skip(1).any(contains_call) {
            let value = self.expr(test)?;
            return self.scalar(value);
        }
        let at = span(test);
        let truth = |expr: Expr| {
            let not = Expr {
                kind: ExprKind::Unary(crate::ast::UnaryOp::Not, Box::new(expr)),
                span: at,
            };
            Expr {
                kind: ExprKind::Unary(crate::ast::UnaryOp::Not, Box::new(not)),
                span: at,
            }
        };
        let first = node.values.first().ok_or(Failed)?;
        let first = self.condition(first)?;
        let storage = self.new_storage("condition", Some(0));
        let ident = self.ident(storage, at);
        self.emit(
            StmtKind::Var {
                name: ident,
                value: truth(first),
            },
            at,
        );
        let flag_name = self.storages[storage].name.clone();
        let read = || Expr {
            kind: ExprKind::Name(flag_name.clone()),
            span: at,
        };
        for value in &node.values[1..] {
            let guard = match node.op {
                py::BoolOp::And => read(),
                py::BoolOp::Or => Expr {
                    kind: ExprKind::Unary(crate::ast::UnaryOp::Not, Box::new(read())),
                    span: at,
                },
            };
            self.blocks.push(Vec::new());
            let operand = self.condition(value);
            if let Ok(operand) = operand.as_ref() {
                let target = self.ident(storage, at);
                self.emit(
                    StmtKind::Assign {
                        target,
                        indices: None,
                        op: AssignOp::Set,
                        value: truth(operand.clone()),
                    },
                    at,
                );
            }
            let statements = self.blocks.pop().unwrap_or_default();
            operand?;
            self.emit(
                StmtKind::If {
                    condition: guard,
                    then_block: Block {
                        statements,
                        span: at,
                    },
                    else_block: None,
                },
                at,
            );
        }
        Ok(read())
    }

    /// After `if`/`else`: a name must refer to the same array after both branches.
    pub(super) fn join_branches(
        &mut self,
        before: &[Frame],
        then_frames: &[Frame],
        else_frames: &[Frame],
        at: Span,
    ) -> Result<()> {
        let depth = self.depth();
        let mut result = Ok(());
        for (frame_index, before_frame) in before.iter().enumerate() {
            let mut names: Vec<String> = then_frames[frame_index]
                .names
                .keys()
                .chain(else_frames[frame_index].names.keys())
                .cloned()
                .collect();
            names.sort();
            names.dedup();
            for name in names {
                let then_binding = then_frames[frame_index].names.get(&name);
                let else_binding = else_frames[frame_index].names.get(&name);
                let joined = match (then_binding, else_binding) {
                    (Some(Binding::Value(a)), Some(Binding::Value(b)))
                        if a.storage == b.storage && a.view == b.view =>
                    {
                        if self.storages[a.storage].depth > depth {
                            Binding::Gone(a.bound_at)
                        } else {
                            Binding::Value(a.clone())
                        }
                    }
                    (Some(Binding::Value(a)), Some(Binding::Value(b))) => {
                        let was_bound = before_frame.names.contains_key(&name);
                        let a_inner = self.storages[a.storage].depth > depth;
                        let b_inner = self.storages[b.storage].depth > depth;
                        if was_bound || (!a_inner && !b_inner) {
                            let message = format!("`{name}` refers to different arrays after the two branches of this `if`");
                            let note = format!(
                                "bound at {} and at {}; which one is decided at run time, so a later read or write could not be compiled (bind `{name}` before the `if` and assign into it with `{name}[...] = ...`, or copy with `.copy()` in both branches)",
                                self.line(a.bound_at),
                                self.line(b.bound_at)
                            );
                            let labels =
                                vec![(a.bound_at, format!("`{name}` bound here in one branch"))];
                            result = Err(self.refuse_labelled(b.bound_at, message, labels, note));
                            Binding::Poisoned
                        } else {
                            Binding::Gone(a.bound_at)
                        }
                    }
                    (Some(Binding::Value(a)), _) | (_, Some(Binding::Value(a))) => {
                        Binding::Gone(a.bound_at)
                    }
                    (Some(a @ (Binding::Function(_) | Binding::Text(_))), Some(b))
                    | (Some(b), Some(a @ (Binding::Function(_) | Binding::Text(_))))
                        if !same_object(a, b) =>
                    {
                        let message = format!("`{name}` is bound to different functions or strings after the two branches of this `if`");
                        result = Err(self.refuse(
                            at,
                            message,
                            "which one would be decided at run time; choose with a condition known at compile time",
                        ));
                        Binding::Poisoned
                    }
                    (Some(Binding::Tuple(a)), other) | (other, Some(Binding::Tuple(a))) => {
                        let same = match other {
                            Some(Binding::Tuple(b)) => format!("{a:?}") == format!("{b:?}"),
                            _ => false,
                        };
                        if same {
                            Binding::Tuple(a.clone())
                        } else {
                            Binding::Gone(first_item_span(a).unwrap_or(Span::new(0, 0)))
                        }
                    }
                    (Some(Binding::Indices(a)), other) | (other, Some(Binding::Indices(a))) => {
                        match other {
                            Some(Binding::Indices(b)) if format!("{a:?}") == format!("{b:?}") => {
                                Binding::Indices(a.clone())
                            }
                            _ => Binding::Gone(
                                first_item_span(std::slice::from_ref(a.as_ref()))
                                    .unwrap_or(Span::new(0, 0)),
                            ),
                        }
                    }
                    (Some(binding), _) | (_, Some(binding)) => binding.clone(),
                    (None, None) => continue,
                };
                self.frames[frame_index].names.insert(name, joined);
            }
            self.frames[frame_index].globals = then_frames[frame_index].globals.clone();
        }
        result
    }
}

/// Where a text's formatted value was settled into storage declared deeper than `depth`.
fn inner_text_value(
    storages: &[super::names::Storage],
    text: &super::text::Text,
    depth: usize,
) -> Option<Span> {
    text.parts.iter().find_map(|part| match part {
        crate::ast::PrintPart::Value { value, .. } => match &value.kind {
            ExprKind::Name(name) => storages
                .iter()
                .any(|storage| &storage.name == name && storage.depth > depth)
                .then_some(value.span),
            _ => None,
        },
        crate::ast::PrintPart::Text(_) => None,
    })
}

/// Whether two bindings of a function or a string are the same one.
fn same_object(a: &Binding, b: &Binding) -> bool {
    match (a, b) {
        (Binding::Function(a), Binding::Function(b)) => std::rc::Rc::ptr_eq(a, b),
        (Binding::Text(a), Binding::Text(b)) => a == b,
        _ => false,
    }
}

/// Where `carry_rebound` copies arrays back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Site {
    /// The end of a loop's body.
    Loop,
    /// A `break` or `continue`: copies only, the bindings stay (the branch ends there).
    Jump,
    /// The end of an `if` branch: names that cannot be carried are left to the join.
    Branch,
}

/// Whether a block ends by leaving the loop's iteration (`break`, `continue`).
fn jumps(body: &[py::Stmt]) -> bool {
    matches!(
        body.last(),
        Some(py::Stmt::Break(_) | py::Stmt::Continue(_))
    )
}

/// Whether every branch of an `elif`/`else` chain ends in `break` or `continue`, an `else`
/// included.
fn chain_jumps(branches: &[(Option<&py::Expr>, &[py::Stmt], Span)]) -> bool {
    branches.iter().all(|(_, body, _)| jumps(body))
        && branches.last().is_some_and(|(test, _, _)| test.is_none())
}

/// Where an item of a tuple binding was settled into storage declared deeper than `depth`.
fn inner_item(storages: &[super::names::Storage], items: &[Value], depth: usize) -> Option<Span> {
    items.iter().find_map(|item| match item {
        Value::Alias(reference) if storages[reference.storage].depth > depth => {
            Some(reference.bound_at)
        }
        Value::Tuple(inner) => inner_item(storages, inner, depth),
        Value::Complex(complex) => {
            inner_item(storages, &[complex.re.clone(), complex.im.clone()], depth)
        }
        Value::Indices(mask) => inner_item(storages, std::slice::from_ref(mask.as_ref()), depth),
        Value::Alias(_) | Value::New(..) | Value::Nothing | Value::Function(_) | Value::Text(_) => {
            None
        }
    })
}

fn first_item_span(items: &[Value]) -> Option<Span> {
    items.iter().find_map(|item| match item {
        Value::Alias(reference) => Some(reference.bound_at),
        Value::New(expr, _) => Some(expr.span),
        Value::Tuple(inner) => first_item_span(inner),
        Value::Complex(complex) => first_item_span(std::slice::from_ref(&complex.re)),
        Value::Indices(mask) => first_item_span(std::slice::from_ref(mask.as_ref())),
        Value::Nothing | Value::Function(_) | Value::Text(_) => None,
    })
}

/// An integer written out, with its sign: `2`, `-1`.
fn integer_literal(expr: &py::Expr) -> Option<i64> {
    match expr {
        py::Expr::NumberLiteral(number) => match &number.value {
            py::Number::Int(int) => int.as_i64(),
            _ => None,
        },
        py::Expr::UnaryOp(unary) if unary.op == py::UnaryOp::USub => {
            integer_literal(&unary.operand).map(|value| -value)
        }
        py::Expr::UnaryOp(unary) if unary.op == py::UnaryOp::UAdd => {
            integer_literal(&unary.operand)
        }
        _ => None,
    }
}

/// Whether an expression calls anything (which may draw random numbers).
fn contains_call(expr: &py::Expr) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Calls(bool);
    impl<'a> Visitor<'a> for Calls {
        fn visit_expr(&mut self, expr: &'a py::Expr) {
            if matches!(expr, py::Expr::Call(_)) {
                self.0 = true;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut calls = Calls(false);
    calls.visit_expr(expr);
    calls.0
}

/// Whether an expression calls a method of `np.random` or of a generator (`rng.random()`).
pub(super) fn draws_random(expr: &py::Expr) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Draws(bool);
    impl<'a> Visitor<'a> for Draws {
        fn visit_expr(&mut self, expr: &'a py::Expr) {
            if let py::Expr::Call(call) = expr {
                if let py::Expr::Attribute(attribute) = call.func.as_ref() {
                    let random_module = matches!(attribute.value.as_ref(), py::Expr::Attribute(inner) if inner.attr.as_str() == "random");
                    let method = matches!(
                        attribute.attr.as_str(),
                        "random"
                            | "rand"
                            | "randn"
                            | "uniform"
                            | "normal"
                            | "randint"
                            | "standard_normal"
                            | "integers"
                    );
                    self.0 |= random_module || method;
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut draws = Draws(false);
    draws.visit_expr(expr);
    draws.0
}
