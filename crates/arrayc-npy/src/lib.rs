//! Reads NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) from a path or a byte buffer into
//! a shape plus elements in C order of one of four element types (float64, float32, int64,
//! bool): the file's own, or one the caller asks for, converted as NumPy's `astype` does when
//! NumPy's `same_kind` casting allows it and refused otherwise. Float64, float32 and int64
//! data in the element type asked for, little-endian, C order and aligned, is memory-mapped
//! without copying. Writes C-order arrays of the four types as version 1.0 `.npy` files,
//! atomically, with a writer of its own (a dozen lines that give NumPy's exact layout).
//! Knows nothing of the arrayc language or compiler.
//!
//! A mapped file that shrinks while it is read does not crash the process: the vanished pages
//! read as zeros and [`NpyArray::changed`] turns true, for the caller to report (see `guard`).

mod guard;

use memmap2::Mmap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// Real headers are a few hundred bytes; the cap stops a hostile length field driving the parser.
const MAX_HEADER_LEN: usize = 1 << 20;
/// NumPy 2 allows at most 64 dimensions, so this cap rejects no file that NumPy can write.
const MAX_RANK: usize = 64;
/// Shapes need one level of nesting; the cap bounds recursion on hostile headers.
const MAX_DEPTH: usize = 8;

/// The element types data is read as and written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    F64,
    F32,
    I64,
    Bool,
}

impl Element {
    /// NumPy's name of the type.
    pub fn numpy_name(self) -> &'static str {
        match self {
            Element::F64 => "float64",
            Element::F32 => "float32",
            Element::I64 => "int64",
            Element::Bool => "bool",
        }
    }

    /// The type string NumPy writes for it.
    fn descr(self) -> &'static str {
        match self {
            Element::F64 => "<f8",
            Element::F32 => "<f4",
            Element::I64 => "<i8",
            Element::Bool => "|b1",
        }
    }

    /// The file type of the same layout.
    fn elem(self) -> Elem {
        match self {
            Element::F64 => Elem::F8,
            Element::F32 => Elem::F4,
            Element::I64 => Elem::I8,
            Element::Bool => Elem::B1,
        }
    }
}

/// Owned elements, in C order.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    Bool(Vec<bool>),
}

