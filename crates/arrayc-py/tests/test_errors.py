"""Exceptions: classes, the rendered text as `str()`, and the location attributes."""
import numpy as np
import pytest

import arrayc
from conftest import ROOT


def test_classes_share_the_base():
    for cls in (arrayc.CompileError, arrayc.InputError, arrayc.RunError):
        assert issubclass(cls, arrayc.Error) and issubclass(cls, Exception)
    assert not issubclass(arrayc.CompileError, arrayc.RunError)
    assert arrayc.CompileError.__module__ == "arrayc"


def test_compile_error_renders_the_source_line():
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile("input a: [3]\nout b = a * c")
    error = caught.value
    assert str(error) == (
        "error: unknown name `c`\n"
        " --> <input>:2:13\n"
        "  |\n"
        "2 | out b = a * c\n"
        "  |             ^"
    )
    assert (error.line, error.column, error.span) == (2, 13, (25, 26))
    assert error.message == "unknown name `c`" and error.kind == "semantic"
    assert error.diagnostics == [
        {"kind": "semantic", "message": "unknown name `c`", "line": 2, "column": 13, "span": (25, 26), "labels": [], "notes": []}
    ]


def test_the_call_an_error_was_found_in_is_a_label():
    source = "fn f(a, b) = a + b\nout c = f(zeros([3]), zeros([4]))\n"
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile(source)
    error = caught.value
    assert str(error) == (
        "error: shapes [3] and [4] cannot be broadcast together\n"
        " --> <input>:1:14\n"
        "  |\n"
        "1 | fn f(a, b) = a + b\n"
        "  |              ^^^^^\n"
        "2 | out c = f(zeros([3]), zeros([4]))\n"
        "  |         ------------------------- in this call of `f`"
    )
    call = source.index("f(zeros")
    assert error.diagnostics[0]["labels"] == [
        {"start": call, "end": len(source) - 1, "line": 2, "column": 9, "message": "in this call of `f`"}
    ]
    assert error.diagnostics[0]["notes"] == []


def test_syntax_errors_are_all_reported():
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile("let = 1\nout b = )\n")
    error = caught.value
    assert error.kind == "syntax"
    assert [d["line"] for d in error.diagnostics] == [1, 2]
    assert str(error).count("syntax error: ") == 2


def test_compile_file_names_the_file(tmp_path):
    path = tmp_path / "bad.arr"
    path.write_text("let x = 1\nx = 2\n")
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile_file(path)
    assert f" --> {path}:2:1" in str(caught.value)
    with pytest.raises(FileNotFoundError):
        arrayc.compile_file(tmp_path / "missing.arr")


def test_compile_file_reads_a_python_file_as_a_numpy_script(tmp_path):
    """A `.py` file goes through the Python front end, as `arrayc run x.py` does."""
    path = tmp_path / "script.py"
    path.write_text(
        "import numpy as np\nx = np.arange(4) ** 2\nnp.save('x.npy', x * np.True_)\n"
    )
    result = arrayc.compile_file(path)()
    np.testing.assert_array_equal(result["x"], np.arange(4) ** 2)
    assert result["x"].dtype == np.int64


def test_run_error_has_the_span_of_the_failing_index():
    program = arrayc.compile("input a: [3]\ninput i\nout b = a[i]")
    np.testing.assert_array_equal(program(a=np.arange(3.0), i=2)["b"], 2.0)
    with pytest.raises(arrayc.RunError) as caught:
        program(a=np.arange(3.0), i=5)
    error = caught.value
    assert str(error) == (
        "run-time error: index out of range for axis 0 of length 3 (the value was 5.0)\n"
        " --> <input>:3:11\n"
        "  |\n"
        "3 | out b = a[i]\n"
        "  |           ^"
    )
    assert (error.line, error.column, error.span, error.kind) == (3, 11, (31, 32), "runtime")


@pytest.mark.parametrize(
    "inputs, text",
    [
        ({"a": np.ones(3)}, "input error: input `i` (shape []) was not supplied"),
        ({"a": np.ones(4), "i": 0}, "input error: input `a` must have shape [3], but the value given has shape [4]"),
        ({"a": np.ones(3), "i": 0, "c": 1}, "input error: `c` is not an input of the program"),
        ({"a": "abc", "i": 0}, "input error: input `a` has dtype <U3, which does not convert to float64 (strings are not numbers)"),
    ],
    ids=["missing", "shape", "unknown", "string"],
)
def test_input_errors(inputs, text):
    program = arrayc.compile("input a: [3]\ninput i\nout b = a[i]")
    with pytest.raises(arrayc.InputError) as caught:
        program(**inputs)
    assert str(caught.value) == text
    assert caught.value.line is None and caught.value.span is None and caught.value.kind == "input"
    assert len(caught.value.diagnostics) == 1


