"""Selective evaluation (issue 23): `where` and masked assignments whose operands call the C
library, timed in arrayc (and an older build with `--before`, interleaved) against NumPy,
with the results checked against NumPy's.

    python3 bench/select/run.py [--arrayc target/release/arrayc] [--before OLD] [--reps 5]

Programs: `flock.arr` (`where(near, cos(theta), vx)`, `sin` likewise) at the fractions of
selected birds 0.01, 0.1, 0.5 and 1, and `mandelbrot.arr` (masked updates, and a smooth
colour `log(log|z|)` computed where a point escapes). Times are the median `run` of
`arrayc run --json --threads 1` (a fresh process each, inputs from `.npy` files); NumPy's
is the median of `--reps` calls in this process. The machine is shared: the load average
is printed at the start and the end; compare ratios within one run.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mandelbrot  # noqa: E402

N = 200000
STEPS = 20


def flock_numpy(theta, seen, fraction):
    vx = np.zeros(N)
    vy = np.zeros(N)
    for s in range(STEPS):
        near = seen < fraction
        vx = np.where(near, np.cos(theta + 0.01 * s), vx)
        vy = np.where(near, np.sin(theta + 0.01 * s), vy)
    return vx, vy


def arrayc(binary, program, folder, sets, inputs):
    out = folder / "out"
    result = subprocess.run(
        [binary, "run", str(program), "--json", "--threads", "1", "-o", str(out),
         *[f"--set={k}={v}" for k, v in sets.items()],
         *[f"--input={name}={folder / (name + '.npy')}" for name in inputs]],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    report = json.loads(result.stdout)
    outputs = {path.stem: np.load(path) for path in out.glob("*.npy")}
    return report["timings_us"]["run"], report["timings_us"]["compile_total"], outputs


def close(a, b):
    return np.allclose(a, b, rtol=1e-10, atol=1e-13, equal_nan=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrayc", default="target/release/arrayc")
    parser.add_argument("--before")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    binaries = [("after", args.arrayc)] + ([("before", args.before)] if args.before else [])
    rng = np.random.default_rng(23)
    theta = rng.uniform(-np.pi, np.pi, N)
    seen = rng.uniform(0, 1, N)
    print(f"load average at start: {os.getloadavg()}")
    print("| program | NumPy ms | " + " | ".join(f"{label} run ms" for label, _ in binaries)
          + " | NumPy ÷ after | results = NumPy's |")
    print("|---" * (4 + len(binaries)) + "|")
    with tempfile.TemporaryDirectory() as name:
        folder = pathlib.Path(name)
        np.save(folder / "theta.npy", theta)
        np.save(folder / "seen.npy", seen)
        cases = [(f"flock, fraction {f}", HERE / "flock.arr", {"fraction": f}, ["theta", "seen"],
                  lambda f=f: flock_numpy(theta, seen, f), ("vx", "vy")) for f in (0.01, 0.1, 0.5, 1.0)]
        cases.append(("mandelbrot 600x400, 40 iterations", HERE / "mandelbrot.arr", {}, [],
                      mandelbrot.run, ("count", "smooth")))
        for title, program, sets, inputs, numpy, names in cases:
            times = {label: [] for label, _ in binaries}
            outputs = {}
            for _ in range(args.reps):
                for label, binary in binaries:
                    us, _, out = arrayc(binary, program, folder, sets, inputs)
                    times[label].append(us / 1000)
                    outputs[label] = out
            numpy_ms = []
            for _ in range(args.reps):
                start = time.perf_counter()
                expected = numpy()
                numpy_ms.append((time.perf_counter() - start) * 1000)
            same = all(close(out[key], value) for out in outputs.values()
                       for key, value in zip(names, expected))
            after = statistics.median(times["after"])
            cells = " | ".join(f"{statistics.median(times[label]):.2f}" for label, _ in binaries)
            print(f"| {title} | {statistics.median(numpy_ms):.2f} | {cells} | "
                  f"{statistics.median(numpy_ms) / after:.2f} | {'yes' if same else 'NO'} |",
                  flush=True)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
