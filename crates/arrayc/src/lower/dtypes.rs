//! The dtype analysis, lowering's first pass: decides each `var`'s dtype (the promotion of
//! every value assigned to it) and whether a scalar one stays weak, on the checked tree and
//! before lowering, so that lowering runs once. Takes the tree and the checker's
//! resolutions; gives a `VarDtypes`. Knows no buffer, no shape and no IR beyond dtypes.
//!
//! Each value is abstracted to its promotion kind (`dtype::Kind`), with the dtype rules
//! shared with lowering (`dtype::binary_result`, `unary_result`, `accumulated`, ...), so
//! the two cannot drift apart. Functions are inlined as lowering inlines them (a body is
//! analysed per signature of argument kinds); `for`, `loop` and `while` bodies are walked
//! once per round, since a `var`'s dtype is fixed for its lifetime, and rounds repeat until
//! no `var` widens (a fixpoint on the dtype lattice, not on lowering).
//!
//! The analysis is exact where it decides and silent where it cannot tell: a value whose
//! kind depends on what only lowering knows (a shape, a folded constant, an integer
//! power's exponent) is unknown, and an assignment that lowering might not lower (a branch
//! of a condition the analysis cannot fold, a `for` of unknown trips) records nothing.
//! Lowering then widens what the analysis left out itself (`lower_with`), which the corpus
//! test below shows never happens on the tests and examples.

use super::dtype::{
    accumulated, binary_result, float_power, from_numpy, promote, unary_result, Found, Kind,
    VarDtypes,
};
use super::stmt::param_is_int;
use super::{FunctionDef, MAX_INLINE_DEPTH};
use crate::ast::{self, DestructureKind, ExprKind, FnBody, IndexArg, ScopeKind, StmtKind};
use crate::builtins::Builtin;
use crate::check::{Callee, Checked, FunctionId, NameId};
use crate::ir::{Binary, DType, ReduceOp, Unary};
use crate::numeric;
use std::collections::{HashMap, HashSet};

/// The most rounds the analysis takes (lowering took as many before it).
const MAX_ROUNDS: usize = 9;
/// The most expressions one round analyses; past it the round stops (what it found so
/// far holds, the rest is left to lowering).
const MAX_WORK: usize = 1 << 20;

/// Decides the dtype of every `var` of the program.
pub(super) fn decide(program: &ast::Program, checked: &Checked) -> VarDtypes {
    analyse(program, checked).0
}

/// `decide`, with the bindings of the last round (each `var` as declared).
fn analyse(program: &ast::Program, checked: &Checked) -> (VarDtypes, HashMap<NameId, Name>) {
    let mut functions = HashMap::new();
    for (index, statement) in program.statements.iter().enumerate() {
        if let StmtKind::Fn { params, body, .. } = &statement.kind {
            functions.insert(FunctionId(index), (params.as_slice(), body));
        }
    }
    let mut var_dtypes = VarDtypes::default();
    let mut names = HashMap::new();
    for _ in 0..MAX_ROUNDS {
        let mut round = Round {
            checked,
            functions: &functions,
            var_dtypes: &var_dtypes,
            names: HashMap::new(),
            params: checked.params.iter().cloned().collect(),
            int_params: HashSet::new(),
            found: Found::default(),
            certain: true,
            depth: 0,
            work: 0,
            returns: Vec::new(),
            returned: false,
            calls: HashMap::new(),
        };
        round.block(&program.statements);
        names = round.names;
        if !var_dtypes.merge(round.found) {
            break;
        }
    }
    (var_dtypes, names)
}

/// What the analysis knows of a value: its kind (`None`: unknown), its value when it is a
/// compile-time constant the analysis can compute, and whether it reads run-time data (a
/// `var`, an input, a `loop` index), which lowering can never fold.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Abstract {
    kind: Option<Kind>,
    constant: Option<f64>,
    runtime: bool,
}

impl Abstract {
    const UNKNOWN: Abstract = Abstract {
        kind: None,
        constant: None,
        runtime: false,
    };

    fn of(kind: Option<Kind>, runtime: bool) -> Abstract {
        Abstract {
            kind,
            constant: None,
            runtime,
        }
    }

    fn constant(kind: Kind, value: f64) -> Abstract {
        Abstract {
            kind: Some(kind),
            constant: Some(value),
            runtime: false,
        }
    }

    /// The key of a function's signature: kinds, constants (by bits) and run-time-ness.
    fn key(self) -> ArgumentKey {
        (self.kind, self.constant.map(f64::to_bits), self.runtime)
    }
}

