"""Times a float64 `sum` in arrayc against NumPy: a 1,000,000-element `sum(a)` and a
1000 x 1000 `sum(b, axis=1)`, each repeated `REPEAT` times inside one arrayc `loop` (the
program's run time, read from `--json`, divided by the repeats), and checks arrayc's value
equals NumPy's bit for bit. On a loaded machine the wall time counts the time the process
waits for a core; the "CPU" columns are the child's user + system time (`getrusage`) for the
program minus that of the same program with no repeats, divided by the repeats, which does
not.

    python3 bench/sums.py [--arrayc target/release/arrayc] [--before OLD_ARRAYC] [--reps 7]

`--before` times a second arrayc binary (an older build) on the same programs, interleaved.
Needs NumPy. Single thread (`--threads 1`), as NumPy's sum is.
"""
import argparse
import json
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import timeit

import numpy as np

REPEAT = 50

PROGRAMS = {
    "sum(a), 1e6 float64": (
        "input a: [1000000]\nvar s = 0.0\nloop i in 0..{r} {{ s = sum(a) }}\nout s\n",
        lambda a, b: np.sum(a),
    ),
    "sum(a * a), 1e6 float64 (fused operand)": (
        "input a: [1000000]\nvar s = 0.0\nloop i in 0..{r} {{ s = sum(a * a) }}\nout s\n",
        lambda a, b: np.sum(a * a),
    ),
    "sum(b, axis=1), 1000x1000": (
        "input b: [1000, 1000]\nvar s = zeros([1000])\nloop i in 0..{r} {{ s = sum(b, axis=1) }}\nout s\n",
        lambda a, b: np.sum(b, axis=1),
    ),
}


def child_cpu_us():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1e6


def cpu_per_sum(binary, template, folder):
    """CPU µs of one sum: the program with REPEAT repeats minus the one with none."""
    spent = []
    for repeats in (REPEAT, 0):
        before = child_cpu_us()
        run_arrayc(binary, template.format(r=repeats), folder)
        spent.append(child_cpu_us() - before)
    return (spent[0] - spent[1]) / REPEAT


def run_arrayc(binary, source, folder):
    program = folder / "p.arr"
    program.write_text(source)
    out = folder / "out"
    result = subprocess.run(
        [binary, "run", str(program), "--json", "--threads", "1", "-o", str(out),
         *[f"--input={name}={folder / (name + '.npy')}" for name in "ab"
           if f"input {name}:" in source]],
        capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    return report["timings_us"]["run"] / REPEAT, np.load(out / "s.npy")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrayc", default="target/release/arrayc")
    parser.add_argument("--before")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    a = rng.standard_normal(1_000_000)
    b = rng.standard_normal((1000, 1000))
    binaries = [("arrayc", args.arrayc)] + ([("before", args.before)] if args.before else [])
    with tempfile.TemporaryDirectory() as name:
        folder = pathlib.Path(name)
        np.save(folder / "a.npy", a)
        np.save(folder / "b.npy", b)
        print(f"| program | NumPy µs | " + " | ".join(f"{label} µs" for label, _ in binaries)
              + " | " + " | ".join(f"{label} CPU µs" for label, _ in binaries)
              + " | arrayc bits = NumPy's |")
        print("|---" * (3 + 2 * len(binaries)) + "|")
        for title, (template, numpy) in PROGRAMS.items():
            source = template.format(r=REPEAT)
            times = {label: [] for label, _ in binaries}
            cpu = {label: [] for label, _ in binaries}
            values = {}
            for _ in range(args.reps):
                for label, binary in binaries:
                    us, value = run_arrayc(binary, source, folder)
                    times[label].append(us)
                    values[label] = value
                    cpu[label].append(cpu_per_sum(binary, template, folder))
            expected = numpy(a, b)
            numpy_us = min(timeit.repeat(lambda: numpy(a, b), number=20, repeat=args.reps)) / 20 * 1e6
            same = np.array_equal(values["arrayc"], expected)
            cells = " | ".join(f"{statistics.median(times[label]):.1f}" for label, _ in binaries)
            cells += " | " + " | ".join(f"{statistics.median(cpu[label]):.1f}" for label, _ in binaries)
            print(f"| {title} | {numpy_us:.1f} | {cells} | {same} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
