"""`arrayc.jit`: a NumPy function compiled on its first call for each signature.

The function's source (and that of the plain Python functions it calls, from the same file)
is found through `inspect`/`linecache`, placed at its real line numbers in an otherwise
blank text, and compiled by the Python front end's function entry (`Options::entry`):
array arguments and array globals are inputs, Python ints and module-level numbers are
compiled in by value, floats and bools are scalar inputs of their type. The compiled
program is cached per signature; a call then converts the arguments, runs the program with
the GIL released and gives back NumPy values. Arrays the function writes into are copied
back into the caller's arrays when the run ends (the run reads its inputs in place and never
writes them).
"""
from __future__ import annotations

import builtins
import functools
import importlib
import inspect
import linecache
import math
import textwrap
import threading
import types
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

import numpy

from . import Error, InputError, _cache
from ._report import Report

# The extension module, whose stubs are the package's (`__init__.pyi`).
_arrayc: Any = importlib.import_module("arrayc._arrayc")

_DTYPES = ("float64", "float32", "int64", "bool")
# By dtype object: `dtype.name` is computed in Python on each access (a few µs per call).
_DTYPE_NAMES = {numpy.dtype(name): name for name in _DTYPES}
_SUFFIX_WRITTEN = "__written"


def unroll(iterable: Any) -> Any:
    """`for i in arrayc.unroll(range(n))`: an unrolled loop when compiled; under CPython
    it returns its argument, so the function runs unchanged without arrayc."""
    return iterable