def test_unknown_or_bad_params_are_input_errors():
    # As docs/python.md says: a `params` key that names no param is an InputError naming
    # the key and the program's params (in the words of `params`, not of the CLI's `--set`).
    with pytest.raises(arrayc.InputError) as caught:
        arrayc.compile("param n = 3\nparam dt = 0.1\nout b = n * dt", params={"m": 2})
    assert str(caught.value) == (
        "input error: params names `m`, which is not a param of the program (its params are: n, dt)"
    )
    assert caught.value.kind == "input" and caught.value.line is None
    with pytest.raises(arrayc.InputError) as caught:
        arrayc.compile("out b = 1", params={"n": 2})
    assert "`n`, which is not a param of the program (the program declares no params)" in str(caught.value)
    with pytest.raises(arrayc.InputError) as caught:
        arrayc.compile("param n = 3\nout b = n", params={"n": "three"})
    assert str(caught.value) == "input error: parameter `n` must be a number, not str"


def test_negative_counts_name_their_argument():
    for argument in ("threads", "max_unroll", "max_memory"):
        with pytest.raises(ValueError) as caught:
            arrayc.compile("out b = 1", **{argument: -1})
        assert str(caught.value) == f"{argument} must be 0 or more, not -1"


def test_unknown_input_name_is_reported_before_its_value():
    # A misspelt name with a value that would not convert: the name is what is wrong.
    program = arrayc.compile("input a: [2]\nout b = a")
    with pytest.raises(arrayc.InputError) as caught:
        program(b="not a number")
    assert "`b` is not an input of the program" in str(caught.value)
    assert "input `a` (shape [2]) was not supplied" in str(caught.value)
    assert "dtype" not in str(caught.value)


def test_source_that_is_not_text_is_a_compile_error(tmp_path):
    # A lone surrogate in a str, and a file that is not UTF-8: arrayc.Error subclasses
    # pointing at the first bad character, not UnicodeError.
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile("out y = 1 # \udcff")
    assert not isinstance(caught.value, UnicodeError)
    assert caught.value.message == "the source holds a lone surrogate, which is not Unicode text"
    assert (caught.value.line, caught.value.column) == (1, 13)
    path = tmp_path / "latin1.arr"
    path.write_bytes(b"out y = 1\nout z = 2 # caf\xe9\n")
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile_file(path)
    assert caught.value.message == "the source holds bytes that are not valid UTF-8"
    assert (caught.value.line, caught.value.column) == (2, 16)
    assert f" --> {path}:2:16" in str(caught.value)


def test_limit_errors_carry_notes():
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile("out b = zeros([100000, 100000])")
    error = caught.value
    assert error.kind == "limit" and (error.line, error.column) == (1, 15)
    assert error.diagnostics[0]["notes"] and "= note: " in str(error)


def refused_programs():
    # tests/data/check: every program the compiler must refuse, beside its rendered
    # diagnostics (`NAME.diag`); `# stage: run` programs compile and fail when run, with the
    # `# input:` values; `# option:` sets a compile option.
    files = sorted((ROOT / "tests" / "data" / "check").glob("*.arr"))
    assert files, "tests/data/check is missing"
    for path in files:
        header = {}
        for line in path.read_bytes().decode("utf-8", "replace").splitlines():
            if not line.startswith("# ") or ": " not in line:
                break
            key, _, value = line[2:].partition(": ")
            header.setdefault(key, []).append(value)
        yield pytest.param(path, header, id=path.stem)


@pytest.mark.parametrize("path, header", list(refused_programs()))
def test_refused_programs_raise_their_class_and_diagnostics(path, header):
    # From Python each refused program raises the exception class of its stage, whose text
    # is the diagnostics the Rust tests' golden shows, and never crashes.
    run = header.get("stage") == ["run"]
    inputs = dict(setting.split("=", 1) for setting in header.get("input", []))
    names = {"unroll_budget": "max_unroll", "max_memory_bytes": "max_memory"}
    options = {names[k]: int(v) for k, v in (o.split("=", 1) for o in header.get("option", []))}
    source = path.read_bytes().decode("utf-8", "replace")
    with pytest.raises(arrayc.Error) as caught:
        program = arrayc.compile(source, file_name=path.name, **options)
        program(**{name: float(value) for name, value in inputs.items()})
    assert type(caught.value) is (arrayc.RunError if run else arrayc.CompileError)
    golden = path.with_suffix(".diag").read_text(encoding="utf-8")
    assert str(caught.value).rstrip() == golden.rstrip()
