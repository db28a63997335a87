#!/usr/bin/env python3
"""Run time of names rebound to new arrays in a time loop (`u = u_new`, `b = f(...)`): the
`.py` form against the `.arr` form of the same program, and, with `--before OLD`, against an
older build of arrayc, interleaved (repetition-major) so that load drift hits every
configuration alike. Prints the median `run` time of `arrayc run --json` per program.

    python3 bench/rebind/run.py [--reps 9] [--before /tmp/arrayc-old] [--arrayc PATH]

Copy both binaries the same way (`cp` to /tmp) before comparing them.
"""
import argparse
import json
import os
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROGRAMS = [
    "bench/rebind/jacobi_rebind.py",
    "bench/rebind/jacobi_rebind.arr",
    "tests/data/py/corpus/cfd_channel.py",
]


def run_us(binary, program):
    out = subprocess.run(
        [binary, "run", "--json", "--threads", "1", "--compile-threads", "1", program],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)["timings_us"]["run"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--arrayc", default=os.path.join(ROOT, "target/release/arrayc"))
    parser.add_argument("--before")
    args = parser.parse_args()
    binaries = [("now", args.arrayc)] + ([("before", args.before)] if args.before else [])
    runs = {(label, program): [] for label, _ in binaries for program in PROGRAMS}
    for _ in range(args.reps):
        for program in PROGRAMS:
            for label, binary in binaries:
                if program.endswith(".arr") and label == "before":
                    continue
                runs[(label, program)].append(run_us(binary, program))
    print(f"load average: {os.getloadavg()}")
    print("| program | build | run µs (median) |")
    print("| --- | --- | ---: |")
    for (label, program), times in runs.items():
        if times:
            print(f"| {program} | {label} | {statistics.median(times):.0f} |")


if __name__ == "__main__":
    main()
