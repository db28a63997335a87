"""Type stubs for arrayc.dask: arrayc steps over chunked dask arrays."""
from typing import Any, Optional, Sequence, Union

import numpy

from . import Error

__all__ = ["map_overlap", "apply_steps", "ChunkError"]

Boundary = Union[str, float]

class ChunkError(Error):
    """A step failed on one chunk: the message names the step, the chunk and its elements."""

def apply_steps(
    f: Any,
    array: Any,
    *,
    depth: Union[int, Sequence[int]],
    boundary: Boundary = "none",
    steps: int = 1,
    shape_params: Optional[Sequence[str]] = None,
) -> numpy.ndarray:
    """The whole array in one process: what `map_overlap` computes chunk by chunk."""

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
    """Applies the step `f` `steps` times to the dask array `x`, exchanging halos every
    `steps_per_exchange` steps; bit-identical to `apply_steps` on the whole array."""
