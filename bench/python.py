#!/usr/bin/env python3
"""Advect from Python: arrayc (`for` and `loop`) against NumPy, JAX and Numba, in one process.

    scripts/test-python                      # or any venv where `import arrayc` works
    python bench/python.py                   # 512 x 128 grid, 50 steps, 5 repetitions
    python bench/python.py --steps 100 --reps 7
    python bench/python.py --quick           # 10 steps, 2 repetitions

JAX (`jax[cpu]`, float64) and Numba are optional: their rows say "not installed" when the
import fails. For each tool: compile time (arrayc: `compile`; JAX: `lower().compile()`;
Numba: eager compilation of a typed signature), the first call after compiling, and the
steady time per step (median over the repetitions of one whole run divided by the steps).
arrayc's run includes computing the initial field (one `exp` over the grid) — the others
start from it — so its per-step figure carries 1/steps of that. Every result is compared
with NumPy's (max |difference|). Last, the call overhead of `program.run` on a 4-element
input (best of 5 × 100,000 calls).
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


def timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def steady(function, reps):
    """Median seconds of `reps` calls, and the last value."""
    times = []
    value = None
    for _ in range(reps):
        value, seconds = timed(function)
        times.append(seconds)
    return value, statistics.median(times)


def row(tool, variant, compile_s, first_s, step_s, result, reference, note=""):
    difference = float(np.max(np.abs(np.asarray(result) - reference)))
    return {
        "tool": tool,
        "variant": variant,
        "compile": compile_s * 1e3,
        "first": first_s * 1e3,
        "step": step_s * 1e6,
        "diff": difference,
        "note": note,
    }


def bench_arrayc(steps, reps, reference):
    rows = []
    for variant, name in (("for (unrolled)", "advect.arr"), ("loop", "advect_loop.arr")):
        path = os.path.join(ROOT, "examples", name)
        program, compile_s = timed(lambda: arrayc.compile_file(path, params={"steps": steps}))
        first, first_s = timed(program)
        result, run_s = steady(program, reps)
        rows.append(row("arrayc", variant, compile_s, first_s, run_s / steps, result["density"], reference))
    return rows


def bench_numpy(steps, reps, reference):
    density, velocity = numpy_init()
    result, first_s = timed(lambda: numpy_steps(density, velocity, steps))
    result, run_s = steady(lambda: numpy_steps(density, velocity, steps), reps)
    return [row("NumPy", "Python for", 0.0, first_s, run_s / steps, result, reference)]


def bench_jax(steps, reps, reference):
    try:
        import jax
        import jax.numpy as jnp
    except ImportError as error:
        return [{"tool": "JAX", "missing": f"not installed ({error})"}]
    jax.config.update("jax_enable_x64", True)
    device = jax.devices("cpu")[0]

    def step(density, velocity):
        return density + DT * (-velocity * jnp.gradient(density, axis=0))

    def with_fori(density, velocity):
        return jax.lax.fori_loop(0, steps, lambda i, d: step(d, velocity), density)

    def with_python_for(density, velocity):
        for _ in range(steps):
            density = step(density, velocity)
        return density

    density, velocity = (jax.device_put(a, device) for a in numpy_init())
    rows = []
    for variant, function in (("jit + fori_loop", with_fori), ("jit + Python for (unrolled)", with_python_for)):
        compiled, compile_s = timed(lambda: jax.jit(function).lower(density, velocity).compile())
        result, first_s = timed(lambda: compiled(density, velocity).block_until_ready())
        result, run_s = steady(lambda: compiled(density, velocity).block_until_ready(), reps)
        rows.append(row("JAX " + jax.__version__, variant, compile_s, first_s, run_s / steps, np.asarray(result), reference))
    return rows


def bench_numba(steps, reps, reference):
    try:
        import numba
    except ImportError as error:
        return [{"tool": "Numba", "missing": f"not installed ({error})"}]

    def advect_steps(density, velocity, steps, dt):
        nx, ny = density.shape
        current = density.copy()
        following = np.empty_like(density)
        for _ in range(steps):
            for i in range(nx):
                for j in range(ny):
                    # np.gradient along axis 0: central inside, one-sided at the edges.
                    if i == 0:
                        g = current[1, j] - current[0, j]
                    elif i == nx - 1:
                        g = current[nx - 1, j] - current[nx - 2, j]
                    else:
                        g = (current[i + 1, j] - current[i - 1, j]) / 2.0
                    following[i, j] = current[i, j] + dt * (-velocity[i, j] * g)
            current, following = following, current
        return current

    density, velocity = numpy_init()
    signature = "float64[:, ::1](float64[:, ::1], float64[:, ::1], int64, float64)"
    compiled, compile_s = timed(lambda: numba.njit(signature)(advect_steps))
    result, first_s = timed(lambda: compiled(density, velocity, steps, DT))
    result, run_s = steady(lambda: compiled(density, velocity, steps, DT), reps)
    return [row("Numba " + numba.__version__, "njit, loops", compile_s, first_s, run_s / steps, result, reference)]


def call_overhead():
    program = arrayc.compile("input a: [4]\nout b = a * 2")
    a = np.ones(4)
    program.run(a=a)
    calls = 100_000
    best = min(timeit.repeat(lambda: program.run(a=a), number=calls, repeat=5))
    return best / calls * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="10 steps, 2 repetitions")
    args = parser.parse_args()
    steps, reps = (10, 2) if args.quick else (args.steps, args.reps)

    reference = numpy_steps(*numpy_init(), steps)
    rows = []
    for bench in (bench_arrayc, bench_numpy, bench_jax, bench_numba):
        rows += bench(steps, reps, reference)

    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"advect {NX} x {NY}, {steps} steps, median of {reps}; Python {sys.version.split()[0]}, "
          f"NumPy {np.__version__}, {os.cpu_count()} cores, load {load}\n")
    print("| tool | variant | compile (ms) | first call (ms) | steady (µs/step) | max abs diff vs NumPy |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        if "missing" in r:
            print(f"| {r['tool']} | {r['missing']} | | | | |")
            continue
        compile_text = "—" if r["compile"] == 0 else f"{r['compile']:.1f}"
        print(f"| {r['tool']} | {r['variant']} | {compile_text} | {r['first']:.1f} | {r['step']:.1f} | {r['diff']:.1e} |")
    print(f"\ncall overhead of program.run on a 4-element input: {call_overhead():.2f} µs")


if __name__ == "__main__":
    main()
