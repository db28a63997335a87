//! One-argument `np.where(c)` and `np.nonzero(c)`: the tuple of index arrays of `c`'s true
//! elements, whose length is known only at run time. NumPy documents `a[np.nonzero(c)]` as
//! `a[c]`, so the tuple is kept as the mask `c` (a bool array, copied when it is bound, as
//! NumPy computes the indices then) and indexing with it is indexing with the mask; every
//! other use (its items, its length, arithmetic) is refused at the line.
//!
//! Takes ruff's call, produces `Value::Indices`; lowering decides what a mask read may be.

use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, Ident, StmtKind};
use crate::diagnostic::Span;
use ruff_python_ast as py;

impl Translator<'_> {
    /// `np.where(c)` / `np.nonzero(c)`: the mask `c != 0` standing for its index arrays.
    pub(super) fn nonzero(&mut self, name: &str, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let argument = &call.arguments.args[0];
        let (condition, rank) = self.operand(argument)?;
        if rank == Some(0) {
            return Err(self.refuse(
                at,
                format!(
                    "`np.{name}` of a scalar is not supported (NumPy refuses it for 0-d arrays)"
                ),
                "use the condition itself: `if c:` or `where(c, a, b)`",
            ));
        }
        let mask = Expr {
            kind: ExprKind::Call {
                callee: Ident {
                    name: "bool".to_string(),
                    span: at,
                },
                args: vec![condition],
            },
            span: at,
        };
        Ok(Value::Indices(Box::new(Value::New(mask, rank))))
    }

    /// `name = np.where(c)`: the mask is computed now, into storage of its own.
    pub(super) fn bind_indices(&mut self, name: &str, mask: Value, at: Span) -> Result<()> {
        let (expr, rank) = self.value_expr(mask, at)?;
        let storage = self.new_storage("indices", rank);
        let ident = self.ident(storage, at);
        self.emit(
            StmtKind::Var {
                name: ident,
                value: expr,
            },
            at,
        );
        let settled = Value::Alias(super::names::Reference {
            storage,
            view: Vec::new(),
            rank,
            bound_at: at,
        });
        self.bind(name, Binding::Indices(Box::new(settled)));
        Ok(())
    }

    /// An index that is `np.where(c)`: the mask `c`, when it is the subscript's only index.
    pub(super) fn indices_as_mask(
        &mut self,
        value: Value,
        count: usize,
        at: Span,
    ) -> Result<Value> {
        match value {
            Value::Indices(mask) if count == 1 => Ok(*mask),
            Value::Indices(_) => Err(self.refuse(
                at,
                "the index arrays of `np.where(c)` can only be an array's only index here",
                "index with the mask itself: `a[c]`",
            )),
            other => Ok(other),
        }
    }

    /// The refusal of any other use of `np.where(c)`'s index arrays.
    pub(super) fn indices_refused(&mut self, at: Span) -> Failed {
        self.refuse(
            at,
            "`np.where(c)` with one argument gives index arrays whose length depends on the data: here they can only index an array (`a[np.where(c)]`)",
            "use the mask itself: `a[c]`, `np.sum(c)`, `np.where(c, x, y)`",
        )
    }

    /// The refusal of a loop that binds `name` to other index arrays than before it.
    pub(super) fn indices_rebound(&mut self, name: &str, at: Span) -> Failed {
        self.refuse(
            at,
            format!("`{name}` (the index arrays of `np.where`) is bound to others in a loop"),
            "bind the mask itself (`m = c`) and index with it",
        )
    }
}

/// Whether the loop index `index` bounds a slice in `body` (`A[i, :i]`, `x[i + 1:]`): the
/// slice's length changes every trip, and arrays have static shapes, so such a `range` loop
/// is unrolled (the `for` scope, as `arrayc.unroll(range(n))` asks; the same bits as a
/// `loop`, at the compile cost of one copy of the body per trip).
pub(super) fn index_bounds_a_slice(index: &str, body: &[py::Stmt]) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Slices<'n> {
        index: &'n str,
        in_slice: bool,
        found: bool,
    }
    impl<'a> Visitor<'a> for Slices<'_> {
        fn visit_stmt(&mut self, stmt: &'a py::Stmt) {
            // A nested function has its own names.
            if !matches!(stmt, py::Stmt::FunctionDef(_)) {
                visitor::walk_stmt(self, stmt);
            }
        }
        fn visit_expr(&mut self, expr: &'a py::Expr) {
            match expr {
                py::Expr::Slice(_) => {
                    let outer = std::mem::replace(&mut self.in_slice, true);
                    visitor::walk_expr(self, expr);
                    self.in_slice = outer;
                }
                py::Expr::Name(name) if self.in_slice && name.id.as_str() == self.index => {
                    self.found = true;
                }
                py::Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, expr),
            }
        }
    }
    let mut slices = Slices {
        index,
        in_slice: false,
        found: false,
    };
    visitor::walk_body(&mut slices, body);
    slices.found
}
