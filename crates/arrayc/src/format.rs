//! Text of arrays and scalars exactly as NumPy 2's `print` gives it, for each dtype:
//! float64 and float32 (shortest round-trip digits, a common layout, scientific notation
//! when the magnitudes call for it), int64 (right-aligned) and bool (`True`/`False`),
//! with NumPy's 75-column lines and `...` summaries past 1000 elements. Takes shapes and
//! `DataView`s; knows nothing of programs or the compiler.

use crate::array::{with_elements, DataView, Element};
use std::fmt::{Display, LowerExp};

/// The float types NumPy prints with its own shortest digits (Rust's `Display` and
/// `LowerExp` give the shortest round-trip digits of the value's own type).
trait Float: Element + Display + LowerExp + PartialOrd + std::str::FromStr {
    const ZERO: Self;
    /// A scalar of this type prints positionally below this magnitude (NumPy's
    /// `scalartypes.c`: 1e16 for float64, 1e6 for float32).
    const MAX_POSITIONAL: f64;
    /// An array with a magnitude from this up prints in scientific notation (NumPy 2's
    /// `10 ** min(8, finfo(dtype).precision)`: 1e8 for float64, 1e6 for float32).
    const EXP_CUTOFF: f64;
    fn abs(self) -> Self;
    fn is_finite(self) -> bool;
    fn is_nan(self) -> bool;
    fn is_sign_negative(self) -> bool;
    /// A threshold, converted to this type (NumPy compares in the array's dtype).
    fn of(value: f64) -> Self;
    fn divide(self, other: Self) -> Self;
}

macro_rules! float {
    ($t:ty, $max_positional:expr, $exp_cutoff:expr) => {
        impl Float for $t {
            const ZERO: $t = 0.0;
            const MAX_POSITIONAL: f64 = $max_positional;
            const EXP_CUTOFF: f64 = $exp_cutoff;
            fn abs(self) -> $t {
                <$t>::abs(self)
            }
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            fn is_sign_negative(self) -> bool {
                <$t>::is_sign_negative(self)
            }
            fn of(value: f64) -> $t {
                value as $t
            }
            fn divide(self, other: $t) -> $t {
                self / other
            }
        }
    };
}

float!(f64, 1e16, 1e8);
float!(f32, 1e6, 1e6);

/// The shortest digits that read back as `value`, as NumPy's Dragon4 chooses them: of
/// several shortest candidates, the one nearest the exact value, a tie to the even digit
/// (Rust's shortest form breaks a tie upward: float32 62695.3125 is `62695.313` to Rust and
/// `62695.312` to NumPy). Positional.
fn shortest_positional<T: Float>(value: T) -> String {
    let shortest = format!("{value}");
    match shortest.split_once('.') {
        Some((_, fraction)) if !fraction.is_empty() => {
            let nearest = format!("{value:.*}", fraction.len());
            let same = nearest
                .parse::<T>()
                .is_ok_and(|back| back.to_f64().to_bits() == value.to_f64().to_bits());
            if same {
                nearest
            } else {
                shortest
            }
        }
        _ => shortest,
    }
}

/// `shortest_positional` in scientific notation (`1.5e-7`).
fn shortest_scientific<T: Float>(value: T) -> String {
    let shortest = format!("{value:e}");
    let digits = shortest
        .split_once('e')
        .and_then(|(mantissa, _)| mantissa.split_once('.'))
        .map_or(0, |(_, fraction)| fraction.len());
    if digits == 0 {
        return shortest;
    }
    let nearest = format!("{value:.digits$e}");
    let same = nearest
        .parse::<T>()
        .is_ok_and(|back| back.to_f64().to_bits() == value.to_f64().to_bits());
    if same {
        nearest
    } else {
        shortest
    }
}

/// A float64 as Python prints it: shortest round trip, always with a `.` or an exponent.
pub fn format_scalar(value: f64) -> String {
    float_scalar(value)
}

/// A float as NumPy prints a scalar of its type: shortest round-trip digits of that type,
/// positional from 1e-4 up to `MAX_POSITIONAL` (compared exactly), scientific outside.
fn float_scalar<T: Float>(value: T) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if !value.is_finite() {
        return if value > T::ZERO { "inf" } else { "-inf" }.to_string();
    }
    let magnitude = value.abs().to_f64();
    if magnitude != 0.0 && !(1e-4..T::MAX_POSITIONAL).contains(&magnitude) {
        let text = shortest_scientific(value);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.abs());
    }
    let text = shortest_positional(value);
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// An element type as NumPy prints it: alone (a 0-d array), and as one word of an array
/// whose words share a layout (NumPy's `FloatingFormat`, `IntegerFormat`, `BoolFormat`).
trait Print: Element {
    type Layout;
    fn scalar(self) -> String;
    /// The layout that fits every shown element.
    fn layout(shown: &[Self]) -> Self::Layout;
    fn word(self, layout: &Self::Layout) -> String;
}

