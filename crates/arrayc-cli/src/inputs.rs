//! The values a program's inputs are given on the command line (`--input NAME=FILE|NUMBER`,
//! `--set NAME=NUMBER`, `:input` in the REPL): numbers as scalars of the type Python gives
//! their text, `.npy` files read in the input's dtype and kept memory-mapped.

use crate::output::Failure;
use arrayc::{Array, Program};
use std::path::Path;

pub fn parse_number(text: &str) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    Some(value)
}

/// Inputs given on the command line: numbers, or `.npy` files kept memory-mapped.
pub enum InputData {
    Number(Array),
    File(arrayc_npy::NpyArray),
}

impl InputData {
    pub fn view(&self) -> arrayc::ArrayView<'_> {
        match self {
            InputData::Number(array) => array.view(),
            InputData::File(array) => arrayc::ArrayView {
                shape: &array.shape,
                data: array.data.view(),
            },
        }
    }
}

/// A number given on the command line as a scalar of the type Python gives its text: `True`
/// and `False` (or `true`, `false`) are bools, `3` is an int64, `2.5`, `1e3`, `inf` and
/// `nan` are float64 (the library converts it to the input's dtype under NumPy's
/// `same_kind` rule, as NumPy converts a Python scalar); `None` if it is no number.
pub fn scalar_input(text: &str) -> Option<Array> {
    let text = text.trim();
    let data: arrayc::ArrayData = match text {
        "True" | "true" => vec![true].into(),
        "False" | "false" => vec![false].into(),
        _ => match text.parse::<i64>() {
            Ok(integer) => vec![integer].into(),
            Err(_) => vec![parse_number(text)?].into(),
        },
    };
    Array::from_data(Vec::new(), data)
}

pub fn load_inputs(
    program: &Program,
    items: &[String],
) -> Result<Vec<(String, InputData)>, Failure> {
    let specs = program.inputs();
    let mut inputs = Vec::new();
    for item in items {
        let Some((name, value)) = item.split_once('=') else {
            return Err(Failure(format!(
                "error: --input takes NAME=FILE.npy or NAME=NUMBER, not `{item}`"
            )));
        };
        let name = name.trim().to_string();
        let Some(spec) = specs.iter().find(|spec| spec.name == name) else {
            let known: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
            return Err(Failure(format!(
                "error: --input names `{name}`, which is not an input of the program ({})",
                if known.is_empty() {
                    "it declares none".to_string()
                } else {
                    format!("its inputs are: {}", known.join(", "))
                }
            )));
        };
        let data = if let Some(number) = scalar_input(value) {
            if !spec.shape.is_empty() {
                return Err(Failure(format!(
                    "error: input `{name}` is an array of shape {:?}; give a .npy file, not a number",
                    spec.shape
                )));
            }
            InputData::Number(number)
        } else {
            let array = arrayc_npy::read_as(Path::new(value), spec.dtype).map_err(|e| {
                Failure(format!(
                    "error: input `{name}` (declared {}) from `{value}`: {e}",
                    spec.dtype.name()
                ))
            })?;
            if array.shape != spec.shape {
                return Err(Failure(format!(
                    "error: input `{name}` must have shape {:?}, but `{value}` holds shape {:?}",
                    spec.shape, array.shape
                )));
            }
            InputData::File(array)
        };
        inputs.push((name, data));
    }
    Ok(inputs)
}

pub fn views(inputs: &[(String, InputData)]) -> Vec<(&str, arrayc::ArrayView<'_>)> {
    inputs
        .iter()
        .map(|(name, data)| (name.as_str(), data.view()))
        .collect()
}

/// An error when an input file was truncated while the program read it (its missing part
/// read as zeros, so the results are not the file's).
pub fn check_inputs_unchanged(inputs: &[(String, InputData)]) -> Result<(), Failure> {
    for (name, data) in inputs {
        if let InputData::File(array) = data {
            if array.changed() {
                return Err(Failure(format!(
                    "error: the file of input `{name}` was truncated while the program ran; \
                     its results are discarded"
                )));
            }
        }
    }
    Ok(())
}
