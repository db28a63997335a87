//! Strings and `print`: string literals, f-strings, `str.format`, `%`-formatting, `str(x)`,
//! `+` and `.join` build a `Text` — literal pieces and values to format at run time with
//! Python's format specs (`pyformat`); `print(*values, sep=, end=)` prints one. Texts known
//! at compile time compare (`scheme == 'UP'`), so a string parameter chooses a branch.

use super::span;
use super::translate::*;
use crate::ast::{Expr, ExprKind, PrintPart, StmtKind};
use crate::diagnostic::Span;
use crate::pyformat::{self, Spec};
use ruff_python_ast as py;

/// A string being built: literal pieces and formatted values, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Text {
    pub(super) parts: Vec<PrintPart>,
}

impl Text {
    pub(super) fn literal(text: &str) -> Text {
        let mut res = Text::default();
        res.push_str(text);
        res
    }

    /// The string, when no part is known only at run time.
    pub(super) fn as_literal(&self) -> Option<String> {
        let mut res = String::new();
        for part in &self.parts {
            match part {
                PrintPart::Text(text) => res.push_str(text),
                PrintPart::Value { .. } => return None,
            }
        }
        Some(res)
    }

    pub(super) fn push_str(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(PrintPart::Text(last)) = self.parts.last_mut() {
            last.push_str(text);
        } else {
            self.parts.push(PrintPart::Text(text.to_string()));
        }
    }

    pub(super) fn append(&mut self, other: Text) {
        for part in other.parts {
            match part {
                PrintPart::Text(text) => self.push_str(&text),
                value => self.parts.push(value),
            }
        }
    }
}

