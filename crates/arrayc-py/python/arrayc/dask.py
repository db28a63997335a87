"""`arrayc.dask`: arrayc steps over chunked `dask.array`s, with halos exchanged every k steps.

`map_overlap(f, x, depth=..., boundary=..., steps=n, steps_per_exchange=k)` applies a step
`f` (a `Program` with one array input and one array output, or an `arrayc.jit` function of
one array that returns the new array) `n` times to the dask array `x`. Every k steps the
chunks exchange halos of `k × depth` cells (one `dask.array.map_overlap` per exchange
round); between exchanges each chunk runs k steps on its block, whose rim of invalid cells
grows by `depth` per step and is cut off at the end of the round, so the overlap is
recomputed instead of communicated.

The result is defined by `apply_steps`, the whole array in one process: each step pads the
array by `depth` as `numpy.pad` does for the boundary (`"periodic"` is `numpy.pad`'s
`"wrap"`; `"reflect"`, `"symmetric"`, `"edge"`; a number is `"constant"` with that value;
`"none"` pads nothing and lets `f` treat the array's edges itself), applies `f` and cuts the
padding off again. A chunk at the array's edge pads its block the same way before each of
its steps, so `map_overlap` gives the same bits as `apply_steps` for any chunking and any
k, provided `f` is a stencil of radius `depth`: each output cell depends only on the input
cells within `depth` of it, through the same operations everywhere (no coordinates, no
reductions over the array). That is the user's promise, as for `dask.array.map_overlap`.

A `Program`'s input has a declared shape, and the blocks have others: the program is
compiled again for each block shape (once per process), with the params that give its
input's shape set to the block's (`input u: [ny, nx]` names them; `shape_params=("ny",
"nx")` when the declaration does not). A jitted function compiles a signature per block
shape by itself. Programs and jitted functions travel to workers as text (`arrayc._pickle`).
"""
from __future__ import annotations

import functools
import importlib
import numbers
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy

from . import Error
from ._jit import JitFunction
from ._pickle import program_from_recipe, source_recipe, with_params

__all__ = ["map_overlap", "apply_steps", "ChunkError"]

_PAD_MODES = {"periodic": "wrap", "reflect": "reflect", "symmetric": "symmetric", "edge": "edge"}

Boundary = Union[str, float]


class ChunkError(Error):
    """A step failed on one chunk: the message names the step, the chunk and its elements."""


class _Step:
    """The step function on NumPy arrays of any shape (pickled as the `Program` or jitted
    function it wraps, i.e. as text)."""

    def __init__(self, f: Any, shape_params: Optional[Sequence[str]]) -> None:
        arrayc = importlib.import_module("arrayc")
        self.f = f
        self.recipe: Optional[Tuple[Any, ...]] = None
        self.input = self.output = ""
        self.shape_params: Tuple[str, ...] = ()
        self._programs: Dict[Tuple[int, ...], Any] = {}
        if isinstance(f, JitFunction):
            return
        if not isinstance(f, arrayc._arrayc.Program):
            raise TypeError(
                "the step must be an arrayc.Program or an arrayc.jit function, "
                f"not {type(f).__name__}"
            )
        inputs = f.inputs
        arrays = [name for name, shape in inputs.items() if shape]
        if len(inputs) != 1 or len(arrays) != 1 or len(f.outputs) != 1:
            raise ValueError(
                "a step program has one array input and one output; this one has inputs "
                f"({', '.join(inputs) or 'none'}) and outputs ({', '.join(f.outputs) or 'none'})"
            )
        self.input, self.output = arrays[0], f.outputs[0]
        self.recipe = source_recipe(f)
        # The program travels as its recipe only and is compiled for the blocks' shapes
        # where it runs (never for its declared shape, which no block may have).
        self.f = None
        self._programs[tuple(inputs[self.input])] = f
        if shape_params is not None:
            self.shape_params = tuple(shape_params)
        else:
            self.shape_params = self._declared_shape_params(f.source)
        if len(self.shape_params) != len(inputs[self.input]):
            raise ValueError(
                f"shape_params names {len(self.shape_params)} params, but the input "
                f"`{self.input}` has {len(inputs[self.input])} dimensions"
            )

    def _declared_shape_params(self, source: str) -> Tuple[str, ...]:
        declaration = re.search(
            r"\binput\s+" + re.escape(self.input) + r"\s*:\s*\w*\s*\[([^\]]*)\]", source
        )
        dims = [dim.strip() for dim in declaration.group(1).split(",")] if declaration else []
        if not dims or not all(re.fullmatch(r"[A-Za-z_]\w*", dim) for dim in dims):
            raise ValueError(
                f"the step program's input `{self.input}` is not declared with a param per "
                "dimension (`input u: [ny, nx]`); name the params that give its shape with "
                "shape_params=(...)"
            )
        return tuple(dims)

    def __getstate__(self) -> Dict[str, Any]:
        state = dict(self.__dict__)
        state["_programs"] = {}
        return state

    def program_for(self, shape: Tuple[int, ...]) -> Any:
        """The step program compiled for arrays of `shape` (once per process)."""
        program = self._programs.get(shape)
        if program is None:
            assert self.recipe is not None
            params = dict(zip(self.shape_params, shape))
            program = program_from_recipe(with_params(self.recipe, params))
            if program.inputs[self.input] != shape:
                raise ValueError(
                    f"with params {params} the step program's input `{self.input}` has "
                    f"shape {program.inputs[self.input]}, not the block's {shape}: "
                    "name the params that give its shape with shape_params=(...)"
                )
            self._programs[shape] = program
        return program

    def __call__(self, array: numpy.ndarray) -> numpy.ndarray:
        if self.recipe is None:
            out = self.f(array)
            if not isinstance(out, numpy.ndarray):
                raise TypeError(
                    f"the step `{self.f.py_func.__name__}` returned a "
                    f"{type(out).__name__}, not the new array"
                )
        else:
            program = self.program_for(array.shape)
            out = program.run(**{self.input: array})[self.output]
        if out.shape != array.shape or out.dtype != array.dtype:
            raise ValueError(
                f"the step turned a {array.dtype}{list(array.shape)} array into a "
                f"{out.dtype}{list(out.shape)} one; it must keep the shape and dtype"
            )
        return out