/// An argument as a function's signature tells it apart.
type ArgumentKey = (Option<Kind>, Option<u64>, bool);
/// A function, its arguments, and whether the call is surely lowered.
type Signature = (usize, Vec<ArgumentKey>, bool);

/// What a name is bound to.
#[derive(Debug, Clone, Copy)]
enum Name {
    Value(Abstract),
    /// A `var` of the dtype (`None`: unknown) and weakness it was declared with.
    Var {
        dtype: Option<DType>,
        weak: bool,
    },
}

/// One walk of the program with the `var` dtypes known so far.
struct Round<'a> {
    checked: &'a Checked,
    functions: &'a HashMap<FunctionId, FunctionDef<'a>>,
    var_dtypes: &'a VarDtypes,
    names: HashMap<NameId, Name>,
    params: HashMap<String, f64>,
    int_params: HashSet<String>,
    found: Found,
    /// Whether the code being walked is surely lowered (its assignments count).
    certain: bool,
    /// How many inlined calls enclose the code being walked.
    depth: usize,
    work: usize,
    /// The values the function being inlined returns.
    returns: Vec<Abstract>,
    /// A `return` ended the block being walked.
    returned: bool,
    /// Each function's result per signature (and certainty) this round.
    calls: HashMap<Signature, Abstract>,
}

impl<'a> Round<'a> {
    fn id(&self, ident: &ast::Ident) -> Option<NameId> {
        self.checked.names.get(&ident.span).copied()
    }

    fn bind(&mut self, ident: &ast::Ident, name: Name) {
        if let Some(id) = self.id(ident) {
            self.names.insert(id, name);
        }
    }

    /// Binds a `var` whose first value is `value`.
    fn declare_var(&mut self, ident: &ast::Ident, value: Abstract) {
        let name = match value.kind {
            Some(first) => {
                let (dtype, weak) = self.var_dtypes.declared(self.id(ident), first);
                Name::Var {
                    dtype: Some(dtype),
                    weak,
                }
            }
            None => Name::Var {
                dtype: None,
                weak: false,
            },
        };
        self.bind(ident, name);
    }

    /// Binds `let name = value`. A weak value that is not a constant may be stored once
    /// (and read back as a NumPy scalar): whether it is depends on lowering's folding.
    fn bind_let(&mut self, ident: &ast::Ident, value: Abstract) {
        let value = match value.kind {
            Some(kind) if kind.is_weak() && value.constant.is_none() => Abstract {
                kind: None,
                ..value
            },
            _ => value,
        };
        self.bind(ident, Name::Value(value));
    }

    /// The block's statements; gives the value of a last expression statement.
    fn block(&mut self, statements: &'a [ast::Stmt]) -> Option<Abstract> {
        let mut last = None;
        let certain = self.certain;
        for statement in statements {
            if self.returned || self.work > MAX_WORK {
                break;
            }
            last = self.statement(statement);
            if let StmtKind::If { .. } = statement.kind {
                if self.depth > 0 && self.returns_inside(statement) {
                    // The rest of the block is lowered as the branch that did not return:
                    // it counts only where the analysis knows the branch is lowered.
                    self.certain = false;
                }
            }
        }
        self.certain = certain;
        last
    }

    fn returns_inside(&self, statement: &ast::Stmt) -> bool {
        match &statement.kind {
            StmtKind::If {
                then_block,
                else_block,
                ..
            } => {
                super::inline::block_returns(then_block)
                    || else_block
                        .as_ref()
                        .is_some_and(super::inline::block_returns)
            }
            _ => false,
        }
    }

    /// A block walked only if `lowered` (`Some(false)`: never; `None`: the analysis cannot
    /// tell, so its assignments do not count).
    fn nested_block(&mut self, block: &'a ast::Block, lowered: Option<bool>) {
        let (certain, returned) = (self.certain, self.returned);
        match lowered {
            Some(false) => return,
            Some(true) => {}
            None => self.certain = false,
        }
        self.block(&block.statements);
        // A `return` in a branch ends the branch; what follows is lowered as the other one.
        (self.certain, self.returned) = (certain, returned);
    }

    /// Whether a branch or body under a condition of `value` is lowered: always for a
    /// run-time condition, by the value for a constant one.
    fn lowered_if(value: Abstract, wanted: bool) -> Option<bool> {
        if value.runtime {
            return Some(true);
        }
        value.constant.map(|c| (c != 0.0) == wanted)
    }