/// Borrowed elements, in C order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slice<'a> {
    F64(&'a [f64]),
    F32(&'a [f32]),
    I64(&'a [i64]),
    Bool(&'a [bool]),
}

impl Values {
    pub fn as_slice(&self) -> Slice<'_> {
        match self {
            Values::F64(v) => Slice::F64(v),
            Values::F32(v) => Slice::F32(v),
            Values::I64(v) => Slice::I64(v),
            Values::Bool(v) => Slice::Bool(v),
        }
    }

    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn element(&self) -> Element {
        self.as_slice().element()
    }

    /// The elements if they are float64.
    pub fn as_f64(&self) -> Option<&[f64]> {
        self.as_slice().as_f64()
    }
}

impl<'a> Slice<'a> {
    pub fn len(&self) -> usize {
        match self {
            Slice::F64(v) => v.len(),
            Slice::F32(v) => v.len(),
            Slice::I64(v) => v.len(),
            Slice::Bool(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn element(&self) -> Element {
        match self {
            Slice::F64(_) => Element::F64,
            Slice::F32(_) => Element::F32,
            Slice::I64(_) => Element::I64,
            Slice::Bool(_) => Element::Bool,
        }
    }

    /// The elements if they are float64.
    pub fn as_f64(&self) -> Option<&'a [f64]> {
        match *self {
            Slice::F64(v) => Some(v),
            Slice::F32(_) | Slice::I64(_) | Slice::Bool(_) => None,
        }
    }

    /// Appends the elements' little-endian bytes (a bool as one byte, 0 or 1).
    fn extend_bytes(&self, out: &mut Vec<u8>, range: std::ops::Range<usize>) {
        match *self {
            Slice::F64(v) => out.extend(v[range].iter().flat_map(|x| x.to_le_bytes())),
            Slice::F32(v) => out.extend(v[range].iter().flat_map(|x| x.to_le_bytes())),
            Slice::I64(v) => out.extend(v[range].iter().flat_map(|x| x.to_le_bytes())),
            Slice::Bool(v) => out.extend(v[range].iter().map(|&x| u8::from(x))),
        }
    }
}

macro_rules! slices {
    ($($variant:ident $t:ty),*) => {$(
        impl<'a> From<&'a [$t]> for Slice<'a> {
            fn from(values: &'a [$t]) -> Slice<'a> {
                Slice::$variant(values)
            }
        }

        impl<'a> From<&'a Vec<$t>> for Slice<'a> {
            fn from(values: &'a Vec<$t>) -> Slice<'a> {
                Slice::$variant(values)
            }
        }

        impl<'a, const N: usize> From<&'a [$t; N]> for Slice<'a> {
            fn from(values: &'a [$t; N]) -> Slice<'a> {
                Slice::$variant(values)
            }
        }
    )*};
}

slices!(F64 f64, F32 f32, I64 i64, Bool bool);

/// The element data of a .npy file: borrowed from the memory map when the file holds the
/// element type asked for (float64, float32 or int64), little-endian, in C order and aligned;
/// otherwise converted into an owned vector.
#[derive(Debug)]
pub enum NpyData {
    /// `len` values of `element` starting `offset` bytes into `map`.
    Mapped {
        /// Catches the fault of a page that vanishes when the file is truncated meanwhile.
        /// Declared first so that it is released before the map is unmapped.
        guard: guard::Guard,
        map: Mmap,
        offset: usize,
        len: usize,
        element: Element,
    },
    Owned(Values),
}

impl NpyData {
    /// Returns the elements in C order. [`read`] validates a mapped range before constructing
    /// one; a `Mapped` value built by hand with a bad range reads as empty rather than unsafely.
    pub fn as_slice(&self) -> Slice<'_> {
        match self {
            NpyData::Owned(v) => v.as_slice(),
            NpyData::Mapped {
                map,
                offset,
                len,
                element,
                ..
            } => mapped_slice(map, *offset, *len, *element).unwrap_or(match element {
                Element::F64 => Slice::F64(&[]),
                Element::F32 => Slice::F32(&[]),
                Element::I64 => Slice::I64(&[]),
                Element::Bool => Slice::Bool(&[]),
            }),
        }
    }

    /// The elements if they are float64.
    pub fn as_f64(&self) -> Option<&[f64]> {
        self.as_slice().as_f64()
    }

    pub fn element(&self) -> Element {
        match self {
            NpyData::Owned(v) => v.element(),
            NpyData::Mapped { element, .. } => *element,
        }
    }

    pub fn is_zero_copy(&self) -> bool {
        matches!(self, NpyData::Mapped { .. })
    }

    /// True when the file was truncated while mapped and part of it read as zeros: whatever
    /// was computed from it since is not the file's data.
    pub fn changed(&self) -> bool {
        match self {
            NpyData::Owned(_) => false,
            NpyData::Mapped { guard, .. } => guard.faulted(),
        }
    }
}

/// An array read from a .npy file: `data` holds the product of `shape` elements in C order.
#[derive(Debug)]
pub struct NpyArray {
    pub shape: Vec<usize>,
    pub data: NpyData,
    /// NumPy's name of the type stored in the file (`"int32"`, `"float16"`, ...).
    pub stored: &'static str,
}

impl NpyArray {
    /// See [`NpyData::changed`].
    pub fn changed(&self) -> bool {
        self.data.changed()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NpyError {
    pub message: String,
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NpyError {}

fn err(message: impl Into<String>) -> NpyError {
    let message = message.into();
    NpyError { message }
}

/// Returns early with a formatted `NpyError`, keeping each validation check to one line.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err(err(format!($($arg)*)))
    };
}

/// Views `len` values of `element` at `offset` in `bytes`, or returns `None` when the range is
/// out of bounds, misaligned, the host is big-endian (the mapped bytes are little-endian) or
/// the element is bool (not every byte is a valid `bool`, and a mapped file may change).
fn mapped_slice(bytes: &[u8], offset: usize, len: usize, element: Element) -> Option<Slice<'_>> {
    fn view<T>(bytes: &[u8], offset: usize, len: usize) -> Option<&[T]> {
        let size = std::mem::size_of::<T>();
        let region = bytes.get(offset..offset.checked_add(len.checked_mul(size)?)?)?;
        let ptr = region.as_ptr().cast::<T>();
        if cfg!(target_endian = "big") || !ptr.is_aligned() {
            return None;
        }
        // SAFETY: `region` borrows exactly `len * size` initialised bytes, `ptr` was just
        // checked to be aligned for `T`, and `T` is f64, f32 or i64, for which every bit
        // pattern is valid. The result borrows `bytes`, so the memory map cannot be unmapped
        // while the slice lives. As with any memory map, the contents stay stable only if no
        // other process truncates or rewrites the file meanwhile; `read` accepts that
        // standard memmap caveat.
        Some(unsafe { std::slice::from_raw_parts(ptr, len) })
    }
    match element {
        Element::F64 => view(bytes, offset, len).map(Slice::F64),
        Element::F32 => view(bytes, offset, len).map(Slice::F32),
        Element::I64 => view(bytes, offset, len).map(Slice::I64),
        Element::Bool => None,
    }
}

/// The element types that convert to float64.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Elem {
    F8,
    F4,
    F2,
    I1,
    I2,
    I4,
    I8,
    U1,
    U2,
    U4,
    U8,
    B1,
}

impl Elem {
    fn size(self) -> usize {
        match self {
            Elem::I1 | Elem::U1 | Elem::B1 => 1,
            Elem::F2 | Elem::I2 | Elem::U2 => 2,
            Elem::F4 | Elem::I4 | Elem::U4 => 4,
            Elem::F8 | Elem::I8 | Elem::U8 => 8,
        }
    }

    fn numpy_name(self) -> &'static str {
        match self {
            Elem::F8 => "float64",
            Elem::F4 => "float32",
            Elem::F2 => "float16",
            Elem::I1 => "int8",
            Elem::I2 => "int16",
            Elem::I4 => "int32",
            Elem::I8 => "int64",
            Elem::U1 => "uint8",
            Elem::U2 => "uint16",
            Elem::U4 => "uint32",
            Elem::U8 => "uint64",
            Elem::B1 => "bool",
        }
    }

    /// The element type that holds every value of this one as NumPy would promote it (a
    /// float16 is exactly a float32; a uint64 above int64's range wraps, as `astype`).
    fn natural(self) -> Element {
        match self {
            Elem::F8 => Element::F64,
            Elem::F4 | Elem::F2 => Element::F32,
            Elem::I1 | Elem::I2 | Elem::I4 | Elem::I8 => Element::I64,
            Elem::U1 | Elem::U2 | Elem::U4 | Elem::U8 => Element::I64,
            Elem::B1 => Element::Bool,
        }
    }

    /// NumPy's `can_cast(self, to, casting="same_kind")`.
    fn casts_same_kind_to(self, to: Element) -> bool {
        match (self, to) {
            (Elem::B1, _) => true,
            (_, Element::Bool) => false,
            (Elem::F8 | Elem::F4 | Elem::F2, Element::I64) => false,
            (Elem::F8 | Elem::F4 | Elem::F2, Element::F64 | Element::F32) => true,
            (
                Elem::I1
                | Elem::I2
                | Elem::I4
                | Elem::I8
                | Elem::U1
                | Elem::U2
                | Elem::U4
                | Elem::U8,
                Element::F64 | Element::F32 | Element::I64,
            ) => true,
        }
    }
}

/// An element type and whether it is stored big-endian.
type Dtype = (Elem, bool);

/// Interprets a NumPy type string such as `<f8` as an element type and a big-endian flag.
///
/// A leading `=` or `|`, or no order character, means "native" to NumPy. NumPy never writes those
/// for multi-byte types and the format is in practice produced on little-endian machines, so they
/// are read as little-endian.
fn parse_descr(descr: &str) -> Result<Dtype, NpyError> {
    let b = descr.as_bytes();
    let (big_endian, rest) = match b.first() {
        Some(b'>') => (true, &b[1..]),
        Some(b'<' | b'=' | b'|') => (false, &b[1..]),
        _ => (false, b),
    };
    let elem = match rest {
        b"f8" => Elem::F8,
        b"f4" => Elem::F4,
        b"f2" => Elem::F2,
        b"i1" => Elem::I1,
        b"i2" => Elem::I2,
        b"i4" => Elem::I4,
        b"i8" => Elem::I8,
        b"u1" => Elem::U1,
        b"u2" => Elem::U2,
        b"u4" => Elem::U4,
        b"u8" => Elem::U8,
        b"b1" => Elem::B1,
        _ => {
            let why = match rest.first() {
                Some(b'c') => {
                    "complex numbers have no equivalent in float64, float32, int64 or bool"
                }
                Some(b'O') => "python objects cannot be read outside python",
                Some(b'S' | b'a' | b'U') => "strings are not numbers",
                Some(b'V') => "raw void records are not numbers",
                Some(b'M' | b'm') => "dates and time deltas are not supported",
                _ => "expected a float, integer or bool type such as '<f8'",
            };
            bail!("unsupported dtype '{descr}' ({why})")
        }
    };
    Ok((elem, big_endian))
}

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
fn fmt_shape(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    match shape {
        [d] => format!("({d},)"),
        _ => format!("({})", dims.join(", ")),
    }
}

/// The product of the dimensions, or `None` on overflow; a zero dimension makes the product zero
/// even when the other dimensions alone would overflow.
fn element_count(shape: &[usize]) -> Option<usize> {
    if shape.contains(&0) {
        return Some(0);
    }
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

/// A validated header: `offset + count * elem.size()` is exactly the length of the input.
struct Header {
    shape: Vec<usize>,
    elem: Elem,
    big_endian: bool,
    fortran: bool,
    offset: usize,
    count: usize,
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
fn parse_header(bytes: &[u8]) -> Result<Header, NpyError> {
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

/// A value of the file on its way to the element type asked for, exactly as stored.
#[derive(Clone, Copy)]
enum Stored {
    Float(f64),
    Int(i128),
    Bool(bool),
}

/// The element at the start of `bytes` (at least `elem.size()` of them).
fn stored(elem: Elem, big_endian: bool, bytes: &[u8]) -> Stored {
    macro_rules! number {
        ($t:ty) => {{
            let mut raw = [0u8; std::mem::size_of::<$t>()];
            raw.copy_from_slice(&bytes[..std::mem::size_of::<$t>()]);
            if big_endian {
                <$t>::from_be_bytes(raw)
            } else {
                <$t>::from_le_bytes(raw)
            }
        }};
    }
    match elem {
        Elem::F8 => Stored::Float(number!(f64)),
        Elem::F4 => Stored::Float(f64::from(number!(f32))),
        // Every float16 is exactly a float64 (and a float32).
        Elem::F2 => Stored::Float(half_to_f64(number!(u16))),
        Elem::I1 => Stored::Int(i128::from(number!(i8))),
        Elem::I2 => Stored::Int(i128::from(number!(i16))),
        Elem::I4 => Stored::Int(i128::from(number!(i32))),
        Elem::I8 => Stored::Int(i128::from(number!(i64))),
        Elem::U1 => Stored::Int(i128::from(number!(u8))),
        Elem::U2 => Stored::Int(i128::from(number!(u16))),
        Elem::U4 => Stored::Int(i128::from(number!(u32))),
        Elem::U8 => Stored::Int(i128::from(number!(u64))),
        // NumPy reads any byte other than 0 as true.
        Elem::B1 => Stored::Bool(bytes[0] != 0),
    }
}

/// Converts the validated data (in file order) to `target` as NumPy's `astype` does: floats
/// and integers round to the nearest float64 or float32 (directly, never twice), a uint64
/// wraps into int64, a bool is 0 or 1. The caller has checked that `same_kind` casting allows
/// it. Fails rather than aborts when the result does not fit in memory (a 1 GB file of
/// bytes becomes 8 GB of float64).
fn decode(elem: Elem, big_endian: bool, data: &[u8], target: Element) -> Result<Values, NpyError> {
    fn convert<T>(
        elem: Elem,
        big_endian: bool,
        data: &[u8],
        target: Element,
        cast: impl Fn(Stored) -> Option<T>,
    ) -> Result<Vec<T>, NpyError> {
        let count = data.len() / elem.size();
        let mut out = Vec::new();
        if out.try_reserve_exact(count).is_err() {
            bail!(
                "cannot allocate {} MiB to convert {count} elements to {}",
                count.saturating_mul(std::mem::size_of::<T>()) >> 20,
                target.numpy_name()
            );
        }
        for bytes in data.chunks_exact(elem.size()) {
            let Some(value) = cast(stored(elem, big_endian, bytes)) else {
                bail!(
                    "{} data cannot be converted to {}",
                    elem.numpy_name(),
                    target.numpy_name()
                );
            };
            out.push(value);
        }
        Ok(out)
    }
    Ok(match target {
        Element::F64 => Values::F64(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(v) => Some(v),
                Stored::Int(v) => Some(v as f64),
                Stored::Bool(v) => Some(f64::from(u8::from(v))),
            },
        )?),
        Element::F32 => Values::F32(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(v) => Some(v as f32),
                Stored::Int(v) => Some(v as f32),
                Stored::Bool(v) => Some(f32::from(u8::from(v))),
            },
        )?),
        Element::I64 => Values::I64(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(_) => None,
                Stored::Int(v) => Some(v as i64),
                Stored::Bool(v) => Some(i64::from(v)),
            },
        )?),
        Element::Bool => Values::Bool(convert(
            elem,
            big_endian,
            data,
            target,
            |value| match value {
                Stored::Float(_) | Stored::Int(_) => None,
                Stored::Bool(v) => Some(v),
            },
        )?),
    })
}

