//! Python's formatting of one value: the format-spec mini-language of `format(x, spec)`,
//! f-strings and `str.format` (`[[fill]align][sign][z][#][0][width][grouping][.precision]
//! [type]`), and `%`-formatting's conversions (`%5.2f`, `%-4d`, `%s`), for floats, ints,
//! bools and strings, with CPython's digits, padding and errors. Imports nothing of the
//! compiler: the Python front end parses specs with it (a bad one is refused at its line),
//! lowering asks whether a spec suits a value's dtype, and the runtime formats with it.

use std::fmt;

/// A parsed spec: a format spec, or a `%` conversion (`printf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Given to `format` (an f-string's or `str.format`'s field), not `str(x)`: the two
    /// differ for a NumPy float32, which `format` widens to a Python float first.
    pub formatted: bool,
    /// From `%`-formatting: `%s` is `str` padded, `%d` of a float truncates, the default
    /// alignment is to the right.
    pub printf: bool,
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    /// `z`: a negative zero after rounding prints as zero.
    pub no_negative_zero: bool,
    /// `#`: the alternate form.
    pub alternate: bool,
    /// `0` before the width: zero padding after the sign.
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub kind: Option<char>,
}

impl Spec {
    /// No spec: `str(x)`.
    pub fn plain() -> Spec {
        Spec {
            formatted: false,
            printf: false,
            fill: None,
            align: None,
            sign: None,
            no_negative_zero: false,
            alternate: false,
            zero: false,
            width: 0,
            grouping: None,
            precision: None,
            kind: None,
        }
    }

    /// `str(x)`.
    pub fn is_plain(&self) -> bool {
        *self == Spec::plain()
    }

    /// No field of the spec is given: `str(x)`, or `format(x, "")`.
    pub fn is_empty(&self) -> bool {
        Spec {
            formatted: false,
            ..self.clone()
        }
        .is_plain()
    }

    /// A format spec, as `format(x, text)` reads it.
    pub fn parse(text: &str) -> Result<Spec, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut spec = Spec::plain();
        spec.formatted = true;
        let mut at = 0;
        let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
        if chars.len() >= 2 && is_align(chars[1]) {
            spec.fill = Some(chars[0]);
            spec.align = Some(chars[1]);
            at = 2;
        } else if chars.first().copied().is_some_and(is_align) {
            spec.align = Some(chars[0]);
            at = 1;
        }
        if let Some(&c) = chars.get(at) {
            if matches!(c, '+' | '-' | ' ') {
                spec.sign = Some(c);
                at += 1;
            }
        }
        if chars.get(at) == Some(&'z') {
            spec.no_negative_zero = true;
            at += 1;
        }
        if chars.get(at) == Some(&'#') {
            spec.alternate = true;
            at += 1;
        }
        if chars.get(at) == Some(&'0') {
            spec.zero = true;
            at += 1;
        }
        spec.width = digits(&chars, &mut at).unwrap_or(0);
        if let Some(&c) = chars.get(at) {
            if c == ',' || c == '_' {
                spec.grouping = Some(c);
                at += 1;
            }
        }
        if chars.get(at) == Some(&'.') {
            at += 1;
            spec.precision =
                Some(digits(&chars, &mut at).ok_or("format specifier missing precision")?);
        }
        if at < chars.len() {
            if at + 1 < chars.len() {
                return Err(format!("invalid format specifier `{text}`"));
            }
            spec.kind = Some(chars[at]);
        }
        Ok(spec)
    }

    /// A `%` conversion without its `%` (`5.2f`, `-4d`, `s`), as `"..." % x` reads it.
    pub fn parse_printf(text: &str) -> Result<Spec, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut spec = Spec::plain();
        spec.printf = true;
        let mut at = 0;
        let mut left = false;
        while let Some(&c) = chars.get(at) {
            match c {
                '-' => left = true,
                '+' => spec.sign = Some('+'),
                ' ' if spec.sign.is_none() => spec.sign = Some(' '),
                ' ' => {}
                '#' => spec.alternate = true,
                '0' => spec.zero = true,
                _ => break,
            }
            at += 1;
        }
        if left {
            spec.align = Some('<');
            spec.zero = false;
        }
        spec.width = digits(&chars, &mut at).unwrap_or(0);
        if chars.get(at) == Some(&'.') {
            at += 1;
            spec.precision = Some(digits(&chars, &mut at).unwrap_or(0));
        }
        let kind = match chars.get(at) {
            Some('i' | 'u') => 'd',
            Some(&c @ ('d' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 's')) => c,
            Some(c) => return Err(format!("the `%` conversion `%{c}` is not supported")),
            None => return Err("incomplete format".to_string()),
        };
        if at + 1 != chars.len() {
            return Err(format!("invalid `%` conversion `%{text}`"));
        }
        spec.kind = Some(kind);
        Ok(spec)
    }

    /// Why a value of this kind cannot take the spec (Python's error), if it cannot.
    pub fn check(&self, value: Kind) -> Result<(), String> {
        let kind = self.kind;
        let unknown = |name: &str| {
            Err(format!(
                "unknown format code `{}` for a value of type `{name}`",
                kind.unwrap_or(' ')
            ))
        };
        match value {
            _ if self.printf => match (value, kind) {
                (Kind::Str, Some('s')) | (Kind::Float | Kind::Int | Kind::Bool, _) => Ok(()),
                (Kind::Str, _) => Err("a `%` number conversion of a string".to_string()),
            },
            Kind::Float => match kind {
                None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => Ok(()),
                _ => unknown("float"),
            },
            Kind::Int | Kind::Bool => match kind {
                None | Some('d' | 'n' | 'b' | 'o' | 'x' | 'X') => {
                    if self.precision.is_some() {
                        return Err("precision is not allowed in an integer format".to_string());
                    }
                    Ok(())
                }
                Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => Ok(()),
                _ => unknown(if value == Kind::Int { "int" } else { "bool" }),
            },
            Kind::Str => match kind {
                None | Some('s') => {
                    if self.sign.is_some() {
                        Err("a sign is not allowed in a string format".to_string())
                    } else if self.align == Some('=') {
                        Err("`=` alignment is not allowed in a string format".to_string())
                    } else {
                        Ok(())
                    }
                }
                _ => unknown("str"),
            },
        }
    }
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.printf {
            if self.align == Some('<') {
                f.write_str("-")?;
            }
            if let Some(sign) = self.sign {
                write!(f, "{sign}")?;
            }
            if self.alternate {
                f.write_str("#")?;
            }
            if self.zero {
                f.write_str("0")?;
            }
        } else {
            if let Some(align) = self.align {
                if let Some(fill) = self.fill {
                    write!(f, "{fill}")?;
                }
                write!(f, "{align}")?;
            }
            if let Some(sign) = self.sign {
                write!(f, "{sign}")?;
            }
            if self.no_negative_zero {
                f.write_str("z")?;
            }
            if self.alternate {
                f.write_str("#")?;
            }
            if self.zero {
                f.write_str("0")?;
            }
        }
        if self.width > 0 {
            write!(f, "{}", self.width)?;
        }
        if let Some(grouping) = self.grouping {
            write!(f, "{grouping}")?;
        }
        if let Some(precision) = self.precision {
            write!(f, ".{precision}")?;
        }
        if let Some(kind) = self.kind {
            write!(f, "{kind}")?;
        }
        Ok(())
    }
}

