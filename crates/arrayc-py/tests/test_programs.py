"""Every example and run test, compiled and run from Python, against its NumPy equivalent.

The expected values are computed here by the NumPy functions in tests/fixtures (the ones
that made the committed .npy fixtures), or read from those fixtures where they exist (a
float32 `dot` depends on the BLAS NumPy was built with); inputs (`in.NAME` keys) are passed
as NumPy arrays; what the NumPy function prints is what the program must print to
`sys.stdout`. Each output must have NumPy's dtype.
"""
import contextlib
import io

import numpy as np
import pytest

import arrayc
from conftest import DATA, EXAMPLES

import programs


def source_paths():
    for (folder, name), make in sorted(programs.FIXTURES.items()):
        fixtures = DATA / folder / name
        if folder == "examples":
            yield pytest.param(EXAMPLES / f"{name}.arr", make, fixtures, id=f"examples/{name}")
            looped = EXAMPLES / f"{name}_loop.arr"
            if looped.exists():
                yield pytest.param(looped, make, fixtures, id=f"examples/{name}_loop")
        else:
            yield pytest.param(DATA / folder / f"{name}.arr", make, fixtures, id=f"{folder}/{name}")


TOLERANCES = ("exact", "arithmetic", "transcendental", "float32")


def tolerance_of(source):
    """The `# tolerance:` line's value (default arithmetic). Any other value, or a second
    `# tolerance:` line, is an error, as in the Rust tests (`tests/src/lib.rs`): a typo must
    not loosen a test."""
    found = None
    for line in source.splitlines():
        line = line.strip()
        if line.startswith("# tolerance:"):
            value = line.split(":", 1)[1].strip()
            if value not in TOLERANCES:
                raise ValueError(f"unknown `# tolerance: {value}` ({', '.join(TOLERANCES)})")
            if found is not None:
                raise ValueError("more than one `# tolerance:` line")
            found = value
    return found or "arithmetic"


def test_tolerance_lines():
    assert tolerance_of("out a = 1") == "arithmetic"
    assert tolerance_of("# tolerance: exact\nout a = 1") == "exact"
    assert tolerance_of("  # tolerance: transcendental") == "transcendental"
    for bad in ("# tolerance: exactly", "# tolerance:", "# tolerance: exact\n# tolerance: arithmetic"):
        with pytest.raises(ValueError):
            tolerance_of(bad)


def assert_matches(name, actual, expected, tolerance):
    expected = np.asarray(expected)
    # A 0-d output is a NumPy scalar, as NumPy's reductions give; every other an array.
    assert isinstance(actual, np.generic if expected.ndim == 0 else np.ndarray), name
    assert actual.dtype == expected.dtype, name
    assert actual.shape == expected.shape, name
    if tolerance == "exact" or expected.dtype.kind in "bi":
        assert np.array_equal(actual, expected, equal_nan=expected.dtype.kind == "f"), name
    elif tolerance == "float32":
        np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=0, equal_nan=True, err_msg=name)
    elif tolerance == "transcendental":
        np.testing.assert_allclose(actual, expected, rtol=1e-10, atol=1e-13, equal_nan=True, err_msg=name)
    elif tolerance == "arithmetic":
        np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=0, equal_nan=True, err_msg=name)
    else:
        raise ValueError(f"unknown tolerance {tolerance!r}")


@pytest.mark.parametrize("path, make, fixtures", list(source_paths()))
def test_program_matches_numpy(path, make, fixtures, capsys):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        expected = make()
    # Inputs in their NumPy dtypes (an int64 `steps` into an `i64` input), converted by the
    # program under same_kind casting where its input has another dtype.
    inputs = {key[3:]: np.asarray(value) for key, value in expected.items() if key.startswith("in.")}
    outputs = {key: value for key, value in expected.items() if not key.startswith("in.")}
    program = arrayc.compile_file(path)
    capsys.readouterr()
    result = program(**inputs)
    assert list(result) == [name for name in program.outputs]
    assert set(result) == set(outputs)
    tolerance = tolerance_of(path.read_text())
    for name, value in outputs.items():
        committed = fixtures.with_name(f"{fixtures.name}.{name}.npy")
        if committed.exists():
            value = np.load(committed)
        assert_matches(name, result[name], value, tolerance)
    assert capsys.readouterr().out == printed.getvalue()


def test_every_example_is_covered():
    covered = {p.values[0].name for p in source_paths() if p.values[0].parent == EXAMPLES}
    assert covered == {path.name for path in EXAMPLES.glob("*.arr")}
