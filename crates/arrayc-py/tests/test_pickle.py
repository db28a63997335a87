"""Pickling programs and jitted functions: they travel as source and options, are compiled
again where they are unpickled (once per process), and give the same bits there."""
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

import arrayc
from arrayc import _pickle

HEAT = """
param n = 8
param alpha = 0.2
input u: [n]
var v = u
v[1:-1] = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
out v
"""

alpha = 0.25
offset = 3


def second_difference(a):
    return a[2:] - 2 * a[1:-1] + a[:-2]


@arrayc.jit
def smooth(u):
    v = u.copy()
    v[1:-1] = u[1:-1] + alpha * second_difference(u) + offset * 0.0
    return v


def smooth_numpy(u):
    v = u.copy()
    v[1:-1] = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2]) + offset * 0.0
    return v


def test_a_program_round_trips_as_its_source_and_options():
    program = arrayc.compile(HEAT, params={"n": 5, "alpha": 0.5}, threads=1, max_unroll=1000)
    data = pickle.dumps(program)
    # Text travels, no machine code: the pickle is about the size of the source.
    assert len(data) < len(HEAT) + 400
    assert b"alpha" in data
    copy = pickle.loads(data)
    assert isinstance(copy, arrayc.Program)
    assert copy.inputs == {"u": (5,)}
    u = np.linspace(0.0, 1.0, 5) ** 2
    expected = u.copy()
    expected[1:-1] = u[1:-1] + 0.5 * (u[2:] - 2 * u[1:-1] + u[:-2])
    assert copy(u=u)["v"].tobytes() == expected.tobytes()
    assert copy(u=u)["v"].tobytes() == program(u=u)["v"].tobytes()


def test_unpickling_compiles_once_per_process():
    program = arrayc.compile(HEAT, params={"n": 6})
    data = pickle.dumps(program)
    first = pickle.loads(data)
    assert pickle.loads(data) is first
    # Other options are another program.
    other = pickle.loads(pickle.dumps(arrayc.compile(HEAT, params={"n": 7})))
    assert other is not first and other.inputs == {"u": (7,)}


def test_a_program_of_compile_file_keeps_its_file_name(tmp_path):
    path = tmp_path / "heat.arr"
    path.write_text(HEAT + "out bad = v[n + 5]\n")
    with pytest.raises(arrayc.CompileError):
        arrayc.compile_file(path)
    path.write_text(HEAT)
    program = arrayc.compile_file(path, params={"n": 4})
    copy = pickle.loads(pickle.dumps(program))
    assert copy.inputs == {"u": (4,)}
    assert _pickle.source_recipe(copy)[6] == str(path)


def test_a_pickle_of_another_format_is_refused_naming_the_versions():
    data = pickle.dumps(arrayc.compile(HEAT))
    # The format number is pickled as a small int right after the rebuild function.
    changed = data.replace(b"K\x01", b"K\x07", 1)
    assert changed != data
    with pytest.raises(ValueError, match=r"pickle format 7; arrayc 0\.1\.0 reads format 1"):
        pickle.loads(changed)


def test_a_pickle_of_another_version_is_compiled_again():
    program = arrayc.compile(HEAT, params={"n": 3})
    reduced = program.__reduce__()
    rebuild, (format_number, version, recipe) = reduced
    copy = rebuild(format_number, "0.0.1", recipe)
    assert copy.inputs == {"u": (3,)}
    broken = recipe[:1] + ("input u: [3]\nout v = u * nothing\n",) + recipe[2:]
    with pytest.raises(arrayc.Error, match="pickled by arrayc 0.0.1 does not compile with"):
        rebuild(format_number, "0.0.1", broken)


def test_a_jitted_function_round_trips_with_its_callees_and_globals():
    u = np.linspace(0.0, 1.0, 12) ** 3
    copy = pickle.loads(pickle.dumps(smooth))
    assert isinstance(copy, arrayc.JitFunction)
    assert copy is not smooth
    assert copy.signatures == []
    assert copy(u).tobytes() == smooth_numpy(u).tobytes()
    # The plain function travels too (decorators dropped), and its globals' values.
    assert copy.py_func(u).tobytes() == smooth_numpy(u).tobytes()
    assert copy.py_func.__qualname__ == "smooth"
    assert pickle.loads(pickle.dumps(smooth)) is copy


def test_a_program_made_by_jit_pickles_as_its_signature():
    u = np.linspace(0.0, 1.0, 9)
    program = smooth.inspect(u)
    copy = pickle.loads(pickle.dumps(program))
    assert copy.inputs == {"u": (9,)}
    assert copy(u=u)["return"].tobytes() == smooth_numpy(u).tobytes()


def test_a_fresh_process_unpickles_and_runs_with_the_same_bits(tmp_path):
    u = np.random.default_rng(1).random(10)
    program = arrayc.compile(HEAT, params={"n": 10})
    (tmp_path / "things.pickle").write_bytes(pickle.dumps((program, smooth, u)))
    child = f"""
import pickle, sys
program, smooth, u = pickle.loads(open(sys.argv[1], "rb").read())
print(program(u=u)["v"].tobytes().hex())
print(smooth(u).tobytes().hex())
print(len(smooth.signatures))
"""
    # The child has neither this test module nor its directory: the pickle is self-contained.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", child, str(tmp_path / "things.pickle")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out[0] == program(u=u)["v"].tobytes().hex()
    assert out[1] == smooth_numpy(u).tobytes().hex()
    assert out[2] == "1"
