"""Dtypes through the Python package: float32 inputs read in place, other dtypes converted by
NumPy's `same_kind` rule or refused, outputs in their own dtype, bit for bit NumPy's."""
import numpy as np
import pytest

import arrayc

F32 = "input u: f32[2, 3]\ninput dt: f32\nout v = u + dt * (u * u - 1.5)\nout s = sum(u, 1)"


def numpy_result(u: np.ndarray, dt: np.float32) -> dict:
    return {"v": u + dt * (u * u - 1.5), "s": u.sum(axis=1)}


def test_declared_dtypes_are_reported():
    program = arrayc.compile(F32)
    assert program.inputs == {"u": (2, 3), "dt": ()}
    assert program.input_dtypes == {"u": np.dtype(np.float32), "dt": np.dtype(np.float32)}
    assert repr(program) == "<arrayc.Program inputs(u: f32[2, 3], dt: f32[]) outputs(v, s)>"


def test_float32_inputs_are_borrowed_and_outputs_are_float32_bit_for_bit():
    program = arrayc.compile(F32)
    u = (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) / np.float32(3)
    assert program._input_addresses(u=u) == [("u", u.ctypes.data)]
    result = program(u=u, dt=np.float32(0.25))
    expected = numpy_result(u, np.float32(0.25))
    for name in ["v", "s"]:
        assert result[name].dtype == np.float32, name
        assert result[name].tobytes() == expected[name].tobytes(), name


@pytest.mark.parametrize(
    "make",
    [
        lambda u: u.astype(np.float64),
        lambda u: u.astype(">f4"),
        lambda u: np.asfortranarray(u),
        lambda u: np.round(u * 4).astype(np.int64),
        lambda u: np.round(u * 4).astype(np.int16),
        lambda u: u > 0,
        lambda u: u.tolist(),
    ],
)
def test_other_inputs_convert_to_float32_as_astype_does(make):
    program = arrayc.compile(F32)
    u = (np.arange(6, dtype=np.float64).reshape(2, 3) - 2.5) / 3
    given = make(u)
    as_f32 = np.asarray(given).astype(np.float32)
    # A Python float and int convert as NumPy converts them too.
    for dt in [0.25, 1, np.float64(0.1)]:
        result = program(u=given, dt=dt)
        expected = numpy_result(as_f32, np.float32(dt))
        for name in ["v", "s"]:
            assert result[name].dtype == np.float32
            assert result[name].tobytes() == expected[name].tobytes(), (name, dt)


@pytest.mark.parametrize(
    "value, words",
    [
        (np.ones((2, 3), dtype=np.complex64), "dtype complex64, which does not convert to float32 (complex numbers"),
        (np.array([["a"] * 3] * 2), "which does not convert to float32 (strings are not numbers)"),
    ],
)
def test_inputs_same_kind_refuses_are_input_errors(value, words):
    program = arrayc.compile(F32)
    with pytest.raises(arrayc.InputError) as caught:
        program(u=value, dt=0.5)
    assert words in str(caught.value)


def test_float64_programs_still_give_float64():
    program = arrayc.compile("input a: [3]\nout b = a * 2")
    result = program(a=np.array([1, 2, 3], dtype=np.float32))
    assert result["b"].dtype == np.float64
    np.testing.assert_array_equal(result["b"], [2.0, 4.0, 6.0])
    assert repr(program) == "<arrayc.Program inputs(a: [3]) outputs(b)>"


MASK = "input m: bool[4]\ninput x: [4]\nout y = where(m, x, 0.0)\nout n = x > 1\nout c = sum(m)"


def test_bool_inputs_are_borrowed_and_outputs_keep_numpys_dtypes():
    program = arrayc.compile(MASK)
    assert program.input_dtypes["m"] == np.dtype(bool)
    m = np.array([True, False, True, True])
    x = np.array([0.5, 2.0, 3.0, -1.0])
    assert program._input_addresses(m=m) == [("m", m.ctypes.data)]
    result = program(m=m, x=x)
    expected = {"y": np.where(m, x, 0.0), "n": x > 1, "c": np.sum(m)}
    for name, value in expected.items():
        assert result[name].dtype == value.dtype, name
        np.testing.assert_array_equal(result[name], value, err_msg=name)
    # Python bools convert; integers are no bools under `same_kind`.
    listed = program(m=[True, False, True, True], x=x)
    np.testing.assert_array_equal(listed["y"], expected["y"])
    with pytest.raises(arrayc.InputError) as caught:
        program(m=np.array([1, 0, 1, 1]), x=x)
    assert "has dtype int64, which does not convert to bool" in str(caught.value)


