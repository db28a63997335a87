#!/usr/bin/env python3
"""The seed study's NumPy function under `@arrayc.jit`, unchanged, against the `.arr`
program, in one process:

    scripts/test-python                  # or any venv where `import arrayc` works
    python bench/jit.py                  # 512 x 128, 10 steps, median of 21

Prints: the first call of the jitted function (compile + run) and its compile report's
total; the steady call (median); the `.arr` program's (`examples/advect_loop.arr`, same
steps) compile and steady run from Python (which also computes the initial field, the
jitted function is given it); and the call overhead of a cached signature with three
4-element array arguments (best of 5 x 100,000 calls). Every result is checked against
NumPy's.
"""
import argparse
import os
import statistics
import sys
import time
import timeit

import numpy as np

import arrayc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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


def add3(a, b, c):
    return a + b + c


def median_seconds(function, reps):
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--reps", type=int, default=21)
    args = parser.parse_args()
    steps, reps = args.steps, args.reps
    density, velocity = numpy_init()
    reference = numpy_steps(density, velocity, steps)

    jitted = arrayc.jit(numpy_steps)
    started = time.perf_counter()
    result = jitted(density, velocity, steps)
    first = time.perf_counter() - started
    compile_us = jitted.report["timings_us"]["compile_total"]
    difference = float(np.max(np.abs(result - reference)))
    steady = median_seconds(lambda: jitted(density, velocity, steps), reps)

    path = os.path.join(ROOT, "examples", "advect_loop.arr")
    started = time.perf_counter()
    program = arrayc.compile_file(path, params={"steps": steps})
    arr_compile = time.perf_counter() - started
    arr_result = program()["density"]
    arr_difference = float(np.max(np.abs(arr_result - reference)))
    arr_steady = median_seconds(program, reps)
    arr_run_us = statistics.median(program().run_us for _ in range(reps))

    numpy_steady = median_seconds(lambda: numpy_steps(density, velocity, steps), reps)

    a, b, c = np.ones(4), np.ones(4), np.ones(4)
    add = arrayc.jit(add3)
    add(a, b, c)
    calls = 100_000
    overhead = min(timeit.repeat(lambda: add(a, b, c), number=calls, repeat=5)) / calls * 1e6
    plain = arrayc.compile("input a: [4]\ninput b: [4]\ninput c: [4]\nout d = a + b + c")
    plain_overhead = min(timeit.repeat(lambda: plain.run(a=a, b=b, c=c), number=calls, repeat=5)) / calls * 1e6

    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"advect {NX} x {NY}, {steps} steps, median of {reps}; Python {sys.version.split()[0]}, "
          f"NumPy {np.__version__}, {os.cpu_count()} cores, load {load}\n")
    print("| | compile (ms) | first call (ms) | steady call (ms) | max abs diff vs NumPy |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| `@arrayc.jit` on the NumPy function | {compile_us / 1e3:.2f} | {first * 1e3:.2f} | {steady * 1e3:.3f} | {difference:.1e} |")
    print(f"| `examples/advect_loop.arr` (+ initial field) | {arr_compile * 1e3:.2f} | | {arr_steady * 1e3:.3f} (run {arr_run_us / 1e3:.3f}) | {arr_difference:.1e} |")
    print(f"| NumPy | | | {numpy_steady * 1e3:.3f} | 0 |")
    print(f"\ncall overhead, cached signature, three 4-element arrays: {overhead:.2f} µs "
          f"(program.run of the same .arr program: {plain_overhead:.2f} µs)")


if __name__ == "__main__":
    main()
