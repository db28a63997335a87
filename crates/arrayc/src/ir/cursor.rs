//! The tokens of one line of IR text and the grammar of expressions and indices, for
//! `parse`. Knows nothing of statements or of the program's tables.

use super::{Affine, Binary, BufferId, DType, Expr, Index, Scalar, Unary, MAX_DIMS};
use crate::diagnostic::Span;

pub(super) type Parsed<T> = Result<T, String>;

const UNARIES: [Unary; 15] = [
    Unary::Neg,
    Unary::Not,
    Unary::Abs,
    Unary::Sqrt,
    Unary::Floor,
    Unary::Ceil,
    Unary::Trunc,
    Unary::Round,
    Unary::Sign,
    Unary::Exp,
    Unary::Log,
    Unary::Sin,
    Unary::Cos,
    Unary::Tan,
    Unary::Tanh,
];

const BINARIES: [Binary; 22] = [
    Binary::Add,
    Binary::Sub,
    Binary::Mul,
    Binary::Div,
    Binary::FloorDiv,
    Binary::Rem,
    Binary::Pow,
    Binary::Min,
    Binary::Max,
    Binary::Eq,
    Binary::Ne,
    Binary::Lt,
    Binary::Le,
    Binary::Gt,
    Binary::Ge,
    Binary::And,
    Binary::Or,
    Binary::Atan2,
    Binary::Hypot,
    Binary::Copysign,
    Binary::Fmod,
    Binary::Logaddexp,
];

// A new operator stops compiling here until it is added to the lists above.
const _: () = {
    match Unary::Neg {
        Unary::Neg
        | Unary::Not
        | Unary::Abs
        | Unary::Sqrt
        | Unary::Floor
        | Unary::Ceil
        | Unary::Trunc
        | Unary::Round
        | Unary::Sign
        | Unary::Exp
        | Unary::Log
        | Unary::Sin
        | Unary::Cos
        | Unary::Tan
        | Unary::Tanh => {}
    }
    match Binary::Add {
        Binary::Add
        | Binary::Sub
        | Binary::Mul
        | Binary::Div
        | Binary::FloorDiv
        | Binary::Rem
        | Binary::Pow
        | Binary::Min
        | Binary::Max
        | Binary::Eq
        | Binary::Ne
        | Binary::Lt
        | Binary::Le
        | Binary::Gt
        | Binary::Ge
        | Binary::And
        | Binary::Or
        | Binary::Atan2
        | Binary::Hypot
        | Binary::Copysign
        | Binary::Fmod
        | Binary::Logaddexp => {}
    }
};

