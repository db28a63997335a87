#!/usr/bin/env python3
"""The corpus of real NumPy programs (tests/data/py/corpus): arrayc against NumPy.

    cargo build --release -p arrayc-cli
    target/fixenv/bin/python bench/corpus.py             # 5 repetitions each
    target/fixenv/bin/python bench/corpus.py --reps 9 --json-out corpus.json
    target/fixenv/bin/python bench/corpus.py cfd_cavity mocz_nbody

For every program: its code lines (neither blank nor comment), its status in the manifest
(`SOURCES.md`, column "arrayc today"), and — for those arrayc accepts — the median
`compile_total` and `run` of `arrayc run FILE --json` (each repetition a fresh process,
so compile includes the cold start), and for every program the median wall time of its
module code under CPython with NumPy (the script run in-process by `runpy` in a temporary
directory, after one warm-up run that pays for the imports). Prints a markdown table, the
machine and the load average before and after. Needs NumPy (and matplotlib for the
programs that draw); the numbers are medians on a shared machine: compare ratios.
"""
import argparse
import contextlib
import io
import glob
import json
import math
import os
import platform
import re
import runpy
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "data", "py", "corpus")

os.environ.setdefault("MPLBACKEND", "Agg")


def statuses() -> dict:
    """Program stem -> the manifest's "arrayc today" column."""
    res = {}
    lines = open(os.path.join(CORPUS, "SOURCES.md")).read().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| program |"))
    columns = [c.strip() for c in lines[header].strip("|").split("|")]
    status = columns.index("arrayc today")
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        res[cells[0].strip("`").removesuffix(".py")] = cells[status]
    return res


def code_lines(path: str) -> int:
    """Lines that are neither blank nor a comment."""
    return sum(1 for line in open(path) if line.strip() and not line.lstrip().startswith("#"))


def arrayc_times(binary: str, path: str, reps: int) -> dict:
    """Median compile_total and run (µs) of `reps` fresh `arrayc run --json` processes."""
    compile_us, run_us = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(reps):
            done = subprocess.run([binary, "run", path, "--json", "-o", out],
                                  capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                return {"error": done.stderr.strip().splitlines()[0] if done.stderr else "failed"}
            # The program's own prints come first; the report is the last line.
            timings = json.loads(done.stdout.strip().splitlines()[-1])["timings_us"]
            compile_us.append(timings["compile_total"])
            run_us.append(timings["run"])
    return {"compile_us": statistics.median(compile_us), "run_us": statistics.median(run_us)}


MATPLOTLIB = ("matplotlib", "matplotlib.pyplot", "matplotlib.cm", "matplotlib.animation",
              "matplotlib.colors")


class Inert:
    """Stands for a matplotlib module, figure or axes: every attribute and call gives itself."""

    def __getattr__(self, name: str) -> "Inert":
        return self

    def __call__(self, *args, **kwargs) -> "Inert":
        return self


def numpy_time(path: str, reps: int) -> float:
    """Median µs of the program's module code under CPython, after one warm-up run.

    `np.save` keeps its array instead of writing a file and matplotlib is a stand-in that
    draws nothing, as arrayc's run time includes neither writing the outputs nor the
    skipped matplotlib lines."""
    import numpy

    save = numpy.save
    numpy.save = lambda file, array, *args, **kwargs: numpy.asarray(array)
    modules = {name: sys.modules.get(name) for name in MATPLOTLIB}
    sys.modules.update({name: Inert() for name in MATPLOTLIB})
    times = []
    with tempfile.TemporaryDirectory() as work:
        cwd = os.getcwd()
        os.chdir(work)
        try:
            for rep in range(reps + 1):
                started = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()):
                    runpy.run_path(path, run_name="__main__")
                if rep > 0:
                    times.append((time.perf_counter() - started) * 1e6)
        finally:
            os.chdir(cwd)
            numpy.save = save
            for name, module in modules.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
    return statistics.median(times)


