//! Statements to Cranelift control flow: function calls and status propagation, machine
//! loops, branches, swaps and `print`. Knows nothing of how a kernel's elements are computed.

use super::abi::{
    site_status, Import, BUFFER_ENTRY_BYTES, CONTEXT_BUFFERS, CONTEXT_ERROR_VALUE,
    CONTEXT_INTERRUPT, CONTEXT_SLOTS, SLOT_BYTES, STATUS_BREAK, STATUS_CONTINUE,
    STATUS_INTERRUPTED,
};
use super::expr::Lanes;
use super::kernel::KernelFrame;
use super::{data_flags, LoopTargets, Nested, Translator};
use crate::ir::{self, DType, Expr, Scalar, Stmt, StmtId};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, FuncRef, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::Variable;
use cranelift_module::{FuncId, Module};

impl<'b> Translator<'_, 'b> {
    pub(super) fn ins(&mut self) -> cranelift_frontend::FuncInstBuilder<'_, 'b> {
        self.builder.ins()
    }

    pub(super) fn import(&mut self, import: Import) -> FuncRef {
        if let Some(&func_ref) = self.import_refs.get(&import) {
            return func_ref;
        }
        let id = self.imports[&import];
        let func_ref = self.module.declare_func_in_func(id, self.builder.func);
        self.import_refs.insert(import, func_ref);
        func_ref
    }

    /// Returns from the function with `status` when it is non-zero.
    pub(super) fn propagate(&mut self, status: Value) {
        let fail = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(status, fail, &[], next, &[]);
        self.builder.seal_block(fail);
        self.builder.switch_to_block(fail);
        self.builder.ins().return_(&[status]);
        self.builder.seal_block(next);
        self.builder.switch_to_block(next);
    }

    pub(super) fn fail_with(&mut self, condition_ok: Value, site: u32, value: Option<Value>) {
        let fail = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(condition_ok, next, &[], fail, &[]);
        self.builder.seal_block(fail);
        self.builder.switch_to_block(fail);
        if let Some(value) = value {
            let context = self.context;
            self.ins()
                .store(data_flags(), value, context, CONTEXT_ERROR_VALUE);
        }
        let status = self.ins().iconst(types::I32, i64::from(site_status(site)));
        self.ins().return_(&[status]);
        self.builder.seal_block(next);
        self.builder.switch_to_block(next);
    }

    /// Runs a row function over all rows through the runtime's threads.
    pub(super) fn dispatch_rows(&mut self, id: FuncId, rows: usize) {
        let func_ref = self.module.declare_func_in_func(id, self.builder.func);
        let pointer_type = self.pointer_type;
        let address = self.ins().func_addr(pointer_type, func_ref);
        let parallel = self.import(Import::Parallel);
        let context = self.context;
        let rows = self.ins().iconst(types::I64, rows as i64);
        let call = self.ins().call(parallel, &[context, address, rows]);
        let status = self.builder.inst_results(call)[0];
        self.propagate(status);
    }

    pub(super) fn call_function(&mut self, id: FuncId) {
        let func_ref = self.module.declare_func_in_func(id, self.builder.func);
        let context = self.context;
        let call = self.ins().call(func_ref, &[context]);
        let status = self.builder.inst_results(call)[0];
        match self.loops.last().copied() {
            None => self.propagate(status),
            Some(targets) => self.propagate_in_loop(status, targets),
        }
    }

    /// After a call inside a loop: `STATUS_BREAK` leaves the loop, `STATUS_CONTINUE` goes
    /// to its next iteration, any other non-zero status is returned.
    fn propagate_in_loop(&mut self, status: Value, targets: LoopTargets) {
        let nonzero = self.builder.create_block();
        let not_break = self.builder.create_block();
        let fail = self.builder.create_block();
        let next = self.builder.create_block();
        self.ins().brif(status, nonzero, &[], next, &[]);
        self.builder.seal_block(nonzero);
        self.builder.switch_to_block(nonzero);
        let is_break = self
            .ins()
            .icmp_imm_s(IntCC::Equal, status, i64::from(STATUS_BREAK));
        self.ins().brif(is_break, targets.exit, &[], not_break, &[]);
        self.builder.seal_block(not_break);
        self.builder.switch_to_block(not_break);
        let is_continue = self
            .ins()
            .icmp_imm_s(IntCC::Equal, status, i64::from(STATUS_CONTINUE));
        self.ins().brif(is_continue, targets.next, &[], fail, &[]);
        self.builder.seal_block(fail);
        self.builder.switch_to_block(fail);
        self.ins().return_(&[status]);
        self.builder.seal_block(next);
        self.builder.switch_to_block(next);
    }

    /// `break` or `continue`: a jump inside this function's loop, or the status that tells
    /// the caller to take it. Code after it (in the same list) goes to an unreachable block.
    fn leave(&mut self, is_break: bool) {
        match self.loops.last().copied() {
            Some(targets) => {
                let target = if is_break { targets.exit } else { targets.next };
                self.ins().jump(target, &[]);
            }
            None => {
                let status = if is_break {
                    STATUS_BREAK
                } else {
                    STATUS_CONTINUE
                };
                let status = self.ins().iconst(types::I32, i64::from(status));
                self.ins().return_(&[status]);
            }
        }
        let unreachable = self.builder.create_block();
        self.builder.seal_block(unreachable);
        self.builder.switch_to_block(unreachable);
    }

    /// A `Repeat`: its body again and again until a `break`, polling the interrupt flag on
    /// the back edge.
    fn repeat(&mut self, r: &ir::Repeat, id: StmtId) {
        let header = self.builder.create_block();
        let latch = self.builder.create_block();
        let exit = self.builder.create_block();
        self.ins().jump(header, &[]);
        self.builder.switch_to_block(header);
        self.loops.push(LoopTargets { next: latch, exit });
        self.body(&r.body, Nested::Body(id, 0), id + 1);
        self.loops.pop();
        self.ins().jump(latch, &[]);
        self.builder.seal_block(latch);
        self.builder.switch_to_block(latch);
        self.poll_interrupt(r.site);
        self.ins().jump(header, &[]);
        self.builder.seal_block(header);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }

    pub(super) fn statements(&mut self, statements: &[Stmt]) {
        for statement in statements {
            self.statement(statement);
        }
    }

    /// A nested statement list whose first statement has id `first`: a call when it was
    /// compiled into a function of its own (under `key`), inline code otherwise.
    pub(super) fn body(&mut self, statements: &[Stmt], key: Nested, first: StmtId) {
        self.next_statement = first;
        match self.nested.get(&key) {
            Some(&function) => self.call_function(function),
            None => self.statements(statements),
        }
        self.next_statement = first + ir::statement_count(statements);
    }

    pub(super) fn buffer_table(&mut self) -> Value {
        let context = self.context;
        let pointer_type = self.pointer_type;
        self.ins().load(
            pointer_type,
            MemFlagsData::trusted(),
            context,
            CONTEXT_BUFFERS,
        )
    }

    pub(super) fn buffer_base(&mut self, table: Value, buffer: ir::BufferId) -> Value {
        let pointer_type = self.pointer_type;
        self.ins().load(
            pointer_type,
            MemFlagsData::trusted(),
            table,
            (buffer as i32) * BUFFER_ENTRY_BYTES,
        )
    }

    pub(super) fn statement(&mut self, statement: &Stmt) {
        let id = self.next_statement;
        self.next_statement += 1;
        match statement {
            Stmt::Kernel(kernel) => match self.nested.get(&Nested::Rows(id)) {
                Some(&function) => self.dispatch_rows(function, kernel.shape[0]),
                None => self.kernel(kernel),
            },
            Stmt::Loop(l) => self.machine_loop(l, id),
            Stmt::Repeat(r) => self.repeat(r, id),
            Stmt::Break => self.leave(true),
            Stmt::Continue => self.leave(false),
            Stmt::If {
                condition,
                then_body,
                else_body,
            } => {
                let mut frame = KernelFrame::default();
                let value = self.expr(condition, &mut frame, Lanes::One);
                let dtype = self.dtype_of(condition);
                let truth = self.cast(value, dtype, DType::Bool, Lanes::One);
                let then_block = self.builder.create_block();
                let else_block = self.builder.create_block();
                let merge = self.builder.create_block();
                self.ins().brif(truth, then_block, &[], else_block, &[]);
                self.builder.seal_block(then_block);
                self.builder.seal_block(else_block);
                self.builder.switch_to_block(then_block);
                self.body(then_body, Nested::Body(id, 0), id + 1);
                self.ins().jump(merge, &[]);
                self.builder.switch_to_block(else_block);
                let else_first = id + 1 + ir::statement_count(then_body);
                self.body(else_body, Nested::Body(id, 1), else_first);
                self.ins().jump(merge, &[]);
                self.builder.seal_block(merge);
                self.builder.switch_to_block(merge);
            }
            Stmt::Swap(a, b) => {
                let table = self.buffer_table();
                let pa = self.buffer_base(table, *a);
                let pb = self.buffer_base(table, *b);
                self.ins().store(
                    MemFlagsData::trusted(),
                    pb,
                    table,
                    (*a as i32) * BUFFER_ENTRY_BYTES,
                );
                self.ins().store(
                    MemFlagsData::trusted(),
                    pa,
                    table,
                    (*b as i32) * BUFFER_ENTRY_BYTES,
                );
            }
            Stmt::Print { id, .. } => self.host_call(Import::Print, *id),
            Stmt::Random { id } => self.host_call(Import::Random, *id),
            Stmt::MaskedSum { dst, values, mask } => self.masked_sum(*dst, *values, *mask),
        }
    }

    /// `dst[0]` = the host's pairwise sum of `values` where `mask` (`codegen::masked`):
    /// the whole buffers, whose common length the verifier checked.
    fn masked_sum(&mut self, dst: ir::BufferId, values: ir::BufferId, mask: ir::BufferId) {
        let dtype = self.buffers[values as usize].dtype;
        let length = self.buffers[values as usize].len() as i64;
        let import = match dtype {
            DType::F32 => Import::MaskedSumF32,
            DType::F64 | DType::I64 | DType::Bool => Import::MaskedSumF64,
        };
        let table = self.buffer_table();
        let values = self.buffer_base(table, values);
        let mask = self.buffer_base(table, mask);
        let target = self.buffer_base(table, dst);
        let length = self.ins().iconst(types::I64, length);
        let func_ref = self.import(import);
        let call = self.ins().call(func_ref, &[values, mask, length]);
        let sum = self.builder.inst_results(call)[0];
        self.ins().store(data_flags(), sum, target, 0);
    }

    /// Calls the host's `print` or `random` for table entry `id`; a failure stops the run.
    fn host_call(&mut self, import: Import, id: u32) {
        let func_ref = self.import(import);
        let context = self.context;
        let id = self.ins().iconst(types::I32, i64::from(id));
        let call = self.ins().call(func_ref, &[context, id]);
        let status = self.builder.inst_results(call)[0];
        self.propagate(status);
    }

    /// Converts an f64 bound to an i64, stopping with `site` unless it is an integer.
    pub(super) fn integer_bound(&mut self, value: Value, site: u32) -> Value {
        let floor = self.ins().floor(value);
        let integral = self.ins().fcmp(FloatCC::Equal, floor, value);
        let limit = self.ins().f64const(9.0e15);
        let magnitude = self.ins().fabs(value);
        let small = self.ins().fcmp(FloatCC::LessThan, magnitude, limit);
        let ok = self.ins().band(integral, small);
        self.fail_with(ok, site, Some(value));
        self.ins().fcvt_to_sint_sat(types::I64, value)
    }

    /// A loop bound as an i64: a constant directly (lowering checked it is an integer),
    /// an int64 as it is, a float checked at run time.
    pub(super) fn bound(&mut self, expr: &Expr, frame: &mut KernelFrame, site: u32) -> Value {
        match expr.as_scalar() {
            Some(Scalar::F64(c)) => return self.ins().iconst(types::I64, c as i64),
            Some(Scalar::I64(c)) => return self.ins().iconst(types::I64, c),
            Some(Scalar::F32(_) | Scalar::Bool(_)) | None => {}
        }
        let value = self.expr(expr, frame, Lanes::One);
        match self.dtype_of(expr) {
            DType::F64 => self.integer_bound(value, site),
            DType::F32 => {
                let value = self.ins().fpromote(types::F64, value);
                self.integer_bound(value, site)
            }
            dtype @ (DType::I64 | DType::Bool) => self.cast(value, dtype, DType::I64, Lanes::One),
        }
    }

    pub(super) fn machine_loop(&mut self, l: &ir::Loop, id: StmtId) {
        let mut frame = KernelFrame::default();
        let start = self.bound(&l.start, &mut frame, l.site);
        let end = self.bound(&l.end, &mut frame, l.site);
        let counter = self.builder.declare_var(types::I64);
        self.builder.def_var(counter, start);
        let unroll = l.unroll as i64;
        // `break` in either loop below leaves both.
        let done = self.builder.create_block();
        // Main loop: `unroll` copies of the body per iteration while they all fit; a
        // `continue` in one copy goes on with the next copy.
        if unroll > 1 {
            self.counted_loop(counter, end, unroll, l.site, |this, i, latch| {
                for copy in 0..unroll {
                    let next = if copy + 1 == unroll {
                        latch
                    } else {
                        this.builder.create_block()
                    };
                    let index = this.ins().iadd_imm_s(i, copy);
                    this.set_slot(l.slot, index);
                    this.loops.push(LoopTargets { next, exit: done });
                    this.body(&l.body, Nested::Body(id, 0), id + 1);
                    this.loops.pop();
                    if copy + 1 < unroll {
                        this.ins().jump(next, &[]);
                        this.builder.seal_block(next);
                        this.builder.switch_to_block(next);
                    }
                }
            });
        }
        self.counted_loop(counter, end, 1, l.site, |this, i, latch| {
            this.set_slot(l.slot, i);
            this.loops.push(LoopTargets {
                next: latch,
                exit: done,
            });
            this.body(&l.body, Nested::Body(id, 0), id + 1);
            this.loops.pop();
        });
        self.ins().jump(done, &[]);
        self.builder.seal_block(done);
        self.builder.switch_to_block(done);
    }

    pub(super) fn set_slot(&mut self, slot: u32, index: Value) {
        let value = self.ins().fcvt_from_sint(types::F64, index);
        let context = self.context;
        let pointer_type = self.pointer_type;
        let slots = self.ins().load(
            pointer_type,
            MemFlagsData::trusted(),
            context,
            CONTEXT_SLOTS,
        );
        self.ins()
            .store(data_flags(), value, slots, (slot as i32) * SLOT_BYTES);
    }

    /// Returns `STATUS_INTERRUPTED`, with the loop's `site` as the error value, when the
    /// run's interrupt flag is set. The flag is read with an atomic load, which no
    /// optimisation hoists out of the loop.
    fn poll_interrupt(&mut self, site: u32) {
        let context = self.context;
        let pointer_type = self.pointer_type;
        let flag = self.ins().load(
            pointer_type,
            MemFlagsData::trusted(),
            context,
            CONTEXT_INTERRUPT,
        );
        let raised = self
            .ins()
            .atomic_load(types::I8, MemFlagsData::trusted(), flag);
        let stop = self.builder.create_block();
        let next = self.builder.create_block();
        self.ins().brif(raised, stop, &[], next, &[]);
        self.builder.seal_block(stop);
        self.builder.switch_to_block(stop);
        let site = self.ins().f64const(f64::from(site));
        let context = self.context;
        self.ins()
            .store(data_flags(), site, context, CONTEXT_ERROR_VALUE);
        let status = self.ins().iconst(types::I32, i64::from(STATUS_INTERRUPTED));
        self.ins().return_(&[status]);
        self.builder.seal_block(next);
        self.builder.switch_to_block(next);
    }

    /// `while counter + step <= end { body(counter); counter += step; poll }`, where the
    /// poll stops the run with `STATUS_INTERRUPTED` once it is interrupted; `body` gets the
    /// latch block (the increment), where a `continue` goes.
    pub(super) fn counted_loop(
        &mut self,
        counter: Variable,
        end: Value,
        step: i64,
        site: u32,
        body: impl FnOnce(&mut Self, Value, cranelift_codegen::ir::Block),
    ) {
        let header = self.builder.create_block();
        let body_block = self.builder.create_block();
        let latch = self.builder.create_block();
        let exit = self.builder.create_block();
        self.ins().jump(header, &[]);
        self.builder.switch_to_block(header);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, step);
        let fits = self.ins().icmp(IntCC::SignedLessThanOrEqual, next, end);
        self.ins().brif(fits, body_block, &[], exit, &[]);
        self.builder.seal_block(body_block);
        self.builder.switch_to_block(body_block);
        body(self, i, latch);
        self.ins().jump(latch, &[]);
        self.builder.seal_block(latch);
        self.builder.switch_to_block(latch);
        let i = self.builder.use_var(counter);
        let next = self.ins().iadd_imm_s(i, step);
        self.builder.def_var(counter, next);
        self.poll_interrupt(site);
        self.ins().jump(header, &[]);
        self.builder.seal_block(header);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }
}
