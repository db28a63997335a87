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

/// A Python script's loaded files (`np.load("x.npy")` is the input `x`): the shape and
/// dtype of each, read from the file's header before compiling (the shapes are compiled
/// in), and the `--input` items that then supply them. `--input x=OTHER.npy` (or
/// `x=NUMBER`) loads another file; otherwise the path is the script's, relative to the
/// working directory as Python's would be. A file that cannot be read is an error at the
/// line that loads it. Not a Python script: nothing to do.
pub fn python_inputs(
    options: &mut arrayc::Options,
    source: &str,
    items: &[String],
) -> Result<Vec<String>, Failure> {
    let mut items = items.to_vec();
    if options.language != arrayc::Language::Python {
        return Ok(items);
    }
    for load in arrayc::python_loads(source) {
        let given = items.iter().find_map(|item| {
            let (name, value) = item.split_once('=')?;
            (name.trim() == load.name).then(|| value.to_string())
        });
        let spec = match &given {
            Some(value) if scalar_input(value).is_some() => {
                let number = scalar_input(value).expect("a number");
                Ok((Vec::new(), number.dtype()))
            }
            Some(file) => arrayc_npy::read(Path::new(file))
                .map(|array| (array.shape.clone(), array.data.dtype()))
                .map_err(|e| format!("cannot read `{file}` (given by --input {}): {e}", load.name)),
            None => arrayc_npy::read(Path::new(&load.file))
                .map(|array| (array.shape.clone(), array.data.dtype()))
                .map_err(|e| format!("cannot read `{}`: {e}", load.file)),
        };
        match spec {
            Ok((shape, dtype)) => options.input_specs.push(arrayc::InputSpec {
                name: load.name.clone(),
                shape,
                dtype,
            }),
            Err(message) => {
                let diagnostic = arrayc::Diagnostic::new(arrayc::ErrorKind::Semantic, message, load.span)
                    .with_note(format!(
                        "`np.load` reads the file's shape and dtype when the script is compiled; give another file with `--input {}=FILE.npy`",
                        load.name
                    ));
                let error = arrayc::Error {
                    diagnostics: vec![diagnostic],
                    file_name: options.file_name.clone(),
                    source: source.to_string(),
                };
                return Err(Failure(error.render()));
            }
        }
        if given.is_none() {
            items.push(format!("{}={}", load.name, load.file));
        }
    }
    Ok(items)
}