/// The value of an IEEE 754 binary16 bit pattern, exactly (signed zeros, subnormals,
/// infinities and NaNs included).
fn half_to_f64(bits: u16) -> f64 {
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        0x1f if mantissa == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        _ => (1024.0 + mantissa) * 2f64.powi(exponent - 25),
    };
    if bits & 0x8000 == 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// Fortran and C order coincide when at most one dimension exceeds 1, so no transpose is needed.
fn layout_is_c(shape: &[usize], fortran: bool) -> bool {
    !fortran || shape.iter().filter(|&&d| d > 1).count() <= 1
}

/// Reorders column-major `src` into row-major order by advancing the C-order index like an
/// odometer while tracking the matching column-major offset: O(len) for any rank.
fn fortran_to_c<T: Copy>(shape: &[usize], src: Vec<T>) -> Result<Vec<T>, NpyError> {
    if src.is_empty() || layout_is_c(shape, true) {
        return Ok(src);
    }
    // Column-major strides are prefix products; with no zero dimension each is at most src.len().
    let mut strides = vec![1usize; shape.len()];
    for k in 1..shape.len() {
        strides[k] = strides[k - 1] * shape[k - 1];
    }
    let mut out = Vec::new();
    if out.try_reserve_exact(src.len()).is_err() {
        bail!(
            "cannot allocate {} MiB to reorder a Fortran-order array",
            src.len().saturating_mul(std::mem::size_of::<T>()) >> 20
        );
    }
    let (mut index, mut off) = (vec![0usize; shape.len()], 0usize);
    for _ in 0..src.len() {
        out.push(src[off]);
        for k in (0..shape.len()).rev() {
            index[k] += 1;
            off += strides[k];
            if index[k] < shape[k] {
                break;
            }
            off -= strides[k] * shape[k];
            index[k] = 0;
        }
    }
    Ok(out)
}

/// The element type to read `h`'s data as: `want`, if `same_kind` casting allows it, or the
/// file's own.
fn target(h: &Header, want: Option<Element>) -> Result<Element, NpyError> {
    let Some(want) = want else {
        return Ok(h.elem.natural());
    };
    if !h.elem.casts_same_kind_to(want) {
        bail!(
            "the file holds {} data, which cannot be converted to {} (NumPy's `same_kind` \
             casting refuses it)",
            h.elem.numpy_name(),
            want.numpy_name()
        );
    }
    Ok(want)
}

