//! The dtype analysis, lowering's first pass: decides each `var`'s dtype (the promotion of
//! every value assigned to it) and whether a scalar one stays weak, on the checked tree and
//! before lowering, so that lowering runs once. Takes the tree and the checker's
//! resolutions; gives a `VarDtypes`. Knows no buffer, no shape and no IR beyond dtypes.
//!
//! Each value is abstracted to its promotion kind (`dtype::Kind`), with the dtype rules
//! shared with lowering (`dtype::binary_result`, `power_result`, `grad_result`,
//! `accumulated`, ...), so the two cannot drift apart; every builtin has its rule. Functions
//! are inlined as lowering inlines them (a body is analysed per signature of argument
//! kinds); `for`, `loop` and `while` bodies are walked once per round, since a `var`'s
//! dtype is fixed for its lifetime, and rounds repeat until no `var` widens (a fixpoint on
//! the dtype lattice, not on lowering).
//!
//! A branch that a constant condition drops is skipped; every other assignment counts,
//! including those of a body that runs zero times and of a branch under a condition the
//! analysis cannot fold, so that a `for` and a `loop` of the same body agree. Lowering
//! never widens a `var` itself: an assignment the analysis did not foresee is an internal
//! error, which the corpus test below shows never happens on the tests and examples.

use super::dtype::{
    accumulated, binary_result, diff_result, float_of, from_numpy, grad_result, joined,
    numpy_scalar_call, power_result, product_result, promote, unary_result, Found, Kind, VarDtypes,
};
use super::stmt::{param_is_bool, param_is_int};
use super::{FunctionDef, MAX_INLINE_DEPTH};
use crate::ast::{
    self, DestructureKind, ExprKind, FnBody, IndexArg, PrintPart, ScopeKind, StmtKind,
};
use crate::builtins::Builtin;
use crate::check::{Callee, Checked, FunctionId, NameId};
use crate::ir::{Binary, DType, ReduceOp, Unary};
use crate::numeric;
use std::collections::{HashMap, HashSet};

/// The most rounds the analysis takes (lowering took as many before it).
const MAX_ROUNDS: usize = 9;
/// The most expressions one round analyses; past it the round stops (what it found so
/// far holds; lowering refuses an assignment beyond it).
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
            depth: 0,
            work: 0,
            returns: Vec::new(),
            returned: false,
            calls: HashMap::new(),
            sink: Sink::None,
            branch_returned: false,
            tuple_returns: Vec::new(),
            call_tuple: None,
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
/// `var`, an input, a `loop` index), which lowering can never fold, and whether it is known
/// to be at least 0 (a `for` index from 0 is a constant lowering knows, the analysis not).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Abstract {
    kind: Option<Kind>,
    constant: Option<f64>,
    runtime: bool,
    non_negative: bool,
}

impl Abstract {
    const UNKNOWN: Abstract = Abstract {
        kind: None,
        constant: None,
        runtime: false,
        non_negative: false,
    };

    fn of(kind: Option<Kind>, runtime: bool) -> Abstract {
        Abstract {
            kind,
            constant: None,
            runtime,
            non_negative: false,
        }
    }

    fn constant(kind: Kind, value: f64) -> Abstract {
        Abstract {
            kind: Some(kind),
            constant: Some(value),
            runtime: false,
            non_negative: value >= 0.0,
        }
    }

    /// The key of a function's signature: kinds, constants (by bits) and run-time-ness.
    fn key(self) -> ArgumentKey {
        (self.kind, self.constant.map(f64::to_bits), self.runtime)
    }
}

/// An argument as a function's signature tells it apart.
type ArgumentKey = (Option<Kind>, Option<u64>, bool);
/// A function and its arguments.
type Signature = (usize, Vec<ArgumentKey>);

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
    /// How many inlined calls enclose the code being walked.
    depth: usize,
    work: usize,
    /// The values the function being inlined returns.
    returns: Vec<Abstract>,
    /// A `return` ended the block being walked.
    returned: bool,
    /// Each function's result per signature (and certainty) this round.
    calls: HashMap<Signature, (Abstract, Option<Vec<Abstract>>)>,
    /// The values of each `return a, b` (or last expression `(a, b)`) of the function
    /// being inlined.
    tuple_returns: Vec<Vec<Abstract>>,
    /// The several values of the call just analysed, for the destructuring that takes them.
    call_tuple: Option<Vec<Abstract>>,
    /// Whether the function being inlined stores its value into a result buffer.
    sink: Sink,
    /// The branch just walked ended with a `return`.
    branch_returned: bool,
}