impl<T: Float> Print for T {
    type Layout = FloatLayout;
    fn scalar(self) -> String {
        float_scalar(self)
    }
    fn layout(shown: &[T]) -> FloatLayout {
        FloatLayout::of(shown)
    }
    fn word(self, layout: &FloatLayout) -> String {
        layout.format(self)
    }
}

/// Right-aligned to the widest shown value.
impl Print for i64 {
    type Layout = usize;
    fn scalar(self) -> String {
        self.to_string()
    }
    fn layout(shown: &[i64]) -> usize {
        shown.iter().map(|v| v.to_string().len()).max().unwrap_or(0)
    }
    fn word(self, width: &usize) -> String {
        format!("{self:>width$}")
    }
}

/// ` True` and `False`, five characters each.
impl Print for bool {
    type Layout = ();
    fn scalar(self) -> String {
        if self { "True" } else { "False" }.to_string()
    }
    fn layout(_: &[bool]) {}
    fn word(self, _: &()) -> String {
        if self { " True" } else { "False" }.to_string()
    }
}

/// NumPy's line width for printing arrays.
const LINE_WIDTH: usize = 75;

/// How every float of one printed array is laid out (NumPy's `FloatingFormat`).
struct FloatLayout {
    exponential: bool,
    /// Widest integer part (sign included) and fractional part, or mantissa and exponent.
    left: usize,
    right: usize,
    exponent: usize,
}

/// The digits of `value` as NumPy's `dragon4` gives them with `precision=8`: the shortest
/// round-trip form, rounded to 8 digits after the point when it is longer.
fn positional_digits<T: Float>(value: T) -> (String, String) {
    let shortest = shortest_positional(value.abs());
    let text = match shortest.split_once('.') {
        Some((_, fraction)) if fraction.len() > 8 => {
            let rounded = format!("{:.8}", value.abs());
            rounded.trim_end_matches('0').to_string()
        }
        _ => shortest,
    };
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value.is_sign_negative() { "-" } else { "" };
    (format!("{sign}{integer}"), fraction.to_string())
}

/// Mantissa digits after the point and the exponent, as NumPy's scientific format.
fn scientific_digits<T: Float>(value: T) -> (String, String, i32) {
    let shortest = shortest_scientific(value.abs());
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let mut exponent: i32 = exponent.parse().unwrap_or(0);
    let (mut integer, mut fraction) = match mantissa.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (mantissa.to_string(), String::new()),
    };
    if fraction.len() > 8 {
        let rounded = format!("{:.8e}", value.abs());
        let (m, e) = rounded.split_once('e').unwrap_or((&rounded, "0"));
        exponent = e.parse().unwrap_or(exponent);
        let (i, f) = m.split_once('.').unwrap_or((m, ""));
        integer = i.to_string();
        fraction = f.trim_end_matches('0').to_string();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    (format!("{sign}{integer}"), fraction, exponent)
}

impl FloatLayout {
    fn of<T: Float>(values: &[T]) -> FloatLayout {
        let finite: Vec<T> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let magnitudes: Vec<T> = finite
            .iter()
            .map(|v| v.abs())
            .filter(|&v| v != T::ZERO)
            .collect();
        let mut max = T::ZERO;
        let mut min = T::of(f64::INFINITY);
        for &magnitude in &magnitudes {
            if magnitude > max {
                max = magnitude;
            }
            if magnitude < min {
                min = magnitude;
            }
        }
        let exponential = !magnitudes.is_empty()
            && (max >= T::of(T::EXP_CUTOFF) || min < T::of(1e-4) || max.divide(min) > T::of(1e3));
        let mut layout = FloatLayout {
            exponential,
            left: 0,
            right: 0,
            exponent: 2,
        };
        for &value in &finite {
            if exponential {
                let (integer, fraction, exponent) = scientific_digits(value);
                layout.left = layout.left.max(integer.len());
                layout.right = layout.right.max(fraction.len());
                layout.exponent = layout
                    .exponent
                    .max(exponent.unsigned_abs().to_string().len());
            } else {
                let (integer, fraction) = positional_digits(value);
                layout.left = layout.left.max(integer.len());
                layout.right = layout.right.max(fraction.len());
            }
        }
        // Non-finite values need room too, and a sign if any is negative.
        for value in values.iter().filter(|v| !v.is_finite()) {
            let text = float_scalar(*value);
            let width = layout.left + 1 + layout.right;
            if text.len() > width {
                layout.left += text.len() - width;
            }
        }
        layout
    }

    fn width(&self) -> usize {
        let exponent = if self.exponential {
            2 + self.exponent
        } else {
            0
        };
        self.left + 1 + self.right + exponent
    }

