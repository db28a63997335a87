"""`arrayc.jit`: NumPy functions compiled on their first call, checked against the same
functions run by NumPy (`f.py_func`): signatures and the cache, writes into the caller's
arrays, aliasing between arguments, globals, nested calls, errors at the function's real
lines, threads, and memory over many calls."""
import inspect
import linecache
import sys
import threading

import numpy as np
import pytest

import arrayc
from test_threads import StartSignal, interrupt_once_started, python_sigint  # noqa: F401

ALPHA = 0.2
SCALE = 3
WEIGHTS = np.array([1.0, 2.0, 3.0])


def laplacian(a):
    return a[2:] - 2 * a[1:-1] + a[:-2]


@arrayc.jit
def diffuse(u, steps):
    for n in range(steps):
        u[1:-1] = u[1:-1] + ALPHA * laplacian(u)
    return u.max()


@arrayc.jit
def fresh(n, scale):
    x = np.linspace(0, 1, n)
    return x * scale, x.sum()


@arrayc.jit
def increment(u):
    u += 1
    return u


@arrayc.jit
def first_plus_second(a, b):
    a += 1
    return b.sum()


@arrayc.jit
def scaled(u):
    return u * SCALE


@arrayc.jit
def weigh(u):
    WEIGHTS[0] = WEIGHTS[0] + 1
    return u * WEIGHTS


@arrayc.jit
def outer_jitted(u):
    return scaled(u) + laplacian(u).sum()


@arrayc.jit
def unrolled(u):
    for i in arrayc.unroll(range(3)):
        u = u * 2
    return u


@arrayc.jit
def rebinds(u, steps):
    for n in range(steps):
        u = u + 1
    return u


@arrayc.jit
def swaps(u, steps):
    un = np.empty_like(u)
    for n in range(steps):
        un[:] = u + 1
        u, un = un, u
    return u


@arrayc.jit
def ping_pong(u, un, steps):
    for n in range(steps):
        un[1:-1] = 0.5 * u[1:-1] + 0.25 * (u[:-2] + u[2:])
        un[0] = n
        u, un = un, u
    return u


@arrayc.jit
def rebinds_to_a_new_array(u, steps):
    for n in range(steps):
        u_new = np.empty_like(u)
        u_new[:] = u * 0.5 + n
        u = u_new
    return u


@arrayc.jit
def write_then_print(u, v):
    u[0] = 7.0
    v[0] = 5.0
    print(u[1])
    u[1] = 8.0


@arrayc.jit
def loads_a_file(a):
    x = np.load("x.npy")
    return x + a


@arrayc.jit
def saves_files(u):
    v = u * 2
    np.save("first.npy", v)
    np.save("out/second.npy", v + 1)
    return v


@arrayc.jit(threads=1)
def ends_on_a_closing_bracket(u):
    return np.maximum(
        u,
        1.0,
    )


def add_three(a, b, c):
    return a + b + c


@arrayc.jit
def count_up(u, n):
    print(1)
    for i in range(n):
        u += 1


@arrayc.jit
def undefined(u):
    return u + not_defined_anywhere  # noqa: F821


def test_results_match_numpy_and_writes_reach_the_caller():
    u = np.linspace(0, 1, 32) ** 2
    expected_u = u.copy()
    expected = diffuse.py_func(expected_u, 7)
    got = diffuse(u, 7)
    assert got == expected
    assert isinstance(got, np.float64)
    assert np.array_equal(u, expected_u)


def test_signatures_and_cache_hits():
    f = arrayc.jit(diffuse.py_func)
    u = np.ones(16)
    f(u, 3)
    f(np.ones(16), 3)
    assert len(f.signatures) == 1
    f(np.ones(16), 4)  # an int is compiled in by value
    f(np.ones(8), 3)  # another shape
    f(np.ones(8, dtype=np.float32), 3)  # another dtype
    assert len(f.signatures) == 4
    assert f.signatures[0][:2] == (("array", (16,), "float64"), ("int", 3))
    report = f.report
    assert report["scopes"][0]["kind"] == "loop"
    assert report["scopes"][0]["line"] == inspect.getsourcelines(diffuse.py_func)[1] + 2
    assert "loop" in f.ir


def test_inspect_compiles_without_running():
    f = arrayc.jit(diffuse.py_func)
    u = np.ones(5)
    program = f.inspect(u, 2)
    assert np.array_equal(u, np.ones(5))
    assert len(f.signatures) == 1
    assert "u" in program.inputs
    assert isinstance(program, arrayc.Program)
    assert program.report["ir_ops"] > 0
    f(u, 2)
    assert len(f.signatures) == 1


