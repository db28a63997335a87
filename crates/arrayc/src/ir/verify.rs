//! The verifier: proves every load (and store) of every kernel inside its buffer over
//! the kernel's whole iteration space, and checks the other invariants codegen relies on.

use super::text::shape_text;
use super::{
    Binary, Buffer, BufferId, BufferInit, DType, DrawKind, Expr, Index, Kernel, PrintPart, Program,
    ReduceOp, Stmt, StmtId, Unary, MAX_DIMS,
};
use std::fmt;

/// One broken invariant: the statement it is in (`None`: the program's tables, such as a
/// constant buffer or an output) and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyError {
    pub stmt: Option<StmtId>,
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.stmt {
            Some(stmt) => write!(f, "statement {stmt}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Program {
    /// Checks the invariants codegen relies on, returning every violation, located: the
    /// program's tables, then each statement in `StmtId` order (one error per statement,
    /// its first). Above all: every load and store is inside its buffer for every point of
    /// the kernel's iteration space.
    pub fn verify(&self) -> Result<(), Vec<VerifyError>> {
        let mut errors: Vec<VerifyError> = self
            .verify_tables()
            .into_iter()
            .map(|message| VerifyError {
                stmt: None,
                message,
            })
            .collect();
        self.verify_statements(&self.body, false, &mut 0, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The constant buffers, outputs and prints.
    fn verify_tables(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for (id, buffer) in self.buffers.iter().enumerate() {
            if let BufferInit::Constant(values) = &buffer.init {
                if values.dtype() != buffer.dtype {
                    errors.push(format!(
                        "constant buffer %{id} of dtype {} holds {} values",
                        buffer.dtype.name(),
                        values.dtype().name()
                    ));
                } else if values.len() != buffer.len() {
                    errors.push(format!(
                        "constant buffer %{id} holds {} values for shape {}",
                        values.len(),
                        shape_text(&buffer.shape)
                    ));
                }
            }
        }
        for output in &self.outputs {
            if let Err(message) = self.buffer(output.buffer) {
                errors.push(message);
            }
        }
        for (id, parts) in self.prints.iter().enumerate() {
            for part in parts {
                let PrintPart::Value {
                    buffer,
                    shape,
                    spec,
                } = part
                else {
                    continue;
                };
                match self.buffer(*buffer) {
                    Err(message) => errors.push(message),
                    Ok(data) if data.len() != shape.iter().product::<usize>() => {
                        errors.push(format!("print{id} has the wrong number of elements"));
                    }
                    Ok(data) => {
                        if let Err(message) = spec.check(data.dtype.format_kind()) {
                            errors.push(format!("print{id}: {message}"));
                        }
                        if !shape.is_empty() && !spec.is_plain() {
                            errors.push(format!("print{id} formats an array with a spec"));
                        }
                    }
                }
            }
        }
        errors.extend(self.verify_draws());
        errors
    }

    /// Each draw fills a writable buffer of its dtype from a stream that some draw seeds.
    fn verify_draws(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for (id, draw) in self.draws.iter().enumerate() {
            let seeded = self
                .draws
                .iter()
                .any(|d| d.stream == draw.stream && matches!(d.kind, DrawKind::Seed(_)));
            if !seeded {
                errors.push(format!("draw{id}: stream {} is never seeded", draw.stream));
            }
            if let DrawKind::Integers { low, high, .. } = draw.kind {
                if low >= high {
                    errors.push(format!("draw{id}: empty range {low}..{high}"));
                }
            }
            let Some(buffer) = draw.kind.buffer() else {
                continue;
            };
            let dtype = match draw.kind {
                DrawKind::Integers { .. } => DType::I64,
                _ => DType::F64,
            };
            match self.buffer(buffer) {
                Err(message) => errors.push(message),
                Ok(data) if data.dtype != dtype || data.is_read_only() => {
                    errors.push(format!(
                        "draw{id} fills %{buffer}, which is not a writable {} buffer",
                        dtype.name()
                    ));
                }
                Ok(_) => {}
            }
        }
        errors
    }

    /// Verifies `statements`, whose first has id `*next`, in pre-order (as `visit::walk`
    /// numbers them). `in_loop`: whether they are inside a `Loop` or `Repeat`, which `break`
    /// and `continue` need.
    fn verify_statements(
        &self,
        statements: &[Stmt],
        in_loop: bool,
        next: &mut StmtId,
        errors: &mut Vec<VerifyError>,
    ) {
        for statement in statements {
            let stmt = *next;
            *next += 1;
            if let Err(message) = self.verify_statement(statement, in_loop) {
                errors.push(VerifyError {
                    stmt: Some(stmt),
                    message,
                });
            }
            let body_in_loop = in_loop || matches!(statement, Stmt::Loop(_) | Stmt::Repeat(_));
            for body in statement.parts().bodies() {
                self.verify_statements(body, body_in_loop, next, errors);
            }
        }
    }

    /// One statement without the statements nested in it.
    fn verify_statement(&self, statement: &Stmt, in_loop: bool) -> Result<(), String> {
        match statement {
            Stmt::Kernel(kernel) => self.verify_kernel(kernel)?,
            Stmt::Loop(l) => {
                if l.slot >= self.slots {
                    return Err(format!("loop uses slot s{} of {}", l.slot, self.slots));
                }
                if l.unroll == 0 {
                    return Err("loop unroll factor is 0".to_string());
                }
                if l.site as usize >= self.sites.len() || l.scope as usize >= self.scopes.len() {
                    return Err(format!("loop s{} names an unknown site or scope", l.slot));
                }
                for bound in [&l.start, &l.end] {
                    self.verify_scalar(bound)?;
                    self.expect_dtype(bound, &[DType::F64, DType::I64], "a loop bound")?;
                }
            }
            Stmt::Repeat(r) => {
                if r.site as usize >= self.sites.len() {
                    return Err(format!("repeat names unknown site {}", r.site));
                }
            }
            Stmt::Break | Stmt::Continue => {
                if !in_loop {
                    return Err("break or continue outside a loop".to_string());
                }
            }
            Stmt::If { condition, .. } => {
                self.verify_scalar(condition)?;
                self.expect_dtype(condition, &[DType::Bool], "an `if` condition")?;
            }
            Stmt::Swap(a, b) => {
                let (a, b) = (self.buffer(*a)?, self.buffer(*b)?);
                // Generated code exchanges the two pointers: the buffers must agree in
                // element size and meaning, or the next kernel reads one dtype as another.
                if a.shape != b.shape || a.dtype != b.dtype || a.is_read_only() || b.is_read_only()
                {
                    return Err(format!(
                        "swap of incompatible buffers {} and {}",
                        a.name, b.name
                    ));
                }
            }
            Stmt::Print { id, .. } => {
                if self.prints.get(*id as usize).is_none() {
                    return Err(format!("unknown print{id}"));
                }
            }
            Stmt::Random { id } => {
                if self.draws.get(*id as usize).is_none() {
                    return Err(format!("unknown draw{id}"));
                }
            }
            Stmt::MaskedSum { dst, values, mask } => {
                let (dst, values, mask) = (
                    self.buffer(*dst)?,
                    self.buffer(*values)?,
                    self.buffer(*mask)?,
                );
                // Generated code hands the host the two arrays with one length and writes
                // the first element of `dst`.
                if !values.dtype.is_float()
                    || dst.dtype != values.dtype
                    || mask.dtype != DType::Bool
                    || values.len() != mask.len()
                    || dst.len() == 0
                    || dst.is_read_only()
                {
                    return Err(format!(
                        "masked_sum of incompatible buffers {} = {} where {}",
                        dst.name, values.name, mask.name
                    ));
                }
            }
        }
        Ok(())
    }

    fn buffer(&self, id: BufferId) -> Result<&Buffer, String> {
        self.buffers
            .get(id as usize)
            .ok_or_else(|| format!("unknown buffer %{id}"))
    }

    /// An expression evaluated once, outside any kernel dimension.
    fn verify_scalar(&self, expr: &Expr) -> Result<(), String> {
        self.verify_expr(expr, &[], &|_| None)
    }

    fn verify_expr(
        &self,
        expr: &Expr,
        extents: &[usize],
        checks: &dyn Fn(u32) -> Option<usize>,
    ) -> Result<(), String> {
        let mut error = None;
        let mut dims_ok = true;
        expr.for_each_index(&mut |index| {
            for d in extents.len()..MAX_DIMS {
                if index.uses_dim(d) {
                    dims_ok = false;
                }
            }
        });
        if !dims_ok {
            return Err(format!(
                "expression {expr} uses a dimension the kernel does not have"
            ));
        }
        expr.for_each_load(&mut |buffer, offset| {
            if error.is_some() {
                return;
            }
            let Some(data) = self.buffers.get(buffer as usize) else {
                error = Some(format!("load from unknown buffer %{buffer}"));
                return;
            };
            if let Some((lo, hi)) = offset.range(extents, checks) {
                if lo < 0 || hi >= data.len() as i64 {
                    error = Some(format!(
                        "load %{buffer}[{offset}] may touch elements {lo}..={hi} of a buffer of {}",
                        data.len()
                    ));
                }
            }
        });
        let mut slots_ok = true;
        check_slots(expr, self.slots, &mut slots_ok);
        if !slots_ok {
            return Err(format!("expression {expr} uses an unknown slot"));
        }
        error.map_or(Ok(()), Err)
    }

    /// Checks that `expr` has one of `allowed` dtypes (and is well typed).
    fn expect_dtype(&self, expr: &Expr, allowed: &[DType], what: &str) -> Result<(), String> {
        let dtype = self.expr_dtype(expr)?;
        if allowed.contains(&dtype) {
            Ok(())
        } else {
            Err(format!("{what} {expr} is a {}", dtype.name()))
        }
    }

    /// The dtype of `expr`, checking every node: operands of a binary operation have one
    /// dtype; division and transcendentals take floats (powers also int64s); no arithmetic on bools;
    /// logic takes bools; a select's condition is a bool and its branches have one dtype.
    pub(super) fn expr_dtype(&self, expr: &Expr) -> Result<DType, String> {
        let mismatch = |what: &str| Err(format!("{what} in {expr}"));
        match expr {
            Expr::Const(value) => Ok(value.dtype()),
            Expr::Slot(_) => Ok(DType::F64),
            Expr::Load { buffer, .. } => Ok(self.buffer(*buffer)?.dtype),
            Expr::IndexValue(_) => Ok(DType::I64),
            Expr::Cast(dtype, a) => {
                self.expr_dtype(a)?;
                Ok(*dtype)
            }
            Expr::Unary(op, a) => {
                let dtype = self.expr_dtype(a)?;
                let (ok, result) = match op {
                    Unary::Not => (dtype == DType::Bool, DType::Bool),
                    Unary::Sqrt
                    | Unary::Exp
                    | Unary::Log
                    | Unary::Sin
                    | Unary::Cos
                    | Unary::Tan
                    | Unary::Tanh => (dtype.is_float(), dtype),
                    Unary::Neg
                    | Unary::Abs
                    | Unary::Floor
                    | Unary::Ceil
                    | Unary::Trunc
                    | Unary::Round
                    | Unary::Sign => (dtype != DType::Bool, dtype),
                };
                if !ok {
                    return mismatch(&format!("{} of a {}", op.name(), dtype.name()));
                }
                Ok(result)
            }
            Expr::Binary(op, a, b) => {
                let (x, y) = (self.expr_dtype(a)?, self.expr_dtype(b)?);
                if x != y {
                    return mismatch(&format!(
                        "{} of a {} and a {}",
                        op.name(),
                        x.name(),
                        y.name()
                    ));
                }
                let ok = match op {
                    Binary::Div
                    | Binary::Atan2
                    | Binary::Hypot
                    | Binary::Copysign
                    | Binary::Logaddexp => x.is_float(),
                    // An int64 power is NumPy's integer one (repeated squaring, wrapping).
                    Binary::Pow
                    | Binary::Add
                    | Binary::Sub
                    | Binary::Mul
                    | Binary::FloorDiv
                    | Binary::Rem
                    | Binary::Fmod => x != DType::Bool,
                    Binary::And | Binary::Or => x == DType::Bool,
                    Binary::Min
                    | Binary::Max
                    | Binary::Eq
                    | Binary::Ne
                    | Binary::Lt
                    | Binary::Le
                    | Binary::Gt
                    | Binary::Ge => true,
                };
                if !ok {
                    return mismatch(&format!("{} of {}s", op.name(), x.name()));
                }
                Ok(if op.gives_bool() { DType::Bool } else { x })
            }
            Expr::Select(c, a, b) => {
                let condition = self.expr_dtype(c)?;
                if condition != DType::Bool {
                    return mismatch(&format!("a select on a {}", condition.name()));
                }
                let (x, y) = (self.expr_dtype(a)?, self.expr_dtype(b)?);
                if x != y {
                    return mismatch(&format!("a select of a {} and a {}", x.name(), y.name()));
                }
                Ok(x)
            }
        }
    }

    fn verify_kernel(&self, kernel: &Kernel) -> Result<(), String> {
        let dst = self.buffer(kernel.dst)?;
        if dst.is_read_only() {
            return Err(format!("kernel writes read-only buffer %{}", kernel.dst));
        }
        let dtype = self.expr_dtype(&kernel.expr)?;
        if dtype != dst.dtype {
            return Err(format!(
                "kernel computes a {} value into %{}, a {} buffer",
                dtype.name(),
                kernel.dst,
                dst.dtype.name()
            ));
        }
        if let Some(reduction) = &kernel.reduction {
            let accumulates = matches!(reduction.op, ReduceOp::Sum | ReduceOp::Prod);
            if accumulates && dtype == DType::Bool {
                return Err(format!(
                    "a sum or product of bools into %{} (cast them to i64 first)",
                    kernel.dst
                ));
            }
            if reduction.divide_by.is_some() && !dtype.is_float() {
                return Err(format!(
                    "a mean of {} values into %{} (only floats divide)",
                    dtype.name(),
                    kernel.dst
                ));
            }
            if let Some(chunk) = reduction.pairwise {
                if reduction.op != ReduceOp::Sum
                    || reduction.scan
                    || !dtype.is_float()
                    || chunk == 0
                    || reduction.extents.is_empty()
                {
                    return Err(format!(
                        "a pairwise reduction into %{} that is not a float sum over a dimension in pieces of at least one element",
                        kernel.dst
                    ));
                }
            }
            if reduction.blas && !is_blas_product(kernel, reduction, dtype) {
                return Err(format!(
                    "a blas reduction into %{} that is not a float64 [m, n] sum over k of a[i, l] * b[l, j] from two loads",
                    kernel.dst
                ));
            }
        }
        let extents = kernel.extents();
        if extents.len() > MAX_DIMS {
            return Err("kernel has too many dimensions".to_string());
        }
        for check in &kernel.checks {
            self.verify_scalar(&check.value)?;
            self.expect_dtype(&check.value, &[DType::F64, DType::I64], "an index value")?;
            if check.site as usize >= self.sites.len() {
                return Err(format!("check{} names an unknown site", check.id));
            }
        }
        let checks = |id: u32| {
            kernel
                .checks
                .iter()
                .find(|check| check.id == id)
                .map(|check| check.extent)
        };
        let mut unknown = None;
        kernel.expr.for_each_index(&mut |index| {
            find_checked(index, &mut |id| {
                if checks(id).is_none() {
                    unknown = Some(id);
                }
            })
        });
        if let Some(id) = unknown {
            return Err(format!(
                "index uses check{id}, which the kernel does not define"
            ));
        }
        self.verify_expr(&kernel.expr, &extents, &checks)?;
        self.verify_store(kernel, dst, &checks)
    }

    /// The store is bounded exactly as loads are: over the kernel's box (its first
    /// dimensions only; all of them in a scan), every element it may write is inside the
    /// destination.
    fn verify_store(
        &self,
        kernel: &Kernel,
        dst: &Buffer,
        checks: &dyn Fn(u32) -> Option<usize>,
    ) -> Result<(), String> {
        let scan = kernel
            .reduction
            .as_ref()
            .is_some_and(|reduction| reduction.scan);
        let stored = if scan {
            kernel.extents()
        } else {
            kernel.shape.clone()
        };
        let rank = stored.len();
        if (rank..MAX_DIMS).any(|d| kernel.store.uses_dim(d)) {
            return Err(format!(
                "store %{}[{}] uses a dimension beyond the kernel's {rank}",
                kernel.dst, kernel.store
            ));
        }
        let mut unknown = None;
        find_checked(&kernel.store, &mut |id| {
            if checks(id).is_none() {
                unknown = Some(id);
            }
        });
        if let Some(id) = unknown {
            return Err(format!(
                "store uses check{id}, which the kernel does not define"
            ));
        }
        if let Some((lo, hi)) = kernel.store.range(&stored, checks) {
            if lo < 0 || hi >= dst.len() as i64 {
                return Err(format!(
                    "store %{}[{}] may touch elements {lo}..={hi} of a buffer of {}",
                    kernel.dst,
                    kernel.store,
                    dst.len()
                ));
            }
        }
        Ok(())
    }
}

pub(super) fn find_checked(index: &Index, f: &mut dyn FnMut(u32)) {
    match index {
        Index::Affine(_) => {}
        Index::Checked(id) => f(*id),
        Index::Add(a, b) => {
            find_checked(a, f);
            find_checked(b, f);
        }
        Index::Scale(a, _) | Index::Clamp(a, _, _) | Index::Wrap(a, _) => find_checked(a, f),
    }
}

fn check_slots(expr: &Expr, slots: u32, ok: &mut bool) {
    match expr {
        Expr::Slot(slot) => *ok &= *slot < slots,
        Expr::Const(_) | Expr::Load { .. } | Expr::IndexValue(_) => {}
        Expr::Cast(_, a) | Expr::Unary(_, a) => check_slots(a, slots, ok),
        Expr::Binary(_, a, b) => {
            check_slots(a, slots, ok);
            check_slots(b, slots, ok);
        }
        Expr::Select(c, a, b) => {
            check_slots(c, slots, ok);
            check_slots(a, slots, ok);
            check_slots(b, slots, ok);
        }
    }
}

/// Whether a `blas` reduction has the one shape codegen's matmul routine takes: a float64
/// `[m, n]` box stored in C order, one reduced dimension, and the product of two loads
/// whose offsets are affine in the dimensions (`a` not moving with `j`, `b` not with `i`).
fn is_blas_product(kernel: &Kernel, reduction: &super::Reduction, dtype: DType) -> bool {
    let affine_without = |offset: &Index, dim: usize| {
        (0..3).all(|d| offset.linear_coefficient(d).is_some())
            && offset.linear_coefficient(dim) == Some(0)
    };
    let loads = match &kernel.expr {
        Expr::Binary(super::Binary::Mul, a, b) => match (a.as_ref(), b.as_ref()) {
            (Expr::Load { offset: a, .. }, Expr::Load { offset: b, .. }) => {
                affine_without(a, 1) && affine_without(b, 0)
            }
            _ => false,
        },
        _ => false,
    };
    loads
        && dtype == DType::F64
        && reduction.op == ReduceOp::Sum
        && !reduction.scan
        && reduction.pairwise.is_none()
        && reduction.divide_by.is_none()
        && reduction.extents.len() == 1
        && kernel.shape.len() == 2
        && kernel.store == Index::row_major(&kernel.shape)
        && kernel.checks.is_empty()
}
