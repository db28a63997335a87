#!/usr/bin/env python3
"""How long does a REPL entry take, and does a long piped script stay linear? (issue 13.3)

    cargo build --release && python3 bench/repl.py             # ~10 s on a quiet machine
    python3 bench/repl.py --baseline /path/to/older/arrayc     # the same against another build

Two measurements with the release binary, standard library only:

1. Latency. One session runs a 300-step `loop` on a 512 x 512 array (the issue's example),
   then `1 + 1` is entered --reps times; each entry is timed from writing its line to
   reading the value it prints (the REPL flushes after every entry). Median and minimum.
2. Piped scripts. A script of N lines is piped into `arrayc repl`; the whole process is
   timed. Every line declares a new binding that reads earlier ones (so the session grows
   with N), every fourth line is an expression that prints. Linear means the time per line
   stays flat as N grows; the table gives it and its ratio to the smallest N's.

With --baseline, both run also with that binary (an older REPL recompiles the whole
session per entry: its scripts go quadratic, so only --baseline-lines are tried, each
capped by --timeout). The machine is shared: compare within one run.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

SETUP = [
    "var d = zeros([512, 512]) + 1",
    "loop i in 0..300 { d = d + 0.001 * (roll(d, 1, 0) - d) }",
]


def latency(arrayc: str, reps: int) -> list[float]:
    """Seconds per `1 + 1` entry after the setup, one session."""
    child = subprocess.Popen(
        [arrayc, "repl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert child.stdin is not None and child.stdout is not None

    def entry(line: str) -> str:
        child.stdin.write(line + "\n")
        child.stdin.flush()
        return child.stdout.readline()

    try:
        for line in SETUP:
            child.stdin.write(line + "\n")
        # The setup prints nothing; this expression's value says it has run.
        answer = entry("sum(d) * 0")
        if answer.strip() != "0.0":
            raise RuntimeError(f"setup failed: {answer!r}")
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            answer = entry("1 + 1")
            times.append(time.perf_counter() - started)
            if answer.strip() != "2.0":
                raise RuntimeError(f"`1 + 1` printed {answer!r}")
        return times
    finally:
        child.stdin.close()
        child.wait(timeout=60)


def script(lines: int) -> tuple[str, int]:
    """A script of `lines` entries, each declaring a binding `aK` that reads earlier ones,
    and how many lines it prints."""
    out = ["var x = zeros([16, 16])", "let a1 = ones([16, 16])"]
    prints = 0
    for i in range(2, lines):
        match i % 4:
            case 0:
                out.append(f"let a{i} = a{i - 1}; sum(a{i}) + {i}")
                prints += 1
            case 1:
                out.append(f"let a{i} = a{i - 1} * 0.5 + x")
            case 2:
                out.append(f"x = x + a{i - 1}; let a{i} = a{i - 1}")
            case _:
                out.append(f"let a{i} = a{i - 2} + {i}")
    return "\n".join(out[:lines]) + "\n", prints


def piped(arrayc: str, lines: int, timeout: float) -> float | None:
    """Seconds for the whole script, or None past the timeout."""
    text, prints = script(lines)
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [arrayc, "repl"],
            input=text,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{lines}-line script failed: {result.stderr[-2000:]}")
    printed = len(result.stdout.splitlines())
    if printed != prints:
        raise RuntimeError(f"{lines}-line script printed {printed} lines, not {prints}")
    return elapsed


def report(name: str, arrayc: str, reps: int, sizes: list[int], timeout: float) -> None:
    times = latency(arrayc, reps)
    print(f"## {name}: `{arrayc}`\n")
    print(
        f"`1 + 1` after a 300-step loop on 512 x 512: median {statistics.median(times) * 1e3:.2f} ms,"
        f" min {min(times) * 1e3:.2f} ms over {reps} entries (target <= 2 ms)\n"
    )
    print("| lines | total (s) | per line (ms) | per line / smallest's |")
    print("| ---: | ---: | ---: | ---: |")
    first = None
    for lines in sizes:
        elapsed = piped(arrayc, lines, timeout)
        if elapsed is None:
            print(f"| {lines} | > {timeout:.0f} (timed out) | | |")
            break
        per_line = elapsed / lines
        first = first or per_line
        print(f"| {lines} | {elapsed:.2f} | {per_line * 1e3:.3f} | {per_line / first:.2f} |")
        sys.stdout.flush()
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arrayc", default="target/release/arrayc")
    parser.add_argument("--baseline", help="another arrayc binary to measure the same way")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--lines", default="1000,2000,5000,10000")
    parser.add_argument("--baseline-lines", default="250,500,1000")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"# REPL entry cost\n\nload average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    sizes = [int(n) for n in args.lines.split(",")]
    report("this build", args.arrayc, args.reps, sizes, args.timeout)
    if args.baseline:
        sizes = [int(n) for n in args.baseline_lines.split(",")]
        report("baseline", args.baseline, args.reps, sizes, args.timeout)


if __name__ == "__main__":
    main()