def test_tuples_scalars_and_new_arrays():
    x, total = fresh(5, 2.0)
    ex, etotal = fresh.py_func(5, 2.0)
    assert np.array_equal(x, ex)
    assert total == etotal and isinstance(total, np.floating)


def test_a_returned_argument_is_the_callers_object():
    u = np.zeros(3)
    out = increment(u)
    assert out is u
    assert np.array_equal(u, np.ones(3))


def test_float32_keeps_its_dtype():
    u = np.linspace(0, 1, 9, dtype=np.float32)
    expected_u = u.copy()
    expected = diffuse.py_func(expected_u, 2)
    got = diffuse(u, 2)
    assert u.dtype == np.float32
    assert np.array_equal(u, expected_u)
    assert got == expected


def test_a_strided_argument_is_written_back():
    base = np.arange(12, dtype=np.float64)
    expected = base.copy()
    increment.py_func(expected[::2])
    increment(base[::2])
    assert np.array_equal(base, expected)


def test_the_same_array_twice_gives_numpys_result():
    a = np.arange(4.0)
    expected_a = a.copy()
    expected = first_plus_second.py_func(expected_a, expected_a)
    got = first_plus_second(a, a)
    assert got == expected
    assert np.array_equal(a, expected_a)


def test_overlapping_views_are_refused():
    a = np.arange(6.0)
    with pytest.raises(arrayc.InputError, match="share memory"):
        first_plus_second(a[1:], a[:-1])
    assert np.array_equal(a, np.arange(6.0))


def test_module_numbers_are_constants_of_the_signature():
    global SCALE
    u = np.arange(3.0)
    assert np.array_equal(scaled(u), u * 3)
    SCALE = 5
    try:
        assert np.array_equal(scaled(u), u * 5)
        assert len(scaled.signatures) == 2
    finally:
        SCALE = 3


def test_a_global_array_is_read_and_written():
    global WEIGHTS
    saved = WEIGHTS.copy()
    try:
        u = np.ones(3)
        expected_weights = saved.copy()
        expected_weights[0] += 1
        got = weigh(u)
        assert np.array_equal(WEIGHTS, expected_weights)
        assert np.array_equal(got, u * expected_weights)
    finally:
        WEIGHTS[:] = saved


def test_nested_calls_inline_jitted_and_plain_functions():
    u = np.linspace(0, 1, 6) ** 3
    assert np.array_equal(outer_jitted(u), outer_jitted.py_func(u))


def test_unroll_is_a_no_op_in_python_and_a_for_when_compiled():
    assert arrayc.unroll(range(3)) == range(3)
    u = np.arange(4.0)
    assert np.array_equal(unrolled(u), unrolled.py_func(u))
    assert unrolled.report["scopes"][0]["kind"] == "for"


def test_a_rebound_argument_leaves_the_callers_array():
    u = np.zeros(4)
    out = rebinds(u, 3)
    assert np.array_equal(out, np.full(4, 3.0))
    assert np.array_equal(u, np.zeros(4))


def test_errors_point_at_the_functions_real_line():
    with pytest.raises(arrayc.CompileError) as raised:
        undefined(np.ones(2))
    line = inspect.getsourcelines(undefined.py_func)[1] + 2
    assert raised.value.line == line
    assert f"{__file__}:{line}:" in str(raised.value)
    assert "not_defined_anywhere" in str(raised.value)


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 6])
def test_swapped_arguments_leave_numpys_arrays_with_the_caller(steps):
    # The function's `u, un = un, u` rebinds its own names: the caller's arrays keep their
    # identity and hold what the writes through them left, whichever the trip count.
    u = np.linspace(0.0, 1.0, 9) ** 2
    un = np.zeros(9)
    expected_u, expected_un = u.copy(), un.copy()
    expected = ping_pong.py_func(expected_u, expected_un, steps)
    got = ping_pong(u, un, steps)
    assert np.array_equal(got, expected)
    assert np.array_equal(u, expected_u)
    assert np.array_equal(un, expected_un)
    one = np.ones(3)
    expected_one = one.copy()
    assert np.array_equal(swaps(one, steps), swaps.py_func(expected_one, steps))
    assert np.array_equal(one, expected_one)


@pytest.mark.parametrize("steps", [0, 1, 4])
def test_a_parameter_rebound_to_new_arrays_leaves_the_callers_array(steps):
    u = np.arange(5.0)
    expected = rebinds_to_a_new_array.py_func(u.copy(), steps)
    got = rebinds_to_a_new_array(u, steps)
    assert np.array_equal(got, expected)
    assert np.array_equal(u, np.arange(5.0))


def test_unsupported_arguments_are_input_errors():
    with pytest.raises(arrayc.InputError, match="dtype complex128"):
        increment(np.ones(2, dtype=complex))
    with pytest.raises(arrayc.InputError, match="is a str"):
        increment("text")
    with pytest.raises(TypeError):
        arrayc.jit(len)


