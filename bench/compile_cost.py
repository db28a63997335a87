#!/usr/bin/env python3
"""What does unrolling cost to compile, and what does it buy at run time? (advect program)

    cargo build --release && python3 bench/compile_cost.py > report.md     # 3 reps, ~3-5 min
    python3 bench/compile_cost.py --reps 5 > report.md                     # as in docs/, ~5 min
    python3 bench/compile_cost.py --quick                                  # smoke run, ~1 s

Times four forms of the advect program with the release binary (`--json --threads 1`):

    for        examples/advect.arr        every step unrolled at compile time
    loop       examples/advect_loop.arr   one copy of the step in a machine loop
    unroll K   advect_loop.arr with `loop i in 0..steps unroll K` (generated into a temp dir)

for steps N = 1, 3, 10, ..., 10000 on several grids (--set nx=.. --set ny=..), each point
--reps times, repetition-major (rep 1 of every point, then rep 2, ...) so that load drift on
the shared machine hits every configuration alike. Every number is a median over the
repetitions. Per configuration: compile_total and run (µs, from --json), their sum, and the
marginal run cost per step (run minus the N = 0 run of the same grid, divided by N: `run`
includes computing the initial field). Then, per grid, the crossover: the smallest N from
which the `loop` form's total (compile + run) beats the `for` form's, and whether an
`unroll K` form ever beats both.

Affordability: before a grid is measured, one `loop` run at N = 0 and one at N = 100 predict
the run time of every N (setup + N x per-step); a point whose predicted single run exceeds
--max-run-s (default 20 s) is skipped for every form and listed as skipped. Every invocation
is capped by --timeout (default 120 s); a `for` run that times out is reported, and larger
N of that form on that grid are not attempted.

Prints a markdown report to stdout; writes an SVG (compile and total time against N, log-log,
one line per form, the 512x128 grid or the first grid, with the JAX figures of
the project's reference measurements) to --svg (default docs/images/compile-cost.svg; none
with --quick), and
every raw measurement to --json-out if given. Standard library only.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import cpu_model, median  # noqa: E402  (one copy of the shared helpers)
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FOR_FILE = os.path.join(ROOT, "examples", "advect.arr")
LOOP_FILE = os.path.join(ROOT, "examples", "advect_loop.arr")

# JAX reference figures measured on this machine (the project's reference measurements, Nov 2026), seconds.
JAX_FOR_COMPILE = [(10, 0.30), (100, 7.1), (300, 41.0)]      # N=1000: did not finish in 517 s
JAX_FORI_COMPILE = 0.095                                       # any N
JAX_FORI_UNROLL_N1000 = [(2, 0.11), (5, 0.20), (10, 0.34), (30, 1.9)]


# --------------------------------------------------------------------------- helpers

def loadavg():
    try:
        return tuple(float(v) for v in open("/proc/loadavg").read().split()[:3])
    except OSError:
        return os.getloadavg()



def run_child(cmd, timeout):
    """Run cmd in its own session; return (rc, stdout, stderr, wall_s, timed_out)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, 9)  # the session holds only this child
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        timed_out = True
    wall = time.monotonic() - t0
    return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), \
        wall, timed_out


def fmt_ms(us, digits=3):
    """Microseconds -> milliseconds with `digits` significant digits (at least 1 decimal
    below 100 ms)."""
    if us is None:
        return "–"
    ms = us / 1000.0
    if ms >= 100:
        return "{:,.0f}".format(ms)
    if ms >= 10:
        return "%.1f" % ms
    if ms >= 1:
        return "%.2f" % ms
    return "%.3f" % ms


def fmt_us(us):
    return "–" if us is None else "{:,.0f}".format(us)


def fmt_step(us):
    if us is None:
        return "–"
    if us >= 100:
        return "%.0f" % us
    if us >= 10:
        return "%.1f" % us
    return "%.2f" % us


def slope(points):
    """Least-squares slope of y against x."""
    if len(points) < 2:
        return None
    mx = sum(p[0] for p in points) / len(points)
    my = sum(p[1] for p in points) / len(points)
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in points) / sxx


# --------------------------------------------------------------------------- measurement

