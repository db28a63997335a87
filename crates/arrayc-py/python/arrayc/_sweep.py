"""`arrayc.sweep`: one program run at every point of a grid of param values, on local threads
or as tasks on a Dask cluster, one row per point.

Each point compiles the program's source with the point's params (the program travels to
workers as text, `arrayc._pickle`) and runs it with the same inputs. A point that fails to
compile or run gives a row with its error; it never loses the other points. On a cluster, a
point whose worker died is submitted again (up to `retries` times) and its row counts the
attempts; a point still lost after that is reported as lost, with the others complete.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import importlib
import itertools
import os
import time
from collections.abc import Mapping
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ._pickle import program_from_recipe, source_recipe, with_params


@dataclasses.dataclass
class SweepRow:
    """One point of a sweep: its params, what it gave, what it cost.

    outputs: the run's outputs (name to array), or what `summary` made of them, or None
    when the point failed. error: None, or the error's text (`"lost: ..."` for a point
    whose worker died on every attempt). compile_us, run_us: the point's compile and run
    time (0 when it did not get there). attempts: how many times it was submitted.
    worker: the Dask worker that ran it (None on local threads).
    """

    params: Dict[str, float]
    outputs: Any
    error: Optional[str]
    compile_us: float
    run_us: float
    attempts: int = 1
    worker: Optional[str] = None

    @property
    def ok(self) -> bool:
        """Whether the point ran."""
        return self.error is None


def _run_point(
    recipe: Tuple[Any, ...],
    params: Dict[str, float],
    inputs: Mapping[str, Any],
    summary: Optional[Callable[[Any], Any]],
) -> SweepRow:
    """Compiles and runs one point (in a thread or on a worker); errors become the row's."""
    worker = None
    try:
        worker = importlib.import_module("distributed").get_worker().address
    except (ImportError, ValueError):
        pass
    compile_us = 0.0
    try:
        start = time.perf_counter()
        program = program_from_recipe(with_params(recipe, params))
        compile_us = (time.perf_counter() - start) * 1e6
        result = program.run(**inputs)
        outputs = summary(result) if summary is not None else result.to_dict()
        return SweepRow(dict(params), outputs, None, compile_us, result.run_us, worker=worker)
    except Exception as error:
        text = f"{type(error).__name__}: {error}"
        return SweepRow(dict(params), None, text, compile_us, 0.0, worker=worker)


def _points(grid: Mapping[str, Sequence[float]]) -> List[Dict[str, float]]:
    names = list(grid)
    for name in names:
        if isinstance(grid[name], (str, bytes)) or not hasattr(grid[name], "__iter__"):
            raise TypeError(f"the values of `{name}` must be a sequence of numbers")
    return [dict(zip(names, values)) for values in itertools.product(*(grid[n] for n in names))]


def sweep(
    program: Any,
    grid: Mapping[str, Sequence[float]],
    *,
    inputs: Optional[Mapping[str, Any]] = None,
    client: Any = None,
    summary: Optional[Callable[[Any], Any]] = None,
    threads: Optional[int] = None,
    retries: int = 2,
    timeout: Optional[float] = None,
) -> List[SweepRow]:
    """Runs `program` at every combination of the param values in `grid`; one row per
    point, in the grid's order (`itertools.product`).

    program: a `Program` compiled from arrayc source (its other options are kept).
    grid: `{param: values}`. inputs: the program's inputs, the same at every point.
    client: a `dask.distributed.Client` to farm the points out to (None: local threads).
    summary: applied to each point's `Result` where it ran (on the worker), e.g.
    `lambda r: float(r["u"].max())`, so that only the summary travels back.
    threads: local threads (None: one per core). retries: how many times a point whose
    worker died is submitted again. timeout: seconds to wait for the whole sweep on a
    cluster (None: no limit); points not back by then are reported as lost.
    """
    recipe = source_recipe(program)
    points = _points(grid)
    inputs = dict(inputs or {})
    if client is None:
        workers = threads or os.cpu_count() or 1
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            jobs = [pool.submit(_run_point, recipe, point, inputs, summary) for point in points]
            return [job.result() for job in jobs]
    return _on_cluster(client, recipe, points, inputs, summary, retries, timeout)


def _on_cluster(
    client: Any,
    recipe: Tuple[Any, ...],
    points: List[Dict[str, float]],
    inputs: Dict[str, Any],
    summary: Optional[Callable[[Any], Any]],
    retries: int,
    timeout: Optional[float],
) -> List[SweepRow]:
    distributed = importlib.import_module("distributed")
    # The inputs go to the cluster once, not once per point.
    scattered = client.scatter(inputs, broadcast=True) if inputs else {}
    deadline = None if timeout is None else time.monotonic() + timeout
    rows: List[Optional[SweepRow]] = [None] * len(points)
    attempts = [0] * len(points)
    index_of: Dict[Any, int] = {}

    def submit(index: int) -> Any:
        attempts[index] += 1
        future = client.submit(_run_point, recipe, points[index], scattered, summary, pure=False)
        index_of[future] = index
        return future

    active = {submit(index) for index in range(len(points))}
    while active:
        remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            done, _ = distributed.wait(
                list(active), timeout=remaining, return_when="FIRST_COMPLETED"
            )
        except (TimeoutError, distributed.TimeoutError):
            # (asyncio's TimeoutError, which is not the builtin one before Python 3.11.)
            break
        for future in done:
            active.discard(future)
            index = index_of.pop(future)
            try:
                row = future.result()
            except Exception as error:
                # The task itself never raises (`_run_point` catches the program's errors):
                # this is the cluster losing it, e.g. its worker killed.
                if attempts[index] <= retries:
                    active.add(submit(index))
                    continue
                text = f"lost: {type(error).__name__}: {error}"
                row = SweepRow(dict(points[index]), None, text, 0.0, 0.0)
            row.attempts = attempts[index]
            rows[index] = row
    for future, index in index_of.items():
        future.cancel()
        rows[index] = SweepRow(
            dict(points[index]), None, f"lost: not back within {timeout} s", 0.0, 0.0,
            attempts=attempts[index],
        )
    return [row for row in rows if row is not None]
