//! float32 programs through the command line: `.npy` inputs of several dtypes, byte orders
//! and layouts converted to the declared `f32` input, outputs written as float32 files byte
//! for byte as `numpy.save` writes NumPy's own results (`tests/dtypes/make.py`), the output
//! lines and `--json` naming the dtype, and inputs NumPy's `same_kind` rule refuses.

use std::path::{Path, PathBuf};

use crate::common::{arrayc, scratch, text, write};

const PROGRAM: &str = "input u: f32[4, 6]
input dt: f32
out v = u + dt * (u * u - 1.5)
out s = sum(u, 1)
out m = u * 0.1
";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/dtypes")
        .join(name)
}

fn run(dir: &Path, input: &str, extra: &[&str]) -> std::process::Output {
    let program = write(dir, "p.arr", PROGRAM);
    let u = fixture(input);
    let mut command = arrayc();
    command
        .arg("run")
        .arg(&program)
        .arg("--input")
        .arg(format!("u={}", u.display()))
        .args(["--input", "dt=0.25"])
        .args(extra);
    command.output().expect("run arrayc")
}

#[test]
fn float32_outputs_are_numpys_bytes_whatever_the_input_file() {
    let cases = [
        ("u.npy", "f32"),
        ("u_big_fortran.npy", "f32"),
        ("u64.npy", "f64"),
        ("u_int.npy", "int"),
    ];
    for (input, expected) in cases {
        let dir = scratch(&format!("f32-{expected}-{input}"));
        let out = dir.join("out");
        let output = run(&dir, input, &["-o", out.to_str().expect("a UTF-8 path")]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{input}: {}",
            text(&output.stderr)
        );
        for name in ["v", "s", "m"] {
            let written = std::fs::read(out.join(format!("{name}.npy"))).expect("an output");
            let numpy = std::fs::read(fixture(&format!("{expected}.{name}.npy"))).unwrap();
            assert!(
                written == numpy,
                "{input}: {name}.npy differs from NumPy's {expected}.{name}.npy"
            );
        }
    }
}

#[test]
fn output_lines_and_json_name_the_dtype() {
    let dir = scratch("lines");
    let output = run(&dir, "u.npy", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    for (line, name) in lines.iter().zip([
        "v: shape [4, 6] float32  min ",
        "s: shape [4] float32  min ",
        "m: shape [4, 6] float32  min ",
    ]) {
        assert!(line.starts_with(name), "{line}");
    }
    let output = run(&dir, "u.npy", &["--json"]);
    let json = text(&output.stdout);
    assert_eq!(json.matches("\"dtype\": \"float32\"").count(), 3, "{json}");
    // A float64 program says float64 in JSON, and nothing in its output line (NumPy's
    // default dtype, which its `repr` does not name either).
    let plain = write(&dir, "plain.arr", "out x = ones([2]) * 2\n");
    let output = arrayc()
        .args(["run", plain.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        text(&output.stdout),
        "x: shape [2]  min 2.0  max 2.0  mean 2.0  sum 4.0\n"
    );
}

#[test]
fn inputs_same_kind_casting_refuses_are_errors() {
    let dir = scratch("refused");
    let output = run(&dir, "complex.npy", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr).trim_end(),
        format!(
            "error: input `u` (declared f32) from `{}`: unsupported dtype '<c8' (complex \
             numbers have no equivalent in float64, float32, int64 or bool)",
            fixture("complex.npy").display()
        )
    );
    // A number for a float32 scalar is rounded to float32, as `numpy.float32(0.1)`.
    let program = write(&dir, "scalar.arr", "input dt: f32\nout x = dt * 1\n");
    let output = arrayc()
        .args([
            "run",
            program.to_str().unwrap(),
            "--input",
            "dt=0.1",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        text(&output.stdout)
            .contains("\"x\": {\"shape\": [], \"dtype\": \"float32\", \"value\": 0.1,"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn bool_inputs_and_bool_and_int64_outputs_are_numpys_bytes() {
    let dir = scratch("masks");
    let program = write(
        &dir,
        "m.arr",
        "input m: bool[4, 6]\ninput u: f32[4, 6]\nout n = u > 1\nout c = sum(m)\nout k = sum(m, 1)\n",
    );
    let out = dir.join("out");
    let output = arrayc()
        .arg("run")
        .arg(&program)
        .arg("--input")
        .arg(format!("m={}", fixture("m.npy").display()))
        .arg("--input")
        .arg(format!("u={}", fixture("u.npy").display()))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run arrayc");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    for name in ["n", "c", "k"] {
        let written = std::fs::read(out.join(format!("{name}.npy"))).expect("an output");
        let numpy = std::fs::read(fixture(&format!("mask.{name}.npy"))).unwrap();
        assert!(written == numpy, "{name}.npy differs from NumPy's");
    }
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("n: shape [4, 6] bool  min False  max True  mean ")
            && stdout.contains("c: shape [] int64  value 10\n")
            && stdout.contains("k: shape [4] int64  min 2  max 3  mean 2.5  sum 10\n"),
        "{stdout}"
    );
}

#[test]
fn int64_inputs_of_any_integer_file_and_int64_outputs_are_numpys_bytes() {
    let dir = scratch("ints");
    let program = write(
        &dir,
        "i.arr",
        "input k: i64[2, 4]\ninput n: i64\nout a = k * n + k // n\n",
    );
    for (input, expected) in [("k.npy", "ints"), ("k_i2_big_F.npy", "small")] {
        let out = dir.join(expected);
        let output = arrayc()
            .arg("run")
            .arg(&program)
            .arg("--input")
            .arg(format!("k={}", fixture(input).display()))
            .args(["--input", "n=3", "-o"])
            .arg(&out)
            .output()
            .expect("run arrayc");
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let written = std::fs::read(out.join("a.npy")).expect("an output");
        let numpy = std::fs::read(fixture(&format!("{expected}.a.npy"))).unwrap();
        assert!(written == numpy, "{input}: a.npy differs from NumPy's");
    }
    // Floats are no int64s: a file or a number of them is refused.
    let output = arrayc()
        .arg("run")
        .arg(&program)
        .arg("--input")
        .arg(format!("k={}", fixture("u64.npy").display()))
        .args(["--input", "n=3"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains(
            "the file holds float64 data, which cannot be converted to int64 (NumPy's \
             `same_kind` casting refuses it)"
        ),
        "{}",
        text(&output.stderr)
    );
    let output = arrayc()
        .arg("run")
        .arg(&program)
        .arg("--input")
        .arg(format!("k={}", fixture("k.npy").display()))
        .args(["--input", "n=2.5"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains(
            "input `n` is declared i64 (int64), but the value given is float64: float64 data \
             cannot be converted to int64"
        ),
        "{}",
        text(&output.stderr)
    );
}