def test_bool_bytes_other_than_0_and_1_are_true_as_in_numpy():
    program = arrayc.compile(MASK)
    m = np.array([2, 0, 255, 1], dtype=np.uint8).view(bool)
    x = np.array([0.5, 2.0, 3.0, -1.0])
    # Not borrowed: such bytes are no Rust bool; a normalised copy is read instead.
    assert program._input_addresses(m=m) != [("m", m.ctypes.data)]
    result = program(m=m, x=x)
    np.testing.assert_array_equal(result["y"], [0.5, 0.0, 3.0, -1.0])
    assert result["c"] == 3


INTS = "input k: i64[5]\ninput n: i64\nout a = k * n + k // n\nout b = k % n"


def test_int64_inputs_are_borrowed_and_outputs_are_int64_as_numpy_computes_them():
    program = arrayc.compile(INTS)
    assert program.input_dtypes == {"k": np.dtype(np.int64), "n": np.dtype(np.int64)}
    k = np.array([1, -7, 2**62, 5, -(2**63)], dtype=np.int64)
    assert program._input_addresses(k=k) == [("k", k.ctypes.data)]
    for n in [3, -3, np.int64(7), True]:
        result = program(k=k, n=n)
        m = np.int64(n)
        for name, expected in [("a", k * m + k // m), ("b", k % m)]:
            assert result[name].dtype == np.int64, name
            np.testing.assert_array_equal(result[name], expected, err_msg=f"{name} n={n}")


def test_integer_and_bool_arrays_convert_to_int64_and_floats_are_refused():
    program = arrayc.compile(INTS)
    small = np.array([1, -7, 300, 5, -32768], dtype=">i2")
    result = program(k=small, n=3)
    wide = small.astype(np.int64)
    np.testing.assert_array_equal(result["a"], wide * 3 + wide // 3)
    np.testing.assert_array_equal(program(k=[True, False, True, True, False], n=2)["b"], [1, 0, 1, 1, 0])
    with pytest.raises(arrayc.InputError) as caught:
        program(k=np.ones(5), n=3)
    assert "has dtype float64, which does not convert to int64" in str(caught.value)
    with pytest.raises(arrayc.InputError) as caught:
        program(k=np.ones(5, dtype=np.int64), n=2.5)
    assert "input `n` is declared i64 (int64), but the value given is float64" in str(caught.value)
    with pytest.raises(arrayc.InputError) as caught:
        program(k=np.ones(5, dtype=np.int64), n=2**70)
    assert "input `n` is an integer too large for int64" in str(caught.value)


def test_numpy_scalars_and_0d_arrays_are_inputs():
    # NumPy scalars (`np.True_`, `np.float32(1.5)`, `np.int64(3)`) and 0-d arrays, also a 0-d
    # bool view whose byte is neither 0 nor 1 (true, as NumPy reads it).
    flag = arrayc.compile("input m: bool\nout y = m")
    odd_byte = np.array(2, dtype=np.uint8).view(np.bool_)
    for value, expected in [(np.True_, True), (np.False_, False), (np.array(True), True), (odd_byte, True)]:
        result = flag(m=value)["y"]
        assert type(result) is np.bool_ and result == expected, value
    double = arrayc.compile("input x\nout y = x * 2")
    assert double(x=np.float32(1.5))["y"] == np.float64(3.0)
    assert double(x=np.int64(3))["y"] == np.float64(6.0)
    assert double(x=np.True_)["y"] == np.float64(2.0)
    count = arrayc.compile("input n: i64\nout y = n + 1")
    assert count(n=np.int64(3))["y"] == 4 and type(count(n=np.int64(3))["y"]) is np.int64
    single = arrayc.compile("input x: f32\nout y = x * 2")
    assert single(x=np.float32(1.5))["y"] == np.float32(3.0) and type(single(x=np.float32(1.5))["y"]) is np.float32
