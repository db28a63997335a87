"""The `%%arrayc` cell magic: compiles the cell, takes its inputs from the notebook's
variables of the same names, runs it, and stores its outputs back as NumPy arrays.

An `input a` that declares no type takes the notebook array's shape and dtype: the cell is
compiled for them, once per signature (the library keeps the program compiled for the same
text and options, so running the cell again with arrays of the same shapes does not
compile). A Python number or 0-d array stays a scalar input, as in the CLI.

Knows IPython's magic API and the public `arrayc` functions; nothing of the extension.
"""
from __future__ import annotations

import argparse
import re
import shlex
from typing import Any, Dict, List, NoReturn, Optional

import numpy

from . import Error, InputError
from . import compile as compile_program


class MagicUsageError(ValueError):
    """A malformed `%%arrayc` line."""


class _Parser(argparse.ArgumentParser):
    """Raises `MagicUsageError` (the message, then the usage line) where argparse would
    print to stderr and exit."""

    def error(self, message: str) -> NoReturn:
        raise MagicUsageError(f"{message}\n{self.format_usage().strip()}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="%%arrayc",
        description="Compile and run the cell as arrayc; inputs are read from, and outputs "
        "written to, the notebook's variables of the same names.",
        add_help=False,
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a param (repeatable)",
    )
    parser.add_argument("--timings", action="store_true", help="print the compile report and run time")
    parser.add_argument("--threads", type=int, default=None, help="threads for large kernels")
    parser.add_argument(
        "--program",
        metavar="NAME",
        default=None,
        help="also store the compiled Program in the variable NAME",
    )
    return parser


def parse_params(settings: List[str]) -> Dict[str, float]:
    """`["n=4", "dt=0.1"]` as `{"n": 4.0, "dt": 0.1}`."""
    params: Dict[str, float] = {}
    for setting in settings:
        name, separator, value = setting.partition("=")
        if not separator or not name.strip():
            raise MagicUsageError(f"--set takes NAME=VALUE, not {setting!r}")
        try:
            params[name.strip()] = float(value)
        except ValueError:
            raise MagicUsageError(f"--set {name.strip()}: {value!r} is not a number") from None
    return params


# `input NAME` with no type, as a statement of its own (at a line's start or after `;`).
_UNTYPED_INPUT = re.compile(
    r"(^|;)([ \t]*)input[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?=;|#|$)", re.MULTILINE
)

# The `.arr` spelling of each NumPy dtype kind an input may be given in (others are
# converted under NumPy's `same_kind` rule when the cell runs).
_SPELLING = {"f": "f64", "i": "i64", "u": "i64", "b": "bool"}


def declared_type(value: Any) -> Optional[str]:
    """The `.arr` type (`f64[512, 128]`) an array variable gives an untyped input; None for
    anything else (a number stays a scalar input)."""
    if not isinstance(value, numpy.ndarray) or value.ndim == 0:
        return None
    dtype = "f32" if value.dtype == numpy.float32 else _SPELLING.get(value.dtype.kind)
    if dtype is None:
        return None
    return f"{dtype}[{', '.join(str(extent) for extent in value.shape)}]"


def untyped_inputs(cell: str) -> List[str]:
    """The names of the cell's `input NAME` declarations that give no type."""
    return [match.group(3) for match in _UNTYPED_INPUT.finditer(cell)]


def typed_cell(cell: str, namespace: Dict[str, Any]) -> str:
    """The cell with each untyped `input NAME` of a notebook array declared with the array's
    shape and dtype, on the same line (so diagnostics keep their line numbers)."""

    def declare(match: "re.Match[str]") -> str:
        start, indent, name = match.group(1), match.group(2), match.group(3)
        spelled = declared_type(namespace.get(name))
        if spelled is None:
            return match.group(0)
        return f"{start}{indent}input {name}: {spelled}"

    return _UNTYPED_INPUT.sub(declare, cell)


def run_cell(line: str, cell: str, namespace: Dict[str, Any]) -> None:
    """What `%%arrayc LINE` does with `cell`, reading and writing `namespace`.

    An error of the cell (`arrayc.Error`, `MagicUsageError`) shows in IPython as its message
    alone: the frames of this module say nothing about the cell.
    """
    try:
        _run_cell(line, cell, namespace)
    except (Error, MagicUsageError) as error:
        text = f"{type(error).__name__}: {error}"
        error._render_traceback_ = text.splitlines  # type: ignore[union-attr]
        raise


def _run_cell(line: str, cell: str, namespace: Dict[str, Any]) -> None:
    try:
        words = shlex.split(line)
    except ValueError as error:
        raise MagicUsageError(f"cannot read the options ({error}): {line.strip()}") from None
    args = _parser().parse_args(words)
    missing = [name for name in untyped_inputs(cell) if name not in namespace]
    if missing:
        raise _input_error(
            "; ".join(
                f"no notebook variable named `{name}` (the cell's input, whose shape and dtype it gives)"
                for name in missing
            )
        )
    program = compile_program(
        typed_cell(cell, namespace),
        params=parse_params(args.set),
        threads=args.threads,
        file_name="<cell>",
        # A program stored for later inspection keeps its listings (`NAME.clif`, `NAME.asm`).
        listings=args.program is not None,
    )
    if args.program:
        namespace[args.program] = program
    missing = [name for name in program.inputs if name not in namespace]
    if missing:
        raise _input_error(
            "; ".join(
                f"no notebook variable named `{name}` (the cell's input, shape {list(program.inputs[name])})"
                for name in missing
            )
        )
    result = program.run(**{name: namespace[name] for name in program.inputs})
    for name, array in result.items():
        namespace[name] = array
    if args.timings:
        print(repr(program.report))
        print(f"  {'run':<22} {result.run_us:>13.1f} µs")


def _input_error(message: str) -> InputError:
    """An `InputError` with the attributes the extension gives its own (no location)."""
    error = InputError(f"input error: {message}")
    error.line = error.column = error.span = None
    error.message, error.kind = message, "input"
    error.diagnostics = [
        {
            "kind": "input",
            "message": message,
            "line": None,
            "column": None,
            "span": None,
            "labels": [],
            "notes": [],
        }
    ]
    return error


def register(ipython: Any) -> None:
    """Registers `%%arrayc` with an IPython shell."""

    def arrayc(line: str, cell: str) -> None:
        run_cell(line, cell, ipython.user_ns)

    arrayc.__doc__ = _parser().format_help()
    ipython.register_magic_function(arrayc, magic_kind="cell", magic_name="arrayc")
