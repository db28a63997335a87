"""arrayc: compile a tiny array language to native code, from Python.

>>> import arrayc, numpy
>>> program = arrayc.compile("input a: [3]\\nout b = a * 2")
>>> program(a=numpy.ones(3))["b"]
array([2., 2., 2.])

`compile` and `compile_file` give a `Program`; calling it (or `Program.run`) with the
program's inputs by name gives a `Result`, a mapping from output names to NumPy arrays with
the run time as `.run_us`. `Program.report` is the compile-cost report, `Program.ir`,
`.clif` and `.asm` the code at each level. Programs and jitted functions pickle as text
(compiled again where they are unpickled); `arrayc.sweep` runs a program over a grid of
params (on a Dask cluster with `client=`) and `arrayc.dask.map_overlap` steps it over a
chunked `dask.array`. Errors are `arrayc.Error` subclasses whose
`str()` shows the source line with carets. In IPython or Jupyter, `%load_ext arrayc`
enables the `%%arrayc` cell magic.

This layer is thin: compiling and running happen in the extension module `arrayc._arrayc`
with the GIL released.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Optional, Union

from . import _arrayc, _cache
from ._arrayc import CompileError, Error, InputError, Result, RunError
from ._jit import JitFunction, jit, unroll
from ._report import Report
from ._sweep import SweepRow, sweep

__all__ = [
    "jit",
    "unroll",
    "JitFunction",
    "compile",
    "compile_file",
    "Program",
    "Result",
    "Report",
    "Error",
    "CompileError",
    "InputError",
    "RunError",
    "sweep",
    "SweepRow",
]

__version__ = "0.1.0"

Mapping.register(Result)


class Program(_arrayc.Program):
    """A compiled arrayc program.

    Call it, or its `run` method, with the declared inputs as keyword arguments (NumPy
    arrays or Python numbers); it returns a `Result`. One program may run any number of
    times, from several Python threads at once: the GIL is released while it runs, and
    Ctrl-C stops a long run at its next `loop` iteration with `KeyboardInterrupt`.

    Attributes: `report` (the compile report, a dict), `inputs` (name to shape),
    `input_dtypes` (name to `numpy.dtype`), `outputs` (names), `ir`, `clif`, `asm` (code
    listings; `clif` and `asm` of a compile with `listings=True`), `source`. Outputs come back in their own dtypes.
    """

    __slots__ = ()

    # `run` itself, so that `inspect.signature` shows `(**inputs)` and a call costs no
    # Python frame.
    __call__ = _arrayc.Program.run

    @property
    def report(self) -> Report:
        """The compile-cost report: µs per phase, IR operations, code bytes, scopes."""
        return Report(self._report())

    def __repr__(self) -> str:
        spelling = {"float64": "", "float32": "f32", "int64": "i64", "bool": "bool"}
        dtypes = self.input_dtypes
        inputs = ", ".join(
            f"{name}: {spelling[dtypes[name].name]}{list(shape)}"
            for name, shape in self.inputs.items()
        )
        return f"<arrayc.Program inputs({inputs}) outputs({', '.join(self.outputs)})>"


def compile(
    source: str,
    *,
    params: Optional[Mapping[str, float]] = None,
    threads: Optional[int] = None,
    max_unroll: Optional[int] = None,
    max_memory: Optional[int] = None,
    file_name: Optional[str] = None,
    listings: bool = False,
    cache: _cache.CacheOption = False,
) -> Program:
    """Compiles arrayc source text to native code.

    params: overrides of the program's `param`s (as the CLI's `--set name=value`).
    threads: threads for large kernels (0 or None: one per core; 1: the caller's only).
    max_unroll: the most IR operations unrolling may grow the program to (default 1,000,000).
    max_memory: the most bytes of arrays the program may allocate (default 4 GiB).
    file_name: the name diagnostics give the source (default "<input>").
    listings: keep the Cranelift IR and the machine code of the one compile, for
    `Program.clif` and `Program.asm` (off by default: making them costs compile time).
    cache: also keep the compiled program on disk for later processes — True for
    `$ARRAYC_CACHE_DIR` or `~/.cache/arrayc`, or a directory (see docs/python.md). A
    program compiled before in this process with the same source and options is reused
    either way; `report["cached"]` says where a program came from.

    Raises `CompileError` for a program that does not compile and `InputError` for a bad
    parameter; the GIL is released while compiling.
    """
    program = Program(
        source,
        params=dict(params) if params is not None else None,
        threads=threads,
        max_unroll=max_unroll,
        max_memory=max_memory,
        file_name=file_name,
        listings=listings,
        cache_dir=_cache.directory(cache),
    )
    _cache.warn_if_noted(program._report())
    return program


def compile_file(
    path: Union[str, "os.PathLike[str]"],
    *,
    params: Optional[Mapping[str, float]] = None,
    threads: Optional[int] = None,
    max_unroll: Optional[int] = None,
    max_memory: Optional[int] = None,
    listings: bool = False,
    cache: _cache.CacheOption = False,
) -> Program:
    """Reads and compiles an `.arr` file, or a NumPy script (`.py`, as `arrayc run` does);
    diagnostics name the file. See `compile`.

    A file that is not UTF-8 text is a `CompileError` pointing at the first bad byte.
    """
    with open(path, "rb") as file:
        source = file.read()
    program = Program(
        source,
        params=dict(params) if params is not None else None,
        threads=threads,
        max_unroll=max_unroll,
        max_memory=max_memory,
        file_name=os.fspath(path),
        listings=listings,
        cache_dir=_cache.directory(cache),
    )
    _cache.warn_if_noted(program._report())
    return program


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext arrayc`: registers the `%%arrayc` cell magic."""
    from ._magic import register

    register(ipython)