impl Translator<'_> {
    /// A string literal (implicitly concatenated pieces included).
    pub(super) fn string_literal(&mut self, literal: &py::ExprStringLiteral) -> Value {
        Value::Text(Text::literal(literal.value.to_str()))
    }

    /// An f-string: its literal pieces, and each `{expression!conversion:spec}` formatted.
    pub(super) fn f_string(&mut self, node: &py::ExprFString) -> Result<Value> {
        let mut text = Text::default();
        for part in node.value.iter() {
            match part {
                py::FStringPart::Literal(literal) => text.push_str(literal),
                py::FStringPart::FString(f_string) => {
                    for element in f_string.elements.iter() {
                        match element {
                            py::InterpolatedStringElement::Literal(literal) => {
                                text.push_str(&literal.value)
                            }
                            py::InterpolatedStringElement::Interpolation(field) => {
                                let formatted = self.f_string_field(field)?;
                                text.append(formatted);
                            }
                        }
                    }
                }
            }
        }
        Ok(Value::Text(text))
    }

    fn f_string_field(&mut self, field: &py::InterpolatedElement) -> Result<Text> {
        let at = span(field);
        if field.debug_text.is_some() {
            return Err(self.refuse(
                at,
                "`{x=}` in an f-string is not supported",
                "write the name out: `f\"x={x}\"`",
            ));
        }
        if !matches!(
            field.conversion,
            py::ConversionFlag::None | py::ConversionFlag::Str
        ) {
            return Err(self.refuse(
                at,
                "`!r` and `!a` in an f-string are not supported",
                "NumPy's `repr` of a scalar is `np.float64(...)`; drop the conversion to print the number",
            ));
        }
        let mut spec_text = String::new();
        if let Some(spec) = &field.format_spec {
            for element in spec.elements.iter() {
                match element {
                    py::InterpolatedStringElement::Literal(literal) => {
                        spec_text.push_str(&literal.value)
                    }
                    py::InterpolatedStringElement::Interpolation(_) => {
                        return Err(self.refuse(
                            at,
                            "a format spec computed at run time (`{x:{width}}`) is not supported",
                            "write the spec out: `{x:8.3f}`",
                        ))
                    }
                }
            }
        }
        let spec = match Spec::parse(&spec_text) {
            Ok(spec) => spec,
            Err(message) => return Err(self.refuse(at, message, "")),
        };
        let value = self.expr(&field.expression)?;
        self.formatted(value, spec, at)
    }

    /// A value formatted by `spec`: a string now, a number or an array at run time.
    pub(super) fn formatted(&mut self, value: Value, spec: Spec, at: Span) -> Result<Text> {
        match value {
            Value::Text(text) => match text.as_literal() {
                Some(literal) => match spec.check(pyformat::Kind::Str) {
                    Ok(()) => Ok(Text::literal(&pyformat::format_str(&literal, &spec))),
                    Err(message) => Err(self.refuse(at, message, "")),
                },
                None if spec.is_empty() => Ok(text),
                None => Err(self.refuse(
                    at,
                    "a format spec for text that holds values is not supported",
                    "format each value on its own",
                )),
            },
            Value::Function(_) => {
                Err(self.refuse(at, "a function cannot be printed or formatted", ""))
            }
            Value::Tuple(_) => Err(self.refuse(
                at,
                "a tuple cannot be printed or formatted here",
                "format each item: `f\"{a} {b}\"`",
            )),
            Value::Nothing => Err(self.refuse(at, "formatting `None` is not supported", "")),
            value => {
                let (expr, _) = self.value_expr(value, at)?;
                Ok(Text {
                    parts: vec![PrintPart::Value { value: expr, spec }],
                })
            }
        }
    }

    /// `"...".format(...)`: `{}`, `{0}`, `{name}` fields with `!s` and a spec; `{{`/`}}`.
    pub(super) fn str_format(
        &mut self,
        template: &str,
        call: &py::ExprCall,
        at: Span,
    ) -> Result<Value> {
        let positional = self.positional_values(call)?;
        let mut keywords = Vec::new();
        for keyword in call.arguments.keywords.iter() {
            let Some(name) = &keyword.arg else {
                return Err(self.refuse(span(keyword), "`**kwargs` is not supported", ""));
            };
            let value = self.expr(&keyword.value)?;
            keywords.push((name.as_str().to_string(), value));
        }
        let mut text = Text::default();
        let mut next = 0;
        let mut numbered = false;
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push_str("{");
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push_str("}");
                }
                '{' => {
                    let mut field = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        field.push(c);
                    }
                    if !closed || field.contains('{') {
                        return Err(self.refuse(
                            at,
                            "this format string has an unclosed or nested `{` field",
                            "",
                        ));
                    }
                    let (name, spec_text) = field.split_once(':').unwrap_or((&field, ""));
                    let name = name.strip_suffix("!s").unwrap_or(name);
                    if name.contains(['!', '.', '[']) {
                        return Err(self.refuse(
                            at,
                            format!("the format field `{{{field}}}` is not supported"),
                            "use `{}`, `{0}` or `{name}` with a spec: `{0:.3f}`",
                        ));
                    }
                    let automatic = name.is_empty();
                    if (automatic && numbered) || (name.parse::<usize>().is_ok() && next > 0) {
                        return Err(self.refuse(
                            at,
                            "this format string mixes automatic (`{}`) and numbered (`{0}`) fields",
                            "Python raises a `ValueError` here; number every field or none",
                        ));
                    }
                    numbered |= name.parse::<usize>().is_ok();
                    let value = if automatic {
                        next += 1;
                        positional.get(next - 1).cloned()
                    } else if let Ok(index) = name.parse::<usize>() {
                        positional.get(index).cloned()
                    } else {
                        keywords
                            .iter()
                            .find(|(keyword, _)| keyword == name)
                            .map(|(_, value)| value.clone())
                    };
                    let Some(value) = value else {
                        return Err(self.refuse(
                            at,
                            format!("no argument for the format field `{{{field}}}`"),
                            "",
                        ));
                    };
                    let spec = match Spec::parse(spec_text) {
                        Ok(spec) => spec,
                        Err(message) => return Err(self.refuse(at, message, "")),
                    };
                    let formatted = self.formatted(value, spec, at)?;
                    text.append(formatted);
                }
                '}' => {
                    return Err(self.refuse(
                        at,
                        "a single `}` in a format string",
                        "write `}}` for the character",
                    ))
                }
                c => text.push_str(c.encode_utf8(&mut [0; 4])),
            }
        }
        Ok(Value::Text(text))
    }

    /// `"..." % values`: `%d`, `%5.2f`, `%-8s`, ... and `%%`.
    pub(super) fn percent_format(
        &mut self,
        template: &str,
        values: Value,
        at: Span,
    ) -> Result<Value> {
        let mut values = match values {
            Value::Tuple(items) => items,
            single => vec![single],
        }
        .into_iter();
        let mut text = Text::default();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                text.push_str(c.encode_utf8(&mut [0; 4]));
                continue;
            }
            if chars.peek() == Some(&'%') {
                chars.next();
                text.push_str("%");
                continue;
            }
            let mut conversion = String::new();
            for c in chars.by_ref() {
                conversion.push(c);
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            if conversion.contains(['(', '*']) {
                return Err(self.refuse(
                    at,
                    format!("the `%` conversion `%{conversion}` is not supported"),
                    "give the values in a tuple, each with a written-out width",
                ));
            }
            let spec = match Spec::parse_printf(&conversion) {
                Ok(spec) => spec,
                Err(message) => return Err(self.refuse(at, message, "")),
            };
            let Some(value) = values.next() else {
                return Err(self.refuse(at, "not enough values for this format string", ""));
            };
            let formatted = match (value, spec.kind) {
                (Value::Text(string), Some('s')) => match string.as_literal() {
                    Some(literal) => Text::literal(&pyformat::format_str(&literal, &spec)),
                    None if spec.width == 0 && spec.precision.is_none() => string,
                    None => {
                        return Err(self.refuse(
                            at,
                            "a width for text that holds values is not supported",
                            "",
                        ))
                    }
                },
                (value, _) => self.formatted(value, spec, at)?,
            };
            text.append(formatted);
        }
        if values.next().is_some() {
            return Err(self.refuse(
                at,
                "more values than the format string's conversions",
                "Python raises a `TypeError` here",
            ));
        }
        Ok(Value::Text(text))
    }

    /// A string's method: `.format(...)`, `.join(...)`, or a refusal.
    pub(super) fn text_method(
        &mut self,
        text: Text,
        name: &str,
        call: &py::ExprCall,
    ) -> Result<Value> {
        let at = span(call);
        let literal = text.as_literal();
        match (name, literal) {
            ("format", Some(template)) => self.str_format(&template, call, at),
            ("join", Some(separator)) => {
                let argument = self.single_argument(call, "join")?;
                let items = match self.expr(argument)? {
                    Value::Tuple(items) => items,
                    _ => {
                        return Err(self.refuse(
                            at,
                            "`.join` is supported for a tuple of strings",
                            "",
                        ))
                    }
                };
                let mut res = Text::default();
                for (k, item) in items.into_iter().enumerate() {
                    if k > 0 {
                        res.push_str(&separator);
                    }
                    match item {
                        Value::Text(item) => res.append(item),
                        _ => {
                            return Err(self.refuse(
                                at,
                                "`.join` takes strings",
                                "format numbers first: `str(x)` or `f\"{x}\"`",
                            ))
                        }
                    }
                }
                Ok(Value::Text(res))
            }
            _ => Err(self.refuse(
                at,
                format!("the string method `.{name}()` is not supported"),
                "",
            )),
        }
    }

    /// `int(s)` of a string known at compile time: the integer, as Python parses it
    /// (surrounding whitespace, a sign, digits with single underscores between them).
    /// `None` when the argument is not a string (the caller handles the call).
    pub(super) fn int_of_text(&mut self, call: &py::ExprCall) -> Option<Result<Value>> {
        let at = span(call);
        let [argument] = &call.arguments.args[..] else {
            return None;
        };
        if !call.arguments.keywords.is_empty()
            || !matches!(
                argument,
                py::Expr::StringLiteral(_) | py::Expr::Name(_) | py::Expr::FString(_)
            )
        {
            return None;
        }
        if let py::Expr::Name(name) = argument {
            if !matches!(self.lookup(name.id.as_str()), Some(Binding::Text(_))) {
                return None;
            }
        }
        let text = match self.expr(argument) {
            Ok(Value::Text(text)) => text,
            Ok(_) => return None,
            Err(failed) => return Some(Err(failed)),
        };
        let parsed = text
            .as_literal()
            .and_then(|literal| parse_python_int(&literal));
        Some(match parsed {
            Some(value) => Ok(Value::New(int_literal(value, at), Some(0))),
            None => Err(self.refuse(
                at,
                "`int` of this string: it is not an integer known at compile time",
                "Python raises a `ValueError` for a string that is not an integer; parse only strings of digits",
            )),
        })
    }

    /// `np.binary_repr(num, width)` of integers the front end knows: the string of bits,
    /// `num`'s two's complement in `width` bits when it is negative.
    pub(super) fn binary_repr(&mut self, call: &py::ExprCall) -> Result<Value> {
        let at = span(call);
        let mut given = Vec::new();
        for arg in call.arguments.args.iter() {
            given.push(arg);
        }
        for keyword in call.arguments.keywords.iter() {
            match keyword.arg.as_ref().map(|a| a.as_str()) {
                Some("num") if given.is_empty() => given.push(&keyword.value),
                Some("width") if given.len() == 1 => given.push(&keyword.value),
                _ => {
                    return Err(self.refuse(
                        span(keyword),
                        "`np.binary_repr` takes `num` and `width`",
                        "",
                    ))
                }
            }
        }
        let mut numbers = Vec::new();
        for arg in &given {
            let value = self.expr(arg)?;
            let expr = self.scalar(value)?;
            match self.const_int(&expr) {
                Some(number) => numbers.push(number),
                None => {
                    return Err(self.refuse(
                        span(*arg),
                        "`np.binary_repr` is supported for integers known at compile time",
                        "its string is made while compiling; pass an integer written out, or a function argument given one",
                    ))
                }
            }
        }
        let (num, width) = match numbers.as_slice() {
            [num] => (*num, None),
            [num, width] if *width >= 0 => (*num, Some(*width as u32)),
            _ => {
                return Err(self.refuse(
                    at,
                    "`np.binary_repr(num, width)` takes one or two integers",
                    "",
                ))
            }
        };
        let bits = match (num >= 0, width) {
            (true, width) => {
                let bits = format!("{num:b}");
                match width {
                    Some(width) if (width as usize) > bits.len() => {
                        format!("{}{bits}", "0".repeat(width as usize - bits.len()))
                    }
                    Some(width) if (width as usize) < bits.len() => {
                        return Err(self.refuse(
                            at,
                            format!("`np.binary_repr`: {num} needs more than {width} bits (NumPy raises a `ValueError`)"),
                            "",
                        ))
                    }
                    _ => bits,
                }
            }
            (false, None) => format!("-{:b}", num.unsigned_abs()),
            (false, Some(width)) => {
                // NumPy: the two's complement in `width` bits, which must hold `num`.
                if width == 0 || width > 63 || (num.unsigned_abs() > 1u64 << (width - 1)) {
                    return Err(self.refuse(
                        at,
                        format!("`np.binary_repr`: {num} does not fit in {width} bits as a two's complement"),
                        "",
                    ));
                }
                let twos = (1i64 << width) + num;
                format!("{twos:0width$b}", width = width as usize)
            }
        };
        Ok(Value::Text(Text::literal(&bits)))
    }

    /// `a == b` (or `!=`, `in`) of strings known at compile time: a constant bool.
    pub(super) fn text_comparison(
        &mut self,
        ops: &[py::CmpOp],
        values: &[Value],
        at: Span,
    ) -> Result<Value> {
        let literal = |value: &Value| match value {
            Value::Text(text) => text.as_literal(),
            _ => None,
        };
        let refuse = |translator: &mut Self| {
            translator.refuse(
                at,
                "strings are compared only when both are known at compile time",
                "compare string constants or parameters with `==`, `!=` or `in`",
            )
        };
        let mut res = true;
        for (k, op) in ops.iter().enumerate() {
            let left = literal(&values[k]);
            let holds = match (op, left, &values[k + 1]) {
                (py::CmpOp::Eq | py::CmpOp::NotEq, Some(left), right) => {
                    let Some(right) = literal(right) else {
                        return Err(refuse(self));
                    };
                    (left == right) == matches!(op, py::CmpOp::Eq)
                }
                (py::CmpOp::In | py::CmpOp::NotIn, Some(left), Value::Tuple(items)) => {
                    let mut found = false;
                    for item in items {
                        let Some(item) = literal(item) else {
                            return Err(refuse(self));
                        };
                        found |= item == left;
                    }
                    found == matches!(op, py::CmpOp::In)
                }
                _ => return Err(refuse(self)),
            };
            res &= holds;
        }
        Ok(Value::New(
            Expr {
                kind: ExprKind::Bool(res),
                span: at,
            },
            Some(0),
        ))
    }

    /// A text bound to a name or returned: each value it formats is kept in a `var` of its
    /// own, so later writes to the arrays it read do not change it.
    pub(super) fn settle_text(&mut self, text: Text, at: Span) -> Text {
        let mut settled = Text::default();
        for part in text.parts {
            match part {
                PrintPart::Text(piece) => settled.push_str(&piece),
                PrintPart::Value { value, spec } => {
                    let storage = self.new_storage("text_value", None);
                    let ident = self.ident(storage, at);
                    self.emit(StmtKind::Var { name: ident, value }, at);
                    let read = Expr {
                        kind: ExprKind::Name(self.storages[storage].name.clone()),
                        span: at,
                    };
                    settled.parts.push(PrintPart::Value { value: read, spec });
                }
            }
        }
        settled
    }

    /// `print(*values, sep=' ', end='\n')`: the values' `str` (NumPy's text of arrays and
    /// scalars) and the texts, as one line.
    pub(super) fn print(&mut self, call: &py::ExprCall, at: Span) -> Result<()> {
        let mut separator = " ".to_string();
        let mut end = "\n".to_string();
        for keyword in call.arguments.keywords.iter() {
            let name = keyword.arg.as_ref().map_or("", |name| name.as_str());
            let target = match name {
                "sep" => &mut separator,
                "end" => &mut end,
                "flush" => continue,
                _ => {
                    return Err(self.refuse(
                        span(keyword),
                        format!("`print(..., {name}=...)` is not supported"),
                        "print to the standard output, with `sep=` and `end=` if needed",
                    ))
                }
            };
            let text = match &keyword.value {
                py::Expr::NoneLiteral(_) => None,
                value => match self.expr(value)? {
                    Value::Text(text) => text.as_literal(),
                    _ => None,
                },
            };
            match (text, &keyword.value) {
                (Some(text), _) => *target = text,
                (None, py::Expr::NoneLiteral(_)) => {}
                (None, _) => {
                    return Err(self.refuse(
                        span(keyword),
                        format!("`{name}=` must be a string known at compile time"),
                        "",
                    ))
                }
            }
        }
        let values = self.positional_values(call)?;
        let mut line = Text::default();
        for (k, value) in values.into_iter().enumerate() {
            if k > 0 {
                line.push_str(&separator);
            }
            let formatted = self.formatted(value, Spec::plain(), at)?;
            line.append(formatted);
        }
        line.push_str(&end);
        self.emit(StmtKind::Print(line.parts), at);
        Ok(())
    }
}

/// An integer as Python's `int(str)` reads it, or `None`.
fn parse_python_int(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.as_bytes().first()? {
        b'-' => (true, &trimmed[1..]),
        b'+' => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let value: i64 = digits.replace('_', "").parse().ok()?;
    Some(if negative { -value } else { value })
}
