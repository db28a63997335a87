#!/usr/bin/env python3
"""Compile speed of the `arrayc` binary: per-step cost of the unrolled `for` form of advect
and the fresh-process compile of its `loop` form, optionally against a second binary
(runs interleaved, so both see the same load).

    cargo build --release && python3 bench/compile_speed.py
    python3 bench/compile_speed.py --before /tmp/arrayc-old --threads 1 2 --steps 100 1000

Per-step cost = codegen + lower + parse + check (the report's compile_total) divided by the
step count, with the `--threads` given as codegen threads (`--compile-threads`); the `loop` row is `compile_total` of `arrayc run examples/advect_loop.arr
--json`, one fresh process per sample. Prints medians with the load average before and
after. Standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FOR_FILE = os.path.join(ROOT, "examples", "advect.arr")
LOOP_FILE = os.path.join(ROOT, "examples", "advect_loop.arr")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def report(binary, path, extra):
    out = subprocess.run(
        [binary, "run", path, "--json"] + extra, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "arrayc"))
    parser.add_argument("--before", help="a second binary to compare with")
    parser.add_argument("--steps", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument(
        "--threads", type=int, nargs="+", default=[2],
        help="codegen threads (`--compile-threads`) of the `for` rows",
    )
    parser.add_argument("--repeat", type=int, default=5, help="samples per `for` configuration")
    parser.add_argument("--fresh", type=int, default=31, help="fresh processes for the `loop` row")
    args = parser.parse_args()
    binaries = [("after", args.binary)] + ([("before", args.before)] if args.before else [])

    print("load before: %s" % loadavg())
    print("| binary | compile threads | steps | compile ms (median) | ms per step | codegen threads |")
    print("| --- | --- | --- | --- | --- | --- |")
    for steps in args.steps:
        # Thread counts and binaries alternate within each repetition, so all see the same load.
        samples = {(name, t): [] for name, _ in binaries for t in args.threads}
        used = {}
        repeat = max(1, args.repeat if steps < 10000 else args.repeat // 2)
        for _ in range(repeat):
            for threads in args.threads:
                for name, binary in binaries:
                    extra = ["--set", "steps=%d" % steps, "--compile-threads", str(threads)]
                    doc = report(binary, FOR_FILE, extra)
                    samples[name, threads].append(doc["timings_us"]["compile_total"] / 1000.0)
                    used[name, threads] = doc.get("codegen_threads", 1)
        for threads in args.threads:
            for name, _ in binaries:
                ms = statistics.median(samples[name, threads])
                print(
                    "| %s | %d | %d | %.1f | %.4f | %s |"
                    % (name, threads, steps, ms, ms / steps, used[name, threads])
                )
    print()
    print("| binary | `loop` compile_total, fresh process, µs: median | min | max | samples |")
    print("| --- | --- | --- | --- | --- |")
    samples = {name: [] for name, _ in binaries}
    for _ in range(args.fresh):
        for name, binary in binaries:
            samples[name].append(report(binary, LOOP_FILE, [])["timings_us"]["compile_total"])
    for name, _ in binaries:
        values = samples[name]
        print(
            "| %s | %.0f | %.0f | %.0f | %d |"
            % (name, statistics.median(values), min(values), max(values), len(values))
        )
    print("load after: %s" % loadavg())


if __name__ == "__main__":
    main()