/// What is formatted: Python's `float`, `int`, `bool` or `str` (NumPy's scalars format as
/// these do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Float,
    Int,
    Bool,
    Str,
}

fn digits(chars: &[char], at: &mut usize) -> Option<usize> {
    let start = *at;
    while chars.get(*at).is_some_and(|c| c.is_ascii_digit()) {
        *at += 1;
    }
    if *at == start {
        return None;
    }
    chars[start..*at].iter().collect::<String>().parse().ok()
}

/// A float as `format(value, spec)` gives it; `repr` is Python's `repr` of a float (the
/// shortest round-trip digits), used by the empty spec. The spec must have passed `check`.
pub fn format_float(value: f64, spec: &Spec, repr: impl Fn(f64) -> String) -> String {
    if spec.printf && spec.kind == Some('s') {
        return pad_text(&repr(value), spec);
    }
    if spec.printf && spec.kind == Some('d') {
        return format_int(value.trunc() as i64, spec);
    }
    let kind = spec.kind.unwrap_or('r');
    let upper = matches!(kind, 'E' | 'F' | 'G');
    let negative = value.is_sign_negative() && !value.is_nan();
    let magnitude = value.abs();
    let mut body = if value.is_nan() {
        "nan".to_string()
    } else if value.is_infinite() {
        "inf".to_string()
    } else {
        let precision = spec.precision.unwrap_or(6);
        match kind {
            'r' if spec.precision.is_none() => repr(magnitude),
            'r' => general(magnitude, precision, spec.alternate, true),
            'f' | 'F' => fixed(magnitude, precision, spec.alternate),
            '%' => fixed(magnitude * 100.0, precision, spec.alternate),
            'e' | 'E' => scientific(magnitude, precision, spec.alternate),
            _ => general(magnitude, precision, spec.alternate, false),
        }
    };
    if kind == '%' {
        body.push('%');
    }
    if upper {
        body = body.to_uppercase();
    }
    let zero = body
        .chars()
        .all(|c| matches!(c, '0' | '.' | 'e' | 'E' | '+' | '-' | '%'));
    let negative = negative && !(spec.no_negative_zero && zero);
    pad_number(&body, negative, spec)
}