    fn format<T: Float>(&self, value: T) -> String {
        if !value.is_finite() {
            return format!("{:>width$}", float_scalar(value), width = self.width());
        }
        if self.exponential {
            let (mut integer, mut fraction, mut exponent) = scientific_digits(value);
            if fraction.len() < self.right {
                // NumPy fills the common width with further digits of the exact value
                // (`min_digits`), not zeros: a float32 near 1e-38 that is shortest as
                // `1e-38` shows as `9.9999994e-39` beside an 8-digit neighbour.
                let exact = format!("{:.*e}", self.right, value.abs());
                let (mantissa, power) = exact.split_once('e').unwrap_or((&exact, "0"));
                let (whole, digits) = mantissa.split_once('.').unwrap_or((mantissa, ""));
                let sign = if value.is_sign_negative() { "-" } else { "" };
                integer = format!("{sign}{whole}");
                fraction = digits.to_string();
                exponent = power.parse().unwrap_or(exponent);
            }
            let sign = if exponent < 0 { '-' } else { '+' };
            format!(
                "{integer:>left$}.{fraction:0<right$}e{sign}{:0>digits$}",
                exponent.unsigned_abs(),
                left = self.left,
                right = self.right,
                digits = self.exponent
            )
        } else {
            let (integer, fraction) = positional_digits(value);
            format!(
                "{integer:>left$}.{fraction:<right$}",
                left = self.left,
                right = self.right
            )
        }
    }
}

/// The elements of one printed array and the layout they share.
struct Words<'a, T: Print> {
    values: &'a [T],
    layout: T::Layout,
}

impl<T: Print> Words<'_, T> {
    fn word(&self, index: usize) -> String {
        self.values[index].word(&self.layout)
    }
}

/// Prints an array as NumPy's `print` does: a common width for every element, lines of at
/// most 75 characters, and `...` past 1000 elements. `data` is any of `&[f64]`, `&[f32]`,
/// `&[i64]`, `&[bool]`, an `ArrayData` or a `DataView`, and must hold the product of
/// `shape` elements (missing elements print as nothing).
pub fn format_array<'a>(shape: &[usize], data: impl Into<DataView<'a>>) -> String {
    with_elements!(data.into(), DataView, |values| format_values(shape, values))
}

fn format_values<T: Print>(shape: &[usize], values: &[T]) -> String {
    let count = shape.iter().product::<usize>();
    if count > values.len() {
        return String::new();
    }
    if shape.is_empty() {
        return values.first().map_or(String::new(), |&v| v.scalar());
    }
    if count == 0 {
        return "[]".to_string();
    }
    let summarise = count > 1000;
    let mut shown = Vec::new();
    collect_shown(shape, 0, summarise, &mut shown);
    let picked: Vec<T> = shown.iter().map(|&index| values[index]).collect();
    let words = Words {
        values,
        layout: T::layout(&picked),
    };
    let mut out = String::new();
    write_level(&mut out, shape, 0, 0, summarise, &words);
    out
}

/// The indices along one axis that are printed (`None` is the `...`).
fn picks(extent: usize, summarise: bool) -> Vec<Option<usize>> {
    if summarise && extent > 6 {
        (0..3)
            .map(Some)
            .chain([None])
            .chain((extent - 3..extent).map(Some))
            .collect()
    } else {
        (0..extent).map(Some).collect()
    }
}

/// The flat indices of the elements that are printed, in order.
fn collect_shown(shape: &[usize], start: usize, summarise: bool, shown: &mut Vec<usize>) {
    let inner: usize = shape[1..].iter().product();
    for i in picks(shape[0], summarise).into_iter().flatten() {
        if shape.len() == 1 {
            shown.push(start + i);
        } else {
            collect_shown(&shape[1..], start + i * inner, summarise, shown);
        }
    }
}

fn write_level<T: Print>(
    out: &mut String,
    shape: &[usize],
    start: usize,
    depth: usize,
    summarise: bool,
    words: &Words<'_, T>,
) {
    let inner: usize = shape[1..].iter().product();
    let picks = picks(shape[0], summarise);
    let indent = " ".repeat(depth + 1);
    out.push('[');
    if shape.len() == 1 {
        // NumPy's `_formatArray`: each nesting level takes one column off the line width,
        // and every word leaves room for a closing bracket. A word that would pass that
        // starts a new line, unless it is the first on its line.
        let width = LINE_WIDTH - 1 - depth;
        let mut line_length = indent.len();
        for (k, pick) in picks.iter().enumerate() {
            let word = match pick {
                Some(i) => words.word(start + i),
                None => "...".to_string(),
            };
            if k > 0 {
                out.push(' ');
                line_length += 1;
            }
            if line_length + word.len() > width && line_length > indent.len() {
                let trimmed = out.trim_end_matches(' ').len();
                out.truncate(trimmed);
                out.push('\n');
                out.push_str(&indent);
                line_length = indent.len();
            }
            out.push_str(&word);
            line_length += word.len();
        }
    } else {
        let separator = format!("{}{indent}", "\n".repeat(shape.len() - 1));
        for (k, pick) in picks.iter().enumerate() {
            if k > 0 {
                out.push_str(&separator);
            }
            match pick {
                Some(i) => write_level(
                    out,
                    &shape[1..],
                    start + i * inner,
                    depth + 1,
                    summarise,
                    words,
                ),
                None => out.push_str("..."),
            }
        }
    }
    out.push(']');
}