def test_functions_from_exec_with_source_in_linecache():
    source = "import numpy as np\n\ndef double(a):\n    return 2 * a + np.pi\n"
    name = "<cell-arrayc-test>"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    namespace = {}
    exec(compile(source, name, "exec"), namespace)
    f = arrayc.jit(namespace["double"])
    assert np.array_equal(f(np.ones(2)), 2 * np.ones(2) + np.pi)


def test_source_not_found_is_an_arrayc_error():
    namespace = {}
    exec("def g(a):\n    return a\n", namespace)
    with pytest.raises(arrayc.Error, match="cannot find the source"):
        arrayc.jit(namespace["g"])(np.ones(2))


def test_threads_calling_one_jitted_function():
    f = arrayc.jit(diffuse.py_func)
    errors = []

    def work(seed):
        try:
            for k in range(20):
                u = np.random.default_rng(seed + k).random(64)
                expected_u = u.copy()
                expected = f.py_func(expected_u, 5)
                if f(u, 5) != expected or not np.array_equal(u, expected_u):
                    errors.append(seed)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(100 * t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(f.signatures) == 1


def _resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def test_many_calls_do_not_grow_memory():
    u = np.ones(1000)
    a, b, c = np.ones(100), np.ones(100), np.ones(100)
    add = arrayc.jit(add_three)
    for _ in range(2000):
        increment(u)
        add(a, b, c)
    before = _resident_bytes()
    for _ in range(100_000):
        increment(u)
        add(a, b, c)
    grown = _resident_bytes() - before
    # 100,000 calls that each kept even 100 bytes would grow by 10 MB.
    assert grown < 4 << 20, grown
    assert u[0] == 102001.0
    assert np.array_equal(add(a, b, c), np.full(100, 3.0))


def test_ctrl_c_stops_a_long_jitted_call(python_sigint):
    u = np.zeros(64)
    stopped = interrupt_once_started(lambda: count_up(u, 10**12), StartSignal())
    line = inspect.getsourcelines(count_up.py_func)[1] + 3
    assert "interrupted" in str(stopped) and f"test_jit.py:{line}:" in str(stopped), str(stopped)
    # As NumPy would leave it: the caller's array holds the iterations done before Ctrl-C.
    assert u.min() == u.max() > 0


class _FirstElements:
    """A `sys.stdout` that records, at each write, the first element of each array given:
    what the caller's arrays hold while the jitted function runs."""

    def __init__(self, arrays):
        self.arrays = arrays
        self.seen = []

    def write(self, text):
        self.seen.append([float(a[0]) for a in self.arrays])
        return len(text)

    def flush(self):
        pass


def test_a_contiguous_written_argument_is_written_in_place():
    u = np.zeros(4)
    strided = np.zeros((4, 2))[:, 0]
    spy = _FirstElements([u, strided])
    saved, sys.stdout = sys.stdout, spy
    try:
        write_then_print(u, strided)
    finally:
        sys.stdout = saved
    # While the function ran (at its print), the contiguous array already held the write
    # before it; the strided one gets its contents copied back when the call ends.
    assert spy.seen == [[7.0, 0.0]]
    assert np.array_equal(u, [7.0, 8.0, 0.0, 0.0])
    assert np.array_equal(strided, [5.0, 0.0, 0.0, 0.0])


def test_a_cached_signature_runs_no_python_code_of_the_layer():
    f = arrayc.jit(diffuse.py_func)
    u = np.linspace(0, 1, 16)
    f(u, 3)
    assert f._cached_keys() == 1

    def no_python(*args, **kwargs):
        raise AssertionError("the Python layer was called for a cached signature")

    f._compile = f._call = f._prepare = no_python
    expected_u = u.copy()
    expected = diffuse.py_func(expected_u, 3)
    assert f(u, 3) == expected
    assert np.array_equal(u, expected_u)
    with pytest.raises(AssertionError, match="Python layer"):
        f(u, 4)  # a new int value is a new signature


def test_defaults_are_bound_as_python_binds_them():
    def scaled_by(u, factor=2.0, times=3):
        return u * factor * times

    f = arrayc.jit(scaled_by)
    u = np.arange(4.0)
    assert np.array_equal(f(u), scaled_by(u))
    assert np.array_equal(f(u, 0.5), scaled_by(u, 0.5))
    assert np.array_equal(f(u, 0.5, 4), scaled_by(u, 0.5, 4))
    # Floats are keyed by type, ints by value: (u, float, 3) twice, then (u, float, 4).
    assert f._cached_keys() == 2
    with pytest.raises(TypeError):
        f()


def test_keyword_arguments_take_the_python_path():
    f = arrayc.jit(diffuse.py_func)
    u = np.linspace(0, 1, 16)
    expected_u = u.copy()
    expected = diffuse.py_func(expected_u, steps=2)
    assert f(u, steps=2) == expected
    assert np.array_equal(u, expected_u)
    assert f._cached_keys() == 0


def test_aliasing_is_checked_on_every_call_of_a_cached_signature():
    f = arrayc.jit(first_plus_second.py_func)
    a, b = np.arange(5.0), np.arange(5.0)
    f(a, b)
    base = np.arange(6.0)
    with pytest.raises(arrayc.InputError, match="`a` and `b` share memory"):
        f(base[1:], base[:-1])
    assert np.array_equal(base, np.arange(6.0))
    same = np.arange(5.0)
    expected_same = same.copy()
    expected = f.py_func(expected_same, expected_same)
    assert f(same, same) == expected
    assert np.array_equal(same, expected_same)
    assert len(f.signatures) == 2


def test_a_read_only_written_argument_is_refused_as_numpy_refuses_it():
    u = np.zeros(3)
    u.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        increment(u)
    assert np.array_equal(u, np.zeros(3))


def test_scalar_arguments_of_numpy_types():
    f = arrayc.jit(fresh.py_func)
    for n, scale in [(4, 2.0), (np.int32(4), np.float32(2.0)), (np.int64(4), True)]:
        x, total = f(n, scale)
        ex, etotal = f.py_func(n, scale)
        assert np.array_equal(x, ex) and x.dtype == ex.dtype
        assert total == etotal


def test_a_global_array_reshaped_in_place_is_a_new_signature():
    global WEIGHTS
    saved = WEIGHTS
    try:
        WEIGHTS = np.array([1.0, 2.0, 3.0])
        u = np.ones(3)
        weigh(u)
        WEIGHTS.shape = (3, 1)
        expected_weights = WEIGHTS.copy()
        expected_weights[0] += 1
        got = weigh(u)
        assert np.array_equal(got, u * expected_weights) and got.shape == (3, 3)
        assert np.array_equal(WEIGHTS, expected_weights)
    finally:
        WEIGHTS = saved


def test_np_load_reads_the_file_at_each_call_from_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    np.save("x.npy", np.arange(5.0))
    assert np.array_equal(loads_a_file(np.ones(5)), np.arange(5.0) + 1)
    np.save("x.npy", np.arange(5.0) * 2)
    assert np.array_equal(loads_a_file(np.ones(5)), np.arange(5.0) * 2 + 1)
    assert len(loads_a_file.signatures) == 1
    np.save("x.npy", np.arange(3, dtype=np.int64))
    got = loads_a_file(np.ones(3))
    expected = loads_a_file.py_func(np.ones(3))
    assert np.array_equal(got, expected) and got.dtype == expected.dtype
    assert len(loads_a_file.signatures) == 2
    (tmp_path / "x.npy").unlink()
    with pytest.raises(FileNotFoundError):
        loads_a_file(np.ones(3))


def test_np_save_writes_the_files_the_function_names(tmp_path, monkeypatch):
    # Relative to the working directory at the call, directories included, as NumPy
    # writes them (a file in `out/` was once written as `second.npy` beside the first).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    u = np.arange(4.0)
    assert np.array_equal(saves_files(u), u * 2)
    assert np.array_equal(np.load(tmp_path / "first.npy"), u * 2)
    assert np.array_equal(np.load(tmp_path / "out" / "second.npy"), u * 2 + 1)
    assert not (tmp_path / "second.npy").exists()


def test_clif_and_asm_of_the_last_signature():
    f = arrayc.jit(scaled.py_func)
    with pytest.raises(ValueError, match="not been compiled"):
        f.clif
    f(np.ones(3))
    assert "function" in f.clif and "block0" in f.clif
    assert "ret" in f.asm
    assert f.clif is not None and len(f.signatures) == 1


@pytest.mark.skipif(sys.version_info < (3, 11), reason="instruction positions are 3.11+")
def test_the_source_is_cut_from_the_file_without_tokenizing(monkeypatch):
    for function in (ends_on_a_closing_bracket.py_func, diffuse.py_func, laplacian):
        lines, first = inspect.getsourcelines(function)
        assert arrayc._jit._source_lines(function) == (lines, first)

    def no_tokenizing(function):
        raise AssertionError("inspect.getsourcelines tokenizes the file")

    monkeypatch.setattr(inspect, "getsourcelines", no_tokenizing)
    f = arrayc.jit(ends_on_a_closing_bracket.py_func)
    u = np.arange(3.0)
    assert np.array_equal(f(u), np.maximum(u, 1.0))
