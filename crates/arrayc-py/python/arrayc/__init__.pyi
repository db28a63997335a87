"""Type stubs for arrayc (the package and its extension module `arrayc._arrayc`)."""
import os
from dataclasses import dataclass
from collections.abc import Callable, Sequence
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Dict, List, Optional, Tuple, TypedDict, TypeVar, Union, final, overload

import numpy
import numpy.typing

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

__version__: str

_InputValue = Union[numpy.typing.ArrayLike, float, int, bool]
# An output: an array, or a NumPy scalar (`numpy.float64`, ...) for a 0-d one.
_Output = Union[numpy.ndarray, numpy.generic]
_T = TypeVar("_T")

class _Label(TypedDict):
    """A secondary span of a diagnostic, marked with `-` and `message` in the rendered text
    (such as `in this call of `f``): byte range `start`..`end`, 1-based `line` and `column`."""

    start: int
    end: int
    line: int
    column: int
    message: str

class _Diagnostic(TypedDict):
    """One diagnostic; `line`, `column` and `span` are None when it has no location."""

    kind: str
    message: str
    line: Optional[int]
    column: Optional[int]
    span: Optional[Tuple[int, int]]
    labels: List[_Label]
    notes: List[str]

class Error(Exception):
    """Any arrayc error; `str()` is the rendered diagnostic with the source line and carets."""

    line: Optional[int]
    column: Optional[int]
    span: Optional[Tuple[int, int]]
    message: Optional[str]
    kind: Optional[str]
    diagnostics: List[_Diagnostic]

class CompileError(Error): ...
class InputError(Error): ...
class RunError(Error): ...

class Report(Dict[str, Any]):
    """The compile-cost report: `timings_us`, `ir_ops`, `code_bytes`, `functions`, `scopes`."""

    def _repr_html_(self) -> str: ...

@final
class Result(Mapping[str, _Output]):
    """The outputs of one run, by name, and the run time in µs."""

    run_us: float
    def __getitem__(self, name: str, /) -> _Output: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def keys(self) -> KeysView[str]: ...
    def values(self) -> ValuesView[_Output]: ...
    def items(self) -> ItemsView[str, _Output]: ...
    @overload
    def get(self, name: str, default: None = None) -> Optional[_Output]: ...
    @overload
    def get(self, name: str, default: Union[_Output, _T]) -> Union[_Output, _T]: ...
    def to_dict(self) -> Dict[str, _Output]: ...

class Program:
    """A compiled program; call it with its inputs by name."""

    def __new__(
        cls,
        source: str,
        *,
        params: Optional[Mapping[str, float]] = None,
        threads: Optional[int] = None,
        max_unroll: Optional[int] = None,
        max_memory: Optional[int] = None,
        file_name: Optional[str] = None,
        listings: bool = False,
    ) -> Program: ...
    def run(self, **inputs: _InputValue) -> Result: ...
    def __call__(self, **inputs: _InputValue) -> Result: ...
    @property
    def report(self) -> Report: ...
    @property
    def inputs(self) -> Dict[str, Tuple[int, ...]]: ...
    @property
    def input_dtypes(self) -> Dict[str, numpy.dtype]: ...
    @property
    def outputs(self) -> List[str]: ...
    @property
    def source(self) -> str: ...
    @property
    def ir(self) -> str: ...
    @property
    def clif(self) -> str: ...
    @property
    def asm(self) -> str: ...
    def __reduce__(self) -> Tuple[Any, ...]: ...

def compile(
    source: str,
    *,
    params: Optional[Mapping[str, float]] = None,
    threads: Optional[int] = None,
    max_unroll: Optional[int] = None,
    max_memory: Optional[int] = None,
    file_name: Optional[str] = None,
    listings: bool = False,
) -> Program: ...
def compile_file(
    path: Union[str, "os.PathLike[str]"],
    *,
    params: Optional[Mapping[str, float]] = None,
    threads: Optional[int] = None,
    max_unroll: Optional[int] = None,
    max_memory: Optional[int] = None,
    listings: bool = False,
) -> Program: ...
def load_ipython_extension(ipython: Any) -> None: ...

def unroll(iterable: Any) -> Any:
    """`for i in arrayc.unroll(range(n))`: unrolled when compiled, the iterable itself in CPython."""

class JitFunction:
    """A function compiled by arrayc on its first call with each signature."""

    py_func: Any
    threads: Optional[int]
    max_unroll: Optional[int]
    cache: bool
    def __init__(
        self,
        function: Any,
        *,
        threads: Optional[int] = None,
        max_unroll: Optional[int] = None,
        cache: bool = False,
    ) -> None: ...
    def __get__(self, instance: Any, owner: Any = None) -> Any: ...
    @property
    def signatures(self) -> List[Tuple[Any, ...]]: ...
    @property
    def report(self) -> Report: ...
    @property
    def ir(self) -> str: ...
    @property
    def clif(self) -> str: ...
    @property
    def asm(self) -> str: ...
    def inspect(self, *args: Any, **kwargs: Any) -> Program: ...
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...
    def __reduce__(self) -> Tuple[Any, ...]: ...

def jit(
    function: Optional[Any] = None,
    *,
    threads: Optional[int] = None,
    max_unroll: Optional[int] = None,
    cache: bool = False,
) -> Any:
    """`@arrayc.jit`, `@arrayc.jit(threads=..., max_unroll=...)` or `arrayc.jit(f)`."""

@dataclass
class SweepRow:
    """One point of a sweep: its params, outputs (or summary), error, times, attempts."""

    params: Dict[str, float]
    outputs: Any
    error: Optional[str]
    compile_us: float
    run_us: float
    attempts: int = 1
    worker: Optional[str] = None
    @property
    def ok(self) -> bool: ...

def sweep(
    program: Program,
    grid: Mapping[str, Sequence[float]],
    *,
    inputs: Optional[Mapping[str, Any]] = None,
    client: Any = None,
    summary: Optional[Callable[[Any], Any]] = None,
    threads: Optional[int] = None,
    retries: int = 2,
    timeout: Optional[float] = None,
) -> List[SweepRow]:
    """Runs `program` at every combination of the param values in `grid`; one row per point."""
