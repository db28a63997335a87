//! `format_array` against NumPy 2's own `print` of arrays of each dtype: the cases and
//! NumPy's text are in `numpy_print/cases.txt`, written by `numpy_print/make.py`.

use arrayc::{format_array, ArrayData};

struct Case {
    header: String,
    shape: Vec<usize>,
    data: ArrayData,
    expected: String,
}

fn cases() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/numpy_print/cases.txt");
    let text = std::fs::read_to_string(path).expect("cases.txt");
    let mut lines = text.lines();
    let mut cases = Vec::new();
    while let Some(header) = lines.next() {
        let (dtype, shape) = header
            .strip_prefix("=== ")
            .and_then(|rest| rest.split_once(' '))
            .unwrap_or_else(|| panic!("not a case header: {header:?}"));
        let shape: Vec<usize> = shape
            .split(',')
            .filter(|extent| !extent.is_empty())
            .map(|extent| extent.parse().expect("an extent"))
            .collect();
        let words: Vec<&str> = lines
            .next()
            .expect("elements")
            .split(' ')
            .filter(|word| !word.is_empty())
            .collect();
        let data = match dtype {
            "f64" => ArrayData::F64(words.iter().map(|w| w.parse().expect("f64")).collect()),
            "f32" => ArrayData::F32(words.iter().map(|w| w.parse().expect("f32")).collect()),
            "i64" => ArrayData::I64(words.iter().map(|w| w.parse().expect("i64")).collect()),
            "bool" => ArrayData::Bool(words.iter().map(|w| *w == "True").collect()),
            other => panic!("unknown dtype {other}"),
        };
        let mut expected = Vec::new();
        for line in lines.by_ref() {
            if line == "---" {
                break;
            }
            expected.push(line);
        }
        cases.push(Case {
            header: header.to_string(),
            shape,
            data,
            expected: expected.join("\n"),
        });
    }
    cases
}

#[test]
fn every_dtype_prints_as_numpy_prints_it() {
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    for dtype in ["f64", "f32", "i64", "bool"] {
        assert!(
            cases.iter().any(|case| case.header.contains(dtype)),
            "no {dtype} case"
        );
    }
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let count: usize = case.shape.iter().product();
            assert_eq!(count, case.data.len(), "{}", case.header);
            let actual = format_array(&case.shape, &case.data);
            (actual != case.expected).then(|| {
                format!(
                    "{}\n--- NumPy\n{}\n--- arrayc\n{actual}",
                    case.header, case.expected
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