    fn statement(&mut self, statement: &'a ast::Stmt) -> Option<Abstract> {
        match &statement.kind {
            StmtKind::Param { name, value } => {
                let abstracted = match self.params.get(&name.name).copied() {
                    Some(v) => {
                        let int = param_is_int(value, &self.int_params);
                        if int && v.fract() == 0.0 && v.abs() < 9.2e18 {
                            self.int_params.insert(name.name.clone());
                            Abstract::constant(Kind::WeakInt, (v as i64) as f64)
                        } else {
                            self.int_params.remove(&name.name);
                            Abstract::constant(Kind::WeakFloat, v)
                        }
                    }
                    None => Abstract::UNKNOWN,
                };
                self.bind(name, Name::Value(abstracted));
            }
            StmtKind::Input { name, dtype, shape } => {
                if let Some((extents, _)) = shape {
                    for extent in extents {
                        self.expr(extent);
                    }
                }
                let dtype = match dtype {
                    Some(dtype) => self
                        .checked
                        .dtypes
                        .get(&dtype.span)
                        .and_then(|numpy| from_numpy(numpy)),
                    None => Some(DType::F64),
                };
                let value = Abstract::of(dtype.map(Kind::Strong), true);
                self.bind(name, Name::Value(value));
            }
            StmtKind::Let { name, value } => {
                let value = self.expr(value);
                self.bind_let(name, value);
            }
            StmtKind::Var { name, value } => {
                let value = self.expr(value);
                self.declare_var(name, value);
            }
            StmtKind::Assign {
                target,
                indices,
                op,
                value,
            } => self.assign(target, indices.as_deref(), *op, value),
            StmtKind::Out { name, value } => {
                if let Some(value) = value {
                    let value = self.expr(value);
                    self.bind_let(name, value);
                }
            }
            StmtKind::Print(value) => {
                self.expr(value);
            }
            StmtKind::Fn { .. } | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Scope {
                kind,
                index,
                start,
                end,
                unroll,
                body,
            } => {
                let start = self.expr(start);
                let end = self.expr(end);
                if let Some(unroll) = unroll {
                    self.expr(unroll);
                }
                let lowered = match (start.constant, end.constant) {
                    (Some(a), Some(b)) => Some(b > a),
                    _ if *kind == ScopeKind::Loop && (start.runtime || end.runtime) => Some(true),
                    _ => None,
                };
                let runtime = *kind == ScopeKind::Loop;
                let index_value = Abstract::of(Some(Kind::WeakInt), runtime);
                self.bind(index, Name::Value(index_value));
                self.nested_block(body, lowered);
            }
            StmtKind::If {
                condition,
                then_block,
                else_block,
            } => {
                let condition = self.expr(condition);
                self.nested_block(then_block, Self::lowered_if(condition, true));
                if let Some(else_block) = else_block {
                    self.nested_block(else_block, Self::lowered_if(condition, false));
                }
            }
            StmtKind::Destructure { kind, names, value } => {
                self.expr(value);
                for name in names {
                    match kind {
                        DestructureKind::Let => self.bind(name, Name::Value(Abstract::UNKNOWN)),
                        DestructureKind::Var => self.declare_var(name, Abstract::UNKNOWN),
                        DestructureKind::Assign => {}
                    }
                }
            }
            StmtKind::While { condition, body } => {
                let condition = self.expr(condition);
                self.nested_block(body, Self::lowered_if(condition, true));
            }
            StmtKind::Return(value) => {
                let value = self.expr(value);
                self.returns.push(value);
                self.returned = true;
            }
            StmtKind::Expr(value) => return Some(self.expr(value)),
        }
        None
    }

