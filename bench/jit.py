#!/usr/bin/env python3
"""The seed study's NumPy function under `@arrayc.jit`, unchanged, beside the `.arr` program,
Numba's `@njit` and JAX's `jax.jit`, in one process:

    scripts/test-python                           # builds arrayc into target/pyenv
    python3 -m venv target/benchenv && target/benchenv/bin/pip install numpy numba "jax[cpu]"
    target/benchenv/bin/pip install ./crates/arrayc-py   # or run with target/pyenv's python
    python bench/jit.py                           # 512 x 128, 10 steps, median of 21

Prints one table: each tool's first call of its decorated function (compile + run, the
first such call in this process) with its compile time where the tool reports one, the
steady call (median), and the largest difference from NumPy's result; then the call
overhead of a cached signature with three 4-element array arguments (best of 5 x 100,000
calls, as wall time and as this thread's CPU time, which other processes on a loaded
machine do not inflate). Numba and JAX rows say "not installed" when they are missing.

The functions are what a user of each tool writes: arrayc and JAX take the NumPy function
(JAX with `jnp` for `np` and the step count static); Numba has no `np.gradient`, so its
function writes the gradient with slices, the NumPy way, with NumPy's operations and bits.
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


def sliced_steps(density, velocity, steps, dt=DT):
    """`numpy_steps` with `np.gradient(density, axis=0)` written out, for Numba."""
    for _ in range(steps):
        gradient = np.empty_like(density)
        gradient[1:-1] = (density[2:] - density[:-2]) / 2.0
        gradient[0] = density[1] - density[0]
        gradient[-1] = density[-1] - density[-2]
        density = density + dt * (-velocity * gradient)
    return density


def add3(a, b, c):
    return a + b + c


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def median_seconds(function, reps):
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(name, first, compile_s, steady, result, reference):
    difference = float(np.max(np.abs(np.asarray(result) - reference)))
    compiled = "" if compile_s is None else f"{compile_s * 1e3:.2f}"
    first_text = "" if first is None else f"{first * 1e3:.2f}"
    return f"| {name} | {first_text} | {compiled} | {steady * 1e3:.3f} | {difference:.1e} |"


def bench_arrayc_jit(args, reference):
    density, velocity = numpy_init()
    jitted = arrayc.jit(numpy_steps)
    result, first = timed(lambda: jitted(density, velocity, args.steps))
    compile_s = jitted.report["timings_us"]["compile_total"] / 1e6
    steady = median_seconds(lambda: jitted(density, velocity, args.steps), args.reps)
    return [row("`@arrayc.jit` on the NumPy function", first, compile_s, steady, result, reference)]


def bench_arrayc_arr(args, reference):
    path = os.path.join(ROOT, "examples", "advect_loop.arr")
    program, compile_s = timed(lambda: arrayc.compile_file(path, params={"steps": args.steps}))
    result = program()["density"]
    steady = median_seconds(program, args.reps)
    name = "`examples/advect_loop.arr` (also computes the initial field)"
    return [row(name, None, compile_s, steady, result, reference)]


def bench_numba(args, reference):
    try:
        import numba
    except ImportError as error:
        return [f"| Numba | not installed ({error}) | | | |"]
    density, velocity = numpy_init()
    jitted = numba.njit(sliced_steps)
    result, first = timed(lambda: jitted(density, velocity, args.steps))
    steady = median_seconds(lambda: jitted(density, velocity, args.steps), args.reps)
    name = f"Numba {numba.__version__} `@njit` (gradient with slices)"
    return [row(name, first, None, steady, result, reference)]


def bench_jax(args, reference):
    try:
        import jax
        import jax.numpy as jnp
    except ImportError as error:
        return [f"| JAX | not installed ({error}) | | | |"]
    jax.config.update("jax_enable_x64", True)

    def jax_steps(density, velocity, steps, dt=DT):
        for _ in range(steps):
            density = density + dt * (-velocity * jnp.gradient(density, axis=0))
        return density

    density, velocity = (jax.device_put(a) for a in numpy_init())
    jitted = jax.jit(jax_steps, static_argnums=2)
    result, first = timed(lambda: jitted(density, velocity, args.steps).block_until_ready())
    steady = median_seconds(
        lambda: jitted(density, velocity, args.steps).block_until_ready(), args.reps
    )
    name = f"JAX {jax.__version__} `jax.jit` (static steps: the Python `for` unrolled)"
    return [row(name, first, None, steady, result, reference)]


def bench_numpy(args, reference):
    density, velocity = numpy_init()
    steady = median_seconds(lambda: numpy_steps(density, velocity, args.steps), args.reps)
    return [row("NumPy", None, None, steady, reference, reference)]


def call_overhead():
    """Best of 5 x 100,000 calls of a cached signature with three 4-element arrays, in µs:
    wall time and this thread's CPU time, for `@arrayc.jit` and for `Program.run`."""
    a, b, c = np.ones(4), np.ones(4), np.ones(4)
    add = arrayc.jit(add3)
    add(a, b, c)
    plain = arrayc.compile("input a: [4]\ninput b: [4]\ninput c: [4]\nout d = a + b + c")
    calls = 100_000
    figures = {}
    for name, function in (("jit", lambda: add(a, b, c)), ("run", lambda: plain.run(a=a, b=b, c=c))):
        for clock, timer in (("wall", time.perf_counter), ("cpu", time.thread_time)):
            best = min(timeit.repeat(function, number=calls, repeat=5, timer=timer))
            figures[name, clock] = best / calls * 1e6
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--reps", type=int, default=21)
    args = parser.parse_args()
    density, velocity = numpy_init()
    reference = numpy_steps(density, velocity, args.steps)
    # arrayc's jitted function first: its first call is the first compile in the process.
    rows = []
    for bench in (bench_arrayc_jit, bench_arrayc_arr, bench_numba, bench_jax, bench_numpy):
        rows.extend(bench(args, reference))
    figures = call_overhead()

    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"advect {NX} x {NY}, {args.steps} steps, median of {args.reps}; Python "
          f"{sys.version.split()[0]}, NumPy {np.__version__}, {os.cpu_count()} cores, load {load}\n")
    print("| | first call (ms) | compile (ms) | steady call (ms) | max abs diff vs NumPy |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))
    print(f"\ncall overhead, cached signature, three 4-element arrays (best of 5 x 100,000): "
          f"`@arrayc.jit` {figures['jit', 'wall']:.2f} µs wall, {figures['jit', 'cpu']:.2f} µs "
          f"thread CPU; `Program.run` of the same `.arr` program {figures['run', 'wall']:.2f} µs "
          f"wall, {figures['run', 'cpu']:.2f} µs thread CPU")


if __name__ == "__main__":
    main()
