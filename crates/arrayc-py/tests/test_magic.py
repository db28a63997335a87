"""The `%%arrayc` cell magic, through IPython's InteractiveShell."""
import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell

import arrayc


@pytest.fixture(scope="module")
def shell():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "arrayc")
    return shell


def run(shell, cell):
    result = shell.run_cell(cell)
    return result.error_in_exec or result.error_before_exec


def test_cell_reads_inputs_and_writes_outputs(shell):
    shell.user_ns["u0"] = np.linspace(0, 1, 5)
    shell.user_ns["dt"] = 0.5
    assert run(shell, "%%arrayc\ninput u0: [5]\ninput dt\nvar u = u0\nloop i in 0..3 { u = u + dt * u }\nout u\nout total = sum(u)") is None
    expected = np.linspace(0, 1, 5) * 1.5**3
    np.testing.assert_allclose(shell.user_ns["u"], expected, rtol=1e-15)
    # A 0-d output is a NumPy scalar, as `np.sum` gives.
    assert isinstance(shell.user_ns["total"], np.float64) and shell.user_ns["total"] == pytest.approx(expected.sum())


def test_set_overrides_params_and_program_is_kept(shell):
    assert run(shell, "%%arrayc --set n=4 --set scale=2.5 --program prog\nparam n = 3\nparam scale = 1\nout ramp = linspace(0, 1, n) * scale") is None
    np.testing.assert_array_equal(shell.user_ns["ramp"], np.linspace(0, 1, 4) * 2.5)
    assert isinstance(shell.user_ns["prog"], arrayc.Program)
    assert shell.user_ns["prog"].outputs == ["ramp"]
    # A stored program keeps its listings, as the docs promise for `NAME.asm`.
    assert "ret" in shell.user_ns["prog"].asm


def test_timings_and_prints_reach_the_notebook(shell, capsys):
    assert run(shell, "%%arrayc --timings\nvar x = ones([2])\nloop i in 0..2 { x = x * 3; print x }\nout x") is None
    out = capsys.readouterr().out
    assert out.startswith("[3. 3.]\n[9. 9.]\ncompile-cost report\n")
    assert "  loop        2          2       1" in out and "  run " in out


def test_missing_input_names_the_notebook_variable(shell):
    shell.user_ns.pop("never_defined", None)
    error = run(shell, "%%arrayc\ninput never_defined: [2]\nout y = never_defined * 2")
    assert isinstance(error, arrayc.InputError)
    assert str(error) == "input error: no notebook variable named `never_defined` (the cell's input, shape [2])"
    assert error.kind == "input" and error.line is None and len(error.diagnostics) == 1


def test_compile_error_names_the_cell(shell):
    error = run(shell, "%%arrayc\nout y = nope")
    assert isinstance(error, arrayc.CompileError)
    assert " --> <cell>:1:9" in str(error) and error.line == 1


def test_compile_error_shows_only_the_diagnostic(shell, capsys):
    # The notebook shows the diagnostic, not the frames of the package that raised it.
    capsys.readouterr()
    run(shell, "%%arrayc\nout y = nope")
    shown = capsys.readouterr().out
    assert shown.startswith("CompileError: error: unknown name `nope`\n --> <cell>:1:9\n"), shown
    assert "Traceback" not in shown and "_magic.py" not in shown and "run_cell" not in shown


def test_bad_set_is_a_usage_error(shell):
    error = run(shell, "%%arrayc --set n\nout y = 1")
    assert isinstance(error, ValueError) and "--set takes NAME=VALUE, not 'n'" in str(error)
    error = run(shell, "%%arrayc --bogus\nout y = 1")
    assert isinstance(error, ValueError)
    assert str(error).startswith("unrecognized arguments: --bogus\nusage: %%arrayc"), str(error)
    assert "usage: usage:" not in str(error)
    error = run(shell, "%%arrayc --threads many\nout y = 1")
    assert str(error).startswith("argument --threads: invalid int value: 'many'\nusage: %%arrayc"), str(error)


def test_unbalanced_quote_is_a_usage_error(shell):
    from arrayc._magic import MagicUsageError

    error = run(shell, "%%arrayc --program 'p\nout y = 1")
    assert isinstance(error, MagicUsageError)
    assert str(error) == "cannot read the options (No closing quotation): --program 'p"


def test_an_untyped_input_takes_the_notebook_arrays_shape_and_dtype(shell):
    shell.user_ns["field"] = np.arange(7.0)
    shell.user_ns["scale"] = 2.0
    cell = "%%arrayc --program typed\ninput field\ninput scale\nout doubled = field * 2\nout total = sum(field) * scale\nout n = sum(field > 2)"
    assert run(shell, cell) is None
    np.testing.assert_array_equal(shell.user_ns["doubled"], np.arange(7.0) * 2)
    assert shell.user_ns["total"] == 42.0
    assert shell.user_ns["n"] == 4
    assert shell.user_ns["typed"].inputs == {"field": (7,), "scale": ()}
    # Another shape and dtype is another signature: compiled for it, not refused.
    shell.user_ns["field"] = np.ones((2, 3), dtype=np.float32)
    assert run(shell, cell) is None
    assert shell.user_ns["doubled"].dtype == np.float32 and shell.user_ns["doubled"].shape == (2, 3)
    assert shell.user_ns["typed"].inputs["field"] == (2, 3)
    # The same signature again comes from the compile cache.
    assert run(shell, cell) is None
    assert shell.user_ns["typed"].report["cached"] == "memory"
    shell.user_ns["field"] = np.array([True, False, True])
    assert run(shell, "%%arrayc\ninput field; out count = sum(field)  # a comment") is None
    assert shell.user_ns["count"] == 2


def test_an_untyped_input_without_a_variable_is_named(shell):
    shell.user_ns.pop("nowhere", None)
    error = run(shell, "%%arrayc\ninput nowhere\nout y = nowhere[0]")
    assert isinstance(error, arrayc.InputError)
    assert "no notebook variable named `nowhere`" in str(error)


def test_typed_cell_rewrites_only_untyped_declarations():
    from arrayc._magic import typed_cell

    namespace = {"a": np.zeros((2, 3)), "b": np.zeros(4, dtype=np.int64), "c": 1.5}
    cell = "input a\ninput b ; input c\ninput d: [2]\n# input a\nout y = a"
    assert typed_cell(cell, namespace) == (
        "input a: f64[2, 3]\ninput b: i64[4]; input c\ninput d: [2]\n# input a\nout y = a"
    )