/// Whether a function's paths store its value into one result buffer (a `return` under a
/// run-time condition), whose dtype is then the first stored value's, read back as a
/// NumPy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    None,
    Buffer,
    /// Under a condition the analysis cannot fold.
    Unknown,
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

    /// Binds `let name = value` (a Python scalar stays one, stored or not).
    fn bind_let(&mut self, ident: &ast::Ident, value: Abstract) {
        self.bind(ident, Name::Value(value));
    }

    /// The block's statements; gives the value of a last expression statement.
    fn block(&mut self, statements: &'a [ast::Stmt]) -> Option<Abstract> {
        let mut last = None;
        for statement in statements {
            if self.returned || self.work > MAX_WORK {
                break;
            }
            last = self.statement(statement);
        }
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

    /// A block walked unless `lowered` is `Some(false)` (a branch a constant condition
    /// drops). Where the analysis cannot tell (`None`), the branch's assignments count: a
    /// `var` is as wide as every value that may be assigned to it.
    fn nested_block(&mut self, block: &'a ast::Block, lowered: Option<bool>) {
        let returned = self.returned;
        self.branch_returned = false;
        if lowered == Some(false) {
            return;
        }
        self.block(&block.statements);
        self.branch_returned = self.returned && !returned;
        // A `return` in a branch ends the branch; what follows is lowered as the other one.
        self.returned = returned;
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
                        if param_is_bool(value) && (v == 0.0 || v == 1.0) {
                            self.int_params.remove(&name.name);
                            Abstract::constant(Kind::Strong(DType::Bool), v)
                        } else if int && v.fract() == 0.0 && v.abs() < 9.2e18 {
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
            StmtKind::Print(parts) => {
                for part in parts {
                    if let PrintPart::Value { value, .. } = part {
                        self.expr(value);
                    }
                }
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
                self.expr(end);
                if let Some(unroll) = unroll {
                    self.expr(unroll);
                }
                let runtime = *kind == ScopeKind::Loop;
                let index_value = Abstract {
                    non_negative: start.constant.is_some_and(|start| start >= 0.0),
                    ..Abstract::of(Some(Kind::WeakInt), runtime)
                };
                self.bind(index, Name::Value(index_value));
                // A body's assignments count whatever the trip count (zero included), so a
                // `for` and a `loop` of the same body give every `var` the same dtype.
                self.nested_block(body, Some(true));
            }
            StmtKind::If {
                condition,
                then_block,
                else_block,
            } => {
                let condition = self.expr(condition);
                if self.depth > 0 && self.returns_inside(statement) {
                    // A `return` under a run-time condition makes every path store the
                    // function's value into one result buffer.
                    match (condition.runtime, condition.constant) {
                        (true, _) => self.sink = Sink::Buffer,
                        (false, Some(_)) => {}
                        (false, None) => self.sink = Sink::Unknown,
                    }
                }
                let constant = !condition.runtime && condition.constant.is_some();
                let returned = self.returned;
                self.nested_block(then_block, Self::lowered_if(condition, true));
                if let Some(else_block) = else_block {
                    self.nested_block(else_block, Self::lowered_if(condition, false));
                }
                // A `return` in the branch a constant condition keeps ends the function.
                if constant && !returned && self.branch_returned {
                    self.returned = true;
                }
            }
            StmtKind::Destructure { kind, names, value } => {
                let values = self.several(value);
                for (k, name) in names.iter().enumerate() {
                    let value = values
                        .as_ref()
                        .filter(|values| values.len() == names.len())
                        .map_or(Abstract::UNKNOWN, |values| values[k]);
                    match kind {
                        DestructureKind::Let => self.bind_let(name, value),
                        DestructureKind::Var => self.declare_var(name, value),
                        DestructureKind::Assign => self.assign_whole(name, value),
                    }
                }
            }
            StmtKind::While { condition, body } => {
                let condition = self.expr(condition);
                self.nested_block(body, Self::lowered_if(condition, true));
            }
            StmtKind::Return(value) => {
                match &value.kind {
                    ExprKind::Tuple(items) => {
                        let values = items.iter().map(|item| self.expr(item)).collect();
                        self.tuple_returns.push(values);
                    }
                    _ => {
                        let value = self.expr(value);
                        self.returns.push(value);
                    }
                }
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
        // An element, region or mask assignment stores into the array's own dtype: it never
        // widens the `var`.
        if let Some(indices) = indices {
            self.indices(indices);
            self.expr(value);
            return;
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
        let compound = op.binary();
        // An in-place operator keeps a NumPy value's dtype (an array is updated in place
        // under `same_kind`; lowering refuses what does not fit). A NumPy scalar is rebound
        // by Python, and may widen: lowering refuses that, the analysis knowing no shapes.
        if compound.is_some() && !weak {
            return;
        }
        let new = match (compound, rhs.kind) {
            (_, None) => return,
            (None, Some(kind)) => Some(kind),
            // `w += 1` of a Python scalar is `w = w + 1`.
            (Some(op), Some(kind)) => binary_result(op, Kind::of(dtype, weak), kind),
        };
        if let Some(new) = new {
            self.found.assigned(id, dtype, weak, new);
        }
    }

    /// `target = value` of a whole `var` (one target of a destructuring).
    fn assign_whole(&mut self, target: &ast::Ident, value: Abstract) {
        let Some(id) = self.id(target) else {
            return;
        };
        if let (
            Some(&Name::Var {
                dtype: Some(dtype),
                weak,
            }),
            Some(new),
        ) = (self.names.get(&id), value.kind)
        {
            self.found.assigned(id, dtype, weak, new);
        }
    }

    /// The values of a tuple `(a, b)` or of a call that returns several (`None`: unknown).
    fn several(&mut self, expr: &'a ast::Expr) -> Option<Vec<Abstract>> {
        match &expr.kind {
            ExprKind::Tuple(items) => Some(items.iter().map(|item| self.expr(item)).collect()),
            ExprKind::Call { callee, args } => {
                self.call_tuple = None;
                if let Some(&Callee::Builtin(Builtin::Meshgrid)) =
                    self.checked.calls.get(&callee.span)
                {
                    // Each grid keeps its vector's dtype.
                    let values: Vec<Abstract> = args.iter().map(|arg| self.expr(arg)).collect();
                    return Some(
                        values
                            .iter()
                            .take(2)
                            .map(|value| {
                                let kind = value.kind.map(|kind| Kind::Strong(kind.dtype()));
                                Abstract::of(kind, value.runtime)
                            })
                            .collect(),
                    );
                }
                self.expr(expr);
                self.call_tuple.take()
            }
            _ => {
                self.expr(expr);
                None
            }
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
                        Unary::Not => {
                            kind.and(operand.constant.map(|c| f64::from(u8::from(c == 0.0))))
                        }
                        _ => None,
                    },
                    runtime: operand.runtime,
                    non_negative: false,
                }
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let a = self.expr(lhs);
                let b = self.expr(rhs);
                let op = numeric::Binary::from(*op);
                let kind = match (a.kind, b.kind) {
                    (Some(x), Some(y)) if op == Binary::Pow => {
                        // A run-time exponent is never a constant: lowering takes it as one
                        // of at least 0.
                        power_result(x, y, exponent_negative(b))
                    }
                    (Some(x), Some(y)) => binary_result(op, x, y),
                    _ => None,
                };
                let constant = match kind {
                    Some(Kind::WeakInt) if op == Binary::Pow => {
                        integer_power(a.constant, b.constant)
                    }
                    Some(_) => fold(op, a.constant, b.constant),
                    None => None,
                };
                let sum_or_product = matches!(op, Binary::Add | Binary::Mul);
                Abstract {
                    kind,
                    constant,
                    runtime: a.runtime || b.runtime,
                    non_negative: constant
                        .map_or(sum_or_product && a.non_negative && b.non_negative, |c| {
                            c >= 0.0
                        }),
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
            Builtin::Pow => both(kind(0), kind(1), |a, b| {
                power_result(a, b, exponent_negative(values[1]))
            }),
            Builtin::Minimum => both(kind(0), kind(1), |a, b| binary_result(Binary::Min, a, b)),
            Builtin::Maximum => both(kind(0), kind(1), |a, b| binary_result(Binary::Max, a, b)),
            Builtin::Arctan2 => both(kind(0), kind(1), |a, b| binary_result(Binary::Atan2, a, b)),
            Builtin::Hypot => both(kind(0), kind(1), |a, b| binary_result(Binary::Hypot, a, b)),
            Builtin::Copysign => both(kind(0), kind(1), |a, b| {
                binary_result(Binary::Copysign, a, b)
            }),
            Builtin::Fmod => both(kind(0), kind(1), |a, b| binary_result(Binary::Fmod, a, b)),
            Builtin::Logaddexp => both(kind(0), kind(1), |a, b| {
                binary_result(Binary::Logaddexp, a, b)
            }),
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
            // Views of an array keep its dtype; a Python scalar stays one while it is 0-d
            // (`transpose(-4)`, `reshape(x, [])`).
            Builtin::Transpose | Builtin::Roll => kind(0),
            Builtin::Reshape | Builtin::Broadcast => kind(0).map(|k| match args.get(1) {
                Some(ast::Expr {
                    kind: ExprKind::Array(extents),
                    ..
                }) if extents.is_empty() => k,
                _ => Kind::Strong(k.dtype()),
            }),
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
            // `full(shape, v)`: the fill value's dtype, a NumPy array unless the shape is
            // `[]`; a dtype argument converts it.
            Builtin::Full => match args.get(2) {
                Some(arg) => strong(self.dtype_argument(arg)),
                // An array, also of shape `[]` (a 0-d array is strong under NEP 50).
                None => kind(1).map(|fill| Kind::Strong(fill.dtype())),
            },
            Builtin::FullLike => match args.get(2) {
                Some(arg) => strong(self.dtype_argument(arg)),
                None => strong(kind(0).map(Kind::dtype)),
            },
            // A float64 array (one point is the start, in its float dtype).
            Builtin::Linspace => match values.get(2).and_then(|count| count.constant) {
                Some(1.0) => kind(0).map(|start| Kind::Strong(float_of(start).dtype())),
                Some(_) => strong(Some(DType::F64)),
                None => None,
            },
            Builtin::Rand => strong(Some(DType::F64)),
            Builtin::Grad => strong(kind(0).and_then(|k| grad_result(k.dtype()))),
            Builtin::Mean | Builtin::Std | Builtin::Variance => {
                kind(0).map(|k| Kind::Strong(accumulated(ReduceOp::Sum, true, k.dtype())))
            }
            Builtin::Cumsum => {
                kind(0).map(|k| Kind::Strong(accumulated(ReduceOp::Sum, false, k.dtype())))
            }
            Builtin::Any | Builtin::All => strong(Some(DType::Bool)),
            Builtin::Argmin | Builtin::Argmax => strong(Some(DType::I64)),
            Builtin::Dot | Builtin::Matmul => both(kind(0), kind(1), |a, b| {
                product_result(a, b).map(Kind::Strong)
            }),
            Builtin::Concatenate | Builtin::Stack => {
                match args.first().map(ast::Expr::without_keyword) {
                    Some(ast::Expr {
                        kind: ExprKind::Array(items) | ExprKind::Tuple(items),
                        ..
                    }) => {
                        let kinds: Option<Vec<Kind>> =
                            items.iter().map(|item| self.expr(item).kind).collect();
                        strong(kinds.and_then(joined))
                    }
                    _ => None,
                }
            }
            Builtin::Pad => kind(0).map(|k| Kind::Strong(k.dtype())),
            Builtin::Diff => kind(0).and_then(|k| diff_result(k.dtype()).map(Kind::Strong)),
            Builtin::Unique => kind(0).map(|k| Kind::Strong(k.dtype())),
            // Several values, taken apart by a destructuring (see `tuple`).
            Builtin::Meshgrid => None,
        };
        // A ufunc of Python scalars is a NumPy scalar (as lowering's `builtin` decides).
        let result = match result {
            Some(k) if k.is_weak() && numpy_scalar_call(builtin, self.checked.language) => {
                Some(Kind::Strong(k.dtype()))
            }
            other => other,
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
        let key = (id.0, values.iter().map(|value| value.key()).collect());
        if let Some((result, tuple)) = self.calls.get(&key) {
            self.call_tuple = tuple.clone();
            return *result;
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
        let outer_sink = std::mem::replace(&mut self.sink, Sink::None);
        let outer_tuples = std::mem::take(&mut self.tuple_returns);
        let last_expr = match body {
            FnBody::Expr(expr) => Some(expr),
            FnBody::Block(block) => match block.statements.last().map(|last| &last.kind) {
                Some(StmtKind::Expr(expr)) => Some(expr),
                _ => None,
            },
        };
        let last = match (body, last_expr) {
            (
                _,
                Some(ast::Expr {
                    kind: ExprKind::Tuple(items),
                    ..
                }),
            ) => {
                if let FnBody::Block(block) = body {
                    let statements = &block.statements[..block.statements.len() - 1];
                    self.block(statements);
                }
                if !self.returned {
                    let values = items.iter().map(|item| self.expr(item)).collect();
                    self.tuple_returns.push(values);
                }
                None
            }
            (FnBody::Expr(expr), _) => Some(self.expr(expr)),
            (FnBody::Block(block), _) => self.block(&block.statements),
        };
        self.returned = false;
        let mut results = std::mem::replace(&mut self.returns, outer_returns);
        let tuples = std::mem::replace(&mut self.tuple_returns, outer_tuples);
        let sink = std::mem::replace(&mut self.sink, outer_sink);
        self.depth -= 1;
        results.extend(last);
        // Several values: each as it is when every path gives the same kinds.
        let tuple = match tuples.split_first() {
            Some((first, rest))
                if rest.iter().all(|other| other == first) && results.is_empty() =>
            {
                Some(first.clone())
            }
            _ => None,
        };
        let same = match results.split_first() {
            Some((first, rest)) if rest.iter().all(|r| r.kind == first.kind) => first.kind,
            _ => None,
        };
        // One path: its value as it is (the constant is lowering's to fold). Several: the
        // result buffer's dtype is the first stored value's, read back as a NumPy value.
        let kind = match sink {
            Sink::None => same,
            Sink::Buffer => results
                .first()
                .and_then(|first| first.kind)
                .map(|kind| Kind::Strong(kind.dtype())),
            Sink::Unknown => same.filter(|kind| !kind.is_weak()),
        };
        let result = Abstract::of(kind, false);
        self.calls.insert(key, (result, tuple.clone()));
        self.call_tuple = tuple;
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
        Binary::And => truth(a != 0.0 && b != 0.0),
        Binary::Or => truth(a != 0.0 || b != 0.0),
        Binary::Div
        | Binary::FloorDiv
        | Binary::Rem
        | Binary::Pow
        | Binary::Min
        | Binary::Max
        | Binary::Atan2
        | Binary::Hypot
        | Binary::Copysign
        | Binary::Fmod
        | Binary::Logaddexp => None,
    }
}

/// Whether an exponent is negative, as lowering tells (`None`: a constant the analysis
/// does not know). A run-time exponent is taken as one of at least 0.
fn exponent_negative(exponent: Abstract) -> Option<bool> {
    match exponent.constant {
        Some(e) => Some(e < 0.0),
        None if exponent.runtime || exponent.non_negative => Some(false),
        None => None,
    }
}

/// The constant `a ** b` of Python ints, where it is exact in a float64.
fn integer_power(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    let (a, b) = (a?, b?);
    let power = (a as i64).checked_pow(u32::try_from(b as i64).ok()?)?;
    (power.unsigned_abs() < 1 << 53).then_some(power as f64)
}

#[cfg(test)]
mod tests {
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
            "var x = f32(1)\nif 1 > 2 { x = i64(1) }\nout x",
            &[("x", Some(F32), false)],
        );
    }

    /// A body's assignments count whatever its trip count, so that the `for` and the
    /// `loop` form of a program give its `var`s the same dtypes (a `loop` body is lowered
    /// even when it runs zero times).
    #[test]
    fn a_zero_trip_for_widens_as_its_loop_form() {
        for scope in ["for", "loop"] {
            check(
                &format!("var x = f32(1)\n{scope} i in 0..0 {{ x = i64(2) }}\nout x"),
                &[("x", Some(F64), false)],
            );
        }
    }

    /// `w += 1` of a Python scalar keeps it one, as `w = w + 1` does.
    #[test]
    fn a_compound_assignment_keeps_a_python_scalar_weak() {
        check(
            "var w = 0\nloop i in 0..3 { w += 1 }\nvar z = 0\nloop i in 0..3 { z = z + 1 }\nout w\nout z",
            &[("w", Some(I64), true), ("z", Some(I64), true)],
        );
    }

    /// Every program of the tests and examples lowers once with the decided dtypes: no
    /// assignment gives a `var` a value the analysis did not foresee (lowering reports one
    /// as an internal error rather than lowering the program again).
    #[test]
    fn the_corpus_lowers_once_everywhere() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let limits = super::super::Limits {
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
        let (mut lowered, mut widened) = (0, 0);
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
            if !decide(&program, &checked).widened.is_empty() {
                widened += 1;
            }
            let (_, diagnostics) = super::super::lower(&program, &checked, &limits);
            let internal: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.kind == crate::diagnostic::ErrorKind::Internal)
                .map(|d| &d.message)
                .collect();
            assert!(internal.is_empty(), "{name}: {internal:?}");
        }
        assert!(lowered > 100, "{lowered} programs lowered");
        // The corpus has programs whose `var`s are widened (else this test guards little).
        assert!(widened > 20, "{widened} programs widen a `var`");
    }

    /// The rules the analysis once lacked (lowering lowered the program again for them).
    #[test]
    fn every_builtin_and_construct_has_a_rule() {
        // `grad` of an int64 array is a float64 one.
        check(
            "var g = arange(6) ^ 2\ng = g - grad(g, 0)\nout g",
            &[("g", Some(F64), false)],
        );
        // An integer power with a `for` index: an int64 (a Python int, weak).
        check(
            "var r = 0\nfor i in 0..2 { r += sum(arange(3)) * 10 ^ i }\nout r",
            &[("r", Some(I64), false)],
        );
        // A view of a Python scalar is one while it is 0-d.
        check(
            "var acc = transpose(-4)\nfor i in 0..1 { acc = acc * 0.5 }\nout acc",
            &[("acc", Some(F64), true)],
        );
        // `&&` and `!` of constants are folded: the branch never lowered does not widen.
        check(
            "param small = 0\nvar x = arange(3)\nif 1 < 3 && !small { x = x * 2 } else { x = x / 2 }\nout x",
            &[("x", Some(I64), false)],
        );
        // A function whose value is a Python scalar, and one with an early `return`
        // under a run-time condition (its value is the first path's, stored).
        check(
            "fn f(i) = i * 2\nvar c = 0\nloop i in 1..4 { c = c + f(i) }\nout c",
            &[("c", Some(I64), true)],
        );
        check(
            "fn h(a) {\n if a[0] > 0 { return a * 0.5 }\n a\n}\nvar x = arange(3)\nloop i in 0..2 { x = h(x) }\nout x",
            &[("x", Some(F64), false)],
        );
        for (call, dtype) in [
            ("mean(arange(3))", F64),
            ("std(arange(3))", F64),
            ("cumsum(arange(3) > 1)", I64),
            ("any(arange(3))", Bool),
            ("argmax(arange(3))", I64),
            ("dot(arange(3), ones([3], f32))", F64),
            ("full([2], f32(1))", F32),
            ("linspace(0, 1, 5)", F64),
            ("concatenate([arange(2), zeros([2], f32)])", F64),
            ("pad(arange(3), [1, 1])", I64),
            ("diff(arange(3))", I64),
        ] {
            check(
                &format!("var v = zeros([1], bool)\nv = {call}[0:1]\nout v"),
                &[("v", Some(dtype), false)],
            );
        }
    }

    /// An assignment the analysis cannot foresee is refused by lowering, never lowered
    /// with a narrowed value: here a function's several results, which the analysis
    /// follows, widen the `var`s from their declarations on.
    #[test]
    fn several_results_widen_the_vars_they_are_assigned_to() {
        check(
            "fn halves(a, b) = (a / 2, b / 2)\nvar x = i64(4)\nvar y = i64(6)\nx, y = halves(x, y)\nout x\nout y",
            &[("x", Some(F64), false), ("y", Some(F64), false)],
        );
        check(
            "var a = zeros([3], bool)\nvar b = zeros([3])\na, b = b, a\nout a\nout b",
            &[("a", Some(F64), false), ("b", Some(F64), false)],
        );
    }
}
