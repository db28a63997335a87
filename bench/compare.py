#!/usr/bin/env python3
"""Compare arrayc with a C reference and NumPy on the advect program, in one run.

    cargo build --release && python3 bench/compare.py            # full run
    python3 bench/compare.py --quick                              # fast smoke run

Standard library only; NumPy is optional (its rows and the bit checks that need it are
skipped when it is absent); gcc is optional (the C rows are skipped when it is absent).
See bench/README.md for what every row means.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FOR_FILE = os.path.join(ROOT, "examples", "advect.arr")
LOOP_FILE = os.path.join(ROOT, "examples", "advect_loop.arr")
C_FILE = os.path.join(HERE, "advect.c")
CFLAGS = ["-O3", "-march=native", "-ffp-contract=off"]
NX, NY, DT = 512, 128, 0.1

try:
    import numpy as np
except ImportError:  # NumPy is optional
    np = None


# --------------------------------------------------------------------------- helpers

def loadavg():
    try:
        return tuple(float(v) for v in open("/proc/loadavg").read().split()[:3])
    except OSError:
        return os.getloadavg()


def fmt_load(la):
    return "%.2f %.2f %.2f" % la


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


class ChildResult:
    def __init__(self, rc, out, err, wall, maxrss_kib, cpu_s, timed_out):
        self.rc, self.out, self.err = rc, out, err
        self.wall, self.maxrss_kib, self.cpu_s, self.timed_out = wall, maxrss_kib, cpu_s, timed_out


TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_child(cmd, timeout=None):
    """Run cmd; return its output, wall time, CPU time and its own peak RSS.

    Peak RSS: Linux carries a process's RSS high-water mark across exec, so a child
    forked from this Python process (tens of MB once NumPy is loaded) would report at
    least Python's RSS. /usr/bin/time forks the program from its own small process and
    reports that child's ru_maxrss (%M), so it is used when present; otherwise the
    rusage of os.wait4 is used and the RSS rows are flagged as upper bounds."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, \
            tempfile.NamedTemporaryFile("r", suffix=".time") as ft:
        full = [TIME_BIN, "-f", "%M %U %S", "-o", ft.name] + cmd if TIME_BIN else cmd
        t0 = time.monotonic()
        p = subprocess.Popen(full, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        timed_out = False
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid == p.pid:
                break
            if timeout is not None and time.monotonic() - t0 > timeout:
                try:
                    os.killpg(p.pid, 9)  # the session holds only this child (and time's child)
                except ProcessLookupError:
                    pass
                pid, status, ru = os.wait4(p.pid, 0)
                timed_out = True
                break
            time.sleep(0.002)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") \
            else (status >> 8)
        fo.seek(0)
        fe.seek(0)
        out = fo.read().decode("utf-8", "replace")
        err = fe.read().decode("utf-8", "replace")
        maxrss, cpu = ru.ru_maxrss, ru.ru_utime + ru.ru_stime
        if TIME_BIN and not timed_out:
            try:
                last = [l for l in ft.read().splitlines() if l.strip()][-1].split()
                maxrss, cpu = int(last[0]), float(last[1]) + float(last[2])
            except (IndexError, ValueError):
                pass
    return ChildResult(p.returncode, out, err, wall, maxrss, cpu, timed_out)


def mb(kib):
    """ru_maxrss is in KiB on Linux; report decimal megabytes (10^6 bytes)."""
    return None if kib is None else kib * 1024 / 1e6


def read_npy_raw(path):
    """Read a float64 .npy file with the standard library: (shape, little-endian bytes)."""
    import ast
    if not os.path.exists(path):
        return None
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError("%s: not a .npy file" % path)
    major = data[6]
    if major == 1:
        hlen, off = int.from_bytes(data[8:10], "little"), 10
    else:
        hlen, off = int.from_bytes(data[8:12], "little"), 12
    header = ast.literal_eval(data[off:off + hlen].decode("latin1"))
    body = data[off + hlen:]
    if header.get("fortran_order"):
        raise ValueError("%s: Fortran order not supported" % path)
    descr = header["descr"]
    if descr in (">f8",):
        body = swap8(body)
    elif descr not in ("<f8", "=f8", "|f8"):
        raise ValueError("%s: dtype %s is not float64" % (path, descr))
    return (tuple(header["shape"]), body)


def swap8(data):
    import array
    a = array.array("d", data)
    a.byteswap()
    return a.tobytes()


# --------------------------------------------------------------------------- arrayc

class ArraycRuns:
    """Repeated runs of one (file, params, threads) configuration."""

    def __init__(self, label, file, steps, threads, extra_set=()):
        self.label, self.file, self.steps, self.threads = label, file, steps, threads
        self.extra_set = list(extra_set)
        self.compile_us, self.run_us, self.rss_kib = [], [], []
        self.cpu_s, self.wall_s = [], []
        self.codegen_us = []
        self.info = {}
        self.out_dir = None
        self.error = None
        self.timed_out = False

    def cmd(self, arrayc, out_dir=None):
        c = [arrayc, "run", self.file, "--json", "--threads", str(self.threads),
             "--set", "steps=%d" % self.steps]
        for kv in self.extra_set:
            c += ["--set", kv]
        if out_dir:
            c += ["-o", out_dir]
        return c

    def once(self, arrayc, out_dir=None, timeout=None):
        if self.error or self.timed_out:
            return
        r = run_child(self.cmd(arrayc, out_dir), timeout)
        if r.timed_out:
            self.timed_out = True
            self.timeout_s = timeout
            return
        if r.rc != 0:
            self.error = "exit %d: %s" % (r.rc, (r.err or r.out).strip()[:300])
            return
        try:
            j = json.loads(r.out)
        except ValueError:
            self.error = "bad JSON: %r" % r.out[:200]
            return
        t = j["timings_us"]
        self.compile_us.append(float(t["compile_total"]))
        self.run_us.append(float(t["run"]))
        self.codegen_us.append(float(t.get("codegen", "nan")))
        self.rss_kib.append(r.maxrss_kib)
        self.cpu_s.append(r.cpu_s)
        self.wall_s.append(r.wall)
        self.info = {k: j.get(k) for k in ("ir_ops", "code_bytes", "functions")}
        if out_dir:
            self.out_dir = out_dir

    @property
    def ok(self):
        return bool(self.run_us)

    def compile_ms(self):
        return median(self.compile_us) / 1e3 if self.ok else None

    def run_us_per_step(self):
        return median(self.run_us) / self.steps if self.ok and self.steps else None

    def rss_mb(self):
        # report the largest peak RSS seen over the repetitions (conservative)
        return mb(max(self.rss_kib)) if self.ok else None

    def cores_used(self):
        """CPU time / wall time of the whole process (compile + run + I/O)."""
        if not self.ok:
            return None
        # /usr/bin/time reports CPU time in 10 ms ticks: too coarse for short runs
        xs = [c / w for c, w in zip(self.cpu_s, self.wall_s) if w >= 0.2]
        return median(xs) if xs else None

    def status(self):
        if self.timed_out:
            return "timed out (> %.0f s)" % self.timeout_s
        if self.error:
            return "error: " + self.error
        return None


# --------------------------------------------------------------------------- C

def build_c(tmp):
    gcc = shutil.which("gcc")
    if not gcc:
        return None, "gcc not found"
    exe = os.path.join(tmp, "advect_c")
    r = subprocess.run([gcc] + CFLAGS + ["-o", exe, C_FILE, "-lm"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, "gcc failed: " + r.stderr.strip()[:300]
    ver = subprocess.run([gcc, "--version"], capture_output=True, text=True).stdout
    return exe, ver.splitlines()[0] if ver else "gcc"


def run_c(exe, nx, ny, steps, reps, out_path=None):
    cmd = [exe, str(nx), str(ny), str(steps), str(reps)]
    if out_path:
        cmd.append(out_path)
    r = run_child(cmd)
    if r.rc != 0:
        raise RuntimeError("C reference failed: " + r.err.strip())
    kv = dict(tok.split("=", 1) for tok in r.out.split())
    return {"best": float(kv["us_per_step_best"]), "median": float(kv["us_per_step_median"]),
            "sum": float(kv["sum"]), "max": float(kv["max"]), "rss_kib": r.maxrss_kib}


# --------------------------------------------------------------------------- NumPy

def numpy_init(nx=NX, ny=NY):
    x = np.linspace(-32, 32, nx).reshape(nx, 1)
    y = np.linspace(-16, 16, ny)
    density = np.exp(-0.05 * (x + 8) ** 2 - 0.005 * (y - 2) ** 2)
    velocity = np.broadcast_to(np.exp(-0.05 * y ** 2), (nx, ny)).copy()
    return density, velocity


def numpy_steps(density, velocity, steps, dt=DT):
    for _ in range(steps):  # the study's code
        density = density + dt * (-velocity * np.gradient(density, axis=0))
    return density


def numpy_time_per_step(steps, reps):
    per = []
    for _ in range(reps):
        d, v = numpy_init()
        t0 = time.perf_counter()
        numpy_steps(d, v, steps)
        per.append((time.perf_counter() - t0) / steps * 1e6)
    return median(per), min(per)


# --------------------------------------------------------------------------- table

def ratio_str(r):
    return "—" if r is None else "%.2f" % r


def verdict(value, target, higher_is_better=False):
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return "ok" if ok else "MISS"


def f(v, spec="%.3f", unit=""):
    return "—" if v is None else (spec % v) + unit


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=7,
                    help="repetitions per measurement (medians are reported); default 7")
    ap.add_argument("--quick", action="store_true",
                    help="fast smoke run: 2 repetitions, no steps=10000 row, short numpy timing")
    ap.add_argument("--arrayc", default=os.path.join(ROOT, "target", "release", "arrayc"),
                    help="path of the arrayc binary (default target/release/arrayc)")
    ap.add_argument("--steps", default="10,100,1000",
                    help="step counts for the for/loop rows (default 10,100,1000)")
    ap.add_argument("--for-10000-timeout", type=float, default=120.0,
                    help="timeout in seconds for one for-form steps=10000 run (default 120; 0 skips it)")
    ap.add_argument("--big-n", type=int, default=2048, help="grid side of the threads row (default 2048)")
    ap.add_argument("--big-steps", type=int, default=20,
                    help="steps of the threads row (default 20)")
    ap.add_argument("--json-out", help="also write every measurement as JSON to this file")
    args = ap.parse_args()
    reps = 2 if args.quick and args.reps == 7 else max(1, args.reps)
    t10000 = 0 if args.quick else args.for_10000_timeout
    steps_list = [int(s) for s in args.steps.split(",") if s.strip()]

    if not os.path.exists(args.arrayc):
        sys.exit("arrayc binary not found at %s: run `cargo build --release` first" % args.arrayc)

    load_start = loadavg()
    loads = [load_start]
    t_start = time.time()
    tmp = tempfile.mkdtemp(prefix="arrayc-bench-")
    notes = []

    try:
        # ---------------------------------------------------------------- C build
        c_exe, c_info = build_c(tmp)
        if not c_exe:
            notes.append("C reference skipped: " + c_info)
        if np is None:
            notes.append("NumPy not importable: NumPy rows and NumPy bit checks skipped")

        # ---------------------------------------------------------------- 512x128, one core
        # Runs are interleaved (rep-major) so that drift in the machine's load hits every
        # configuration alike.
        runs = {}
        for form, file in (("for", FOR_FILE), ("loop", LOOP_FILE)):
            for n in steps_list:
                runs[(form, n)] = ArraycRuns("%s N=%d" % (form, n), file, n, 1)
        c_runs = {n: [] for n in steps_list}
        c_out = {n: os.path.join(tmp, "c_%d.f64" % n) for n in steps_list}
        for rep in range(reps):
            for (form, n), r in runs.items():
                od = os.path.join(tmp, "arrayc_%s_%d" % (form, n)) if rep == 0 else None
                r.once(args.arrayc, od)
            if c_exe:
                for n in steps_list:
                    c_runs[n].append(run_c(c_exe, NX, NY, n, 3, c_out[n] if rep == 0 else None))
        loads.append(loadavg())

        # for form at 10,000 steps (linearity of compile time), with a timeout
        r10k = None
        if t10000 > 0:
            r10k = ArraycRuns("for N=10000", FOR_FILE, 10000, 1)
            for rep in range(min(reps, 3)):
                r10k.once(args.arrayc, os.path.join(tmp, "arrayc_for_10000") if rep == 0 else None,
                          timeout=t10000)
            loads.append(loadavg())

        # ---------------------------------------------------------------- NumPy
        np_us = np_best = None
        np_results = {}
        if np is not None:
            np_us, np_best = numpy_time_per_step(20 if args.quick else 100, reps)
            d, v = numpy_init()
            done = 0
            for n in sorted(steps_list):
                d = numpy_steps(d, v, n - done)
                done = n
                np_results[n] = d
            loads.append(loadavg())

        # ---------------------------------------------------------------- big grid, 1 vs 2 threads
        big = {}
        bn = args.big_n
        sets = ["nx=%d" % bn, "ny=%d" % bn]
        for threads in (1, 2):
            for s in (0, args.big_steps):
                big[(threads, s)] = ArraycRuns("loop %d² N=%d t=%d" % (bn, s, threads),
                                               LOOP_FILE, s, threads, sets)
        for rep in range(reps):
            for r in big.values():
                r.once(args.arrayc)
        c_big = None
        if c_exe:
            c_big = run_c(c_exe, bn, bn, args.big_steps, max(3, reps))
        loads.append(loadavg())
        load_end = loadavg()

        # ---------------------------------------------------------------- bit checks
        bits = []

        # Arrays are compared as raw bytes: (shape, little-endian float64 bytes). The .npy
        # reader below is stdlib-only, so for/loop/C checks work without NumPy.
        def load_arrayc(r):
            if r is None or not r.out_dir:
                return None
            return read_npy_raw(os.path.join(r.out_dir, "density.npy"))

        def load_c(path):
            if not os.path.exists(path):
                return None
            data = open(path, "rb").read()
            if sys.byteorder != "little":
                data = swap8(data)
            return ((NX, NY), data)

        def from_numpy(a):
            return None if a is None else (tuple(a.shape), np.ascontiguousarray(a, dtype="<f8").tobytes())

        def same(a, b):
            if a is None or b is None:
                return None
            return a[0] == b[0] and a[1] == b[1]

        def ndiff(a, b):
            if a is None or b is None or a[0] != b[0]:
                return None
            x, y = a[1], b[1]
            return sum(1 for i in range(0, len(x), 8) if x[i:i + 8] != y[i:i + 8])

        for n in steps_list:
            a_for = load_arrayc(runs[("for", n)])
            a_loop = load_arrayc(runs[("loop", n)])
            c_arr = load_c(c_out[n]) if c_exe else None
            np_arr = from_numpy(np_results.get(n))
            bits.append({"steps": n,
                         "for == loop": same(a_for, a_loop),
                         "loop == C": same(a_loop, c_arr),
                         "for == C": same(a_for, c_arr),
                         "loop == NumPy": same(a_loop, np_arr),
                         "C == NumPy": same(c_arr, np_arr),
                         "elements differing, loop vs NumPy": ndiff(a_loop, np_arr)})
        if r10k is not None and r10k.ok and c_exe:
            c10 = os.path.join(tmp, "c_10000.f64")
            run_c(c_exe, NX, NY, 10000, 1, c10)
            a_for = load_arrayc(r10k)
            c_arr = load_c(c10)
            bits.append({"steps": 10000, "for == loop": None, "loop == C": None,
                         "for == C": same(a_for, c_arr), "loop == NumPy": None, "C == NumPy": None,
                         "elements differing, loop vs NumPy": None})

        # ---------------------------------------------------------------- rows
        rows = []  # (what, measured, target, ratio, verdict)

        def add(what, value, unit, spec, target_str, ratio, ok):
            rows.append((what, f(value, spec, unit), target_str, ratio_str(ratio), ok))

        # compile, loop form
        for n in steps_list:
            r = runs[("loop", n)]
            v = r.compile_ms()
            add("compile, loop form, N=%d" % n, v, " ms", "%.3f", "≤ 0.5 ms",
                None if v is None else v / 0.5, verdict(v, 0.5) if r.ok else (r.status() or "n/a"))
        lc = [runs[("loop", n)].compile_ms() for n in steps_list if runs[("loop", n)].ok]
        if len(lc) >= 2:
            spread = max(lc) / min(lc)
            add("compile, loop form: max/min over N=%s" % ",".join(map(str, steps_list)), spread,
                "×", "%.2f", "≈ 1 (independent of N; ≤ 1.5)", spread, verdict(spread, 1.5))

        # compile, for form, per unrolled step
        for_list = [runs[("for", n)] for n in steps_list] + ([r10k] if r10k else [])
        for r in for_list:
            if not r.ok:
                rows.append(("compile, for form, per step, N=%d" % r.steps, r.status() or "n/a",
                             "≤ 0.1 ms/step", "—", "n/a"))
                continue
            v = r.compile_ms() / r.steps
            add("compile, for form, per step, N=%d (total %.1f ms)" % (r.steps, r.compile_ms()), v,
                " ms/step", "%.4f", "≤ 0.1 ms/step", v / 0.1, verdict(v, 0.1))
        ok_for = [r for r in for_list if r.ok and r.steps >= 100]
        if len(ok_for) >= 2:
            lo, hi = ok_for[0], ok_for[-1]
            g = (hi.compile_ms() / hi.steps) / (lo.compile_ms() / lo.steps)
            add("compile, for form, linearity: per-step cost N=%d / N=%d" % (hi.steps, lo.steps),
                g, "×", "%.2f", "≈ 1 (linear; ≤ 1.25)", g, verdict(g, 1.25))
        if r10k is not None and not r10k.ok:
            rows.append(("compile, for form, linearity up to N=10000", r10k.status() or "n/a",
                         "linear", "—", "n/a"))

        # run per step vs C, one core
        nmax = max(steps_list)
        c_med = {n: median([c["median"] for c in c_runs[n]]) for n in steps_list} if c_exe else {}
        for form in ("loop", "for"):
            for n in steps_list:
                r = runs[(form, n)]
                v = r.run_us_per_step()
                if not c_exe:
                    add("run/step, %s form, N=%d, 1 thread" % (form, n), v, " µs", "%.1f",
                        "≤ 1.1× C (no C)", None, "n/a")
                    continue
                ratio = None if v is None else v / c_med[n]
                add("run/step, %s form, N=%d, 1 thread vs C (%.1f µs)" % (form, n, c_med[n]), v,
                    " µs", "%.1f", "≤ 1.1× C", ratio,
                    "info (init dominates)" if n < 100 else verdict(ratio, 1.1))
        # marginal per-step cost (excludes the fixed setup inside `run`)
        if len(steps_list) >= 2:
            n0, n1 = sorted(steps_list)[-2:]
            for form in ("loop", "for"):
                a, b = runs[(form, n0)], runs[(form, n1)]
                if a.ok and b.ok:
                    m = (median(b.run_us) - median(a.run_us)) / (n1 - n0)
                    ratio = m / c_med[n1] if c_exe else None
                    add("run/step, %s form, marginal (N=%d−N=%d) vs C" % (form, n1, n0), m, " µs",
                        "%.1f", "≤ 1.1× C", ratio, verdict(ratio, 1.1) if ratio else "n/a")

        # for vs loop run per step
        for n in steps_list:
            a, b = runs[("for", n)], runs[("loop", n)]
            if a.ok and b.ok:
                ratio = a.run_us_per_step() / b.run_us_per_step()
                add("run/step, for / loop, N=%d" % n, ratio, "×", "%.3f", "within 10% (≤ 1.10)",
                    ratio, "info (init dominates)" if n < 100 else verdict(ratio, 1.10))
        if len(steps_list) >= 2:
            n0, n1 = sorted(steps_list)[-2:]
            a0, a1, b0, b1 = runs[("for", n0)], runs[("for", n1)], runs[("loop", n0)], runs[("loop", n1)]
            if a0.ok and a1.ok and b0.ok and b1.ok:
                ma = (median(a1.run_us) - median(a0.run_us)) / (n1 - n0)
                mb_ = (median(b1.run_us) - median(b0.run_us)) / (n1 - n0)
                ratio = ma / mb_ if mb_ > 0 else None
                add("run/step, for / loop, marginal (N=%d−N=%d)" % (n1, n0), ratio, "×", "%.3f",
                    "within 10% (≤ 1.10)", ratio, verdict(ratio, 1.10) if ratio else "n/a")

        # two cores vs one on the big grid
        t1, t2 = big[(1, args.big_steps)], big[(2, args.big_steps)]
        z1, z2 = big[(1, 0)], big[(2, 0)]
        if t1.ok and t2.ok:
            s = median(t1.run_us) / median(t2.run_us)
            add("%d², loop, N=%d: whole run, 2 threads vs 1 (%.0f→%.0f ms)" % (
                bn, args.big_steps, median(t1.run_us) / 1e3, median(t2.run_us) / 1e3),
                s, "×", "%.2f", "≥ 1.7×", s, verdict(s, 1.7, True))
            if z1.ok and z2.ok:
                p1 = (median(t1.run_us) - median(z1.run_us)) / args.big_steps
                p2 = (median(t2.run_us) - median(z2.run_us)) / args.big_steps
                s2 = p1 / p2 if p2 > 0 else None
                add("%d², loop: stepping only (run N=%d − run N=0), 2 threads vs 1 (%.0f→%.0f µs/step)"
                    % (bn, args.big_steps, p1, p2), s2, "×", "%.2f", "≥ 1.7×", s2,
                    verdict(s2, 1.7, True))
                si = median(z1.run_us) / median(z2.run_us)
                add("%d², loop: setup only (run N=0), 2 threads vs 1 (%.0f→%.0f ms)" % (
                    bn, median(z1.run_us) / 1e3, median(z2.run_us) / 1e3),
                    si, "×", "%.2f", "info", si, "info")
            if c_big:
                p1 = (median(t1.run_us) - median(z1.run_us)) / args.big_steps if z1.ok else None
                add("%d², stepping/step, 1 thread vs C 1 core (%.0f µs)" % (bn, c_big["median"]),
                    p1, " µs", "%.0f", "info", None if p1 is None else p1 / c_big["median"], "info")
        else:
            rows.append(("%d² 2 threads vs 1" % bn, t1.status() or t2.status() or "n/a",
                         "≥ 1.7×", "—", "n/a"))

        # peak RSS
        for form, n, lim in (("for", 10, 15), ("loop", 10, 15), ("for", 1000, 60)):
            r = runs.get((form, n))
            if r is None:
                continue
            v = r.rss_mb()
            add("peak RSS, %s form, N=%d" % (form, n), v, " MB", "%.1f", "≤ %d MB" % lim,
                None if v is None else v / lim, verdict(v, lim) if r.ok else "n/a")
        if r10k is not None and r10k.ok:
            v = r10k.rss_mb()
            add("peak RSS, for form, N=10000", v, " MB", "%.1f", "info", None, "info")

        # NumPy (context)
        if np_us is not None:
            r = runs.get(("loop", nmax))
            v = r.run_us_per_step() if r and r.ok else None
            add("NumPy, study's code, per step (arrayc loop N=%d: ratio = NumPy/arrayc)" % nmax,
                np_us, " µs", "%.1f", "info", None if v is None else np_us / v, "info")
            if c_exe:
                add("NumPy per step / C per step", np_us / c_med[nmax], "×", "%.1f", "info",
                    np_us / c_med[nmax], "info")

        # ---------------------------------------------------------------- print
        now = time.strftime("%Y-%m-%d %H:%M:%S")
        try:
            rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                 capture_output=True, text=True).stdout.strip()
            dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True).stdout.strip()
            rev += " (+ uncommitted changes)" if dirty else ""
        except OSError:
            rev = "?"
        try:
            aff = len(os.sched_getaffinity(0))
        except AttributeError:
            aff = os.cpu_count()
        print("## arrayc advect benchmark — %s" % now)
        print()
        print("- CPU: %s; %s logical cores (%s usable by this process)" % (cpu_model(), os.cpu_count(), aff))
        print("- load average (1/5/15 min): start %s, end %s; max 1-min during the run %.2f"
              % (fmt_load(load_start), fmt_load(load_end), max(l[0] for l in loads)))
        print("- arrayc: %s @ %s; C: %s %s; NumPy %s; Python %s"
              % (os.path.relpath(args.arrayc, ROOT), rev, c_info if c_exe else "(skipped)",
                 " ".join(CFLAGS) if c_exe else "", np.__version__ if np is not None else "(absent)",
                 platform.python_version()))
        print("- grid %dx%d, dt=%.1f; %d repetitions per point, medians; arrayc rows at 512x128 use "
              "--threads 1; wall time of the whole benchmark %.0f s"
              % (NX, NY, DT, reps, time.time() - t_start))
        if not TIME_BIN:
            notes.append("/usr/bin/time absent: peak RSS from os.wait4 includes the forking "
                         "Python's RSS (an upper bound)")
        for n in notes:
            print("- note: " + n)
        print()
        print("| row | measured | target | ratio | verdict |")
        print("| --- | --- | --- | --- | --- |")
        for row in rows:
            print("| %s |" % " | ".join(str(x) for x in row))
        print()
        print("### Details (medians)")
        print()
        print("| config | compile ms (codegen) | run µs total | run µs/step | ir_ops | code_bytes | functions | peak RSS MB | CPU/wall |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in list(runs.values()) + ([r10k] if r10k else []) + list(big.values()):
            if not r.ok:
                print("| %s | %s | | | | | | | |" % (r.label, r.status() or "n/a"))
                continue
            print("| %s | %.3f (%.3f) | %.0f | %s | %s | %s | %s | %.1f | %s |" % (
                r.label, r.compile_ms(), median(r.codegen_us) / 1e3, median(r.run_us),
                f(r.run_us_per_step(), "%.1f"), r.info.get("ir_ops"), r.info.get("code_bytes"),
                r.info.get("functions"), r.rss_mb(), f(r.cores_used(), "%.2f")))
        if c_exe:
            for n in steps_list:
                print("| C N=%d (median of %d×3 reps; best %.1f) | — | — | %.1f | — | — | — | %.1f | — |" % (
                    n, len(c_runs[n]), min(c["best"] for c in c_runs[n]), c_med[n],
                    mb(max(c["rss_kib"] for c in c_runs[n]))))
            if c_big:
                print("| C %d² N=%d | — | — | %.1f | — | — | — | %.1f | — |" % (
                    bn, args.big_steps, c_big["median"], mb(c_big["rss_kib"])))
        if np_us is not None:
            print("| NumPy (best %.1f) | — | — | %.1f | — | — | — | — | — |" % (np_best, np_us))
        print()
        print("### Bit-for-bit checks (512x128 density after N steps)")
        print()
        if bits:
            keys = [k for k in bits[0].keys() if k != "steps"]
            print("| N | " + " | ".join(keys) + " |")
            print("| --- |" + " --- |" * len(keys))
            for b in bits:
                cells = []
                for k in keys:
                    v = b.get(k)
                    cells.append("—" if v is None else ("yes" if v is True else "NO" if v is False else str(v)))
                print("| %d | %s |" % (b["steps"], " | ".join(cells)))
            print()
            print("(— : not measured: that side was skipped or failed)")

        if args.json_out:
            with open(args.json_out, "w") as fh:
                json.dump({
                    "load_start": load_start, "load_end": load_end, "reps": reps,
                    "arrayc": {r.label: {"compile_us": r.compile_us, "run_us": r.run_us,
                                         "rss_kib": r.rss_kib, "info": r.info, "status": r.status()}
                               for r in list(runs.values()) + ([r10k] if r10k else []) + list(big.values())},
                    "c": {str(n): c_runs[n] for n in steps_list} if c_exe else None,
                    "c_big": c_big, "numpy_us_per_step": np_us, "bits": bits,
                    "rows": rows,
                }, fh, indent=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
