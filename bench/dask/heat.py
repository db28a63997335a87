"""The 2-D heat equation (periodic, 5-point stencil) on a local Dask cluster: arrayc steps
under `arrayc.dask.map_overlap` against NumPy steps under `dask.array.map_overlap`.

    python bench/dask/heat.py                       # 4096², 32 steps, 1 and 2 workers
    python bench/dask/heat.py --n 2048 --steps 32 --reps 3

For each number of workers (processes of one thread each, `LocalCluster`) and each
exchange interval k (`--k 1,4,16`), it times the whole run (graph built, computed, the
result gathered; the input is scattered to the workers beforehand), and reports the
throughput in cell-steps per second and the share of the workers' busy time spent on halo
exchange: every task of the graph that is not a step block (dask's overlap, concatenate,
trim and getitem tasks) plus the transfers between workers, from the task stream, computed unfused (`optimize_graph=False`) so that the step blocks are
tasks of their own. NumPy
runs the same step, one `dask.array.map_overlap` per exchange round (k steps on the block
with its k-cell halo, as arrayc's), at k = 1 and 4. Every result is checked against the
first one bit for bit. The first use on a fresh worker (unpickling the program, compiling
it for the block's shape) is timed inside the worker.

Requires: the arrayc package, numpy, dask[array], distributed.
"""
from __future__ import annotations

import argparse
import os
import pickle
import statistics
import time

import dask.array as da
import distributed
import numpy as np

import arrayc
from arrayc.dask import _Step, map_overlap

HEAT = """
param ny = 64
param nx = 64
input u: [ny, nx]
var v = u
v[1:-1, 1:-1] = u[1:-1, 1:-1] + 0.2 * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1])
out v
"""


def numpy_step(u):
    v = u.copy()
    v[1:-1, 1:-1] = u[1:-1, 1:-1] + 0.2 * (
        u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1]
    )
    return v


def numpy_steps(block, steps):
    for _ in range(steps):
        block = numpy_step(block)
    return block


def numpy_map_overlap(x, steps, per_exchange):
    done = 0
    while done < steps:
        rounds = min(per_exchange, steps - done)
        x = da.map_overlap(
            numpy_steps, x, depth=rounds, boundary="periodic", steps=rounds,
            dtype=x.dtype, meta=np.empty((0, 0)), allow_rechunk=False, token="numpy-steps",
        )
        done += rounds
    return x


def first_use(data, shape):
    """In a fresh worker: what arrayc spends before the first block runs, in ms: unpickling
    the step (its program's recipe) and compiling it for the block's shape."""
    start = time.perf_counter()
    step = pickle.loads(data)
    unpickled = time.perf_counter()
    step.program_for(shape)
    compiled = time.perf_counter()
    return (unpickled - start) * 1e3, (compiled - unpickled) * 1e3


def exchange_share(stream):
    """The share of busy time not spent in step blocks (halo exchange), from a task stream."""
    steps = other = 0.0
    for task in stream:
        name = task["key"][0] if isinstance(task["key"], tuple) else task["key"]
        for startstop in task["startstops"]:
            length = startstop["stop"] - startstop["start"]
            if startstop["action"] == "compute" and (
                name.startswith("arrayc-steps") or name.startswith("numpy-steps")
            ):
                steps += length
            else:
                other += length
    return other / (steps + other) if steps + other else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--steps", type=int, default=32)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--k", default="1,4,16")
    parser.add_argument("--numpy-k", default="1,4")
    parser.add_argument("--chunks", type=int, default=2, help="row blocks")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    n, steps = args.n, args.steps
    u = np.random.default_rng(0).random((n, n))
    program = arrayc.compile(HEAT, threads=1)
    print(f"# heat equation {n}x{n}, {steps} steps, periodic, {args.chunks} row blocks, "
          f"median of {args.reps}; load average {os.getloadavg()}")
    print("| run | workers | k | time (s) | Mcell-steps/s | halo exchange share |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    reference = None
    for workers in [int(w) for w in args.workers.split(",")]:
        cluster = distributed.LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None,
            memory_limit=0,
        )
        client = distributed.Client(cluster)
        block = (n // args.chunks + 1, n)
        first = client.submit(first_use, pickle.dumps(_Step(program, None)), block,
                              pure=False).result()
        print(f"<!-- first use on a fresh worker: unpickle the step {first[0]:.2f} ms, "
              f"compile it for the block shape {first[1]:.2f} ms -->")
        x = da.from_array(u, chunks=(n // args.chunks, n))
        x = client.persist(x)
        distributed.wait(x)
        runs = [("arrayc", int(k)) for k in args.k.split(",")] + [
            ("numpy", int(k)) for k in args.numpy_k.split(",")
        ]
        for kind, k in runs:
            times, shares = [], []
            for _ in range(args.reps):
                with distributed.get_task_stream(client) as stream:
                    start = time.perf_counter()
                    if kind == "arrayc":
                        y = map_overlap(program, x, depth=1, boundary="periodic", steps=steps,
                                        steps_per_exchange=k)
                    else:
                        y = numpy_map_overlap(x, steps, k)
                    # Unfused, so that the task stream tells step blocks from halo tasks.
                    result = client.compute(y, optimize_graph=False).result()
                    times.append(time.perf_counter() - start)
                shares.append(exchange_share(stream.data))
                if reference is None:
                    reference = result
                elif result.tobytes() != reference.tobytes():
                    raise SystemExit(f"{kind} k={k} on {workers} workers differs")
                del result
            seconds = statistics.median(times)
            print(f"| {kind} | {workers} | {k} | {seconds:.2f} | "
                  f"{n * n * steps / seconds / 1e6:.1f} | {statistics.median(shares):.1%} |",
                  flush=True)
        client.close()
        cluster.close()
    print(f"<!-- load average at the end {os.getloadavg()} -->")


if __name__ == "__main__":
    main()