/// A position in one line of text.
pub(super) struct Cursor<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Cursor<'t> {
    pub(super) fn new(text: &'t str) -> Cursor<'t> {
        Cursor { text, at: 0 }
    }

    pub(super) fn rest(&mut self) -> &'t str {
        let text = self.text;
        let rest = &text[self.at..];
        let trimmed = rest.trim_start_matches(' ');
        self.at += rest.len() - trimmed.len();
        trimmed
    }

    pub(super) fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, token: &str) -> Parsed<()> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(format!("expected `{token}` at `{}`", self.rest()))
        }
    }

    /// A word followed by a space or the end.
    pub(super) fn keyword(&mut self, word: &str) -> Parsed<()> {
        let found = self.word();
        if found == word {
            Ok(())
        } else {
            Err(format!("expected `{word}`, found `{found}`"))
        }
    }

    pub(super) fn end(&mut self) -> Parsed<()> {
        match self.rest() {
            "" => Ok(()),
            rest => Err(format!("unexpected `{rest}`")),
        }
    }

    /// Letters, digits and `_`.
    pub(super) fn word(&mut self) -> &'t str {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    /// A number token: everything up to the next separator.
    pub(super) fn token(&mut self) -> &'t str {
        let rest = self.rest();
        let len = rest
            .find([' ', ',', ')', ']', '[', '(', '*'])
            .unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    pub(super) fn integer<T: std::str::FromStr>(&mut self) -> Parsed<T> {
        let token = self.token();
        token
            .parse()
            .map_err(|_| format!("expected an integer, found `{token}`"))
    }

    pub(super) fn number(&mut self) -> Parsed<f64> {
        let token = self.token();
        token
            .parse()
            .map_err(|_| format!("expected a number, found `{token}`"))
    }

    /// A constant as `Expr::Const` prints it: a plain number is a float64, `f32`/`i64`
    /// suffixes give those dtypes, `true` and `false` bools.
    pub(super) fn scalar(&mut self) -> Parsed<Scalar> {
        let token = self.token();
        let bad = || format!("expected a constant, found `{token}`");
        Ok(match token {
            "true" => Scalar::Bool(true),
            "false" => Scalar::Bool(false),
            _ => {
                if let Some(number) = token.strip_suffix("f32") {
                    Scalar::F32(number.parse().map_err(|_| bad())?)
                } else if let Some(number) = token.strip_suffix("i64") {
                    Scalar::I64(number.parse().map_err(|_| bad())?)
                } else {
                    Scalar::F64(token.parse().map_err(|_| bad())?)
                }
            }
        })
    }

    /// An element of a constant buffer of `dtype` (no suffix).
    pub(super) fn element(&mut self, dtype: DType) -> Parsed<Scalar> {
        let token = self.token();
        let bad = || format!("expected a {} element, found `{token}`", dtype.name());
        Ok(match dtype {
            DType::F64 => Scalar::F64(token.parse().map_err(|_| bad())?),
            DType::F32 => Scalar::F32(token.parse().map_err(|_| bad())?),
            DType::I64 => Scalar::I64(token.parse().map_err(|_| bad())?),
            DType::Bool => Scalar::Bool(token.parse().map_err(|_| bad())?),
        })
    }

    pub(super) fn buffer_id(&mut self) -> Parsed<BufferId> {
        self.expect("%")?;
        self.integer()
    }

    pub(super) fn span(&mut self) -> Parsed<Span> {
        self.expect("@")?;
        let text = self.token();
        let (start, end) = text
            .split_once("..")
            .ok_or_else(|| format!("expected a span `@start..end`, found `@{text}`"))?;
        let parse = |s: &str| s.parse::<u32>().map_err(|_| format!("bad span `@{text}`"));
        Ok(Span {
            start: parse(start)?,
            end: parse(end)?,
        })
    }

    pub(super) fn shape(&mut self) -> Parsed<Vec<usize>> {
        self.expect("[")?;
        let mut shape = Vec::new();
        if self.eat("]") {
            return Ok(shape);
        }
        loop {
            shape.push(self.integer()?);
            if self.eat("]") {
                return Ok(shape);
            }
            self.expect(",")?;
        }
    }

    pub(super) fn string(&mut self) -> Parsed<String> {
        self.expect("\"")?;
        let mut out = String::new();
        let mut chars = self.text[self.at..].char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += k + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, c @ ('"' | '\\'))) => out.push(c),
                    _ => return Err("bad escape in a string".to_string()),
                },
                c => out.push(c),
            }
        }
        Err("unterminated string".to_string())
    }

    pub(super) fn dim(&mut self) -> Parsed<usize> {
        self.expect("i")?;
        let dim: usize = self.integer()?;
        if dim >= MAX_DIMS {
            return Err(format!(
                "dimension i{dim} beyond the {MAX_DIMS} a kernel has"
            ));
        }
        Ok(dim)
    }

    pub(super) fn expr(&mut self) -> Parsed<Expr> {
        let rest = self.rest();
        if rest.starts_with('%') {
            let buffer = self.buffer_id()?;
            self.expect("[")?;
            let offset = self.index()?;
            self.expect("]")?;
            return Ok(Expr::Load { buffer, offset });
        }
        if rest.starts_with('-') || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return self.scalar().map(Expr::Const);
        }
        let at = self.at;
        let word = self.word();
        if !self.eat("(") {
            if let Some(slot) = word.strip_prefix('s').and_then(|s| s.parse().ok()) {
                return Ok(Expr::Slot(slot));
            }
            self.at = at;
            return self.scalar().map(Expr::Const);
        }
        if let Some(dtype) = DType::ALL.into_iter().find(|d| d.name() == word) {
            let a = self.expr()?;
            self.expect(")")?;
            return Ok(Expr::Cast(dtype, Box::new(a)));
        }
        let expr = match word {
            "int" => Expr::IndexValue(self.index()?),
            "select" => {
                let c = self.expr()?;
                self.expect(",")?;
                let a = self.expr()?;
                self.expect(",")?;
                let b = self.expr()?;
                Expr::Select(Box::new(c), Box::new(a), Box::new(b))
            }
            _ => {
                if let Some(op) = UNARIES.into_iter().find(|op| op.name() == word) {
                    Expr::Unary(op, Box::new(self.expr()?))
                } else if let Some(op) = BINARIES.into_iter().find(|op| op.name() == word) {
                    let a = self.expr()?;
                    self.expect(",")?;
                    let b = self.expr()?;
                    Expr::Binary(op, Box::new(a), Box::new(b))
                } else {
                    return Err(format!("unknown operation `{word}`"));
                }
            }
        };
        self.expect(")")?;
        Ok(expr)
    }

    /// An index: terms joined by ` + `. A run of affine terms in the order `Display` prints
    /// them (dimensions ascending, then a constant) is one `Affine`; anything else starts a
    /// new term, and terms are added from the left.
    pub(super) fn index(&mut self) -> Parsed<Index> {
        let mut terms: Vec<Index> = Vec::new();
        // The affine term being collected: its value, the last dimension it has, whether
        // its constant was given.
        let mut affine: Option<(Affine, Option<usize>, bool)> = None;
        loop {
            match self.index_term()? {
                Term::Other(index) => {
                    if let Some((a, ..)) = affine.take() {
                        terms.push(Index::Affine(a));
                    }
                    terms.push(index);
                }
                Term::Dim(coefficient, dim) => {
                    let fits =
                        matches!(affine, Some((_, last, false)) if last.is_none_or(|l| l < dim));
                    if !fits {
                        if let Some((a, ..)) = affine.take() {
                            terms.push(Index::Affine(a));
                        }
                    }
                    let (a, last, _) = affine.get_or_insert((Affine::constant(0), None, false));
                    a.coefficients[dim] = coefficient;
                    *last = Some(dim);
                }
                Term::Constant(value) => {
                    let fits = matches!(affine, Some((_, Some(_), false)) if value != 0);
                    if !fits {
                        if let Some((a, ..)) = affine.take() {
                            terms.push(Index::Affine(a));
                        }
                    }
                    let (a, _, closed) = affine.get_or_insert((Affine::constant(0), None, false));
                    a.constant = value;
                    *closed = true;
                }
            }
            if !self.eat("+ ") {
                break;
            }
        }
        if let Some((a, ..)) = affine {
            terms.push(Index::Affine(a));
        }
        let mut terms = terms.into_iter();
        let first = terms.next().ok_or("expected an index")?;
        Ok(terms.fold(first, |sum, term| Index::Add(Box::new(sum), Box::new(term))))
    }

    fn index_term(&mut self) -> Parsed<Term> {
        let rest = self.rest();
        if rest.starts_with('i') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Ok(Term::Dim(1, self.dim()?));
        }
        if rest.starts_with('-') || rest.starts_with(|c: char| c.is_ascii_digit()) {
            let value: i64 = self.integer()?;
            if !self.eat("*") {
                return Ok(Term::Constant(value));
            }
            if self.eat("(") {
                let inner = self.index()?;
                self.expect(")")?;
                return Ok(Term::Other(Index::Scale(Box::new(inner), value)));
            }
            if value == 0 || value == 1 {
                return Err(format!("`{value}*` is not how a coefficient prints"));
            }
            return Ok(Term::Dim(value, self.dim()?));
        }
        let word = self.word();
        if let Some(id) = word.strip_prefix("checked") {
            let id = id
                .parse()
                .map_err(|_| format!("bad run-time index `{word}`"))?;
            return Ok(Term::Other(Index::Checked(id)));
        }
        self.expect("(")?;
        let inner = Box::new(self.index()?);
        let index = match word {
            "clamp" => {
                self.expect(",")?;
                let lo = self.integer()?;
                self.expect(",")?;
                let hi = self.integer()?;
                Index::Clamp(inner, lo, hi)
            }
            "wrap" => {
                self.expect(",")?;
                Index::Wrap(inner, self.integer()?)
            }
            other => return Err(format!("unknown index operation `{other}`")),
        };
        self.expect(")")?;
        Ok(Term::Other(index))
    }
}

enum Term {
    /// `coefficient * i_dim`.
    Dim(i64, usize),
    Constant(i64),
    Other(Index),
}
