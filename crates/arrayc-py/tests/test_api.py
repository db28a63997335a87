"""The Python API: compiling, inputs (conversion and zero copy), results, reports, listings."""
import ast
import inspect
import pathlib
import subprocess
import sys
from collections.abc import Mapping

import numpy as np
import pytest

import arrayc
from conftest import EXAMPLES

DOUBLE = "input a: [4]\nout b = a * 2\nout total = sum(a)"


def test_done_means_command():
    command = "import arrayc, numpy; print(arrayc.compile('input a: [3]\\nout b = a * 2')(a=numpy.ones(3))['b'])"
    done = subprocess.run([sys.executable, "-c", command], capture_output=True, text=True, check=True)
    assert done.stdout == "[2. 2. 2.]\n"


def test_run_and_call_agree_with_numpy():
    program = arrayc.compile(DOUBLE)
    a = np.array([1.5, -2.0, 3.25, 0.0])
    for result in (program.run(a=a), program(a=a)):
        np.testing.assert_array_equal(result["b"], a * 2)
        assert result["total"].shape == ()
        assert result["total"] == a.sum()


def test_float64_c_contiguous_inputs_are_borrowed():
    program = arrayc.compile(DOUBLE)
    a = np.arange(4.0)
    assert program._input_addresses(a=a) == [("a", a.ctypes.data)]


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.arange(8.0)[::2],
        lambda: np.arange(4, dtype=np.int32),
        lambda: np.arange(4.0).astype(">f8"),
    ],
    ids=["strided", "int32", "big-endian"],
)
def test_other_inputs_are_copied_as_float64(make):
    program = arrayc.compile(DOUBLE)
    a = make()
    [(name, address)] = program._input_addresses(a=a)
    assert name == "a" and address != a.ctypes.data
    np.testing.assert_array_equal(program(a=a)["b"], a.astype(np.float64) * 2)


@pytest.mark.parametrize(
    "dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint64, np.float16, np.float32, np.bool_]
)
def test_same_kind_dtypes_convert_to_float64(dtype):
    program = arrayc.compile(DOUBLE)
    a = np.array([1, 0, 3, 1]).astype(dtype)
    result = program(a=a)
    np.testing.assert_array_equal(result["b"], a.astype(np.float64) * 2)
    assert result["b"].dtype == np.float64


def test_fortran_order_two_dimensional_input():
    program = arrayc.compile("input m: [2, 3]\nout t = transpose(m)\nout rows = sum(m, 1)")
    m = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    result = program(m=m)
    np.testing.assert_array_equal(result["t"], m.T)
    np.testing.assert_array_equal(result["rows"], m.sum(axis=1))


