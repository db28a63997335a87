"""The compile cache from Python: a second compile in one process comes from memory; with
`cache=` a fresh process reads the program from the directory (`arrayc.compile` and
`@arrayc.jit`) and gets NumPy's numbers; a damaged file is never trusted and is rewritten; a
directory that cannot be written is one warning, and the program still runs.

The fresh processes are child Pythons; the timeout only stops a hang.
"""
import json
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np

import arrayc
from conftest import EXAMPLES

HANG = 120  # seconds: only a hang (the bug) takes this long

ADVECT = (EXAMPLES / "advect.arr").read_text()

# Compiles advect with the cache in argv[1] and prints where the program came from, its
# output's bits (as a hash) and the compile report's total.
COMPILE = """
import hashlib, json, sys
import arrayc
program = arrayc.compile(sys.argv[2], cache=sys.argv[1], file_name="advect.arr")
density = program()["density"]
print(json.dumps({
    "cached": program.report["cached"],
    "bits": hashlib.sha256(density.tobytes()).hexdigest(),
    "total_us": program.report["timings_us"]["compile_total"],
}))
"""

# The seed study's function under `@arrayc.jit(cache=...)`.
JIT = """
import hashlib, json, sys
import numpy as np
import arrayc

@arrayc.jit(cache=sys.argv[1])
def advect(density, velocity, steps):
    for _ in range(steps):
        density = density - 0.1 * velocity * np.gradient(density, axis=0)
    return density

x = np.linspace(-4.0, 4.0, 64)[:, None] * np.ones((1, 32))
out = advect(np.exp(-x * x), np.full((64, 32), 0.5), 10)
print(json.dumps({
    "cached": advect.report["cached"],
    "bits": hashlib.sha256(out.tobytes()).hexdigest(),
    "numpy": hashlib.sha256(advect.py_func(np.exp(-x * x), np.full((64, 32), 0.5), 10).tobytes()).hexdigest(),
}))
"""


def fresh(script, *args, env=None, directory=None):
    """Runs `script` in a fresh Python with `args` (from a file in `directory` when given:
    `arrayc.jit` reads a function's source from its file); gives its JSON line."""
    if directory is None:
        command = ["-c", textwrap.dedent(script)]
    else:
        path = directory / "script.py"
        path.write_text(textwrap.dedent(script))
        command = [str(path)]
    done = subprocess.run(
        [sys.executable, *command, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=HANG,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def cache_files(directory):
    return sorted(p for p in directory.iterdir() if p.suffix == ".arrayc")


def test_a_second_compile_in_the_process_comes_from_memory():
    source = "input a: [3]\nout b = a * 2 + 0.125"
    first = arrayc.compile(source)
    second = arrayc.compile(source)
    assert first.report["cached"] in (None, "memory")  # an earlier test may have compiled it
    assert second.report["cached"] == "memory"
    assert "cached" in repr(second.report)
    a = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(second(a=a)["b"], a * 2 + 0.125)
    other = arrayc.compile(source, params={})
    assert other.report["cached"] == "memory"
    assert arrayc.compile(source, max_unroll=999).report["cached"] is None


def test_a_fresh_process_reads_the_program_from_the_cache_directory(tmp_path):
    first, _ = fresh(COMPILE, tmp_path, ADVECT)
    assert first["cached"] is None
    assert len(cache_files(tmp_path)) == 1
    second, _ = fresh(COMPILE, tmp_path, ADVECT)
    assert second["cached"] == "disk"
    assert second["bits"] == first["bits"]
    # Nothing is written without `cache`.
    plain = arrayc.compile(ADVECT + "\n", file_name="advect.arr")
    assert plain.report["cached"] is None
    assert len(cache_files(tmp_path)) == 1


def test_a_jitted_function_with_cache_is_read_back_in_a_fresh_process(tmp_path):
    cache = tmp_path / "cache"
    first, _ = fresh(JIT, cache, directory=tmp_path)
    assert first["cached"] is None
    assert first["bits"] == first["numpy"]
    assert len(cache_files(cache)) == 1
    second, _ = fresh(JIT, cache, directory=tmp_path)
    assert second["cached"] == "disk"
    assert second["bits"] == first["numpy"]


def test_cache_true_uses_arrayc_cache_dir(tmp_path):
    script = COMPILE.replace("cache=sys.argv[1]", "cache=True")
    env = dict(os.environ, ARRAYC_CACHE_DIR=str(tmp_path / "from-env"))
    fresh(script, "unused", ADVECT, env=env)
    second, _ = fresh(script, "unused", ADVECT, env=env)
    assert second["cached"] == "disk"
    assert len(cache_files(tmp_path / "from-env")) == 1


def test_a_damaged_file_is_ignored_and_rewritten(tmp_path):
    expected, _ = fresh(COMPILE, tmp_path, ADVECT)
    [path] = cache_files(tmp_path)
    whole = path.read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 0x01
    for damage, data in [
        ("a flipped bit", bytes(flipped)),
        ("truncated", whole[: len(whole) // 3]),
        ("empty", b""),
    ]:
        path.write_bytes(data)
        again, _ = fresh(COMPILE, tmp_path, ADVECT)
        assert again["cached"] is None, damage
        assert again["bits"] == expected["bits"], damage
        assert path.read_bytes() != data, f"{damage}: not rewritten"
        reread, _ = fresh(COMPILE, tmp_path, ADVECT)
        assert reread["cached"] == "disk", damage


def test_a_directory_that_cannot_be_written_is_one_warning(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = arrayc.compile("input a: [2]\nout b = a + 1", cache=blocked)
        second = arrayc.compile("input a: [2]\nout b = a + 2", cache=blocked)
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1, messages
    assert "cannot write the compile cache" in messages[0] and "a-file" in messages[0]
    np.testing.assert_array_equal(first(a=np.ones(2))["b"], [2.0, 2.0])
    np.testing.assert_array_equal(second(a=np.ones(2))["b"], [3.0, 3.0])


def test_cache_refuses_a_value_that_is_no_directory():
    try:
        arrayc.compile("out y = 1", cache=3)
    except TypeError as error:
        assert "cache must be True, False or a directory" in str(error)
    else:
        raise AssertionError("cache=3 was accepted")
