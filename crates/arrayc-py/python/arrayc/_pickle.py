"""Pickling programs and jitted functions: they travel as text, never as machine code.

A `Program` pickles as its recipe: the source and the options of `arrayc.compile` (or, for a
program that `arrayc.jit` compiled, the function's text and the signature it was compiled
for). A `JitFunction` pickles as the text of its function and the functions it calls, its
options, its parameters and the values of the module globals it reads. Unpickling compiles
again (about a millisecond) the first time a process sees a recipe; the process keeps what
it compiled in a bounded cache keyed by a hash of the recipe, so the thousand tasks of a
Dask graph that each unpickle the same program compile it once per worker process.

Versions: a pickle records the arrayc version that made it and a format number. Any arrayc
that reads the format compiles the source again, whatever version made it (the source is
portable; the machine code, which never travels, is not); if the source no longer compiles,
the error says which version made the pickle. A format this arrayc does not read is a
`ValueError` naming both versions.
"""
from __future__ import annotations

import ast
import builtins
import collections
import hashlib
import importlib
import threading
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

import numpy

# The layout of the pickled tuples below; bump it when it changes.
FORMAT = 1
# Compiled programs and rebuilt functions kept per process (least recently used dropped).
CACHE_SIZE = 256

_lock = threading.Lock()
_programs: "collections.OrderedDict[str, Any]" = collections.OrderedDict()
_functions: "collections.OrderedDict[str, Any]" = collections.OrderedDict()


def _version() -> str:
    return str(importlib.import_module("arrayc").__version__)


def _check_format(format_number: int, version: str) -> None:
    if format_number != FORMAT:
        raise ValueError(
            f"this pickle was made by arrayc {version} in pickle format {format_number}; "
            f"arrayc {_version()} reads format {FORMAT}: pickle the program again with "
            "this version"
        )


def _digest(parts: Any) -> str:
    """A hash of a recipe: `repr` of its strings, numbers and tuples, and the bytes of
    its arrays (whose `repr` elides the middle)."""
    hasher = hashlib.sha256()

    def feed(value: Any) -> None:
        if isinstance(value, numpy.ndarray):
            array = numpy.ascontiguousarray(value)
            hasher.update(repr(("ndarray", array.dtype.str, array.shape)).encode())
            hasher.update(array.tobytes())
        elif isinstance(value, (tuple, list)):
            hasher.update(b"(")
            for item in value:
                feed(item)
                hasher.update(b",")
            hasher.update(b")")
        elif isinstance(value, dict):
            hasher.update(b"{")
            for key, item in value.items():
                feed(key)
                hasher.update(b":")
                feed(item)
                hasher.update(b",")
            hasher.update(b"}")
        else:
            hasher.update(repr(value).encode())

    feed(parts)
    return hasher.hexdigest()


def _cached(cache: "collections.OrderedDict[str, Any]", key: str, make: Callable[[], Any]) -> Any:
    with _lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    made = make()
    with _lock:
        cache.setdefault(key, made)
        cache.move_to_end(key)
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
        return cache[key]


# -------------------------------------------------------------------------------------
# Programs


def reduce_program(program: Any, recipe: Any) -> Tuple[Any, ...]:
    """`Program.__reduce__`: the recipe, the version and the format (no machine code)."""
    if recipe is None:
        raise TypeError("this arrayc.Program has no recipe to pickle (it was not made by "
                        "arrayc.compile, compile_file or arrayc.jit)")
    return (rebuild_program, (FORMAT, _version(), recipe))


def rebuild_program(format_number: int, version: str, recipe: Tuple[Any, ...]) -> Any:
    """Unpickles a program: compiled from its recipe once per process, then shared."""
    _check_format(format_number, version)
    try:
        return program_from_recipe(recipe)
    except Exception as error:
        if version == _version():
            raise
        arrayc = importlib.import_module("arrayc")
        raise arrayc.Error(
            f"a program pickled by arrayc {version} does not compile with arrayc "
            f"{_version()}:\n{error}"
        ) from error


def program_from_recipe(recipe: Tuple[Any, ...]) -> Any:
    """The program a recipe describes, from this process's cache or compiled now."""
    return _cached(_programs, _digest(recipe), lambda: _compile_recipe(recipe))


