#!/usr/bin/env python3
"""arrayc's differential tester: random well-typed programs against their NumPy twin.

    python tools/difftest/difftest.py --cases 50000 --seed 1 --jobs 2      # a campaign
    python tools/difftest/difftest.py --cases 2000 --seed 7 --mode script  # NumPy scripts
    python tools/difftest/difftest.py --show 12345                         # one case
    python tools/difftest/difftest.py --minimise 12345                     # shrink a failure

Run it with the Python that has the `arrayc` package and NumPy (scripts/test-python makes
one in target/pyenv); the script mode also needs the `arrayc` command
(`cargo build --release -p arrayc-cli`, or ARRAYC_BIN). Case `k` of seed `S` is the program
generated from the number `S * 10**7 + k` (what --show and --minimise take).

Modes: `arr` (default) compiles each program's `.arr` text in its `for`, `loop` and
`loop ... unroll k` forms in-process and checks each against the NumPy twin and the three
against each other, bit for bit; `script` runs the twin itself as a NumPy script through
`arrayc run x.py` and compares the `np.save`d outputs.

A case passes, is refused (a compile error, or NumPy raised and arrayc refused too), is
skipped (the twin changed a var's dtype, which the language decides once per program), or
fails: `wrong-value` (value, dtype or shape), `forms-differ`, `crash` (panic, internal error,
a dead worker), `run-error` (arrayc stopped a run NumPy completed) or `numpy-raises`
(NumPy raised and arrayc gave numbers). Workers are subprocesses, so a segfault is reported
as a crash of the case that was running, and the campaign goes on.
"""
import argparse
import collections
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FAILURES = ("wrong-value", "forms-differ", "crash", "run-error", "numpy-raises")


def case_seed(seed, k):
    return seed * 10**7 + k


def check(number, mode):
    from program import gen_program
    from runner import check_arr, check_script

    prog = gen_program(number)
    return (check_script if mode == "script" else check_arr)(prog)


def worker(args):
    """Runs cases [start, stop) and writes one JSON line per case that is not a pass; the
    line `{"at": k}` before each case lets the parent name the case that killed us."""
    out = sys.stdout
    for k in range(args.start, args.stop):
        number = case_seed(args.seed, k)
        out.write(json.dumps({"at": k}) + "\n")
        out.flush()
        state, detail = check(number, args.mode)
        out.write(json.dumps({"k": k, "case": number, "state": state, "detail": detail[:1500]}) + "\n")
        out.flush()


def campaign(args):
    start = time.time()
    counts = collections.Counter()
    failures = []
    refusals = collections.Counter()
    chunks = [(a, min(a + args.chunk, args.cases)) for a in range(0, args.cases, args.chunk)]
    running = []

    def launch(a, b):
        cmd = [sys.executable, str(HERE / "difftest.py"), "--worker", "--seed", str(args.seed),
               "--start", str(a), "--stop", str(b), "--mode", args.mode]
        return [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True), a, b]

    def harvest(job):
        proc, a, b = job
        at = None
        done = 0
        for line in proc.stdout:
            rec = json.loads(line)
            if "at" in rec:
                at = rec["at"]
                continue
            done += 1
            at = None
            st = rec["state"]
            counts[st] += 1
            if st in FAILURES:
                failures.append(rec)
            elif st == "refused":
                refusals[rec["detail"].split("\n")[0][:100]] += 1
        code = proc.wait()
        if code != 0 and at is not None:
            counts["crash"] += 1
            failures.append({"k": at, "case": case_seed(args.seed, at), "state": "crash",
                             "detail": f"the worker died (exit {code}) on this case"})
            if at + 1 < b:
                return (at + 1, b)
        return None

    pending = list(chunks)
    while pending or running:
        while pending and len(running) < args.jobs:
            running.append(launch(*pending.pop(0)))
        job = running.pop(0)
        rest = harvest(job)
        if rest:
            pending.insert(0, rest)
    elapsed = time.time() - start
    report = {
        "mode": args.mode, "seed": args.seed, "cases": args.cases, "seconds": round(elapsed, 1),
        "counts": dict(counts), "failures": failures,
        "refusals": dict(refusals.most_common(40)),
    }
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(report, indent=1))
    print(f"{args.cases} {args.mode} cases, seed {args.seed}, {elapsed:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    by_class = collections.defaultdict(list)
    for f in failures:
        by_class[f["state"]].append(f)
    for st, fs in by_class.items():
        print(f"\n{st}: {len(fs)}")
        for f in fs[:args.show_failures]:
            print(f"  case {f['case']}: {f['detail'][:300]}")
    if args.refusals:
        print("\nrefusals:")
        for msg, n in refusals.most_common(40):
            print(f"  {n:6d}  {msg}")
    return 1 if failures else 0


def show(number, mode):
    from program import gen_program

    prog = gen_program(number)
    print("# .arr (for form)\n" + prog.arr("for"))
    print("# NumPy\n" + prog.py(script=True)[0])
    print("# result:", *check(number, mode))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--mode", choices=["arr", "script"], default="arr")
    ap.add_argument("--json", help="write the campaign's report (counts, failures, refusals) here")
    ap.add_argument("--refusals", action="store_true", help="print the most common refusals")
    ap.add_argument("--show-failures", type=int, default=5)
    ap.add_argument("--show", type=int, metavar="CASE")
    ap.add_argument("--minimise", type=int, metavar="CASE")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--stop", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    if args.show is not None:
        return show(args.show, args.mode)
    if args.minimise is not None:
        from minimise import minimise_case

        return minimise_case(args.minimise, args.mode)
    return campaign(args)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
