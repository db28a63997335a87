"""Times float sums in arrayc against NumPy, and checks arrayc's value equals NumPy's bit for
bit: a contiguous `sum(a)` (the operand already in memory, as NumPy's `np.sum(a)`), fused
operands (`sum(a * a)`, `sum(abs(a - b))`, `mean(a * a)`, the norm `sqrt(sum(a * a))`, which
NumPy computes as a temporary array and then sums), and `sum(b, axis=1)` of a square
matrix, at sizes 10^3 ... 10^7 in float64 and float32. Each sum is repeated inside one
arrayc `loop` (`--threads 1`; the repeats make the program run about 40 ms).

Two times per sum: **wall**, the program's run time (read from `--json`) divided by the
repeats; and **CPU**, the child's user + system time (`getrusage`) for the program minus that
of the same program with no repeats, divided by the repeats. On a loaded machine the wall
time counts the time the process waits for a core, and the CPU time does not.

    python3 bench/sums.py [--arrayc target/release/arrayc] [--before OLD_ARRAYC] [--reps 5]
        [--sizes 1000,1000000] [--dtypes f64,f32] [--only "sum(a * a)"]

`--before` times a second arrayc binary (an older build) on the same programs, interleaved.
Needs NumPy. Single thread, as NumPy's sum is.
"""
import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import timeit

import numpy as np

# name: (.arr expression of the inputs a, b (1-D) or m (square), NumPy's, inputs used)
PROGRAMS = {
    "sum(a) (contiguous)": ("sum(a)", lambda a, b, m: np.sum(a), "a"),
    "sum(a * a)": ("sum(a * a)", lambda a, b, m: np.sum(a * a), "a"),
    "sum(abs(a - b))": ("sum(abs(a - b))", lambda a, b, m: np.sum(np.abs(a - b)), "ab"),
    "mean(a * a)": ("mean(a * a)", lambda a, b, m: np.mean(a * a), "a"),
    "sqrt(sum(a * a))": ("sqrt(sum(a * a))", lambda a, b, m: np.sqrt(np.sum(a * a)), "a"),
    "sum(m, axis=1)": ("sum(m, axis=1)", lambda a, b, m: np.sum(m, axis=1), "m"),
}

# Elements summed per run: the repeats make each program about this many element-visits.
WORK = 40_000_000


def child_cpu_us():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1e6


def source(expr, inputs, n, side, dtype, repeats):
    declared = "f32" if dtype == np.float32 else ""
    lines = []
    for name in inputs:
        shape = f"[{side}, {side}]" if name == "m" else f"[{n}]"
        lines.append(f"input {name}: {declared}{shape}")
    init = f"zeros([{side}])" if "axis" in expr else "0.0"
    if dtype == np.float32:
        init = f"zeros([{side}], f32)" if "axis" in expr else "f32(0.0)"
    lines.append(f"var s = {init}")
    lines.append(f"loop i in 0..{repeats} {{ s = {expr} }}")
    lines.append("out s")
    return "\n".join(lines) + "\n"


def run_arrayc(binary, text, inputs, folder):
    program = folder / "p.arr"
    program.write_text(text)
    out = folder / "out"
    result = subprocess.run(
        [binary, "run", str(program), "--json", "--threads", "1", "-o", str(out),
         *[f"--input={name}={folder / (name + '.npy')}" for name in inputs]],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"arrayc failed on\n{text}\n{result.stderr}")
    report = json.loads(result.stdout)
    return report["timings_us"]["run"], np.load(out / "s.npy")


def measure(binary, expr, inputs, n, side, dtype, repeats, folder):
    """(wall µs per sum, CPU µs per sum, value)."""
    spent = []
    value = None
    wall = None
    for count in (repeats, 0):
        before = child_cpu_us()
        us, result = run_arrayc(binary, source(expr, inputs, n, side, dtype, count), inputs,
                                folder)
        spent.append(child_cpu_us() - before)
        if count:
            wall, value = us / count, result
    return wall, (spent[0] - spent[1]) / repeats, value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrayc", default="target/release/arrayc")
    parser.add_argument("--before")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000,10000000")
    parser.add_argument("--dtypes", default="f64,f32")
    parser.add_argument("--only", help="comma-separated program names (the table's first column)")
    args = parser.parse_args()
    binaries = [("after", args.arrayc)] + ([("before", args.before)] if args.before else [])
    names = args.only.split(",") if args.only else list(PROGRAMS)
    print(f"load average at start: {os.getloadavg()}")
    print("| program | n | dtype | NumPy µs | "
          + " | ".join(f"{label} wall µs" for label, _ in binaries) + " | "
          + " | ".join(f"{label} CPU µs" for label, _ in binaries)
          + " | bits = NumPy's |")
    print("|---" * (5 + 2 * len(binaries)) + "|")
    failures = 0
    with tempfile.TemporaryDirectory() as name:
        folder = pathlib.Path(name)
        for dtype_name in args.dtypes.split(","):
            dtype = {"f64": np.float64, "f32": np.float32}[dtype_name]
            for n in map(int, args.sizes.split(",")):
                rng = np.random.default_rng(n)
                side = max(1, int(round(n ** 0.5)))
                a = rng.standard_normal(n).astype(dtype)
                b = rng.standard_normal(n).astype(dtype)
                m = rng.standard_normal((side, side)).astype(dtype)
                for key, array in (("a", a), ("b", b), ("m", m)):
                    np.save(folder / f"{key}.npy", array)
                for title in names:
                    expr, numpy, inputs = PROGRAMS[title]
                    elements = side * side if "m" in inputs else n
                    repeats = max(2, WORK // elements)
                    walls = {label: [] for label, _ in binaries}
                    cpus = {label: [] for label, _ in binaries}
                    values = {}
                    for _ in range(args.reps):
                        for label, binary in binaries:
                            wall, cpu, value = measure(binary, expr, inputs, n, side, dtype,
                                                       repeats, folder)
                            walls[label].append(wall)
                            cpus[label].append(cpu)
                            values[label] = value
                    expected = np.asarray(numpy(a, b, m))
                    number = max(1, repeats // 20)
                    numpy_us = min(timeit.repeat(lambda: numpy(a, b, m), number=number,
                                                 repeat=args.reps)) / number * 1e6
                    same = all(v.dtype == expected.dtype and v.tobytes() == expected.tobytes()
                               for v in values.values())
                    failures += not same
                    cells = " | ".join(f"{statistics.median(walls[label]):.1f}"
                                       for label, _ in binaries)
                    cells += " | " + " | ".join(f"{statistics.median(cpus[label]):.1f}"
                                                for label, _ in binaries)
                    print(f"| {title} | {elements} | {dtype_name} | {numpy_us:.1f} | {cells} "
                          f"| {'yes' if same else 'NO'} |", flush=True)
    print(f"load average at end: {os.getloadavg()}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