class Point:
    """All repetitions of one (grid, form, N)."""

    def __init__(self):
        self.compile, self.run, self.total, self.wall = [], [], [], []
        self.codegen = []
        self.ir_ops = self.code_bytes = self.functions = None
        self.timed_out = False
        self.error = None
        self.skipped = None  # reason

    def add(self, doc, wall):
        t = doc["timings_us"]
        self.compile.append(t["compile_total"])
        self.run.append(t["run"])
        self.total.append(t["compile_total"] + t["run"])
        self.codegen.append(t.get("codegen"))
        self.wall.append(wall)
        self.ir_ops, self.code_bytes = doc.get("ir_ops"), doc.get("code_bytes")
        self.functions = doc.get("functions")

    @property
    def ok(self):
        return bool(self.run)

    def med(self, what):
        return median(getattr(self, what))

    def as_json(self):
        return {k: getattr(self, k) for k in ("compile", "run", "total", "wall", "codegen",
                                              "ir_ops", "code_bytes", "functions",
                                              "timed_out", "error", "skipped")}


def invoke(arrayc, path, nx, ny, steps, timeout):
    cmd = [arrayc, "run", path, "--json", "--threads", "1",
           "--set", "nx=%d" % nx, "--set", "ny=%d" % ny, "--set", "steps=%d" % steps]
    rc, out, err, wall, timed_out = run_child(cmd, timeout)
    if timed_out:
        return None, wall, "timed out after %.0f s" % timeout
    if rc != 0:
        return None, wall, (err.strip() or out.strip() or "exit %d" % rc).splitlines()[0]
    return json.loads(out), wall, None


def make_unrolled(tmp, k):
    src = open(LOOP_FILE).read()
    new, n = re.subn(r"^loop i in 0\.\.steps \{", "loop i in 0..steps unroll %d {" % k, src,
                     flags=re.M)
    if n != 1:
        sys.exit("could not find `loop i in 0..steps {` in %s" % LOOP_FILE)
    path = os.path.join(tmp, "advect_unroll%d.arr" % k)
    with open(path, "w") as fh:
        fh.write(new)
    return path


# --------------------------------------------------------------------------- report

def grid_name(g):
    return "%dx%d" % g


def crossover(steps, total_a, total_b):
    """Smallest N from which a (a dict N -> total) beats b at every larger measured N too,
    and the first N at which a beats b at all."""
    common = [n for n in steps if total_a.get(n) is not None and total_b.get(n) is not None]
    first = next((n for n in common if total_a[n] < total_b[n]), None)
    stable = None
    for i, n in enumerate(common):
        if all(total_a[m] < total_b[m] for m in common[i:]):
            stable = n
            break
    return first, stable, common