def test_python_numbers_and_lists_are_inputs():
    program = arrayc.compile("input s\ninput v: [3]\nout r = v * s")
    np.testing.assert_array_equal(program(s=2, v=[1, 2, 3])["r"], [2.0, 4.0, 6.0])
    np.testing.assert_array_equal(program(s=0.5, v=(1.0, 2.0, 3.0))["r"], [0.5, 1.0, 1.5])
    np.testing.assert_array_equal(program(s=True, v=np.ones(3))["r"], [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(program(s=np.float32(3), v=np.ones(3))["r"], [3.0, 3.0, 3.0])


@pytest.mark.parametrize(
    "value, words",
    [
        (np.ones(4, dtype=np.complex128), "dtype complex128, which does not convert to float64 (complex numbers"),
        (np.array(["a", "b", "c", "d"]), "(strings are not numbers)"),
        (np.array([1, 2, 3, 4], dtype=object), "dtype object, which does not convert"),
        (np.array(["2020-01-01"] * 4, dtype="datetime64[D]"), "(dates and time deltas"),
        (1j, "dtype complex128"),
    ],
    ids=["complex", "strings", "objects", "dates", "python-complex"],
)
def test_inputs_that_do_not_convert_are_refused(value, words):
    program = arrayc.compile(DOUBLE)
    with pytest.raises(arrayc.InputError) as caught:
        program(a=value)
    assert str(caught.value).startswith("input error: input `a` has ")
    assert words in str(caught.value)
    assert caught.value.kind == "input" and caught.value.line is None


def test_outputs_are_handed_to_numpy_without_copy():
    program = arrayc.compile("out z = linspace(0, 1, 5)")
    z = program()["z"]
    # The array's memory belongs to the Rust vector the run produced: NumPy did not copy it
    # into memory of its own, and the array is an ordinary writable float64 array.
    assert not z.flags.owndata and z.base is not None and not isinstance(z.base, np.ndarray)
    assert z.flags.writeable and z.flags.c_contiguous
    np.testing.assert_array_equal(z, np.linspace(0, 1, 5))


def test_result_is_a_mapping_with_run_time():
    program = arrayc.compile("out first = 1\nout second = ones([2])")
    result = program()
    assert isinstance(result, Mapping)
    assert list(result) == ["first", "second"] == list(result.keys())
    assert len(result) == 2 and "second" in result and "third" not in result
    assert result.get("third") is None and result.get("third", 7) == 7
    assert [name for name, _ in result.items()] == ["first", "second"]
    assert dict(result).keys() == result.to_dict().keys()
    assert result.run_us > 0
    with pytest.raises(KeyError):
        result["third"]
    # `1` is a Python int: an int64, as NumPy makes it.
    assert repr(result).startswith("Result({'first': np.int64(1), 'second': array([1., 1.])}, run_us=")


def test_params_threads_and_program_description():
    program = arrayc.compile_file(EXAMPLES / "advect_loop.arr", params={"nx": 16, "ny": 8, "steps": 2}, threads=1)
    assert program.inputs == {}
    assert program.outputs == ["density"]
    assert program()["density"].shape == (16, 8)
    program = arrayc.compile("input u: [2, 3]\ninput dt\nout v = u * dt")
    assert program.inputs == {"u": (2, 3), "dt": ()}
    assert repr(program) == "<arrayc.Program inputs(u: [2, 3], dt: []) outputs(v)>"


def test_report_is_the_json_report_with_repr_and_html():
    program = arrayc.compile_file(EXAMPLES / "advect_loop.arr")
    report = program.report
    assert isinstance(report, dict)
    assert set(report) == {
        "timings_us", "ir_ops", "code_bytes", "functions", "scopes", "cached", "cache_note"
    }
    timings = report["timings_us"]
    assert list(timings) == ["parse", "check", "lower", "codegen", "finalize", "compile_total"]
    assert all(value > 0 for value in timings.values())
    assert timings["compile_total"] >= timings["codegen"]
    assert report["scopes"] == [{"kind": "loop", "line": 13, "trips": 10, "unroll": 1, "ir_ops": report["scopes"][0]["ir_ops"]}]
    assert report["code_bytes"] > 0 and report["functions"] >= 1
    text = repr(report)
    assert text.startswith("compile-cost report\n  parse ")
    assert "  loop       13         10       1" in text
    html = report._repr_html_()
    assert html.count("<table>") == 2 and "codegen (Cranelift)" in html and "<td style='text-align:right'>loop</td>" in html


def test_unrolled_for_reports_every_trip():
    program = arrayc.compile_file(EXAMPLES / "advect.arr", params={"nx": 8, "ny": 4, "steps": 3})
    [scope] = program.report["scopes"]
    assert (scope["kind"], scope["trips"]) == ("for", 3)
    looped = arrayc.compile_file(EXAMPLES / "advect_loop.arr", params={"nx": 8, "ny": 4, "steps": 3})
    # Unrolled: one copy of the step's kernel per trip; looped: one copy inside the loop.
    assert program.ir.count("%4[i0, i1] = ") == 3
    assert looped.ir.count("%4[i0, i1] = ") == 1 and "loop" in looped.ir


def test_listings():
    source = "input a: [4]\nloop i in 0..3 { print a }\nout b = a + 1"
    program = arrayc.compile(source, listings=True)
    assert "loop" in program.ir
    assert program.clif.startswith("; function f0\nfunction ") and "return" in program.clif
    assert "ret" in program.asm
    assert program.clif is not program.asm
    # Without `listings=True` the one compile kept none, and none is made by compiling again.
    plain = arrayc.compile(source)
    assert "loop" in plain.ir
    for listing in ("clif", "asm"):
        with pytest.raises(ValueError, match="listings=True"):
            getattr(plain, listing)


def test_print_goes_to_sys_stdout(capsys):
    program = arrayc.compile("var x = linspace(0, 1, 3)\nloop i in 0..2 { x = x * 2; print x }\nout x")
    program()
    assert capsys.readouterr().out == "[0. 1. 2.]\n[0. 2. 4.]\n"


def test_compile_options_limits():
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile("var x = 0\nfor i in 0..100 { x = x + i }\nout x", max_unroll=50)
    assert caught.value.kind == "limit"
    with pytest.raises(arrayc.CompileError) as caught:
        arrayc.compile("out z = zeros([1000, 1000])", max_memory=1_000_000)
    assert caught.value.kind == "limit" and "memory limit" in caught.value.message
    assert arrayc.compile("out z = zeros([1000, 1000])", max_memory=8_000_000)()["z"].shape == (1000, 1000)


def test_docstrings_and_stubs_cover_the_api():
    assert "params" in arrayc.compile.__doc__ and "max_memory" in arrayc.compile.__doc__
    assert arrayc.Program.run.__doc__ and arrayc.Result.__doc__ and arrayc.CompileError.__doc__
    package = pathlib.Path(arrayc.__file__).parent
    assert (package / "py.typed").exists()
    stub = ast.parse((package / "__init__.pyi").read_text())
    stubbed = {node.name for node in stub.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    assert set(arrayc.__all__) <= stubbed
    program_stub = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Program")
    stubbed_members = {n.name for n in program_stub.body if isinstance(n, ast.FunctionDef)}
    public = {name for name in dir(arrayc.Program) if not name.startswith("_")} | {"__call__"}
    assert public <= stubbed_members


def test_result_views_are_set_like_and_call_shows_its_signature():
    result = arrayc.compile("out first = 1\nout second = ones([2])")()
    assert result.keys() & {"second", "third"} == {"second"}
    assert result.keys() | {"third"} == {"first", "second", "third"}
    assert ("first", 1) in result.items()
    assert len(result.values()) == 2
    program = arrayc.compile("input a\nout b = a")
    assert str(inspect.signature(program)) == "(**inputs)"
    assert str(inspect.signature(arrayc.Program.__call__)) == "(self, /, **inputs)"
    assert program(a=2.0)["b"] == 2.0