/// An int as `format(value, spec)` gives it.
pub fn format_int(value: i64, spec: &Spec) -> String {
    let kind = spec.kind.unwrap_or('d');
    if spec.printf && kind == 's' {
        return pad_text(&value.to_string(), spec);
    }
    if matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        return format_float(value as f64, spec, |v| format!("{v}"));
    }
    let magnitude = value.unsigned_abs();
    let digits = match kind {
        'b' => format!("{magnitude:b}"),
        'o' => format!("{magnitude:o}"),
        'x' => format!("{magnitude:x}"),
        'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    };
    let prefix = match (spec.alternate, kind) {
        (true, 'b') => "0b",
        (true, 'o') if spec.printf => "0o",
        (true, 'o') => "0o",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let digits = if spec.printf {
        match spec.precision {
            Some(precision) if digits.len() < precision => {
                format!("{}{digits}", "0".repeat(precision - digits.len()))
            }
            _ => digits,
        }
    } else {
        digits
    };
    pad_number(&format!("{prefix}{digits}"), value < 0, spec)
}

/// A bool as `format(value, spec)` gives it: `True`/`False`, or as the int 1/0 once the
/// spec says anything.
pub fn format_bool(value: bool, spec: &Spec) -> String {
    if spec.is_empty() || (spec.printf && spec.kind == Some('s')) {
        let text = if value { "True" } else { "False" };
        return pad_text(text, spec);
    }
    format_int(i64::from(value), spec)
}

/// A string as `format(text, spec)` (or `%s`) gives it.
pub fn format_str(text: &str, spec: &Spec) -> String {
    pad_text(text, spec)
}

/// `str` of a value padded as a string is: left-aligned by default (right-aligned in
/// `%`-formatting), the precision cutting it.
fn pad_text(text: &str, spec: &Spec) -> String {
    let text: String = match spec.precision {
        Some(precision) => text.chars().take(precision).collect(),
        None => text.to_string(),
    };
    let default = if spec.printf { '>' } else { '<' };
    let fill = spec
        .fill
        .unwrap_or(if spec.zero && !spec.printf { '0' } else { ' ' });
    pad(&text, "", spec.align.unwrap_or(default), fill, spec.width)
}

/// A number's digits with its sign, grouping and padding.
fn pad_number(body: &str, negative: bool, spec: &Spec) -> String {
    let sign = if negative {
        "-"
    } else {
        match spec.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let body = match spec.grouping {
        Some(separator) => group(body, separator),
        None => body.to_string(),
    };
    // CPython: `0` makes the fill `0` unless one is given, and the alignment `=` unless
    // one is given.
    let fill = spec.fill.unwrap_or(if spec.zero { '0' } else { ' ' });
    let align = spec.align.unwrap_or(if spec.zero { '=' } else { '>' });
    pad(&body, sign, align, fill, spec.width)
}

fn pad(body: &str, sign: &str, align: char, fill: char, width: usize) -> String {
    let length = sign.chars().count() + body.chars().count();
    let missing = width.saturating_sub(length);
    let fill_of = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", fill_of(missing)),
        '^' => format!(
            "{}{sign}{body}{}",
            fill_of(missing / 2),
            fill_of(missing - missing / 2)
        ),
        '=' => format!("{sign}{}{body}", fill_of(missing)),
        _ => format!("{}{sign}{body}", fill_of(missing)),
    }
}

/// Inserts `separator` every three digits of the integer part.
fn group(body: &str, separator: char) -> String {
    let end = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (integer, rest) = body.split_at(end);
    let mut grouped = String::new();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    grouped + rest
}

/// `f` formatting of a non-negative finite value.
fn fixed(value: f64, precision: usize, alternate: bool) -> String {
    let text = format!("{value:.precision$}");
    if alternate && precision == 0 {
        text + "."
    } else {
        text
    }
}

/// `e` formatting: `1.500000e+00`.
fn scientific(value: f64, precision: usize, alternate: bool) -> String {
    let text = format!("{value:.precision$e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let dot = if alternate && precision == 0 { "." } else { "" };
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}{dot}e{sign}{:02}", exponent.abs())
}

/// `g` formatting (and, with `add_dot_0`, the empty type with a precision): `precision`
/// significant digits, positional unless the exponent is below -4 or reaches the
/// precision (one less for the empty type), trailing zeros dropped unless `alternate`.
fn general(value: f64, precision: usize, alternate: bool, add_dot_0: bool) -> String {
    let precision = precision.max(1);
    let rounded = format!("{value:.*e}", precision - 1);
    let exponent: i32 = rounded
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let limit = if add_dot_0 {
        precision as i32 - 1
    } else {
        precision as i32
    };
    let use_exponent = value != 0.0 && (exponent < -4 || exponent >= limit);
    let mut text = if use_exponent {
        scientific(value, precision - 1, alternate)
    } else {
        let decimals = (precision as i32 - 1 - exponent).max(0) as usize;
        fixed(value, decimals, alternate)
    };
    if !alternate {
        let (mantissa, exponent) = match text.find('e') {
            Some(at) => text.split_at(at),
            None => (text.as_str(), ""),
        };
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        text = format!("{mantissa}{exponent}");
    }
    if add_dot_0 && !text.contains(['.', 'e']) {
        text.push_str(".0");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(value: f64, spec: &str) -> String {
        let spec = Spec::parse(spec).expect("a valid spec");
        spec.check(Kind::Float).expect("a float spec");
        format_float(value, &spec, |v| format!("{v:?}"))
    }

    fn printf(value: f64, spec: &str) -> String {
        format_float(
            value,
            &Spec::parse_printf(spec).expect("a valid conversion"),
            |v| format!("{v:?}"),
        )
    }

    /// Each expected text is what CPython 3.12 gives.
    #[test]
    fn floats_format_as_python_formats_them() {
        assert_eq!(float(0.125, ".2f"), "0.12");
        assert_eq!(float(2.5, ".0f"), "2");
        assert_eq!(float(0.5, ".0e"), "5e-01");
        assert_eq!(float(1.5, "g"), "1.5");
        assert_eq!(float(100.0, ".3"), "1e+02");
        assert_eq!(float(1e20, ".3"), "1e+20");
        assert_eq!(float(2.0, ".3"), "2.0");
        assert_eq!(float(-0.0, "z.1f"), "0.0");
        assert_eq!(float(-0.0, ".1f"), "-0.0");
        assert_eq!(float(1234567.0, ",.2f"), "1,234,567.00");
        assert_eq!(float(f64::NAN, "+f"), "+nan");
        assert_eq!(float(123456789.0, "g"), "1.23457e+08");
        assert_eq!(float(0.1, "%"), "10.000000%");
        assert_eq!(float(-3.25159, "010.3f"), "-00003.252");
        assert_eq!(float(3.25159, "*^11.2e"), "*3.25e+00**");
        assert_eq!(float(0.00001234, ".3g"), "1.23e-05");
        assert_eq!(float(1.0, "#.0f"), "1.");
        assert_eq!(float(f64::INFINITY, "E"), "INF");
        assert_eq!(printf(1.5, "5s"), "  1.5");
        assert_eq!(printf(-2.25, "05.1f"), "-02.2");
        assert_eq!(printf(3.7, "d"), "3");
    }

    #[test]
    fn ints_and_bools_format_as_python_formats_them() {
        let int = |value: i64, spec: &str| format_int(value, &Spec::parse(spec).expect("spec"));
        assert_eq!(int(12, "#x"), "0xc");
        assert_eq!(int(-12, "=+08d"), "-0000012");
        assert_eq!(int(5, ".2f"), "5.00");
        assert_eq!(int(1234567, "_"), "1_234_567");
        assert_eq!(int(42, "5d"), "   42");
        assert_eq!(
            format_int(3, &Spec::parse_printf("-4d").expect("conversion")),
            "3   "
        );
        assert_eq!(format_bool(true, &Spec::plain()), "True");
        assert_eq!(format_bool(true, &Spec::parse("5").expect("spec")), "    1");
        assert_eq!(
            format_str("ab", &Spec::parse("^6").expect("spec")),
            "  ab  "
        );
        assert_eq!(
            format_str("abcdef", &Spec::parse(".3").expect("spec")),
            "abc"
        );
    }

    #[test]
    fn specs_python_rejects_are_errors() {
        assert!(Spec::parse("5.2fx").is_err());
        assert!(Spec::parse("5d").expect("spec").check(Kind::Float).is_err());
        assert!(Spec::parse(".2d").expect("spec").check(Kind::Int).is_err());
        assert!(Spec::parse("+").expect("spec").check(Kind::Str).is_err());
        assert!(Spec::parse_printf("y").is_err());
    }

    #[test]
    fn specs_print_as_they_read() {
        assert!(Spec::parse("").expect("spec").is_empty());
        assert!(!Spec::parse("").expect("spec").is_plain());
        for text in ["", ">10.3f", "*^+z#012,.4e", "_d", "%"] {
            assert_eq!(Spec::parse(text).expect("spec").to_string(), text);
        }
        let printf = Spec::parse_printf("-+#8.3f").expect("conversion");
        assert_eq!(printf.to_string(), "-+#8.3f");
    }
}