fn to_values(h: &Header, bytes: &[u8], target: Element) -> Result<Values, NpyError> {
    let values = decode(h.elem, h.big_endian, &bytes[h.offset..], target)?;
    if !h.fortran {
        return Ok(values);
    }
    Ok(match values {
        Values::F64(v) => Values::F64(fortran_to_c(&h.shape, v)?),
        Values::F32(v) => Values::F32(fortran_to_c(&h.shape, v)?),
        Values::I64(v) => Values::I64(fortran_to_c(&h.shape, v)?),
        Values::Bool(v) => Values::Bool(fortran_to_c(&h.shape, v)?),
    })
}

/// Memory-maps and validates the file at `path`, in the element type of the file's own
/// (float64 as float64, float32 and float16 as float32, every integer as int64, bool as
/// bool), borrowing the data from the map if possible.
pub fn read(path: &Path) -> Result<NpyArray, NpyError> {
    read_with(path, None)
}

/// Memory-maps and validates the file at `path`, converting its data to `element` when
/// NumPy's `same_kind` casting allows it (an error names both types otherwise), borrowing
/// the data from the map if possible.
pub fn read_as(path: &Path, element: Element) -> Result<NpyArray, NpyError> {
    read_with(path, Some(element))
}

fn read_with(path: &Path, want: Option<Element>) -> Result<NpyArray, NpyError> {
    let io_err = |what: &str, e: io::Error| err(format!("cannot {what} {}: {e}", path.display()));
    // The type is checked before opening: opening a FIFO with no writer would block forever.
    let meta = std::fs::metadata(path).map_err(|e| io_err("open", e))?;
    if !meta.is_file() {
        bail!("{} is not a regular file", path.display());
    }
    // Non-blocking, in case the path was replaced by a FIFO after the check.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| io_err("open", e))?;
    let meta = file.metadata().map_err(|e| io_err("read metadata of", e))?;
    if !meta.is_file() {
        bail!("{} is not a regular file", path.display());
    }
    // mmap(2) rejects zero-length mappings, so an empty file gets its own message, not EINVAL.
    if meta.len() == 0 {
        bail!("{} is empty (0 bytes), not a .npy file", path.display());
    }
    // SAFETY: a file mapping is unsound if another process truncates the file while it is
    // mapped; the guard below turns the resulting fault into zero pages and a flag the
    // caller checks (`NpyArray::changed`), and the header is parsed while the guard is on.
    let map = unsafe { Mmap::map(&file) }.map_err(|e| io_err("memory-map", e))?;
    let Some(guard) = guard::Guard::new(map.as_ptr(), map.len()) else {
        // No guard slot left: read a private copy instead of mapping.
        let mut bytes = Vec::new();
        let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
        if bytes.try_reserve_exact(size).is_err() {
            bail!(
                "cannot allocate {} MiB to read {}",
                size >> 20,
                path.display()
            );
        }
        (&file)
            .read_to_end(&mut bytes)
            .map_err(|e| io_err("read", e))?;
        let h = parse_header(&bytes)?;
        let values = to_values(&h, &bytes, target(&h, want)?)?;
        return Ok(NpyArray {
            shape: h.shape,
            data: NpyData::Owned(values),
            stored: h.elem.numpy_name(),
        });
    };
    let h = parse_header(&map)?;
    let element = target(&h, want)?;
    let zero_copy = h.elem == element.elem()
        && !h.big_endian
        && layout_is_c(&h.shape, h.fortran)
        && mapped_slice(&map, h.offset, h.count, element).is_some();
    let data = if zero_copy {
        NpyData::Mapped {
            offset: h.offset,
            len: h.count,
            element,
            map,
            guard,
        }
    } else {
        let values = to_values(&h, &map, element)?;
        if guard.faulted() {
            bail!("{} changed while it was read", path.display());
        }
        NpyData::Owned(values)
    };
    Ok(NpyArray {
        shape: h.shape,
        data,
        stored: h.elem.numpy_name(),
    })
}

/// Validates an in-memory .npy file exactly as `read` does; returns its shape and C-order
/// elements in the element type of the file's own.
pub fn parse(bytes: &[u8]) -> Result<(Vec<usize>, Values), NpyError> {
    let h = parse_header(bytes)?;
    let values = to_values(&h, bytes, h.elem.natural())?;
    Ok((h.shape, values))
}

/// Validates an in-memory .npy file exactly as `read_as` does; returns its shape and C-order
/// elements converted to `element`.
pub fn parse_as(bytes: &[u8], element: Element) -> Result<(Vec<usize>, Values), NpyError> {
    let h = parse_header(bytes)?;
    let values = to_values(&h, bytes, target(&h, Some(element))?)?;
    Ok((h.shape, values))
}

/// Builds the magic string, version, length field and space-padded header dict so the data starts
/// at a multiple of 64 bytes, as NumPy does. `check_count` caps the rank, so the header always fits
/// the 2-byte length field of version 1.0 (64 dimensions of 20 digits need under 1.5 KiB).
fn header_with(descr: &str, shape: &[usize]) -> Vec<u8> {
    let dims = fmt_shape(shape);
    let dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}");
    let unpadded = 10 + dict.len() + 1;
    let total = unpadded.next_multiple_of(64);
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&((total - 10) as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out.resize(total - 1, b' ');
    out.push(b'\n');
    out
}

/// Rejects shapes that disagree with the data or that `read` would not accept back.
fn check_count(shape: &[usize], data: Slice<'_>) -> Result<(), String> {
    let (rank, n) = (shape.len(), data.len());
    if rank > MAX_RANK {
        return Err(format!(
            "shape has rank {rank}, more than the supported maximum of {MAX_RANK}"
        ));
    }
    match element_count(shape) {
        Some(count) if count == n => Ok(()),
        _ => Err(format!(
            "shape {} does not hold the {n} values given",
            fmt_shape(shape)
        )),
    }
}

/// Writes `data` (C order; `&[f64]`, `&[f32]`, `&[i64]`, `&[bool]` or a `Slice`) with `shape`
/// as a version 1.0 file of its type (`<f8`, `<f4`, `<i8`, `|b1`), atomically: see [`stage`].
pub fn write<'a>(path: &Path, shape: &[usize], data: impl Into<Slice<'a>>) -> io::Result<()> {
    stage(path, shape, data)?.commit()
}

