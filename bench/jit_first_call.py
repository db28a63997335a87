#!/usr/bin/env python3
"""The first call of the seed study's NumPy function under `@arrayc.jit`, phase by phase,
in this (fresh) process:

    scripts/test-python                               # builds arrayc into target/pyenv
    target/pyenv/bin/python bench/jit_first_call.py   # advect 512 x 128, 10 steps
    target/pyenv/bin/python bench/jit_first_call.py --cache DIR   # twice: the 2nd from disk
    target/pyenv/bin/python bench/jit_first_call.py --threads 1

Run it several times (each run is one first call). Prints the imports, the decoration, the
first and second calls, and inside the first call: the source lookup (`_Source`), the
description of the arguments (`_prepare` less the compile), the Rust compile
(`compile_function`) and the report's stage times, whose sum against `compile_total` shows
what the compile spends outside its stages. The first call less `_prepare` is the first
run; against the second call it shows what the first run costs extra. The load average is
printed: on a loaded machine thread hand-overs wait for a core.
"""
import argparse
import os
import time

started = time.perf_counter()
import numpy as np  # noqa: E402

numpy_imported = time.perf_counter()
import arrayc  # noqa: E402
from arrayc import _jit  # noqa: E402

arrayc_imported = time.perf_counter()

NX, NY, DT = 512, 128, 0.1


def numpy_init(nx=NX, ny=NY):
    x = np.linspace(-32, 32, nx).reshape(nx, 1)
    y = np.linspace(-16, 16, ny)
    density = np.exp(-0.05 * (x + 8) ** 2 - 0.005 * (y - 2) ** 2)
    velocity = np.broadcast_to(np.exp(-0.05 * y**2), (nx, ny)).copy()
    return density, velocity


def numpy_steps(density, velocity, steps, dt=DT):
    for _ in range(steps):
        density = density + dt * (-velocity * np.gradient(density, axis=0))
    return density


PHASES = {}


def timing(name, function):
    """`function` wrapped to record its wall time under `name`."""

    def wrapped(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            PHASES[name] = time.perf_counter() - begun

    return wrapped


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--cache", default=None, help="a cache directory (cache=DIR)")
    args = parser.parse_args()
    density, velocity = numpy_init()
    _jit._Source.__init__ = timing("source lookup (_Source)", _jit._Source.__init__)
    _jit._arrayc.compile_function = timing(
        "compile (compile_function)", _jit._arrayc.compile_function
    )
    _jit.JitFunction._prepare = timing(
        "describe + compile (_prepare)", _jit.JitFunction._prepare
    )
    begun = time.perf_counter()
    jitted = arrayc.jit(numpy_steps, threads=args.threads, cache=args.cache or False)
    decorate = time.perf_counter() - begun
    begun = time.perf_counter()
    jitted(density, velocity, args.steps)
    first = time.perf_counter() - begun
    begun = time.perf_counter()
    jitted(density, velocity, args.steps)
    second = time.perf_counter() - begun
    report = jitted.report
    stages = report["timings_us"]
    stage_sum = sum(stages[k] for k in ("parse", "check", "lower", "codegen", "finalize"))
    prepare = PHASES["describe + compile (_prepare)"]
    compiled = PHASES.get("compile (compile_function)", 0.0)
    print(f"load {os.getloadavg()[0]:.1f}; import numpy {1e3 * (numpy_imported - started):.1f} "
          f"ms, import arrayc {1e3 * (arrayc_imported - numpy_imported):.1f} ms")
    print("| phase | ms |\n| --- | ---: |")
    print(f"| decorate | {1e3 * decorate:.3f} |")
    print(f"| source lookup (_Source) | {1e3 * PHASES.get('source lookup (_Source)', 0):.3f} |")
    print(f"| describe (_prepare less the compile) | {1e3 * (prepare - compiled):.3f} |")
    cached = report.get("cached")
    print(f"| compile_function ({cached or 'compiled'}) | {1e3 * compiled:.3f} |")
    print(f"|   of which compile_total | {stages['compile_total'] / 1e3:.3f} |")
    if not cached:
        print(f"|   of which the stages' sum | {stage_sum / 1e3:.3f} |")
    print(f"| first run (first call less _prepare) | {1e3 * (first - prepare):.3f} |")
    print(f"| first call | {1e3 * first:.3f} |")
    print(f"| second call | {1e3 * second:.3f} |")


if __name__ == "__main__":
    main()