    /// `target = value` (or `+=` ...): a whole-`var` assignment records what it widens.
    fn assign(
        &mut self,
        target: &ast::Ident,
        indices: Option<&'a [IndexArg]>,
        op: ast::AssignOp,
        value: &'a ast::Expr,
    ) {
        let mut counts = self.certain;
        let mut region = false;
        if let Some(indices) = indices {
            let (kinds, _) = self.indices(indices);
            match (indices, kinds.as_slice()) {
                // One scalar index: a region, which never widens the `var`.
                ([IndexArg::Single(_)], [Some(kind)]) if kind.is_weak() => region = true,
                // One index: a mask (then a whole assignment) or a region, by its shape.
                ([IndexArg::Single(_)], _) => counts = false,
                _ => region = true,
            }
        }
        let rhs = self.expr(value);
        let Some(id) = self.id(target) else {
            return;
        };
        let Some(&Name::Var {
            dtype: Some(dtype),
            weak,
        }) = self.names.get(&id)
        else {
            return;
        };
        if region || !counts {
            return;
        }
        let compound = op.binary();
        // An in-place operator keeps a NumPy value's dtype (an array is updated in place
        // under `same_kind`; lowering refuses what does not fit); a strong scalar that it
        // widens is rebound, which lowering finds and widens itself.
        if compound.is_some() && !weak {
            return;
        }
        let new = match (compound, rhs.kind) {
            (_, None) => return,
            (None, Some(kind)) => Some(kind),
            // The current value is read as the buffer holds it: a NumPy value.
            (Some(op), Some(kind)) => binary_result(op, Kind::Strong(dtype), kind),
        };
        if let Some(new) = new {
            self.found.assigned(id, dtype, weak, new);
        }
    }

    /// The kinds of the indices (`None` for slices and the like), and whether any reads
    /// run-time data.
    fn indices(&mut self, indices: &'a [IndexArg]) -> (Vec<Option<Kind>>, bool) {
        let mut kinds = Vec::new();
        let mut runtime = false;
        for index in indices {
            match index {
                IndexArg::Single(expr) => {
                    let value = self.expr(expr);
                    runtime |= value.runtime;
                    kinds.push(value.kind);
                }
                IndexArg::Slice {
                    start, end, step, ..
                } => {
                    for expr in [start, end, step].into_iter().flatten() {
                        runtime |= self.expr(expr).runtime;
                    }
                    kinds.push(None);
                }
                IndexArg::NewAxis(_) | IndexArg::Ellipsis(_) => kinds.push(None),
            }
        }
        (kinds, runtime)
    }