def svg_plot(path, title, steps, forms, data, labels):
    """Two log-log panels: compile time and total (compile + run) against N."""
    W, H = 1000, 470
    panels = [("compile time", "compile"), ("total: compile + run", "total")]
    colors = {"for": "#d62728", "loop": "#1f77b4"}
    extra_colors = ["#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    for i, f in enumerate(x for x in forms if x not in colors):
        colors[f] = extra_colors[i % len(extra_colors)]
    xs = [n for n in steps if n > 0]
    ymin, ymax = float("inf"), 0.0
    for f in forms:
        for n in xs:
            p = data[f].get(n)
            if p is not None and p.ok:
                for what in ("compile", "total"):
                    v = p.med(what) / 1e6
                    ymin, ymax = min(ymin, v), max(ymax, v)
    for n, s in JAX_FOR_COMPILE:
        ymax = max(ymax, s)
    ymin = min(ymin, JAX_FORI_COMPILE)
    lx0, lx1 = math.log10(min(xs)), math.log10(max(xs))
    ly0, ly1 = math.floor(math.log10(ymin)), math.ceil(math.log10(ymax))
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">' % (W, H, W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" text-anchor="middle" font-size="15">%s</text>' % (W // 2, title)]
    pw, ph, top = 400, 330, 50
    for pi, (ptitle, what) in enumerate(panels):
        left = 75 + pi * 480

        def X(n):
            return left + (math.log10(n) - lx0) / (lx1 - lx0) * pw

        def Y(s):
            return top + ph - (math.log10(s) - ly0) / (ly1 - ly0) * ph

        out.append('<text x="%d" y="%d" text-anchor="middle" font-size="13">%s</text>'
                   % (left + pw // 2, top - 8, ptitle))
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>'
                   % (left, top, pw, ph))
        for e in range(ly0, ly1 + 1):
            y = Y(10 ** e)
            out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>'
                       % (left, left + pw, y, y))
            lab = {-3: "1 ms", -2: "10 ms", -1: "100 ms", 0: "1 s", 1: "10 s", 2: "100 s",
                   -4: "100 µs", -5: "10 µs", 3: "1000 s"}.get(e, "1e%d s" % e)
            out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 5, y + 4, lab))
        for n in xs:
            x = X(n)
            out.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#eee"/>'
                       % (x, x, top, top + ph))
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                       % (x, top + ph + 16, "{:,}".format(n)))
        out.append('<text x="%d" y="%d" text-anchor="middle">steps N</text>'
                   % (left + pw // 2, top + ph + 34))
        # JAX reference (compile panel only): unrolled Python for under jit, and fori_loop.
        if what == "compile":
            pts = " ".join("%.1f,%.1f" % (X(n), Y(s)) for n, s in JAX_FOR_COMPILE)
            out.append('<polyline points="%s" fill="none" stroke="#888" stroke-width="1.5" '
                       'stroke-dasharray="5,4"/>' % pts)
            for n, s in JAX_FOR_COMPILE:
                out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="#888"/>' % (X(n), Y(s)))
            y = Y(JAX_FORI_COMPILE)
            out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#888" '
                       'stroke-width="1.5" stroke-dasharray="2,3"/>' % (left, left + pw, y, y))
            out.append('<text x="%d" y="%.1f" fill="#666" text-anchor="end">JAX fori_loop</text>'
                       % (left + pw - 4, y - 4))
            n, s = JAX_FOR_COMPILE[-1]
            out.append('<text x="%.1f" y="%.1f" fill="#666">JAX for (jit)</text>'
                       % (X(n) + 6, Y(s) + 4))
        for f in forms:
            pts = [(n, data[f][n].med(what) / 1e6) for n in xs
                   if data[f].get(n) is not None and data[f][n].ok]
            if not pts:
                continue
            out.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>'
                       % (" ".join("%.1f,%.1f" % (X(n), Y(s)) for n, s in pts), colors[f]))
            for n, s in pts:
                out.append('<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>'
                           % (X(n), Y(s), colors[f]))
    # legend
    lx, ly = 75, top + ph + 52
    items = [(labels[f], colors[f], "") for f in forms] + \
        [("JAX (ANCHORS.md)", "#888", ' stroke-dasharray="5,4"')]
    for i, (lab, col, dash) in enumerate(items):
        x = lx + i * 165
        out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
                   % (x, x + 24, ly, ly, col, dash))
        out.append('<text x="%d" y="%d">%s</text>' % (x + 30, ly + 4, lab))
    out.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arrayc", default=os.path.join(ROOT, "target", "release", "arrayc"))
    ap.add_argument("--reps", type=int, default=3, help="repetitions per point (default 3)")
    ap.add_argument("--steps", default="1,3,10,30,100,300,1000,3000,10000")
    ap.add_argument("--grids", default="64x64,512x128,1024x1024", help="NXxNY,...")
    ap.add_argument("--unroll", default="4,16", help="unroll factors K (default 4,16)")
    ap.add_argument("--timeout", type=float, default=120.0, help="cap per invocation, s")
    ap.add_argument("--max-run-s", type=float, default=20.0,
                    help="skip a point whose predicted single run exceeds this (s)")
    ap.add_argument("--plot-grid", default="512x128", help="grid drawn in the SVG")
    ap.add_argument("--svg", default=None,
                    help="where to write the plot (default docs/images/compile-cost.svg; "
                         "--quick writes none unless --svg is given; '' for none)")
    ap.add_argument("--json-out", help="write every raw measurement to this file")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 1 repetition, N up to 1000, grids 64x64,512x128")
    args = ap.parse_args()
    if args.quick:
        args.reps, args.steps, args.grids = 1, "1,10,100,1000", "64x64,512x128"
    if args.svg is None:
        args.svg = "" if args.quick else os.path.join(ROOT, "docs", "images", "compile-cost.svg")
    steps = [int(s) for s in args.steps.split(",")]
    grids = [tuple(int(v) for v in g.split("x")) for g in args.grids.split(",")]
    ks = [int(k) for k in args.unroll.split(",") if k]
    if not os.access(args.arrayc, os.X_OK):
        sys.exit("%s not found: run `cargo build --release` first" % args.arrayc)

    t_start = time.time()
    load_start = loadavg()
    load_max = load_start[0]
    tmp = tempfile.TemporaryDirectory(prefix="compile_cost_")
    files = {"for": FOR_FILE, "loop": LOOP_FILE}
    labels = {"for": "for (unrolled)", "loop": "loop"}
    for k in ks:
        files["unroll%d" % k] = make_unrolled(tmp.name, k)
        labels["unroll%d" % k] = "loop unroll %d" % k
    forms = list(files)

    results = {}   # grid -> form -> N -> Point
    setup = {}     # grid -> Point (loop form, N = 0)
    predicted = {}  # grid -> N -> predicted single-run seconds
    for g in grids:
        nx, ny = g
        print("grid %s ..." % grid_name(g), file=sys.stderr)
        # Probe: setup alone and 100 steps of the loop form.
        probe = {}
        for n in (0, 100):
            doc, wall, err = invoke(args.arrayc, LOOP_FILE, nx, ny, n, args.timeout)
            if err:
                sys.exit("probe %s N=%d failed: %s" % (grid_name(g), n, err))
            probe[n] = doc["timings_us"]["run"]
        per_step = max(probe[100] - probe[0], 1.0) / 100.0
        predicted[g] = {n: (probe[0] + n * per_step) / 1e6 for n in steps}
        results[g] = {f: {n: Point() for n in steps} for f in forms}
        setup[g] = Point()
        for n in steps:
            if predicted[g][n] > args.max_run_s:
                for f in forms:
                    results[g][f][n].skipped = "predicted run %.0f s > %.0f s" % (
                        predicted[g][n], args.max_run_s)
        for rep in range(args.reps):
            doc, wall, err = invoke(args.arrayc, LOOP_FILE, nx, ny, 0, args.timeout)
            if doc:
                setup[g].add(doc, wall)
            for n in steps:
                for f in forms:
                    p = results[g][f][n]
                    if p.skipped:
                        continue
                    # a smaller N of this form timed out: do not try larger ones
                    if any(results[g][f][m].timed_out for m in steps if m < n):
                        p.skipped = "a smaller N timed out"
                        continue
                    if p.timed_out or (p.error and not p.ok):
                        continue
                    doc, wall, err = invoke(args.arrayc, files[f], nx, ny, n, args.timeout)
                    if doc:
                        p.add(doc, wall)
                    else:
                        p.error = err
                        p.timed_out = err.startswith("timed out")
                    print("  rep %d %-9s N=%-6d %s" % (
                        rep + 1, f, n, err or "compile %s ms, run %s ms" % (
                            fmt_ms(doc["timings_us"]["compile_total"]),
                            fmt_ms(doc["timings_us"]["run"]))), file=sys.stderr)
                load_max = max(load_max, loadavg()[0])
    load_end = loadavg()
    elapsed = time.time() - t_start

    # ----------------------------------------------------------------- report
    P = print
    P("# Compile cost of unrolling: the advect program\n")
    P("Generated by `python3 bench/compile_cost.py` on %s." % time.strftime("%Y-%m-%d %H:%M"))
    P("Machine: %s, %d cores (shared). Binary: `%s`, `--json --threads 1`." % (
        cpu_model(), os.cpu_count() or 0, os.path.relpath(args.arrayc, ROOT)))
    P("Load average (1/5/15 min): start %.2f %.2f %.2f, end %.2f %.2f %.2f, highest 1-min "
      "sampled %.2f. Every figure is the median of %d repetitions (repetition-major order); "
      "wall time of the whole run %.0f s.\n" % (load_start + load_end + (load_max, args.reps,
                                                                          elapsed)))
    P("Forms: `for` = examples/advect.arr (fully unrolled); `loop` = examples/advect_loop.arr; "
      + ", ".join("`unroll %d` = `loop i in 0..steps unroll %d`" % (k, k) for k in ks) + ".")
    P("compile = `compile_total`; run = `run` (includes computing the initial field); "
      "total = compile + run (median of the per-invocation sums); marginal = (run − run at "
      "N = 0) / N, the cost of one more step.\n")

    summary = {}
    for g in grids:
        gn = grid_name(g)
        s0 = setup[g].med("run")
        P("## Grid %s\n" % gn)
        P("Setup alone (`loop` form, N = 0): run %s µs. Predicted single run (loop form) at "
          "the largest N: %.1f s." % (fmt_us(s0), predicted[g][steps[-1]]))
        skipped = sorted({n for f in forms for n in steps if results[g][f][n].skipped
                          and results[g][f][n].skipped.startswith("predicted")})
        if skipped:
            P("Skipped (predicted single run > %.0f s): N = %s." % (
                args.max_run_s, ", ".join("{:,}".format(n) for n in skipped)))
        P("")
        # Summary table, ms.
        P("| N | " + " | ".join("%s total ms" % labels[f] for f in forms)
          + " | fastest | loop ÷ for |")
        P("| ---: | " + " | ".join("---:" for _ in forms) + " | --- | ---: |")
        totals = {f: {n: results[g][f][n].med("total") for n in steps} for f in forms}
        for n in steps:
            cells = []
            for f in forms:
                p = results[g][f][n]
                if p.ok:
                    cells.append(fmt_ms(totals[f][n]))
                elif p.timed_out:
                    cells.append("timed out")
                elif p.skipped:
                    cells.append("skipped")
                else:
                    cells.append("error" if p.error else "–")
            have = {f: totals[f][n] for f in forms if totals[f][n] is not None}
            fastest = labels[min(have, key=have.get)] if have else "–"
            ratio = "–"
            if totals["for"][n] and totals["loop"][n]:
                ratio = "%.2f" % (totals["loop"][n] / totals["for"][n])
            P("| {:,} | ".format(n) + " | ".join(cells) + " | %s | %s |" % (fastest, ratio))
        P("")
        # Details table, µs.
        P("<details><summary>All figures for %s (µs)</summary>\n" % gn)
        P("| N | form | compile µs | run µs | total µs | marginal µs/step | IR ops | code bytes "
          "| functions |")
        P("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n in steps:
            for f in forms:
                p = results[g][f][n]
                if not p.ok:
                    why = "timed out" if p.timed_out else (p.skipped or p.error or "–")
                    P("| {:,} | {} | {} | | | | | | |".format(n, labels[f], why))
                    continue
                marg = (p.med("run") - s0) / n if s0 is not None else None
                P("| {:,} | {} | {} | {} | {} | {} | {:,} | {:,} | {} |".format(
                    n, labels[f], fmt_us(p.med("compile")), fmt_us(p.med("run")),
                    fmt_us(p.med("total")), fmt_step(marg), p.ir_ops or 0,
                    p.code_bytes or 0, p.functions))
        P("\n</details>\n")

        # Per-step costs.
        info = {}
        for f in forms:
            big = [(n, results[g][f][n].med("run")) for n in steps
                   if n >= 100 and results[g][f][n].ok]
            cpts = [(n, results[g][f][n].med("compile")) for n in steps
                    if n >= 100 and results[g][f][n].ok]
            best = [(n, min(results[g][f][n].run)) for n in steps
                    if n >= 100 and results[g][f][n].ok]
            info[f] = {"run_slope": slope(big), "compile_slope": slope(cpts),
                       "run_slope_best": slope(best),
                       "largest_n": big[-1][0] if big else None}
        P("Per-step costs (least-squares slopes over N ≥ 100):\n")
        P("| form | run µs per step (medians) | ÷ loop's | run µs per step (best of reps) "
          "| ÷ loop's | compile µs per step |")
        P("| --- | ---: | ---: | ---: | ---: | ---: |")
        base = info["loop"]["run_slope"]
        base_b = info["loop"]["run_slope_best"]
        for f in forms:
            rs, cs, rb = info[f]["run_slope"], info[f]["compile_slope"], info[f]["run_slope_best"]
            P("| %s | %s | %s | %s | %s | %s |" % (
                labels[f], fmt_step(rs), "%.3f" % (rs / base) if rs and base else "–",
                fmt_step(rb), "%.3f" % (rb / base_b) if rb and base_b else "–", fmt_step(cs)))
        P("")
        # Crossovers.
        first, stable, common = crossover(steps, totals["loop"], totals["for"])
        lines = []
        if stable is not None:
            clear = max(results[g]["loop"][stable].total) < min(results[g]["for"][stable].total)
            lines.append("`loop` beats `for` on total time from N = {:,} on".format(stable)
                         + ("" if clear else " (at that N within the repetition spread)")
                         + (" (first at N = {:,})".format(first) if first != stable else "")
                         + " (compared up to N = {:,}).".format(common[-1]))
        else:
            lines.append("`loop` never beats `for` on total time at every larger N"
                         " (compared up to N = {:,}).".format(common[-1] if common else 0))
        below = [n for n in common if stable is None or n < stable]
        if below:
            lines.append("Below that, `for` is ahead by %s." % ", ".join(
                "{:.2f} ms at N = {:,}".format((totals["loop"][n] - totals["for"][n]) / 1e3, n)
                for n in below if totals["loop"][n] >= totals["for"][n]) or
                "(no point below it has `for` ahead)")
        ks_beat = {}
        for k in ks:
            f = "unroll%d" % k
            wins = []
            for n in steps:
                t = totals[f][n]
                others = [totals[o][n] for o in ("for", "loop") if totals[o][n] is not None]
                if t is not None and others and t < min(others):
                    # "clear" when every repetition of K beats every repetition of the best other
                    best = min(("for", "loop"), key=lambda o: totals[o][n]
                               if totals[o][n] is not None else float("inf"))
                    clear = max(results[g][f][n].total) < min(results[g][best][n].total)
                    wins.append((n, (min(others) - t) / min(others), clear))
            ks_beat[k] = wins
            if wins:
                lines.append("`unroll %d` has the lowest total of the three at N = %s." % (
                    k, ", ".join("{:,} ({:.1f} % below the better of for/loop{})".format(
                        n, 100 * d, "" if c else "; within the repetition spread")
                        for n, d, c in wins)))
            else:
                lines.append("`unroll %d` never has a lower total than both `for` and `loop`."
                             % k)
        P("Crossover:\n")
        for l in lines:
            P("- " + l)
        P("")
        summary[gn] = {"loop_beats_for_from": stable, "loop_first_beats_for": first,
                       "unroll_wins": {k: [(n, d, c) for n, d, c in v]
                                       for k, v in ks_beat.items()},
                       "per_step": info, "setup_run_us": s0}

    # Across grids: what unrolling costs to compile, and what it buys per step.
    if len(grids) > 1:
        P("## Across grids\n")
        P("Compile time of the `for` form, ms (the loop form's is listed for comparison):\n")
        P("| N | " + " | ".join("for, %s" % grid_name(g) for g in grids) + " | "
          + " | ".join("loop, %s" % grid_name(g) for g in grids) + " |")
        P("| ---: | " + " | ".join("---:" for _ in range(2 * len(grids))) + " |")
        for n in steps:
            cells = []
            for f in ("for", "loop"):
                for g in grids:
                    p = results[g][f][n]
                    cells.append(fmt_ms(p.med("compile")) if p.ok else
                                 ("timed out" if p.timed_out else "skipped"))
            P("| {:,} | ".format(n) + " | ".join(cells) + " |")
        P("")
        P("Run time per step (least-squares slope over N ≥ 100), µs, and the total-time "
          "crossover:\n")
        P("| grid | setup µs | " + " | ".join("%s µs/step" % labels[f] for f in forms)
          + " | for compile µs/step | loop beats for from N = |")
        P("| --- | ---: | " + " | ".join("---:" for _ in forms) + " | ---: | ---: |")
        for g in grids:
            sm = summary[grid_name(g)]
            P("| %s | %s | " % (grid_name(g), fmt_us(sm["setup_run_us"]))
              + " | ".join(fmt_step(sm["per_step"][f]["run_slope"]) for f in forms)
              + " | %s | %s |" % (fmt_step(sm["per_step"]["for"]["compile_slope"]),
                                  "{:,}".format(sm["loop_beats_for_from"])
                                  if sm["loop_beats_for_from"] else "never"))
        P("")

    # SVG
    pg = tuple(int(v) for v in args.plot_grid.split("x"))
    if pg not in results:
        pg = grids[0]
    if args.svg:
        os.makedirs(os.path.dirname(os.path.abspath(args.svg)), exist_ok=True)
        svg_plot(args.svg, "advect %s, arrayc (--threads 1, medians of %d) vs N; load %.2f–%.2f"
                 % (grid_name(pg), args.reps, min(load_start[0], load_end[0]), load_max),
                 steps, forms, results[pg], labels)
        P("Plot (%s): `%s`." % (grid_name(pg), os.path.relpath(args.svg, ROOT)))
    if args.json_out:
        with open(args.json_out, "w") as fh:
            json.dump({"grids": {grid_name(g): {
                "setup": setup[g].as_json(),
                "predicted_run_s": predicted[g],
                "forms": {f: {str(n): results[g][f][n].as_json() for n in steps}
                          for f in forms}} for g in grids},
                "summary": summary, "load_start": load_start, "load_end": load_end,
                "load_max_1min": load_max, "reps": args.reps}, fh, indent=1, default=str)
    tmp.cleanup()


if __name__ == "__main__":
    main()
