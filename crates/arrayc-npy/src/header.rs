//! Validates everything in a `.npy` file before its data: the magic string, the version, the
//! header length and the header dict (a small parser for the Python literals NumPy writes
//! there), and that the data is exactly as long as the shape says. Knows the layout of the
//! file, not what its elements become.

use crate::descr::{parse_descr, Dtype, Elem};
use crate::{err, NpyError};
use std::fmt;

pub(crate) const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// Real headers are a few hundred bytes; the cap stops a hostile length field driving the parser.
const MAX_HEADER_LEN: usize = 1 << 20;
/// NumPy 2 allows at most 64 dimensions, so this cap rejects no file that NumPy can write.
pub(crate) const MAX_RANK: usize = 64;
/// Shapes need one level of nesting; the cap bounds recursion on hostile headers.
const MAX_DEPTH: usize = 8;

/// A Python literal as it can appear in a .npy header.
enum Value {
    Str(String),
    Bool(bool),
    Int(i128),
    Tuple(Vec<Value>),
    /// Lists only occur in structured dtypes, which are refused, so their items are not kept.
    List,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "'{s}'"),
            Value::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Value::Int(n) => write!(f, "{n}"),
            Value::Tuple(items) => write!(f, "a tuple of {} items", items.len()),
            Value::List => f.write_str("a list"),
        }
    }
}

fn show_byte(c: u8) -> String {
    if c.is_ascii_graphic() {
        format!("'{}'", c as char)
    } else {
        format!("byte 0x{c:02x}")
    }
}

/// A recursive-descent parser for the subset of Python literal syntax that NumPy headers use.
struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn unexpected<T>(&self, wanted: &str) -> Result<T, NpyError> {
        match self.peek() {
            None => bail!("malformed header dict: it ends where {wanted} was expected"),
            Some(c) => bail!(
                "malformed header dict: expected {wanted} at byte {} but found {}",
                self.pos,
                show_byte(c)
            ),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, NpyError> {
        if depth > MAX_DEPTH {
            bail!("header values are nested more than {MAX_DEPTH} levels deep");
        }
        self.skip_ws();
        match self.peek() {
            Some(q @ (b'\'' | b'"')) => self.string(q),
            // Python makes `(x)` the value x and only `(x,)` a one-element tuple.
            Some(b'(') => match self.sequence(b')', depth)? {
                (mut items, false) if items.len() == 1 => Ok(items.remove(0)),
                (items, _) => Ok(Value::Tuple(items)),
            },
            Some(b'[') => self.sequence(b']', depth).map(|_| Value::List),
            Some(b'-' | b'0'..=b'9') => self.int(),
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.pos += 1;
                }
                match &self.s[start..self.pos] {
                    b"True" => Ok(Value::Bool(true)),
                    b"False" => Ok(Value::Bool(false)),
                    w => bail!(
                        "malformed header dict: unexpected name '{}'",
                        String::from_utf8_lossy(w)
                    ),
                }
            }
            _ => self.unexpected("a value"),
        }
    }

    fn string(&mut self, quote: u8) -> Result<Value, NpyError> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek() {
                Some(c) if c == quote => break,
                Some(b'\\') => bail!("escape sequences in header strings are not supported"),
                Some(b'\n') | None => bail!("unterminated string in header dict"),
                Some(_) => self.pos += 1,
            }
        }
        let text = String::from_utf8_lossy(&self.s[start..self.pos]).into_owned();
        self.pos += 1;
        Ok(Value::Str(text))
    }

    fn int(&mut self) -> Result<Value, NpyError> {
        let negative = self.peek() == Some(b'-');
        self.pos += usize::from(negative);
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return self.unexpected("a digit");
        }
        let mut n: i128 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(i128::from(c - b'0')))
                .ok_or_else(|| err("integer in header is too large"))?;
            self.pos += 1;
        }
        // NumPy under Python 2 wrote long integers with an `L` suffix, e.g. `(3L, 4L)`.
        self.pos += usize::from(self.peek() == Some(b'L'));
        Ok(Value::Int(if negative { -n } else { n }))
    }

    /// Parses a bracketed, comma-separated sequence and reports whether any comma was seen.
    fn sequence(&mut self, close: u8, depth: usize) -> Result<(Vec<Value>, bool), NpyError> {
        self.pos += 1;
        let (mut items, mut comma) = (Vec::new(), false);
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok((items, comma));
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => (self.pos, comma) = (self.pos + 1, true),
                Some(c) if c == close => {}
                _ => return self.unexpected(&format!("',' or '{}'", close as char)),
            }
        }
    }

    fn dict(&mut self) -> Result<Vec<(String, Value)>, NpyError> {
        self.skip_ws();
        if self.peek() != Some(b'{') {
            return self.unexpected("'{'");
        }
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                break;
            }
            let key = match self.value(1)? {
                Value::Str(k) => k,
                other => bail!("header dict keys must be strings, found {other}"),
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return self.unexpected("':'");
            }
            self.pos += 1;
            entries.push((key, self.value(1)?));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return self.unexpected("',' or '}'"),
            }
        }
        // NumPy pads the header with spaces and a final newline; nothing else may follow the dict.
        self.skip_ws();
        match self.peek() {
            None => Ok(entries),
            Some(c) => bail!(
                "unexpected {} after the header dict at byte {}",
                show_byte(c),
                self.pos
            ),
        }
    }
}