def _compile_recipe(recipe: Tuple[Any, ...]) -> Any:
    arrayc = importlib.import_module("arrayc")
    kind = recipe[0]
    if kind == "source":
        _, source, params, threads, max_unroll, max_memory, file_name, listings = recipe
        return arrayc.Program(
            source,
            params=params,
            threads=threads,
            max_unroll=max_unroll,
            max_memory=max_memory,
            file_name=file_name,
            listings=listings,
        )
    if kind == "function":
        _, text, function, arguments, entry_globals, file_name, threads, max_unroll = recipe[:8]
        loads = list(recipe[8]) if len(recipe) > 8 else []
        program = arrayc._arrayc.compile_function(
            text,
            function,
            list(arguments),
            list(entry_globals),
            file_name=file_name,
            threads=threads,
            max_unroll=max_unroll,
            loads=loads,
        )
        program.__class__ = arrayc.Program
        program._set_recipe(recipe)
        return program
    raise ValueError(f"unknown program recipe `{kind}`")


def source_recipe(program: Any) -> Tuple[Any, ...]:
    """The recipe of a program made by `arrayc.compile` (its `__reduce__` arguments)."""
    reduced = program.__reduce__()
    recipe: Tuple[Any, ...] = reduced[1][2]
    return recipe


def with_params(recipe: Tuple[Any, ...], params: Mapping[str, float]) -> Tuple[Any, ...]:
    """A source recipe with `params` overriding (or adding to) its param overrides."""
    if recipe[0] != "source":
        raise ValueError("only a program compiled from arrayc source has params to set")
    merged = dict(recipe[2] or {})
    merged.update(params)
    return recipe[:2] + (merged,) + recipe[3:]


# -------------------------------------------------------------------------------------
# Jitted functions


def _global_value(name: str, value: Any) -> Optional[Tuple[Any, ...]]:
    """A module global of a jitted function as it travels, or None for one it cannot use."""
    jit = importlib.import_module("arrayc._jit")
    if isinstance(value, numpy.ndarray):
        return ("array", value)
    described = jit._module_value(name, value)
    if described is None:
        return None
    if described[1] in ("module", "imported"):
        return described[1:]
    return ("value", value)


def _restore(described: Tuple[Any, ...]) -> Any:
    kind = described[0]
    if kind == "module":
        return importlib.import_module(described[1])
    if kind == "imported":
        return getattr(importlib.import_module(described[1]), described[2])
    return described[1]


def reduce_function(function: Any) -> Tuple[Any, ...]:
    """`JitFunction.__reduce__`: the function's text, options, parameters and globals."""
    jit = importlib.import_module("arrayc._jit")
    source = function._source
    if source is None:
        source = function._source = jit._Source(function.py_func)
    travelling: List[Tuple[str, Tuple[Any, ...]]] = []
    for name in source.global_names:
        if name not in source.globals:
            continue
        described = _global_value(name, source.globals[name])
        if described is not None:
            travelling.append((name, described))
    py_func = function.py_func
    payload = (
        source.text,
        source.file_name,
        py_func.__name__,
        py_func.__qualname__,
        py_func.__module__,
        tuple(source.global_names),
        tuple(travelling),
        (function.threads, function.max_unroll, function.cache),
    )
    return (rebuild_function, (FORMAT, _version(), payload))


def rebuild_function(format_number: int, version: str, payload: Tuple[Any, ...]) -> Any:
    """Unpickles a jitted function: made once per process from its text, then shared, so
    each signature compiles once per process."""
    _check_format(format_number, version)
    return _cached(_functions, _digest(payload), lambda: _make_function(payload))


def _make_function(payload: Tuple[Any, ...]) -> Any:
    jit = importlib.import_module("arrayc._jit")
    text, file_name, name, qualname, module, global_names, travelling, options = payload
    namespace: Dict[str, Any] = {"__name__": module, "__builtins__": builtins}
    for global_name, described in travelling:
        namespace[global_name] = _restore(described)
    # The text holds the function and its callees at their real lines; their decorators
    # (`@arrayc.jit`) are dropped so that the names are the plain functions again.
    tree = ast.parse(text, file_name)
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            statement.decorator_list = []
    exec(builtins.compile(tree, file_name, "exec"), namespace)
    py_func = namespace[name]
    py_func.__qualname__ = qualname
    threads, max_unroll, cache = options
    function = jit.JitFunction(py_func, threads=threads, max_unroll=max_unroll, cache=cache)
    source = jit._Source.__new__(jit._Source)
    source.file_name = file_name
    source.function_name = name
    source.globals = namespace
    source.global_names = list(global_names)
    source.described = {}
    source.text = text
    # `np.load("x.npy")` in the function: read at each call, from this process's directory.
    source.loads = jit._arrayc.python_loads(text)
    function._source = source
    return function