/// A file written under a temporary name beside its target, not yet visible there.
/// [`Staged::commit`] renames it into place (replacing whatever is there, a symbolic link
/// included, without following it); dropping it uncommitted removes the temporary file. So
/// readers of the target see the old file or the new one, never a part or a mix of two
/// concurrent writers, and a caller can stage several files and commit none if one fails.
#[derive(Debug)]
pub struct Staged {
    temporary: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staged {
    /// Moves the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::rename(&self.temporary, &self.target).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot write {}: {e}", self.target.display()),
            )
        })?;
        self.committed = true;
        Ok(())
    }

    /// Where the file goes on `commit`.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file, for writers other than [`stage`] (it exists, empty).
    pub fn temporary(&self) -> &Path {
        &self.temporary
    }

    /// Creates a new empty temporary file for `target` (in the same directory, so the rename
    /// cannot cross file systems; created exclusively, so it never follows a planted link).
    /// The temporary keeps the target's extension, for writers that choose a format by it.
    pub fn create(target: &Path) -> io::Result<(Staged, File)> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let directory = target.parent().unwrap_or(Path::new(""));
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let extension = target
            .extension()
            .map_or(String::new(), |e| format!(".{}", e.to_string_lossy()));
        loop {
            let unique = format!(
                ".{name}.{}-{}.tmp{extension}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            let temporary = directory.join(unique);
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
            {
                Ok(file) => {
                    let staged = Staged {
                        temporary,
                        target: target.to_path_buf(),
                        committed: false,
                    };
                    return Ok((staged, file));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("cannot write {}: {e}", target.display()),
                    ))
                }
            }
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            // Nothing to report if it is already gone.
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Writes the whole file under a temporary name; nothing appears at `path` until `commit`.
pub fn stage<'a>(path: &Path, shape: &[usize], data: impl Into<Slice<'a>>) -> io::Result<Staged> {
    let data = data.into();
    check_count(shape, data).map_err(|m| io::Error::new(io::ErrorKind::InvalidInput, m))?;
    let at =
        |e: io::Error| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()));
    let (staged, file) = Staged::create(path)?;
    let mut w = BufWriter::new(file);
    w.write_all(&header_with(data.element().descr(), shape))
        .map_err(at)?;
    // Converting in bounded chunks keeps memory flat for large arrays yet issues large writes.
    let mut buf = Vec::with_capacity(64 * 1024);
    const CHUNK: usize = 8 * 1024;
    for start in (0..data.len()).step_by(CHUNK) {
        buf.clear();
        data.extend_bytes(&mut buf, start..(start + CHUNK).min(data.len()));
        w.write_all(&buf).map_err(at)?;
    }
    w.flush().map_err(at)?;
    Ok(staged)
}