# Follows a refused binding: not a construct of its own.
FOLLOW_ON = re.compile(r"^name `[^`]+` is not defined$")
# Messages that name the program's own variable: the name is replaced by NAME so that the
# tally counts the construct, not the variable.
OWN_NAME = (
    re.compile(r"^`[^`]+` refers to another array at the end of the loop body than at its start$"),
    re.compile(r"^`[^`]+` was bound inside a loop or `if` body and is used after it$"),
    re.compile(r"^`[^`]+` is a module or a function, not a value$"),
)


def refusals() -> dict:
    """Each distinct error message of the goldens (`NAME.diag`) -> the programs it refuses."""
    res = {}
    for diag in sorted(glob.glob(os.path.join(CORPUS, "*.diag"))):
        program = os.path.basename(diag).removesuffix(".diag")
        for line in open(diag):
            if not line.startswith("error: "):
                continue
            message = line.removeprefix("error: ").strip()
            if FOLLOW_ON.match(message):
                continue
            if any(pattern.match(message) for pattern in OWN_NAME):
                message = re.sub(r"^`[^`]+`", "`NAME`", message)
            res.setdefault(message, set()).add(program)
    return res


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="program stems (default: all)")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--arrayc", default=os.path.join(ROOT, "target", "release", "arrayc"))
    parser.add_argument("--json-out", help="write every measurement as JSON")
    parser.add_argument("--refusals", action="store_true",
                        help="only tally the goldens' refusals by message (without the `name is not "
                             "defined` that follow a refused binding), and exit")
    args = parser.parse_args()
    if args.refusals:
        print("| programs | error | which |\n| ---: | --- | --- |")
        for message, programs in sorted(refusals().items(), key=lambda kv: (-len(kv[1]), kv[0])):
            escaped = message.replace("|", "\\|")
            print(f"| {len(programs)} | {escaped} | {', '.join(sorted(programs))} |")
        return

    import numpy

    status = statuses()
    names = args.names or sorted(status)
    print(f"machine: {machine()}; NumPy {numpy.__version__}, Python {platform.python_version()}")
    print(f"load average at start: {load()}; {args.reps} repetitions, medians\n")
    rows = []
    for name in names:
        path = os.path.join(CORPUS, name + ".py")
        row = {"program": name, "lines": code_lines(path), "status": status.get(name, "?")}
        if row["status"] != "refused":
            row.update(arrayc_times(args.arrayc, path, args.reps))
        row["numpy_us"] = numpy_time(path, args.reps)
        rows.append(row)
        print(f"  {name}: {row}", file=sys.stderr)
    print("| program | lines | arrayc today | compile µs | run µs | NumPy run µs | NumPy / run "
          "| NumPy / (compile + run) |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    totals = []
    for row in rows:
        if "run_us" in row:
            ratio = f"{row['numpy_us'] / max(row['run_us'], 1):,.1f}×"
            total = row["numpy_us"] / max(row["compile_us"] + row["run_us"], 1)
            totals.append(total)
            ratio += f" | {total:,.2f}×"
            cells = [f"{row['compile_us']:,.0f}", f"{row['run_us']:,.0f}"]
        elif "error" in row:
            ratio = "— | —"
            cells = [f"failed: {row['error']}", "—"]
        else:
            ratio = "— | —"
            cells = ["—", "—"]
        print(f"| `{row['program']}` | {row['lines']} | {row['status']} | {cells[0]} | "
              f"{cells[1]} | {row['numpy_us']:,.0f} | {ratio} |")
    if totals:
        mean = math.exp(sum(math.log(t) for t in totals) / len(totals))
        print(f"\nNumPy / (compile + run) over the {len(totals)} programs arrayc runs: geometric "
              f"mean {mean:.2f}×, {sum(t >= 2 for t in totals)} at ≥ 2×, lowest {min(totals):.2f}×")
    print(f"\nload average at end: {load()}")
    if args.json_out:
        with open(args.json_out, "w") as out:
            json.dump({"machine": machine(), "numpy": numpy.__version__, "rows": rows}, out, indent=1)


if __name__ == "__main__":
    main()
