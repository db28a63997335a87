#!/usr/bin/env python3
"""The 2-D Laplace/Jacobi sweep on 512 x 512 with its four boundary assignments per sweep
(issue 10): arrayc written as a NumPy user writes it (bench/jacobi.arr), the same program
written with `where` masks and shifts as Version 1 required (bench/jacobi_where.arr), and a
C loop (bench/jacobi.c, gcc -O3 -march=native -ffp-contract=off), in one run.

    cargo build --release && python3 bench/jacobi.py [--sweeps 200] [--repeats 5]

Reports the best time per sweep of each (arrayc's from the run times of two sweep counts,
which excludes compilation and set-up; C times its sweeps itself) and checks that all three give the same checksum.
Standard library only; a measurement, not a test.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARRAYC = os.path.join(ROOT, "target", "release", "arrayc")
CFLAGS = ["-O3", "-march=native", "-ffp-contract=off"]


def arrayc_sweep(program, n, sweeps):
    """Seconds per sweep and the sum of p: the run times of `sweeps` and `2 * sweeps` sweeps
    (`arrayc run --timings`) differ by `sweeps` sweeps, without the run's set-up (buffers
    allocated and zeroed, initial values), which the C timer does not include either."""
    once, total = arrayc_run(program, n, sweeps)
    twice, _ = arrayc_run(program, n, 2 * sweeps)
    return (twice - once) / sweeps, total


def arrayc_run(program, n, sweeps):
    """The run time in seconds and the sum of p, from one `arrayc run --timings`."""
    out = subprocess.run(
        [ARRAYC, "run", os.path.join(HERE, program), "--timings",
         "--set", f"n={n}", "--set", f"sweeps={sweeps}"],
        check=True, capture_output=True, text=True).stdout
    run = re.search(r"^\s*run\s+([0-9.]+) µs", out, re.M)
    total = re.search(r"^p: .* sum ([-0-9.e+]+)", out, re.M)
    return float(run.group(1)) * 1e-6, float(total.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=512)
    parser.add_argument("--sweeps", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "jacobi")
        subprocess.run(["gcc", *CFLAGS, os.path.join(HERE, "jacobi.c"), "-o", binary],
                       check=True)
        rows = {"C (gcc -O3 -march=native)": [], "arrayc, assignment (jacobi.arr)": [],
                "arrayc, where masks (jacobi_where.arr)": []}
        sums = {}
        for _ in range(args.repeats):
            # Interleaved, so that a change of machine load affects all three alike.
            out = subprocess.run([binary, str(args.n), str(args.sweeps)], check=True,
                                 capture_output=True, text=True).stdout.split()
            rows["C (gcc -O3 -march=native)"].append(float(out[0]))
            sums["C"] = float(out[1])
            for label, program in (("arrayc, assignment (jacobi.arr)", "jacobi.arr"),
                                   ("arrayc, where masks (jacobi_where.arr)", "jacobi_where.arr")):
                seconds, total = arrayc_sweep(program, args.n, args.sweeps)
                rows[label].append(seconds)
                sums[program] = total
    c_best = min(rows["C (gcc -O3 -march=native)"])
    print(f"Jacobi sweep, {args.n} x {args.n}, {args.sweeps} sweeps, best of {args.repeats}; "
          f"load {open('/proc/loadavg').read().split()[0]}")
    print(f"{'':42} {'µs/sweep':>10} {'vs C':>7}")
    for label, times in rows.items():
        best = min(times)
        print(f"{label:42} {best * 1e6:10.1f} {best / c_best:6.2f}x")
    where = min(rows["arrayc, where masks (jacobi_where.arr)"])
    assign = min(rows["arrayc, assignment (jacobi.arr)"])
    print(f"assignment is {where / assign:.2f}x faster than where masks")
    spread = max(sums.values()) - min(sums.values())
    print(f"checksums {sums} (spread {spread:.3g})")
    if spread > 1e-9 * abs(sums["C"]):
        sys.exit("the programs disagree")


if __name__ == "__main__":
    main()