/// Returns the bytes `write` would produce, or an error if `data.len()` is not the product
/// of `shape`.
pub fn to_bytes<'a>(shape: &[usize], data: impl Into<Slice<'a>>) -> Result<Vec<u8>, NpyError> {
    let data = data.into();
    check_count(shape, data).map_err(|message| NpyError { message })?;
    let mut out = header_with(data.element().descr(), shape);
    data.extend_bytes(&mut out, 0..data.len());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Builds a version 1.0 file around a literal header dict, padding the data to offset 64.
    fn file(dict: &str, data: &[u8]) -> Vec<u8> {
        file_at(dict, data, (10 + dict.len() + 1).next_multiple_of(64))
    }

    /// Like `file` but with the data at byte `offset`, which may be unaligned.
    fn file_at(dict: &str, data: &[u8], offset: usize) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend([1, 0]);
        out.extend(((offset - 10) as u16).to_le_bytes());
        out.extend(dict.as_bytes());
        out.resize(offset - 1, b' ');
        out.push(b'\n');
        out.extend(data);
        out
    }

    fn dict(shape: &str, descr: &str, fortran: bool) -> String {
        let order = if fortran { "True" } else { "False" };
        format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}")
    }

    fn le(values: &[f64]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[track_caller]
    fn assert_err(bytes: &[u8], needle: &str) {
        let message = parse(bytes).expect_err("input should be rejected").message;
        assert!(
            message.contains(needle),
            "{message:?} should contain {needle:?}"
        );
    }

    #[track_caller]
    fn assert_parses(bytes: &[u8], shape: &[usize], values: &[f64]) {
        let (got_shape, got) = parse_as(bytes, Element::F64).expect("input should parse");
        assert_eq!(got_shape, shape);
        let got = got.as_f64().expect("float64 values").to_vec();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(values));
    }

    fn temp(name: &str) -> PathBuf {
        let pid = std::process::id();
        std::env::temp_dir().join(format!("npyscratch-{pid}-{name}.npy"))
    }

    fn read_bytes(name: &str, bytes: &[u8]) -> NpyArray {
        let path = temp(name);
        std::fs::write(&path, bytes).unwrap();
        let array = read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        array
    }

    #[test]
    fn round_trip_ranks_0_to_4_and_empty() {
        let shapes: [&[usize]; 7] = [&[], &[5], &[2, 3], &[2, 3, 4], &[2, 1, 3, 2], &[0], &[3, 0]];
        for (i, shape) in shapes.iter().enumerate() {
            let n = shape.iter().product::<usize>();
            let data: Vec<f64> = (0..n).map(|k| k as f64 * 0.75 - 3.0).collect();
            let path = temp(&format!("round-trip-{i}"));
            write(&path, shape, &data).unwrap();
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(bytes, to_bytes(shape, &data).unwrap());
            assert_eq!(
                (bytes.len() - n * 8) % 64,
                0,
                "data offset must be a multiple of 64"
            );
            let array = read(&path).unwrap();
            std::fs::remove_file(&path).unwrap();
            assert_eq!(array.shape, *shape);
            assert_eq!(array.data.as_f64().unwrap(), &data[..]);
            assert!(array.data.is_zero_copy());
            assert_parses(&bytes, shape, &data);
        }
    }

    #[test]
    fn written_header_matches_numpy_layout() {
        let bytes = to_bytes(&[3], &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(&bytes[..10], b"\x93NUMPY\x01\x00\x76\x00");
        assert!(
            bytes[10..].starts_with(b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }")
        );
        assert_eq!(bytes[127], b'\n');
        let scalar = to_bytes(&[], &[4.5]).unwrap();
        assert!(
            scalar[10..].starts_with(b"{'descr': '<f8', 'fortran_order': False, 'shape': (), }")
        );
        assert_parses(&scalar, &[], &[4.5]);
    }

    #[test]
    fn write_rejects_mismatched_data() {
        let e = write(&temp("mismatch"), &[2, 2], &[1.0]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert!(e
            .to_string()
            .contains("shape (2, 2) does not hold the 1 values given"));
        assert!(!temp("mismatch").exists());
    }

    #[test]
    fn to_bytes_refuses_mismatched_data() {
        let error = to_bytes(&[3], &[1.0, 2.0]).unwrap_err();
        assert!(error.message.contains("does not hold the 2 values given"));
    }

    #[test]
    fn zero_copy_only_for_aligned_little_endian_c_order_f8() {
        let values = [1.0, -2.0, 3.5, 4.25, 5.0, 6.0];
        let aligned = read_bytes(
            "aligned",
            &file(&dict("(2, 3)", "<f8", false), &le(&values)),
        );
        assert!(aligned.data.is_zero_copy());
        // A 4-byte-aligned data offset cannot be viewed as f64 in place, so it must be copied.
        let header = dict("(2, 3)", "<f8", false);
        let odd = file_at(
            &header,
            &le(&values),
            (header.len() + 11).next_multiple_of(8) + 4,
        );
        let unaligned = read_bytes("unaligned", &odd);
        assert!(!unaligned.data.is_zero_copy());
        assert_eq!(unaligned.data.as_f64().unwrap(), &values);
        let be: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
        let big = read_bytes("big", &file(&dict("(6,)", ">f8", false), &be));
        assert!(!big.data.is_zero_copy());
        assert_eq!(big.data.as_f64().unwrap(), &values);
        let fortran = read_bytes("fortran", &file(&dict("(2, 3)", "<f8", true), &le(&values)));
        assert!(!fortran.data.is_zero_copy());
        // With a single non-trivial dimension, Fortran and C order are the same bytes.
        let row = read_bytes("row", &file(&dict("(1, 6, 1)", "<f8", true), &le(&values)));
        assert!(row.data.is_zero_copy());
        assert_eq!(row.data.as_f64().unwrap(), &values);
        let f4: Vec<u8> = values
            .iter()
            .flat_map(|&v| (v as f32).to_le_bytes())
            .collect();
        // A float32 file is read as float32 in place, and converted when float64 is asked for.
        let single = read_bytes("single", &file(&dict("(6,)", "<f4", false), &f4));
        assert!(single.data.is_zero_copy());
        let f32s: Vec<f32> = values.iter().map(|&v| v as f32).collect();
        assert_eq!(single.data.as_slice(), Slice::F32(&f32s));
        let path = temp("single-as-f64");
        std::fs::write(&path, file(&dict("(6,)", "<f4", false), &f4)).unwrap();
        let widened = read_as(&path, Element::F64).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(!widened.data.is_zero_copy());
        assert_eq!(widened.data.as_f64().unwrap(), &values);
        // Bools are never read in place: a mapped byte other than 0 or 1 is no `bool`.
        let bools = read_bytes("bools", &file(&dict("(3,)", "|b1", false), &[0, 2, 1]));
        assert!(!bools.data.is_zero_copy());
        assert_eq!(bools.data.as_slice(), Slice::Bool(&[false, true, true]));
    }

    #[test]
    fn hand_built_mapped_with_bad_range_reads_as_empty() {
        let map = memmap2::MmapMut::map_anon(16)
            .unwrap()
            .make_read_only()
            .unwrap();
        let guard = guard::Guard::new(map.as_ptr(), map.len()).unwrap();
        let data = NpyData::Mapped {
            map,
            offset: 3,
            len: 1,
            element: Element::F64,
            guard,
        };
        assert!(data.as_slice().is_empty());
    }

    #[test]
    fn truncating_a_mapped_file_reads_zeros_and_reports_the_change() {
        let values: Vec<f64> = (0..100_000).map(|k| k as f64 + 1.0).collect();
        let path = temp("truncated-while-mapped");
        write(&path, &[values.len()], &values).unwrap();
        let array = read(&path).unwrap();
        assert!(array.data.is_zero_copy());
        assert!(!array.changed());
        // Another process cuts the file to its first page while we hold the mapping.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(4096)
            .unwrap();
        let data = array.data.as_f64().unwrap();
        assert_eq!(data.len(), values.len());
        // Without the guard this read dies of SIGBUS.
        let tail_sum: f64 = data[values.len() - 1000..].iter().sum();
        assert_eq!(tail_sum, 0.0);
        assert_eq!(data[0], 1.0, "the page still in the file keeps its data");
        assert!(array.changed());
        drop(array);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let path = temp("fifo");
        let _ = std::fs::remove_file(&path);
        let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let message = read(&path).expect_err("a FIFO is not a .npy file").message;
        std::fs::remove_file(&path).unwrap();
        assert!(message.contains("not a regular file"), "{message}");
    }

    #[test]
    fn writes_replace_a_symbolic_link_and_leave_no_temporary() {
        let dir = std::env::temp_dir().join(format!("npyscratch-{}-link", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let outside = dir.join("outside.txt");
        std::fs::write(&outside, "keep me").unwrap();
        let target = dir.join("x.npy");
        std::os::unix::fs::symlink(&outside, &target).unwrap();
        write(&target, &[2], &[1.0, 2.0]).unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
        assert!(!std::fs::symlink_metadata(&target).unwrap().is_symlink());
        assert_eq!(read(&target).unwrap().data.as_f64().unwrap(), &[1.0, 2.0]);
        // An uncommitted stage leaves nothing behind.
        drop(stage(&dir.join("y.npy"), &[1], &[3.0]).unwrap());
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let mut names = names;
        names.sort();
        assert_eq!(names, ["outside.txt", "x.npy"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn converts_integers_of_every_size_and_order() {
        macro_rules! check {
            ($t:ty, $code:literal) => {{
                let values = [<$t>::MIN, <$t>::MIN / 3, 0, 1, <$t>::MAX / 7, <$t>::MAX];
                let expect: Vec<f64> = values.iter().map(|&v| v as f64).collect();
                for big in [false, true] {
                    let bytes = |v: &$t| {
                        if big {
                            v.to_be_bytes()
                        } else {
                            v.to_le_bytes()
                        }
                    };
                    let data: Vec<u8> = values.iter().flat_map(bytes).collect();
                    let descr = format!("{}{}", if big { ">" } else { "<" }, $code);
                    assert_parses(&file(&dict("(6,)", &descr, false), &data), &[6], &expect);
                }
            }};
        }
        check!(i8, "i1");
        check!(i16, "i2");
        check!(i32, "i4");
        check!(i64, "i8");
        check!(u8, "u1");
        check!(u16, "u2");
        check!(u32, "u4");
        check!(u64, "u8");
        assert_parses(
            &file(&dict("(2,)", "|i1", false), &[0xff, 0x7f]),
            &[2],
            &[-1.0, 127.0],
        );
        assert_parses(
            &file(&dict("(2,)", "|u1", false), &[0xff, 0x7f]),
            &[2],
            &[255.0, 127.0],
        );
    }

    #[test]
    fn converts_floats_and_bools() {
        let values = [1.5f32, -0.0, f32::INFINITY, f32::MIN_POSITIVE, 3.4e38];
        let expect: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
        let lit: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let big: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
        assert_parses(&file(&dict("(5,)", "<f4", false), &lit), &[5], &expect);
        assert_parses(&file(&dict("(5,)", ">f4", false), &big), &[5], &expect);
        let bools = [0, 1, 1, 0, 2, 0];
        let expect = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0];
        assert_parses(
            &file(&dict("(2, 3)", "|b1", false), &bools),
            &[2, 3],
            &expect,
        );
        // NumPy itself never writes these native spellings for f8, but hand-made files may.
        for descr in ["=f8", "|f8", "f8"] {
            assert_parses(
                &file(&dict("(2,)", descr, false), &le(&[1.0, 2.0])),
                &[2],
                &[1.0, 2.0],
            );
        }
    }

    #[test]
    fn converts_half_floats_exactly() {
        // Bit patterns and their values, as `numpy.frombuffer(..., '<f2').astype('f8')` gives.
        let cases: [(u16, f64); 9] = [
            (0x3e00, 1.5),
            (0x8000, -0.0),
            (0x0001, 2f64.powi(-24)),
            (0x03ff, 1023.0 * 2f64.powi(-24)),
            (0x0400, 2f64.powi(-14)),
            (0x7bff, 65504.0),
            (0xfc00, f64::NEG_INFINITY),
            (0xc500, -5.0),
            (0x3555, 0.333251953125),
        ];
        let expect: Vec<f64> = cases.iter().map(|&(_, v)| v).collect();
        for big in [false, true] {
            let data: Vec<u8> = cases
                .iter()
                .flat_map(|&(bits, _)| {
                    if big {
                        bits.to_be_bytes()
                    } else {
                        bits.to_le_bytes()
                    }
                })
                .collect();
            let descr = if big { ">f2" } else { "<f2" };
            assert_parses(&file(&dict("(9,)", descr, false), &data), &[9], &expect);
        }
        let nan = read_bytes(
            "half-nan",
            &file(&dict("(1,)", "<f2", false), &[0x01, 0x7e]),
        );
        assert!(matches!(nan.data.as_slice(), Slice::F32([v]) if v.is_nan()));
    }

    #[test]
    fn big_endian_f8() {
        let values = [1.0, -2.5, 1e300, f64::MIN_POSITIVE, -0.0];
        let data: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
        assert_parses(&file(&dict("(5,)", ">f8", false), &data), &[5], &values);
    }

    #[test]
    fn fortran_order_2x3() {
        // Column-major storage of [[0, 1, 2], [3, 4, 5]] lists each column in turn.
        let data = le(&[0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
        let expect = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        assert_parses(&file(&dict("(2, 3)", "<f8", true), &data), &[2, 3], &expect);
        let array = read_bytes("fortran-2x3", &file(&dict("(2, 3)", "<f8", true), &data));
        assert_eq!(array.data.as_f64().unwrap(), &expect);
    }

    #[test]
    fn fortran_order_2x3x4() {
        let value = |i: usize, j: usize, k: usize| (100 * i + 10 * j + k) as f64;
        let mut fortran = Vec::new();
        for k in 0..4 {
            for j in 0..3 {
                for i in 0..2 {
                    fortran.push(value(i, j, k));
                }
            }
        }
        let mut c = Vec::new();
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..4 {
                    c.push(value(i, j, k));
                }
            }
        }
        let bytes = file(&dict("(2, 3, 4)", "<f8", true), &le(&fortran));
        assert_parses(&bytes, &[2, 3, 4], &c);
        let ints: Vec<u8> = fortran
            .iter()
            .flat_map(|&v| (v as i16).to_be_bytes())
            .collect();
        assert_parses(
            &file(&dict("(2, 3, 4)", ">i2", true), &ints),
            &[2, 3, 4],
            &c,
        );
    }

    #[test]
    fn tolerates_header_variations() {
        let two = le(&[1.0, 2.0]);
        let variants = [
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,)}",
            "{'shape': (2,), 'descr': '<f8', 'fortran_order': False}",
            "  {  'descr' :'<f8' ,'fortran_order':False,'shape':( 2 , ) , }  ",
            "{'descr': '<f8',\n\t'fortran_order': False, 'shape': (2L,), }",
        ];
        for header in variants {
            assert_parses(&file(header, &two), &[2], &[1.0, 2.0]);
        }
        assert_parses(&file(&dict("()", "<f8", false), &le(&[7.0])), &[], &[7.0]);
        assert_parses(
            &file(&dict("(1, 2)", "<f8", false), &two),
            &[1, 2],
            &[1.0, 2.0],
        );
    }

    #[test]
    fn reads_versions_2_and_3() {
        for major in [2u8, 3] {
            let header = format!("{}\n", dict("(2,)", "<f8", false));
            let mut bytes = MAGIC.to_vec();
            bytes.extend([major, 0]);
            bytes.extend((header.len() as u32).to_le_bytes());
            bytes.extend(header.as_bytes());
            bytes.extend(le(&[1.0, 2.0]));
            assert_parses(&bytes, &[2], &[1.0, 2.0]);
        }
    }

    fn good() -> Vec<u8> {
        file(
            &dict("(2, 3)", "<f8", false),
            &le(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        )
    }

    #[test]
    fn rejects_bad_magic() {
        let mut bytes = good();
        bytes[5] = b'X';
        assert_err(
            &bytes,
            "not a .npy file: missing the \\x93NUMPY magic string",
        );
        assert_err(b"PK\x03\x04", "missing the \\x93NUMPY magic string");
        assert_err(
            b"\x93NUM",
            "truncated after 4 bytes, inside the magic string",
        );
    }

    #[test]
    fn rejects_bad_version() {
        let mut bytes = good();
        bytes[6] = 2;
        bytes[7] = 1;
        assert_err(&bytes, "unsupported .npy format version 2.1");
        bytes[6] = 4;
        bytes[7] = 0;
        assert_err(&bytes, "unsupported .npy format version 4.0");
    }

    #[test]
    fn rejects_truncated_header() {
        assert_err(&good()[..7], "truncated inside the format version");
        assert_err(&good()[..9], "truncated inside the header length field");
        assert_err(
            &good()[..40],
            "header length 118 extends past the end of the file (40 bytes)",
        );
    }

    #[test]
    fn rejects_header_length_past_end_or_over_limit() {
        let mut bytes = good();
        bytes[8] = 0xff;
        bytes[9] = 0xff;
        assert_err(
            &bytes,
            "header length 65535 extends past the end of the file (176 bytes)",
        );
        let mut v2 = b"\x93NUMPY\x02\x00".to_vec();
        v2.extend((2u32 << 20).to_le_bytes());
        assert_err(
            &v2,
            "header length 2097152 exceeds the limit of 1048576 bytes",
        );
    }

    #[test]
    fn rejects_truncated_data() {
        let bytes = file(&dict("(100, 100)", "<f8", false), &[0; 800]);
        let message = parse(&bytes).unwrap_err().message;
        assert_eq!(
            message,
            "header declares shape (100, 100) = 10000 elements of 8 bytes \
             but the file holds 800 bytes of data"
        );
    }

    #[test]
    fn rejects_trailing_data() {
        let mut bytes = good();
        bytes.extend([0, 0, 0]);
        assert_err(
            &bytes,
            "file has 3 bytes of trailing data after the 48 bytes declared by shape (2, 3)",
        );
    }

    #[test]
    fn rejects_shape_overflow() {
        let huge = file(&dict("(1099511627776, 1099511627776)", "<f8", false), &[]);
        assert_err(
            &huge,
            "shape (1099511627776, 1099511627776) overflows the element count",
        );
        if usize::BITS == 64 {
            let bytes = file(&dict("(2305843009213693952, 4)", "<f8", false), &[]);
            assert_err(&bytes, "of 8-byte elements overflows the byte size");
        }
        let wide = file(&dict("(18446744073709551616,)", "<f8", false), &[]);
        assert_err(&wide, "dimension 18446744073709551616 is too large");
        let digits = "9".repeat(60);
        assert_err(
            &file(&dict(&format!("({digits},)"), "<f8", false), &[]),
            "integer in header is too large",
        );
        // A zero dimension makes the array empty however large the other dimensions are.
        let empty = file(&dict("(1099511627776, 1099511627776, 0)", "<f8", true), &[]);
        assert_parses(&empty, &[1 << 40, 1 << 40, 0], &[]);
    }

    #[test]
    fn rejects_negative_shape() {
        assert_err(
            &file(&dict("(-1, 3)", "<f8", false), &[]),
            "negative dimension -1 in shape",
        );
    }

    #[test]
    fn rejects_unsupported_dtypes() {
        let cases = [
            ("<q9", "unsupported dtype '<q9' (expected a float"),
            ("|O", "unsupported dtype '|O' (python objects"),
            ("<c16", "unsupported dtype '<c16' (complex"),
            ("<U5", "unsupported dtype '<U5' (strings"),
            ("<M8[ns]", "unsupported dtype '<M8[ns]' (dates"),
            ("|V8", "unsupported dtype '|V8' (raw void"),
            ("<f3", "unsupported dtype '<f3'"),
            ("", "unsupported dtype ''"),
        ];
        for (descr, needle) in cases {
            assert_err(&file(&dict("(1,)", descr, false), &[0; 8]), needle);
        }
        let fields = "[('a', '<f8'), ('b', '<i4', (2,))]";
        let structured = format!("{{'descr': {fields}, 'fortran_order': False, 'shape': (1,), }}");
        assert_err(&file(&structured, &[0; 16]), "unsupported structured dtype");
    }

    #[test]
    fn rejects_missing_duplicate_and_unknown_keys() {
        let missing = "{'descr': '<f8', 'shape': (1,), }";
        assert_err(
            &file(missing, &[0; 8]),
            "header dict is missing the 'fortran_order' key",
        );
        let dup = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'shape': (1,)}";
        assert_err(&file(dup, &[0; 8]), "duplicate key 'shape' in header dict");
        let extra = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}";
        assert_err(&file(extra, &[0; 8]), "unexpected key 'x' in header dict");
    }

    #[test]
    fn rejects_ill_typed_values() {
        let cases = [
            (
                dict("(6)", "<f8", false),
                "'shape' must be a tuple of integers, found 6",
            ),
            (
                dict("[2, 3]", "<f8", false),
                "'shape' must be a tuple of integers, found a list",
            ),
            (dict("(2, 'x')", "<f8", false), "found element 'x'"),
            (
                "{'descr': 8, 'fortran_order': False, 'shape': (1,)}".into(),
                "'descr' must be a string",
            ),
            (
                "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}".into(),
                "must be True or False, found 0",
            ),
            (
                "{'descr': '<f8', 'fortran_order': None, 'shape': (1,)}".into(),
                "unexpected name 'None'",
            ),
            ("{1: 2}".into(), "header dict keys must be strings, found 1"),
        ];
        for (header, needle) in cases {
            assert_err(&file(&header, &[0; 8]), needle);
        }
        let rank = format!("({})", "1, ".repeat(65));
        assert_err(
            &file(&dict(&rank, "<f8", false), &[0; 8]),
            "shape has rank 65, more than",
        );
        let deep = format!("{}1{}", "(".repeat(20), ",)".repeat(20));
        assert_err(
            &file(&dict(&deep, "<f8", false), &[0; 8]),
            "nested more than 8 levels",
        );
    }

    #[test]
    fn rejects_garbage_dicts() {
        let cases = [
            (
                "hello",
                "malformed header dict: expected '{' at byte 0 but found 'h'",
            ),
            ("", "malformed header dict: it ends where '{' was expected"),
            ("{'descr' '<f8'}", "expected ':' at byte 9"),
            ("{'descr': '<f8", "unterminated string"),
            ("{'descr': '<\\x66'}", "escape sequences"),
            (
                "{'descr': '<f8',, }",
                "expected a value at byte 16 but found ','",
            ),
            ("{'shape': (1 2)}", "expected ',' or ')'"),
            ("{'shape': (1,)} x", "unexpected 'x' after the header dict"),
            ("{'shape': -}", "expected a digit"),
            (
                "{'shape': (1,)}\0",
                "unexpected byte 0x00 after the header dict",
            ),
        ];
        for (header, needle) in cases {
            assert_err(&file(header, &[]), needle);
        }
    }

    #[test]
    fn rejects_empty_input_and_reports_paths() {
        assert_err(&[], "empty input");
        let path = temp("empty");
        std::fs::write(&path, b"").unwrap();
        let message = read(&path).unwrap_err().message;
        std::fs::remove_file(&path).unwrap();
        assert!(
            message.contains("is empty (0 bytes)") && message.contains("npyscratch-"),
            "{message}"
        );
        let missing = temp("does-not-exist");
        let message = read(&missing).unwrap_err().message;
        assert!(
            message.starts_with(&format!("cannot open {}", missing.display())),
            "{message}"
        );
        let message = read(&std::env::temp_dir()).unwrap_err().message;
        assert!(message.contains("is not a regular file"), "{message}");
    }

    #[test]
    fn every_prefix_is_rejected_without_panicking() {
        let fortran = file(&dict("(2, 3)", ">i2", true), &[1; 12]);
        for bytes in [good(), fortran, to_bytes(&[], &[1.0]).unwrap()] {
            for len in 0..bytes.len() {
                assert!(
                    parse(&bytes[..len]).is_err(),
                    "prefix of {len} bytes was accepted"
                );
            }
            assert!(parse(&bytes).is_ok());
        }
    }

    #[test]
    fn single_byte_mutations_never_panic() {
        let bytes = file(&dict("(2, 3)", "<i2", true), &[1; 12]);
        for i in 0..bytes.len() {
            for b in [
                0, b' ', b'(', b')', b',', b'-', b'9', b'\'', b'{', b'}', 0xff,
            ] {
                let mut mutated = bytes.clone();
                mutated[i] = b;
                let _ = parse(&mutated);
            }
        }
    }
}