def _depths(depth: Union[int, Sequence[int]], ndim: int) -> Tuple[int, ...]:
    # `int` first: mypy narrows the union by it (NumPy's integers are `Integral` only).
    if isinstance(depth, (int, numbers.Integral)):
        depths: Tuple[Any, ...] = (depth,) * ndim
    else:
        depths = tuple(depth)
    if len(depths) != ndim or not all(
        isinstance(d, numbers.Integral) and int(d) >= 0 for d in depths
    ):
        raise ValueError(
            f"depth must be a count of cells (0 or more), or one per axis ({ndim}), not {depth!r}"
        )
    return tuple(int(d) for d in depths)


def _pad_arguments(boundary: Boundary) -> Optional[Dict[str, Any]]:
    """`numpy.pad`'s keyword arguments for a boundary; None for `"none"`."""
    if isinstance(boundary, str):
        if boundary == "none":
            return None
        if boundary in _PAD_MODES:
            return {"mode": _PAD_MODES[boundary]}
    elif isinstance(boundary, numbers.Real) and not isinstance(boundary, bool):
        return {"mode": "constant", "constant_values": boundary}
    raise ValueError(
        "boundary must be 'periodic', 'reflect', 'symmetric', 'edge', 'none' or a number, "
        f"not {boundary!r}"
    )


def _count(name: str, value: int, least: int) -> int:
    if not isinstance(value, numbers.Integral) or value < least:
        raise ValueError(f"{name} must be an integer of {least} or more, not {value!r}")
    return int(value)


def _padded_step(
    step: _Step, u: numpy.ndarray, pads: List[Tuple[int, int]], pad: Optional[Dict[str, Any]]
) -> numpy.ndarray:
    """One step: pad the sides in `pads` as `pad` says, apply the step, cut the padding."""
    if pad is None or not any(before or after for before, after in pads):
        return step(u)
    out = step(numpy.pad(u, pads, **pad))
    return out[tuple(slice(before, out.shape[axis] - after) for axis, (before, after) in enumerate(pads))]


def apply_steps(
    f: Any,
    array: Any,
    *,
    depth: Union[int, Sequence[int]],
    boundary: Boundary = "none",
    steps: int = 1,
    shape_params: Optional[Sequence[str]] = None,
) -> numpy.ndarray:
    """The whole array in one process: `steps` times, pad by `depth` for `boundary` (as
    `numpy.pad`), apply `f`, cut the padding. What `map_overlap` computes, chunk by chunk."""
    step = _Step(f, shape_params)
    u = numpy.asarray(array)
    depths = _depths(depth, u.ndim)
    pad = _pad_arguments(boundary)
    for _ in range(_count("steps", steps, 0)):
        u = _padded_step(step, u, [(d, d) for d in depths], pad)
    return u


