#!/usr/bin/env python3
"""Compile time of whole programs, two arrayc builds side by side in one run.

    python3 bench/compile_before_after.py --before /tmp/arrayc-old [--after target/release/arrayc]
        [--reps 21] [PROGRAM ...]

Runs each program (default: the examples and corpus programs that sum, and the corpus's CFD
programs that run) with `--json --threads 1` under both binaries, interleaved (program,
then binary, repetition-major), and prints a markdown table of the medians of
`compile_total` and `codegen` (µs), the change, and the minima of `compile_total`. Copy both binaries the same way (e.g.
both with `cp` to `/tmp`): a binary fresh from the linker takes more page faults on its first
compile (docs/performance.md, "Cold start"). The load average is printed at the start and
the end. Standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

DEFAULT = [
    "examples/laplace.arr",
    "examples/stats.arr",
    "examples/wave.arr",
    "tests/data/py/corpus/cfd_laplace2d.py",
    "tests/data/py/corpus/heat2d_periodic.py",
    "tests/data/py/corpus/cfd_cavity.py",
    "tests/data/py/corpus/cfd_burgers2d.py",
    "tests/data/py/corpus/cfd_diffusion2d.py",
    "tests/data/py/corpus/cfd_poisson2d.py",
]


def timings(binary, program):
    result = subprocess.run(
        [binary, "run", program, "--json", "--threads", "1"],
        capture_output=True, text=True, check=True, cwd=os.path.dirname(program) or ".")
    report = json.loads(result.stdout)
    return report["timings_us"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default="target/release/arrayc")
    parser.add_argument("--reps", type=int, default=21)
    parser.add_argument("programs", nargs="*")
    args = parser.parse_args()
    programs = [os.path.abspath(p) for p in (args.programs or DEFAULT)]
    binaries = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    print(f"load at start: {os.getloadavg()}")
    samples = {(p, b, k): [] for p in programs for b in binaries for k in ("compile_total", "codegen")}
    for _ in range(args.reps):
        for program in programs:
            for label, binary in binaries.items():
                measured = timings(binary, program)
                for key in ("compile_total", "codegen"):
                    samples[(program, label, key)].append(measured[key])
    print(f"load at end: {os.getloadavg()}")
    print(f"\nmedians of {args.reps} runs each, µs\n")
    # On a loaded machine the minimum is the steadier figure; both are shown.
    print("| program | compile before | compile after | change | min before | min after "
          "| codegen before | codegen after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for program in programs:
        median = {k: statistics.median(v) for k, v in samples.items() if k[0] == program}
        least = {k: min(v) for k, v in samples.items() if k[0] == program}
        before = median[(program, "before", "compile_total")]
        after = median[(program, "after", "compile_total")]
        name = os.path.relpath(program)
        print(f"| {name} | {before:.0f} | {after:.0f} | {100 * (after / before - 1):+.1f} % "
              f"| {least[(program, 'before', 'compile_total')]:.0f} "
              f"| {least[(program, 'after', 'compile_total')]:.0f} "
              f"| {median[(program, 'before', 'codegen')]:.0f} "
              f"| {median[(program, 'after', 'codegen')]:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