    fn expr(&mut self, expr: &'a ast::Expr) -> Abstract {
        self.work += 1;
        match &expr.kind {
            ExprKind::Number(value) => Abstract::constant(Kind::WeakFloat, *value),
            ExprKind::Int(value) => Abstract::constant(Kind::WeakInt, *value as f64),
            ExprKind::Bool(value) => {
                Abstract::constant(Kind::Strong(DType::Bool), f64::from(u8::from(*value)))
            }
            ExprKind::Name(_) => {
                if let Some(&value) = self.checked.constants.get(&expr.span) {
                    return Abstract::constant(Kind::WeakFloat, value);
                }
                let name = self
                    .checked
                    .names
                    .get(&expr.span)
                    .and_then(|id| self.names.get(id));
                match name {
                    Some(&Name::Value(value)) => value,
                    Some(&Name::Var { dtype, weak }) => {
                        Abstract::of(dtype.map(|dtype| Kind::of(dtype, weak)), true)
                    }
                    None => Abstract::UNKNOWN,
                }
            }
            ExprKind::Keyword { value, .. } => self.expr(value),
            ExprKind::Str(_) => Abstract::UNKNOWN,
            ExprKind::Unary(op, operand) => {
                let operand = self.expr(operand);
                let op = numeric::Unary::from(*op);
                let kind = operand.kind.and_then(|kind| unary_result(op, kind));
                Abstract {
                    kind,
                    constant: match op {
                        Unary::Neg => kind.and(operand.constant.map(|c| -c)),
                        _ => None,
                    },
                    runtime: operand.runtime,
                }
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let a = self.expr(lhs);
                let b = self.expr(rhs);
                let op = numeric::Binary::from(*op);
                let kind = match (a.kind, b.kind) {
                    (Some(x), Some(y)) if op == Binary::Pow => float_power(x, y),
                    (Some(x), Some(y)) => binary_result(op, x, y),
                    _ => None,
                };
                Abstract {
                    kind,
                    constant: kind.and(fold(op, a.constant, b.constant)),
                    runtime: a.runtime || b.runtime,
                }
            }
            ExprKind::Array(items) => {
                // NumPy's `array([...])`: an array of its items' promotion (a Python float
                // when empty).
                let values: Vec<Abstract> = items.iter().map(|item| self.expr(item)).collect();
                let runtime = values.iter().any(|value| value.runtime);
                let kind = values
                    .iter()
                    .map(|value| value.kind)
                    .try_fold(None, |joined: Option<Kind>, kind| {
                        let kind = kind?;
                        Some(Some(joined.map_or(kind, |joined| promote(joined, kind))))
                    })
                    .map(|joined| Kind::Strong(joined.unwrap_or(Kind::WeakFloat).dtype()));
                Abstract::of(kind, runtime)
            }
            ExprKind::Index { base, indices } => {
                let base = self.expr(base);
                let (_, runtime) = self.indices(indices);
                // An element or a part of an array keeps its dtype (and is a NumPy value).
                let kind = match base.kind {
                    Some(Kind::Strong(dtype)) => Some(Kind::Strong(dtype)),
                    Some(Kind::WeakInt | Kind::WeakFloat) | None => None,
                };
                Abstract::of(kind, base.runtime || runtime)
            }
            ExprKind::Call { callee, args } => match self.checked.calls.get(&callee.span) {
                Some(&Callee::Builtin(builtin)) => {
                    let args = self
                        .checked
                        .arguments
                        .get(&callee.span)
                        .map_or(args.as_slice(), Vec::as_slice);
                    self.builtin(builtin, args)
                }
                Some(&Callee::Function(id)) => self.call(id, args),
                None => Abstract::UNKNOWN,
            },
            ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
                Abstract::UNKNOWN
            }
        }
    }

    /// The dtype a dtype argument names (`f32` in `zeros([n], f32)`).
    fn dtype_argument(&self, arg: &ast::Expr) -> Option<DType> {
        let arg = ast::Expr::without_keyword(arg);
        match &arg.kind {
            ExprKind::Name(_) => from_numpy(self.checked.dtypes.get(&arg.span)?),
            _ => None,
        }
    }

    fn builtin(&mut self, builtin: Builtin, args: &'a [ast::Expr]) -> Abstract {
        let values: Vec<Abstract> = args.iter().map(|arg| self.expr(arg)).collect();
        // A draw is known only at run time, whatever its arguments.
        let runtime = values.iter().any(|value| value.runtime)
            || matches!(
                builtin,
                Builtin::RngRandom
                    | Builtin::RngStandardNormal
                    | Builtin::RngUniform
                    | Builtin::RngNormal
                    | Builtin::RngIntegers
            );
        let kind = |k: usize| values.get(k).and_then(|value| value.kind);
        let strong = |dtype: Option<DType>| dtype.map(Kind::Strong);
        let result = match builtin {
            Builtin::Zeros | Builtin::Ones => strong(match args.get(1) {
                Some(arg) => self.dtype_argument(arg),
                None => Some(DType::F64),
            }),
            Builtin::Astype => strong(args.get(1).and_then(|arg| self.dtype_argument(arg))),
            Builtin::AsF64 => strong(Some(DType::F64)),
            Builtin::AsF32 => strong(Some(DType::F32)),
            Builtin::AsI64 => strong(Some(DType::I64)),
            Builtin::AsBool => strong(Some(DType::Bool)),
            // A stream is named by an int64 handle; draws are float64 or int64 arrays.
            Builtin::RandomState | Builtin::DefaultRng | Builtin::RngIntegers => {
                strong(Some(DType::I64))
            }
            // Without a size (`[]`) a float draw is a Python float: weak.
            Builtin::RngRandom
            | Builtin::RngStandardNormal
            | Builtin::RngUniform
            | Builtin::RngNormal => {
                match args.last().map(|arg| &ast::Expr::without_keyword(arg).kind) {
                    Some(ExprKind::Array(extents)) if extents.is_empty() => Some(Kind::WeakFloat),
                    _ => strong(Some(DType::F64)),
                }
            }
            Builtin::ZerosLike | Builtin::OnesLike => match args.get(1) {
                Some(arg) => strong(self.dtype_argument(arg)),
                None => strong(kind(0).map(Kind::dtype)),
            },
            Builtin::Exp => kind(0).and_then(|k| unary_result(Unary::Exp, k)),
            Builtin::Log => kind(0).and_then(|k| unary_result(Unary::Log, k)),
            Builtin::Sqrt => kind(0).and_then(|k| unary_result(Unary::Sqrt, k)),
            Builtin::Abs => kind(0).and_then(|k| unary_result(Unary::Abs, k)),
            Builtin::Sin => kind(0).and_then(|k| unary_result(Unary::Sin, k)),
            Builtin::Cos => kind(0).and_then(|k| unary_result(Unary::Cos, k)),
            Builtin::Tan => kind(0).and_then(|k| unary_result(Unary::Tan, k)),
            Builtin::Tanh => kind(0).and_then(|k| unary_result(Unary::Tanh, k)),
            Builtin::Floor => kind(0).and_then(|k| unary_result(Unary::Floor, k)),
            Builtin::Ceil => kind(0).and_then(|k| unary_result(Unary::Ceil, k)),
            Builtin::Round => kind(0).and_then(|k| unary_result(Unary::Round, k)),
            Builtin::Sign => kind(0).and_then(|k| unary_result(Unary::Sign, k)),
            Builtin::Pow => both(kind(0), kind(1), |a, b| binary_result(Binary::Pow, a, b)),
            Builtin::Minimum => both(kind(0), kind(1), |a, b| binary_result(Binary::Min, a, b)),
            Builtin::Maximum => both(kind(0), kind(1), |a, b| binary_result(Binary::Max, a, b)),
            Builtin::Clip => both(kind(0), kind(1), |a, b| binary_result(Binary::Max, a, b))
                .and_then(|low| kind(2).and_then(|hi| binary_result(Binary::Min, low, hi))),
            // `where` gives a NumPy value of its branches' promotion.
            Builtin::Where => both(kind(1), kind(2), |a, b| {
                Some(Kind::Strong(promote(a, b).dtype()))
            }),
            Builtin::Sum => {
                kind(0).map(|k| Kind::Strong(accumulated(ReduceOp::Sum, false, k.dtype())))
            }
            Builtin::Prod => {
                kind(0).map(|k| Kind::Strong(accumulated(ReduceOp::Prod, false, k.dtype())))
            }
            Builtin::Min => {
                kind(0).map(|k| Kind::Strong(accumulated(ReduceOp::Min, false, k.dtype())))
            }
            Builtin::Max => {
                kind(0).map(|k| Kind::Strong(accumulated(ReduceOp::Max, false, k.dtype())))
            }
            // Python's `int(x)`: an int64, weak for a Python scalar.
            Builtin::Int => kind(0).map(|k| Kind::of(DType::I64, k.is_weak())),
            Builtin::Copy => kind(0),
            // A Python int, as `a.shape[0]` is.
            Builtin::Extent => Some(Kind::WeakInt),
            // Views of an array keep its dtype.
            Builtin::Reshape | Builtin::Transpose | Builtin::Broadcast | Builtin::Roll => {
                match kind(0) {
                    Some(Kind::Strong(dtype)) => Some(Kind::Strong(dtype)),
                    Some(Kind::WeakInt | Kind::WeakFloat) | None => None,
                }
            }
            // `arange` of ints is an int64 array, of anything else a float64 one.
            Builtin::Arange => values
                .iter()
                .map(|value| {
                    value
                        .kind
                        .map(|kind| matches!(kind.dtype(), DType::I64 | DType::Bool))
                })
                .try_fold(true, |all, integer| Some(all && integer?))
                .map(|integers| Kind::Strong(if integers { DType::I64 } else { DType::F64 })),
            Builtin::Full
            | Builtin::Linspace
            | Builtin::Rand
            | Builtin::Grad
            | Builtin::Mean
            | Builtin::Dot
            | Builtin::Matmul
            | Builtin::FullLike
            | Builtin::Concatenate
            | Builtin::Stack
            | Builtin::Pad
            | Builtin::Diff
            | Builtin::Cumsum
            | Builtin::Std
            | Builtin::Variance
            | Builtin::Any
            | Builtin::All
            | Builtin::Argmin
            | Builtin::Argmax
            | Builtin::Meshgrid => None,
        };
        Abstract::of(result, runtime)
    }

    /// A call of a user function: its body analysed for these arguments (once per
    /// signature), its parameters bound as lowering binds them.
    fn call(&mut self, id: FunctionId, args: &'a [ast::Expr]) -> Abstract {
        let values: Vec<Abstract> = args.iter().map(|arg| self.expr(arg)).collect();
        let Some(&(params, body)) = self.functions.get(&id) else {
            return Abstract::UNKNOWN;
        };
        if self.depth >= MAX_INLINE_DEPTH {
            return Abstract::UNKNOWN;
        }
        let key = (
            id.0,
            values.iter().map(|value| value.key()).collect(),
            self.certain,
        );
        if let Some(&result) = self.calls.get(&key) {
            return result;
        }
        for (param, &value) in params.iter().zip(&values) {
            let assigned = self
                .id(param)
                .is_some_and(|id| self.checked.assigned_parameters.contains(&id));
            if assigned {
                self.declare_var(param, value);
            } else {
                self.bind(param, Name::Value(value));
            }
        }
        self.depth += 1;
        let outer_returns = std::mem::take(&mut self.returns);
        let last = match body {
            FnBody::Expr(expr) => Some(self.expr(expr)),
            FnBody::Block(block) => self.block(&block.statements),
        };
        self.returned = false;
        let mut results = std::mem::replace(&mut self.returns, outer_returns);
        self.depth -= 1;
        results.extend(last);
        // One strong kind for every result: a weak one may come back as a NumPy scalar
        // (stored once), and the constant is lowering's to fold.
        let kind = match results.split_first() {
            Some((first, rest)) if rest.iter().all(|r| r.kind == first.kind) => first.kind,
            _ => None,
        };
        let result = Abstract::of(kind.filter(|kind| !kind.is_weak()), false);
        self.calls.insert(key, result);
        result
    }
}