/// Formats a shape the way Python prints a tuple, so messages match what NumPy users see.
pub(crate) fn fmt_shape(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    match shape {
        [d] => format!("({d},)"),
        _ => format!("({})", dims.join(", ")),
    }
}

/// The product of the dimensions, or `None` on overflow; a zero dimension makes the product zero
/// even when the other dimensions alone would overflow.
pub(crate) fn element_count(shape: &[usize]) -> Option<usize> {
    if shape.contains(&0) {
        return Some(0);
    }
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

/// A validated header: `offset + count * elem.size()` is exactly the length of the input.
pub(crate) struct Header {
    pub(crate) shape: Vec<usize>,
    pub(crate) elem: Elem,
    pub(crate) big_endian: bool,
    pub(crate) fortran: bool,
    pub(crate) offset: usize,
    pub(crate) count: usize,
}

/// Checks the three keys NumPy requires, refusing missing, duplicate and unknown keys like NumPy.
fn interpret(entries: Vec<(String, Value)>) -> Result<(Dtype, bool, Vec<usize>), NpyError> {
    let (mut dtype, mut fortran, mut shape) = (None, None, None);
    for (key, value) in entries {
        let duplicate = match (key.as_str(), value) {
            ("descr", Value::Str(s)) => dtype.replace(parse_descr(&s)?).is_some(),
            ("descr", Value::List) => {
                bail!("unsupported structured dtype (descr is a list of fields)")
            }
            ("descr", other) => bail!("'descr' must be a string, found {other}"),
            ("fortran_order", Value::Bool(b)) => fortran.replace(b).is_some(),
            ("fortran_order", other) => {
                bail!("'fortran_order' must be True or False, found {other}")
            }
            ("shape", v) => shape.replace(parse_shape(v)?).is_some(),
            _ => bail!("unexpected key '{key}' in header dict"),
        };
        if duplicate {
            bail!("duplicate key '{key}' in header dict");
        }
    }
    let missing = |k: &str| err(format!("header dict is missing the '{k}' key"));
    Ok((
        dtype.ok_or_else(|| missing("descr"))?,
        fortran.ok_or_else(|| missing("fortran_order"))?,
        shape.ok_or_else(|| missing("shape"))?,
    ))
}

fn parse_shape(value: Value) -> Result<Vec<usize>, NpyError> {
    let Value::Tuple(items) = value else {
        bail!("'shape' must be a tuple of integers, found {value}");
    };
    if items.len() > MAX_RANK {
        bail!(
            "shape has rank {}, more than the supported maximum of {MAX_RANK}",
            items.len()
        );
    }
    let dim = |item| match item {
        Value::Int(d) if d < 0 => bail!("negative dimension {d} in shape"),
        Value::Int(d) => usize::try_from(d).map_err(|_| err(format!("dimension {d} is too large"))),
        other => bail!("'shape' must be a tuple of integers, found element {other}"),
    };
    items.into_iter().map(dim).collect()
}

/// Validates everything before the data and checks that the data length matches exactly.
pub(crate) fn parse_header(bytes: &[u8]) -> Result<Header, NpyError> {
    if bytes.is_empty() {
        bail!("empty input: a .npy file must start with the magic string \\x93NUMPY");
    }
    if !bytes.starts_with(MAGIC) {
        if MAGIC.starts_with(bytes) {
            bail!(
                "file is truncated after {} bytes, inside the magic string",
                bytes.len()
            );
        }
        bail!("not a .npy file: missing the \\x93NUMPY magic string");
    }
    let Some(&[major, minor]) = bytes.get(6..8) else {
        bail!("file is truncated inside the format version");
    };
    // Version 1.0 stores the header length in 2 bytes; 2.0 and 3.0 (utf-8 header) use 4 bytes.
    let width = match (major, minor) {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        _ => bail!("unsupported .npy format version {major}.{minor} (expected 1.0, 2.0 or 3.0)"),
    };
    let Some(field) = bytes.get(8..8 + width) else {
        bail!("file is truncated inside the header length field");
    };
    let header_len = field
        .iter()
        .rev()
        .fold(0u64, |n, &b| (n << 8) | u64::from(b));
    if header_len > MAX_HEADER_LEN as u64 {
        bail!("header length {header_len} exceeds the limit of {MAX_HEADER_LEN} bytes");
    }
    // The cap above makes this conversion and addition lossless.
    let offset = 8 + width + header_len as usize;
    let Some(text) = bytes.get(8 + width..offset) else {
        let n = bytes.len();
        bail!("header length {header_len} extends past the end of the file ({n} bytes)");
    };
    let ((elem, big_endian), fortran, shape) = interpret(Parser { s: text, pos: 0 }.dict()?)?;
    let (size, dims) = (elem.size(), fmt_shape(&shape));
    let Some(count) = element_count(&shape) else {
        bail!("shape {dims} overflows the element count");
    };
    let Some(nbytes) = count.checked_mul(size) else {
        bail!("shape {dims} of {size}-byte elements overflows the byte size");
    };
    let held = bytes.len() - offset;
    if nbytes > held {
        bail!(
            "header declares shape {dims} = {count} elements of {size} bytes \
             but the file holds {held} bytes of data"
        );
    }
    if nbytes < held {
        let extra = held - nbytes;
        bail!(
            "file has {extra} bytes of trailing data \
             after the {nbytes} bytes declared by shape {dims}"
        );
    }
    Ok(Header {
        shape,
        elem,
        big_endian,
        fortran,
        offset,
        count,
    })
}