def _run_block(
    block: numpy.ndarray,
    *,
    step: _Step,
    depths: Tuple[int, ...],
    pad: Optional[Dict[str, Any]],
    periodic: bool,
    round_steps: int,
    first_step: int,
    steps: int,
    chunks: Tuple[Tuple[int, ...], ...],
    block_info: Optional[Dict[Any, Any]] = None,
) -> numpy.ndarray:
    """One exchange round on one block (a chunk with its halo): `round_steps` steps, the
    sides at the array's edges padded before each as the boundary says."""
    assert block_info is not None
    location = block_info[0]["chunk-location"]
    counts = block_info[0]["num-chunks"]
    pads = [
        (
            depths[axis] if not periodic and location[axis] == 0 else 0,
            depths[axis] if not periodic and location[axis] == counts[axis] - 1 else 0,
        )
        for axis in range(block.ndim)
    ]
    u = block
    for index in range(round_steps):
        try:
            u = _padded_step(step, u, pads, pad)
        except Exception as error:
            elements = ", ".join(
                f"{sum(sizes[: location[axis]])}:{sum(sizes[: location[axis] + 1])}"
                for axis, sizes in enumerate(chunks)
            )
            raise ChunkError(
                f"step {first_step + index + 1} of {steps} failed on chunk "
                f"{tuple(location)} (elements [{elements}] of the array): "
                f"{type(error).__name__}: {error}"
            ) from error
    return u


def map_overlap(
    f: Any,
    x: Any,
    *,
    depth: Union[int, Sequence[int]],
    boundary: Boundary = "none",
    steps: int = 1,
    steps_per_exchange: int = 1,
    shape_params: Optional[Sequence[str]] = None,
) -> Any:
    """Applies the step `f` `steps` times to the dask array `x`, each chunk with its halo,
    exchanging halos of `steps_per_exchange × depth` cells every `steps_per_exchange`
    steps; returns a dask array, bit-identical to `apply_steps` on the whole array.

    f: an `arrayc.Program` with one array input and one output, or an `arrayc.jit`
    function of one array returning the new array (same shape and dtype), a stencil of
    radius `depth`. depth: cells per side (an int, or one per axis). boundary:
    `"periodic"`, `"reflect"`, `"symmetric"`, `"edge"`, `"none"` or a number (constant),
    as `numpy.pad`. shape_params: the params of a `Program` that give its input's shape,
    when its `input` declaration does not name them.

    A halo wider than a chunk is refused (`ValueError`); so is a chunking dask would have
    to change. A step that fails raises `ChunkError` naming the step and the chunk.
    """
    da = importlib.import_module("dask.array")
    step = _Step(f, shape_params)
    if not isinstance(x, da.Array):
        raise TypeError(f"x must be a dask.array.Array, not {type(x).__name__}")
    depths = _depths(depth, x.ndim)
    pad = _pad_arguments(boundary)
    periodic = boundary == "periodic"
    steps = _count("steps", steps, 0)
    per_exchange = _count("steps_per_exchange", steps_per_exchange, 1)
    if any(isinstance(c, float) and numpy.isnan(c) for sizes in x.chunks for c in sizes):
        raise ValueError("x has chunks of unknown size; call x.compute_chunk_sizes() first")
    widest = min(per_exchange, steps) if steps else 0
    for axis, sizes in enumerate(x.chunks):
        halo = widest * depths[axis]
        needs_halo = len(sizes) > 1 or periodic
        if needs_halo and halo > min(sizes):
            raise ValueError(
                f"the halo along axis {axis} is {widest} steps × depth {depths[axis]} = "
                f"{halo} cells, more than its smallest chunk ({min(sizes)} cells; chunks "
                f"{sizes}): use larger chunks (x.rechunk) or a smaller steps_per_exchange"
            )
    meta = numpy.empty((0,) * x.ndim, dtype=x.dtype)
    result = x
    done = 0
    while done < steps:
        round_steps = min(per_exchange, steps - done)
        run = functools.partial(
            _run_block,
            step=step,
            depths=depths,
            pad=pad,
            periodic=periodic,
            round_steps=round_steps,
            first_step=done,
            steps=steps,
            chunks=x.chunks,
        )
        result = da.map_overlap(
            run,
            result,
            depth={axis: round_steps * d for axis, d in enumerate(depths)},
            boundary={axis: "periodic" if periodic else "none" for axis in range(x.ndim)},
            trim=True,
            allow_rechunk=False,
            dtype=x.dtype,
            meta=meta,
            token="arrayc-steps",
        )
        done += round_steps
    return result