fn both(
    a: Option<Kind>,
    b: Option<Kind>,
    rule: impl Fn(Kind, Kind) -> Option<Kind>,
) -> Option<Kind> {
    rule(a?, b?)
}

/// The constant `a op b` for the operators whose folding the analysis can repeat exactly
/// (sums, products, comparisons); others are left to lowering.
fn fold(op: Binary, a: Option<f64>, b: Option<f64>) -> Option<f64> {
    let (a, b) = (a?, b?);
    let truth = |t: bool| Some(f64::from(u8::from(t)));
    match op {
        Binary::Add => Some(a + b),
        Binary::Sub => Some(a - b),
        Binary::Mul => Some(a * b),
        Binary::Eq => truth(a == b),
        Binary::Ne => truth(a != b),
        Binary::Lt => truth(a < b),
        Binary::Le => truth(a <= b),
        Binary::Gt => truth(a > b),
        Binary::Ge => truth(a >= b),
        Binary::Div
        | Binary::FloorDiv
        | Binary::Rem
        | Binary::Pow
        | Binary::Min
        | Binary::Max
        | Binary::And
        | Binary::Or => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{lower_with, Limits};
    use super::*;

    fn front(source: &str) -> (ast::Program, Checked) {
        let (program, diagnostics) = crate::front::arr::parse(source);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let (checked, diagnostics) = crate::check::check(&program, &[]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        (program, checked)
    }

    /// The declared dtype and weakness of each `var` (declared at the top level or in a
    /// block), by name, as the analysis decides them.
    fn check(source: &str, expected: &[(&str, Option<DType>, bool)]) {
        let (program, checked) = front(source);
        let (_, names) = analyse(&program, &checked);
        let mut declared = Vec::new();
        collect_vars(&program.statements, &mut declared);
        let mut got = Vec::new();
        for ident in declared {
            let id = checked.names[&ident.span];
            if let Some(&Name::Var { dtype, weak }) = names.get(&id) {
                got.push((ident.name.as_str(), dtype, weak));
            }
        }
        assert_eq!(got, expected, "{source}");
    }

    fn collect_vars<'s>(statements: &'s [ast::Stmt], vars: &mut Vec<&'s ast::Ident>) {
        for statement in statements {
            match &statement.kind {
                StmtKind::Var { name, .. } => vars.push(name),
                StmtKind::Scope { body, .. } | StmtKind::While { body, .. } => {
                    collect_vars(&body.statements, vars)
                }
                StmtKind::If {
                    then_block,
                    else_block,
                    ..
                } => {
                    collect_vars(&then_block.statements, vars);
                    if let Some(block) = else_block {
                        collect_vars(&block.statements, vars);
                    }
                }
                _ => {}
            }
        }
    }

    use DType::{Bool, F32, F64, I64};

    #[test]
    fn a_var_is_widened_by_a_later_assignment() {
        check(
            "var x = zeros([3], f32)\nx = zeros([3])\nout x",
            &[("x", Some(F64), false)],
        );
        check(
            "var n = i64(1)\nn = n / 2\nout n",
            &[("n", Some(F64), false)],
        );
        check(
            "var b = bool(1)\nb = b + 1\nout b",
            &[("b", Some(I64), false)],
        );
    }

    #[test]
    fn a_var_is_widened_inside_a_loop_and_a_while() {
        check(
            "var x = f32(1)\nloop i in 0..4 { x = x + i64(i) }\nout x",
            &[("x", Some(F64), false)],
        );
        check(
            "var x = i64(1)\nvar go = True\nwhile go { x = x * 0.5\ngo = False }\nout x",
            &[("x", Some(F64), false), ("go", Some(Bool), false)],
        );
        // Widened by an assignment the loop reaches before the value it widens is read.
        check(
            "var a = i64(0)\nvar b = i64(0)\nloop i in 0..3 { a = b\nb = f32(i) }\nout a",
            &[("a", Some(F64), false), ("b", Some(F64), false)],
        );
    }

    #[test]
    fn a_var_is_widened_through_a_function_call() {
        check(
            "fn half(v) = v / 2\nvar x = i64(4)\nx = half(x)\nout x",
            &[("x", Some(F64), false)],
        );
        // The same body gives a float32 for a float32 argument: no widening.
        check(
            "fn half(v) = v / 2\nvar x = f32(4)\nx = half(x)\nout x",
            &[("x", Some(F32), false)],
        );
    }

    #[test]
    fn a_weak_var_given_a_numpy_value_is_strong() {
        check(
            "input u: f32[4]\nvar err = 1.0\nerr = max(abs(u))\nvar s = 0\nloop i in 0..4 { s = s + i }\nout err\nout s",
            &[("err", Some(F32), false), ("s", Some(I64), true)],
        );
    }

    #[test]
    fn an_assignment_in_a_branch_never_lowered_does_not_widen() {
        check(
            "var x = f32(1)\nif 1 > 2 { x = i64(1) }\nfor i in 0..0 { x = i64(2) }\nout x",
            &[("x", Some(F32), false)],
        );
    }

    /// Every program of the tests and examples lowers in one round with the decided
    /// dtypes, to the same IR and diagnostics as lowering found them itself, round after
    /// round, before the analysis existed.
    #[test]
    fn the_corpus_lowers_once_as_it_did_in_rounds() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let limits = Limits {
            unroll_budget: 1_000_000,
            max_memory_bytes: 4 << 30,
        };
        let mut files = Vec::new();
        for folder in [
            "tests/data/run",
            "tests/data/lower",
            "tests/data/check",
            "examples",
        ] {
            let entries = std::fs::read_dir(format!("{root}/{folder}")).expect("corpus folder");
            for entry in entries {
                let path = entry.expect("corpus entry").path();
                if path.extension().is_some_and(|e| e == "arr") {
                    let file = path.file_name().expect("a file").to_string_lossy();
                    files.push((format!("{folder}/{file}"), path));
                }
            }
        }
        files.sort();
        assert!(files.len() > 100, "{} files", files.len());
        let (mut lowered, mut widening, mut fallback) = (0, Vec::new(), Vec::new());
        for (name, path) in &files {
            let source = std::fs::read_to_string(path).expect("corpus file");
            let (program, diagnostics) = crate::front::arr::parse(&source);
            if !diagnostics.is_empty() {
                continue;
            }
            let (checked, diagnostics) = crate::check::check(&program, &[]);
            if !diagnostics.is_empty() {
                continue;
            }
            lowered += 1;
            let rounds = lower_with(&program, &checked, &limits, VarDtypes::default());
            let once = lower_with(&program, &checked, &limits, decide(&program, &checked));
            assert_eq!(rounds.ir.to_text(), once.ir.to_text(), "{name}");
            let messages = |lowered: &super::super::Lowered| {
                lowered
                    .diagnostics
                    .iter()
                    .map(|d| (d.message.clone(), d.span))
                    .collect::<Vec<_>>()
            };
            assert_eq!(messages(&rounds), messages(&once), "{name}");
            if rounds.rounds > 1 {
                widening.push(name.as_str());
            }
            if once.rounds > 1 {
                fallback.push(name.as_str());
            }
        }
        assert!(lowered > 100, "{lowered} programs lowered");
        // The corpus has programs that need widening (else this test guards nothing).
        assert!(widening.len() > 20, "{widening:?}");
        // What the analysis cannot decide yet, so lowering still widens it itself: `var`s
        // given the value of a rule the analysis does not have (`grad` in aliasing, an
        // integer power in numpy_spellings, a call whose result is a Python scalar in
        // scoping, a function with an early return in review_returns) or assigned under a
        // constant condition it does not fold (`&&`, `!` in if_const), or widened by a tuple
        // assignment, which the analysis does not follow (rotation_dtypes).
        let remaining = [
            "tests/data/run/aliasing.arr",
            "tests/data/run/if_const.arr",
            "tests/data/run/numpy_spellings.arr",
            "tests/data/run/review_returns.arr",
            "tests/data/run/rotation_dtypes.arr",
            "tests/data/run/scoping.arr",
        ];
        assert_eq!(fallback, remaining, "lowered again after the analysis");
    }
}