def _code_names(code: types.CodeType) -> List[str]:
    """The global (and attribute) names a code object and the code nested in it read."""
    names = list(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names.extend(_code_names(constant))
    return names


class _Source:
    """What a jitted function's compiles share: the text (its functions at their real
    lines), the file name, and the global names the function and its callees read."""

    def __init__(self, function: Callable[..., Any]) -> None:
        code = function.__code__
        self.file_name = code.co_filename
        self.function_name = function.__name__
        self.globals = function.__globals__
        functions: Dict[str, Callable[..., Any]] = {function.__name__: function}
        names: List[str] = []
        queue = [function]
        while queue:
            current = queue.pop()
            for name in _code_names(current.__code__):
                if name in names or name in functions:
                    continue
                if name not in current.__globals__:
                    continue
                value = current.__globals__[name]
                if isinstance(value, JitFunction):
                    value = value.py_func
                if inspect.isfunction(value):
                    if value.__code__.co_filename != self.file_name:
                        raise Error(
                            f"`{function.__name__}` calls `{name}`, defined in another file "
                            f"({value.__code__.co_filename}); arrayc.jit inlines the functions "
                            "of the jitted function's own file"
                        )
                    functions[name] = value
                    queue.append(value)
                else:
                    names.append(name)
        self.global_names = names
        self.described: Dict[str, Tuple[Any, Optional[Tuple[Any, ...]]]] = {}
        self.text = self._text(list(functions.values()))

    @functools.cached_property
    def loads(self) -> List[Tuple[str, str]]:
        """The `np.load("x.npy")` calls: the input each file is, read at every call."""
        return list(_arrayc.python_loads(self.text))

    @functools.cached_property
    def saves(self) -> Dict[str, str]:
        """The `np.save("dir/y.npy", a)` statements: the file each output is written to
        when a call returns, as written (relative to the working directory)."""
        return dict(_arrayc.python_saves(self.text))

    def _text(self, functions: List[Callable[..., Any]]) -> str:
        placed: Dict[int, str] = {}
        for function in functions:
            try:
                lines, first = _source_lines(function)
            except (OSError, TypeError) as error:
                raise Error(
                    f"arrayc.jit cannot find the source of `{function.__name__}` ({error}); "
                    "define it in a file or a notebook cell"
                ) from None
            first = max(first, 1)
            block = textwrap.dedent("".join(lines)).splitlines()
            for offset, line in enumerate(block):
                placed[first + offset] = line
        last = max(placed) if placed else 0
        return "\n".join(placed.get(number, "") for number in range(1, last + 1)) + "\n"


def _last_line(code: types.CodeType) -> Optional[int]:
    """The last source line of a code object and the code nested in it, from the
    positions of their instructions (None when Python keeps no positions)."""
    positions = getattr(code, "co_positions", None)
    if positions is None:
        return None
    last = None
    for _, end, _, _ in positions():
        if end is not None and (last is None or end > last):
            last = end
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            nested = _last_line(constant)
            if nested is not None and (last is None or nested > last):
                last = nested
    return last


def _source_lines(function: Callable[..., Any]) -> Tuple[List[str], int]:
    """A function's source lines (decorators included) and the number of the first, cut
    from its file's lines (`linecache` reads each file once) at the code object's first
    line and the last line its instructions span. `inspect.getsourcelines` tokenizes the
    file instead, which costs more than compiling the function on a process's first call;
    it remains the way when Python keeps no instruction positions (before 3.11)."""
    code = function.__code__
    lines = linecache.getlines(code.co_filename, function.__globals__)
    first = code.co_firstlineno
    last = _last_line(code)
    if not lines or last is None or not 1 <= first <= last <= len(lines):
        return inspect.getsourcelines(function)
    return lines[first - 1 : last], first


_may_share_memory = numpy.may_share_memory


def _module_value(name: str, value: Any) -> Optional[Tuple[Any, ...]]:
    """A module global as the entry's description, or None for a name arrayc does not use."""
    if isinstance(value, types.ModuleType):
        return (name, "module", value.__name__)
    if isinstance(value, JitFunction):
        return None
    for module in (numpy, math):
        attribute = getattr(value, "__name__", None)
        if attribute is not None and getattr(module, attribute, None) is value:
            return (name, "imported", module.__name__, attribute)
    if value is unroll:
        return (name, "imported", "arrayc", "unroll")
    if isinstance(value, (bool, numpy.bool_)):
        return (name, "bool", bool(value))
    if isinstance(value, (int, numpy.integer)):
        return (name, "int", int(value))
    if isinstance(value, (float, numpy.floating)):
        return (name, "float", float(value))
    return None


class _Compiled:
    """One signature's program, how its outputs map back to Python values, and the
    description it was compiled from (to compile it again with listings, once)."""

    __slots__ = (
        "program", "returns", "written", "saved", "files", "tuple_result", "described", "listed"
    )

    def __init__(self, program: Any, described: Tuple[Any, ...], files: Dict[str, str]) -> None:
        self.program = program
        # Each saved output's file as the source writes it (`np.save("out/u.npy", u)`).
        self.files = files
        self.described = described
        self.listed: Any = None
        returns: Dict[int, Tuple[str, Optional[str]]] = {}
        written: List[Tuple[str, str]] = []
        saved: List[str] = []
        tuple_result = False
        for output in program.outputs:
            if output.endswith(_SUFFIX_WRITTEN):
                written.append((output, output[: -len(_SUFFIX_WRITTEN)]))
                continue
            if output == "return" or output.startswith("return_"):
                rest = output[len("return") :]
                index = 0
                same = None
                if rest.startswith("_is_"):
                    same = rest[len("_is_") :]
                elif rest.startswith("_"):
                    tuple_result = True
                    number, _, tail = rest[1:].partition("_is_")
                    index = int(number)
                    same = tail or None
                returns[index] = (output, same)
                continue
            saved.append(output)
        self.returns = [returns[k] for k in sorted(returns)]
        self.written = written
        self.saved = saved
        self.tuple_result = tuple_result

    def finish(self, result: Any, objects: Dict[str, Any]) -> Any:
        for output, name in self.written:
            numpy.copyto(objects[name], result[output], casting="unsafe")
        for output in self.saved:
            numpy.save(self.files.get(output, output + ".npy"), result[output])
        values = []
        for output, same in self.returns:
            if same is not None:
                values.append(objects[same])
            else:
                value = result[output]
                values.append(value[()] if value.ndim == 0 else value)
        if self.tuple_result:
            return tuple(values)
        return values[0] if values else None


class JitFunction(_arrayc.Dispatcher):  # type: ignore[misc]
    """A function compiled by arrayc on its first call with each signature.

    Calling it compiles (once per signature: each array argument's shape and dtype, each
    Python int by value, other scalars by type, and the module numbers and arrays it reads)
    and runs. Attributes: `py_func` (the function itself), `signatures` (the compiled
    ones), `report`, `ir`, `clif` and `asm` (of the last signature compiled),
    `inspect(*args)` (compile for those arguments without running; gives the `Program`).
    """

    def __init__(
        self,
        function: Callable[..., Any],
        *,
        threads: Optional[int] = None,
        max_unroll: Optional[int] = None,
        cache: _cache.CacheOption = False,
    ) -> None:
        if not inspect.isfunction(function):
            raise TypeError(f"arrayc.jit takes a Python function, not {type(function).__name__}")
        self.py_func = function
        self.threads = threads
        self.max_unroll = max_unroll
        self.cache = cache
        self._cache_dir = _cache.directory(cache)
        self._signature = inspect.signature(function)
        self._parameters = list(self._signature.parameters)
        self._source: Optional[_Source] = None
        # Whether the Rust call path has been given the global names (`_set_global_names`).
        self._announced = False
        self._compiled: Dict[Tuple[Any, ...], _Compiled] = {}
        self._last: Optional[_Compiled] = None
        self._lock = threading.Lock()
        functools.update_wrapper(self, function)
        # The call path (`Dispatcher.__call__`, in Rust) keys calls by these; it calls
        # `_compile` for a new signature and `_call` for what it does not take itself.
        self._configure(
            self._parameters, function.__defaults__ or (), function.__globals__, builtins.__dict__
        )

    # ---------------------------------------------------------------------------------
    # What was compiled

    @property
    def signatures(self) -> List[Tuple[Any, ...]]:
        """The signatures compiled so far, in order: one tuple per signature, with one
        entry per argument (`('array', shape, dtype)`, `('int', value)`, `('scalar',
        dtype)`, `('same', name)`) and then the globals' entries."""
        return list(self._compiled)

    @property
    def report(self) -> Report:
        """The compile report of the last signature compiled."""
        return Report(self._last_compiled().program._report())

    @property
    def ir(self) -> str:
        """The IR of the last signature compiled."""
        return self._last_compiled().program.ir

    @property
    def clif(self) -> str:
        """The Cranelift IR of the last signature compiled (compiled again once, keeping it:
        `arrayc ir --clif`)."""
        return str(self._listed().clif)

    @property
    def asm(self) -> str:
        """The machine code of the last signature compiled, disassembled (compiled again
        once, keeping it: `arrayc ir --asm`)."""
        return str(self._listed().asm)

    def inspect(self, *args: Any, **kwargs: Any) -> Any:
        """Compiles for these arguments (if not compiled yet) without running; gives the
        `Program`, whose `report` and `ir` describe it."""
        compiled, _, _ = self._prepare(args, kwargs)
        return compiled.program

    def _last_compiled(self) -> _Compiled:
        if self._last is None:
            raise ValueError(f"`{self.py_func.__name__}` has not been compiled yet: call it first")
        return self._last

    # ---------------------------------------------------------------------------------
    # Calls

    def _call(self, args: Tuple[Any, ...], kwargs: Optional[Dict[str, Any]]) -> Any:
        """A call the Rust call path leaves to Python (keyword arguments, argument types
        it does not key): described, compiled if new, run and finished here."""
        compiled, inputs, objects = self._prepare(args, kwargs or {})
        result = compiled.program.run(**inputs)
        return compiled.finish(result, objects)

    def _compile(self, args: Tuple[Any, ...]) -> Any:
        """The program for a new signature of the Rust call path (compiled if new)."""
        compiled, _, _ = self._prepare(args, {})
        return compiled.program

    if TYPE_CHECKING:
        # Calls are `Dispatcher.__call__`, in Rust; this tells type checkers so.
        def __call__(self, *args: Any, **kwargs: Any) -> Any: ...

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        return self if instance is None else functools.partial(self, instance)

    def __repr__(self) -> str:
        return f"<arrayc.jit {self.py_func.__qualname__}: {len(self._compiled)} signatures>"

    def __reduce__(self) -> Tuple[Any, ...]:
        """Pickles as text (see `arrayc._pickle`): unpickled, it compiles each signature
        again on its first call in that process."""
        return importlib.import_module("arrayc._pickle").reduce_function(self)  # type: ignore[no-any-return]

    def _prepare(
        self, args: Tuple[Any, ...], kwargs: Dict[str, Any]
    ) -> Tuple[_Compiled, Dict[str, Any], Dict[str, Any]]:
        if kwargs or len(args) != len(self._parameters):
            bound = self._signature.bind(*args, **kwargs)
            bound.apply_defaults()
            values = [bound.arguments[name] for name in self._parameters]
        else:
            values = list(args)
        key: List[Any] = []
        entry_arguments: List[Tuple[Any, ...]] = []
        inputs: Dict[str, Any] = {}
        objects: Dict[str, Any] = {}
        arrays: List[Tuple[str, Any]] = []
        for name, value in zip(self._parameters, values):
            description = self._argument(name, value, arrays, inputs, objects)
            entry_arguments.append(description)
            key.append(description[1:])
        source = self._source
        if source is None:
            source = self._source = _Source(self.py_func)
        if not self._announced:
            # The Rust call path keys the globals from now on (set before the flag, so that
            # no thread compiles for a key without them). A function that loads or saves
            # files takes the Python path: each call reads and writes them.
            self._set_global_names(
                [name for name in source.global_names if name not in self._parameters],
                bool(source.loads or source.saves),
            )
            self._announced = True
        loads: List[Tuple[str, Tuple[int, ...], str]] = []
        for name, file in source.loads:
            # Read at each call, relative to the working directory, as NumPy reads it.
            array = numpy.load(file)
            dtype = _DTYPE_NAMES.get(array.dtype)
            if dtype is None:
                raise InputError(
                    f"`{file}` (the input `{name}`) has dtype {array.dtype}; arrayc.jit "
                    f"loads arrays of {', '.join(_DTYPES)}"
                )
            inputs[name] = array
            loads.append((name, array.shape, dtype))
            key.append(("load", name, array.shape, dtype))
        entry_globals: List[Tuple[Any, ...]] = []
        for name in source.global_names:
            described: Optional[Tuple[Any, ...]]
            if name in self._parameters:
                continue
            value = source.globals.get(name, builtins.__dict__.get(name))
            if isinstance(value, numpy.ndarray):
                described = self._argument(name, value, arrays, inputs, objects)
            elif isinstance(value, (int, float, numpy.number, numpy.bool_)):
                described = _module_value(name, value)
            else:
                # Modules and functions: described once per object.
                known = source.described.get(name)
                if known is None or known[0] is not value:
                    known = (value, _module_value(name, value))
                    source.described[name] = known
                described = known[1]
            if described is None:
                continue
            entry_globals.append(described)
            key.append((name,) + described[1:])
        signature = tuple(key)
        compiled = self._compiled.get(signature)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(signature)
                if compiled is None:
                    described = (entry_arguments, entry_globals, loads)
                    compiled = _Compiled(
                        self._compile_described(described, False), described, source.saves
                    )
                    self._compiled[signature] = compiled
        self._last = compiled
        return compiled, inputs, objects

    def _compile_described(self, described: Tuple[Any, ...], listings: bool) -> Any:
        source = self._source
        assert source is not None
        entry_arguments, entry_globals, loads = described
        program = _arrayc.compile_function(
            source.text,
            self.py_func.__name__,
            entry_arguments,
            entry_globals,
            file_name=source.file_name,
            threads=self.threads,
            max_unroll=self.max_unroll,
            loads=loads,
            listings=listings,
            cache_dir=self._cache_dir,
        )
        _cache.warn_if_noted(program._report())
        # The package's `Program` (with `report`), the class the extension's instance is
        # laid out as.
        program.__class__ = importlib.import_module("arrayc").Program
        # What compiles it again where it is unpickled (`arrayc._pickle`).
        program._set_recipe(
            ("function", source.text, self.py_func.__name__,
             tuple(entry_arguments), tuple(entry_globals),
             source.file_name, self.threads, self.max_unroll, loads)
        )
        return program

    def _listed(self) -> Any:
        """The last signature's program compiled with its listings (once)."""
        compiled = self._last_compiled()
        if compiled.listed is None:
            compiled.listed = self._compile_described(compiled.described, True)
        return compiled.listed

    @staticmethod
    def _argument(
        name: str,
        value: Any,
        arrays: List[Tuple[str, Any]],
        inputs: Dict[str, Any],
        objects: Dict[str, Any],
    ) -> Tuple[Any, ...]:
        if isinstance(value, numpy.ndarray):
            dtype = _DTYPE_NAMES.get(value.dtype)
            if dtype is None:
                raise InputError(
                    f"argument `{name}` has dtype {value.dtype.name}; arrayc.jit takes arrays of "
                    f"{', '.join(_DTYPES)} (convert with `.astype(...)`)"
                )
            for other, array in arrays:
                if array is value:
                    objects[name] = value
                    return (name, "same", other)
                if _may_share_memory(array, value):
                    raise InputError(
                        f"arguments `{other}` and `{name}` share memory (overlapping views "
                        "of one array); arrayc.jit takes the same array twice or arrays "
                        "that do not overlap (pass a `.copy()`)"
                    )
            arrays.append((name, value))
            inputs[name] = value
            objects[name] = value
            return (name, "array", value.shape, dtype)
        if isinstance(value, (bool, numpy.bool_)):
            inputs[name] = bool(value)
            return (name, "scalar", "bool")
        if isinstance(value, (int, numpy.integer)):
            return (name, "int", int(value))
        if isinstance(value, numpy.floating) and value.dtype.name == "float32":
            inputs[name] = value
            return (name, "scalar", "float32")
        if isinstance(value, (float, numpy.floating)):
            inputs[name] = float(value)
            return (name, "scalar", "float64")
        raise InputError(
            f"argument `{name}` is a {type(value).__name__}; arrayc.jit takes NumPy arrays, "
            "ints, floats and bools"
        )


def jit(
    function: Optional[Callable[..., Any]] = None,
    *,
    threads: Optional[int] = None,
    max_unroll: Optional[int] = None,
    cache: _cache.CacheOption = False,
) -> Any:
    """Compiles a NumPy function with arrayc on its first call for each signature.

    `@arrayc.jit`, `@arrayc.jit(threads=..., max_unroll=...)` or `arrayc.jit(f)`.
    threads: threads for large kernels (None: one per core); max_unroll: the unroll
    budget in IR operations; cache: also keep each signature's program on disk, for later
    processes (True: `$ARRAYC_CACHE_DIR` or `~/.cache/arrayc`; or a directory). Compiled
    programs are kept in memory, per signature, either way.
    """

    def wrap(function: Callable[..., Any]) -> JitFunction:
        return JitFunction(function, threads=threads, max_unroll=max_unroll, cache=cache)

    if function is None:
        return wrap
    return wrap(function)
