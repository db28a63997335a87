//! Tidy test: `grammar/arrayc.ebnf` and the parser's `// name = ...` comments name the
//! same productions, so the grammar cannot drift from the code unnoticed.

use std::collections::BTreeSet;

const GRAMMAR: &str = include_str!("../../../../../grammar/arrayc.ebnf");
/// The files that hold the `parse_*` functions of the productions.
const PARSER: [(&str, &str); 2] = [
    ("statements.rs", include_str!("statements.rs")),
    ("expressions.rs", include_str!("expressions.rs")),
];

/// The name a production definition starts with (`name = ...`), if `text` starts with one.
fn defined_name(text: &str) -> Option<&str> {
    let (name, rest) = text.trim_start().split_once(" = ")?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    is_name.then_some(name).filter(|_| !rest.is_empty())
}

/// The productions of the grammar's syntax (the lexical rules at its end are the lexer's).
fn grammar_productions(grammar: &str) -> BTreeSet<String> {
    let syntax = grammar
        .find("Lexical rules")
        .map_or(grammar, |end| &grammar[..end]);
    // Drop the comments, which are `(* ... *)` and do not nest.
    let mut text = String::new();
    let mut rest = syntax;
    while let Some(start) = rest.find("(*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*)")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    text.lines()
        .filter(|line| !line.starts_with(char::is_whitespace))
        .filter_map(defined_name)
        .map(str::to_string)
        .collect()
}

/// The productions the parser's `// name = ...` comments define; one comment line may
/// define several, separated by `;` (`// let = ... ;  var = ... ;`).
fn parser_productions(files: &[(&str, &str)]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (_, text) in files {
        for line in text.lines() {
            let Some(comment) = line.trim_start().strip_prefix("// ") else {
                continue;
            };
            if defined_name(comment).is_none() {
                continue;
            }
            for part in comment.split(';') {
                if let Some(name) = defined_name(part) {
                    names.insert(name.to_string());
                }
            }
        }
    }
    names
}

/// The difference of the two sets, or `None` when they are equal.
fn difference(grammar: &BTreeSet<String>, parser: &BTreeSet<String>) -> Option<String> {
    let only_grammar: Vec<&String> = grammar.difference(parser).collect();
    let only_parser: Vec<&String> = parser.difference(grammar).collect();
    if only_grammar.is_empty() && only_parser.is_empty() {
        return None;
    }
    Some(format!(
        "productions only in grammar/arrayc.ebnf: {only_grammar:?}; only in the parser's `// name =` comments: {only_parser:?}"
    ))
}

#[test]
fn grammar_and_parser_name_the_same_productions() {
    let grammar = grammar_productions(GRAMMAR);
    let parser = parser_productions(&PARSER);
    assert!(
        grammar.len() >= 25,
        "too few productions found: {grammar:?}"
    );
    if let Some(difference) = difference(&grammar, &parser) {
        panic!("{difference}");
    }
}

#[test]
fn every_production_has_a_parse_golden() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/parse");
    let missing: Vec<String> = grammar_productions(GRAMMAR)
        .into_iter()
        .filter(|name| !folder.join(format!("{name}.arr")).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "productions without a golden tests/data/parse/NAME.arr (and its .ast): {missing:?}"
    );
}

#[test]
fn a_missing_production_is_named() {
    let grammar = grammar_productions(
        "(* a comment: x = y *)\nprogram = { item } ;\nitem = NUMBER\n     | IDENT ;\n",
    );
    let parser = parser_productions(&[("a.rs", "    // program = { item } ;\n    // a = b\n")]);
    assert_eq!(
        grammar.iter().map(String::as_str).collect::<Vec<_>>(),
        ["item", "program"]
    );
    assert_eq!(
        difference(&grammar, &parser).as_deref(),
        Some(
            "productions only in grammar/arrayc.ebnf: [\"item\"]; only in the parser's `// name =` comments: [\"a\"]"
        )
    );
}
