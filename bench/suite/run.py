#!/usr/bin/env python3
"""Run the benchmark suite: ten real programs in arrayc, NumPy, Numba, JAX and C, side by side.

    cargo build --release -p arrayc-cli
    python3 bench/suite/run.py             # full run: table, chart, docs/performance.md section
    python3 bench/suite/run.py --quick     # smoke run at small sizes, one repetition

The first run creates a venv (target/bench-venv) and pip-installs numpy, numba, jax[cpu],
matplotlib and threadpoolctl there, each on its own, skipping with a note what does not
install; then the script re-runs itself with the venv's Python. Every implementation runs
in its own process on one core (arrayc `--threads 1`; one BLAS/XLA thread); see
bench/suite/README.md for what is measured and how the targets are judged. Takes the
programs from programs.py; knows nothing about how any implementation computes.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
sys.path.insert(0, HERE)

from compare import cpu_model, fmt_load, loadavg, median, run_child  # noqa: E402
from programs import PROGRAMS, make_inputs  # noqa: E402

CFLAGS = ["-O3", "-march=native", "-ffp-contract=off"]
PACKAGES = [("numpy", "numpy"), ("numba", "numba"), ("jax", "jax[cpu]"),
            ("matplotlib", "matplotlib"), ("threadpoolctl", "threadpoolctl")]
IMPLS = ["arrayc", "numpy", "numba", "jax", "c"]
TOLERANCE = 1e-9
DOC = os.path.join(ROOT, "docs", "performance.md")
CHART = os.path.join(ROOT, "docs", "images", "bench-suite.svg")
BEGIN = "<!-- bench-suite:begin (written by bench/suite/run.py; edit outside the markers) -->"
END = "<!-- bench-suite:end -->"

# Targets of issue 13, per program.
T_NUMPY = 5.0      # arrayc run at least 5x faster than NumPy's
T_NUMBA = 1.3      # arrayc run within 1.3x of Numba's
T_FIRST = 30.0     # arrayc compile at least 30x faster than Numba's / JAX's first call
T_NUMPY_MIN_S = 1e-3  # compile + run beats NumPy's run whenever NumPy takes >= 1 ms


# --------------------------------------------------------------------------- the venv

def venv_python(venv):
    return os.path.join(venv, "bin", "python")


def ensure_venv(venv, install):
    """Create the venv and install what is missing; return notes on what did not install."""
    notes = []
    py = venv_python(venv)
    if not os.path.exists(py):
        if not install:
            sys.exit("no venv at %s (run without --no-install to create it)" % venv)
        print("creating %s" % venv, file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    for module, requirement in PACKAGES:
        if subprocess.run([py, "-c", "import " + module], capture_output=True).returncode == 0:
            continue
        if not install:
            notes.append("%s not installed (--no-install)" % module)
            continue
        print("pip install %s" % requirement, file=sys.stderr)
        r = subprocess.run([py, "-m", "pip", "install", "-q", requirement],
                           capture_output=True, text=True)
        if r.returncode != 0 or subprocess.run([py, "-c", "import " + module],
                                               capture_output=True).returncode != 0:
            tail = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["?"]
            notes.append("%s did not install, its column is skipped: %s" % (requirement, tail[0][:200]))
    return notes


# --------------------------------------------------------------------------- measuring

def one_core_env():
    """The environment of every measured process: one thread for BLAS, OpenMP and XLA.

    OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are set on this machine for old OpenBLAS builds;
    they slow a current NumPy, so they are unset for the measured processes only (the
    header reports the kernel OpenBLAS then picks)."""
    env = dict(os.environ)
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(name, None)
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               NUMBA_NUM_THREADS="1",
               XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
    return env


def blas_info(py):
    code = ("import json, numpy, threadpoolctl\n"
            "info = [{k: d.get(k) for k in ('internal_api', 'version', 'architecture', 'num_threads')}"
            " for d in threadpoolctl.threadpool_info()]\n"
            "print(json.dumps(info))")
    r = subprocess.run([py, "-c", code], capture_output=True, text=True)
    if r.returncode != 0:
        return "unknown (threadpoolctl: %s)" % (r.stderr.strip().splitlines()[-1:] or ["?"])[0]
    return ", ".join("%s %s %s, %s thread(s)" % (d["internal_api"], d["version"], d["architecture"],
                                                  d["num_threads"]) for d in json.loads(r.stdout))


def build_c(out_dir):
    """Compile every NAME.c; return ({name: exe}, gcc version or None, notes)."""
    gcc = shutil.which("gcc")
    if not gcc:
        return {}, None, ["gcc not found: the C column is skipped"]
    exes, notes = {}, []
    for p in PROGRAMS:
        src = os.path.join(HERE, p["name"], p["name"] + ".c")
        if not os.path.exists(src):
            continue
        exe = os.path.join(out_dir, p["name"])
        r = subprocess.run([gcc] + CFLAGS + ["-o", exe, src, "-lm"], capture_output=True, text=True)
        if r.returncode != 0:
            notes.append("gcc failed on %s: %s" % (src, r.stderr.strip()[:200]))
            continue
        exes[p["name"]] = exe
    version = subprocess.run([gcc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return exes, version, notes


class Result:
    """The measurements of one implementation of one program."""

    def __init__(self):
        self.run_s = []        # seconds per run (steady state)
        self.compile_s = []    # arrayc: compile_total per process
        self.first_s = None    # Numba / JAX: the first call, compile included
        self.outputs = None    # name -> array
        self.error = None
        self.version = None

    @property
    def ok(self):
        return self.error is None and bool(self.run_s)

    def run(self):
        return median(self.run_s) if self.ok else None

    def compile(self):
        return median(self.compile_s) if self.ok and self.compile_s else None


def measure_arrayc(arrayc, spec, params, input_dir, reps, out_dir, timeout, file=None):
    import numpy as np

    res = Result()
    src = os.path.join(HERE, spec["name"], (file or spec["name"]) + ".arr")
    for rep in range(reps):
        cmd = [arrayc, "run", src, "--json", "--threads", "1"]
        for name, value in params.items():
            cmd += ["--set", "%s=%s" % (name, value)]
        for name in spec.get("inputs", []):
            cmd += ["--input", "%s=%s" % (name, os.path.join(input_dir, name + ".npy"))]
        if rep == 0:
            cmd += ["-o", out_dir]
        r = run_child(cmd, timeout)
        if r.timed_out or r.rc != 0:
            res.error = "timed out" if r.timed_out else "exit %d: %s" % (r.rc, r.err.strip()[:300])
            return res
        t = json.loads(r.out)["timings_us"]
        res.compile_s.append(t["compile_total"] / 1e6)
        res.run_s.append(t["run"] / 1e6)
        if rep == 0:
            res.outputs = {f[:-4]: np.load(os.path.join(out_dir, f))
                           for f in os.listdir(out_dir) if f.endswith(".npy")}
    return res


def measure_python(py, impl, spec, params, input_dir, reps, out_npz, timeout):
    import numpy as np

    res = Result()
    cmd = [py, os.path.join(HERE, "worker.py"), spec["name"], impl, json.dumps(params), input_dir,
           str(reps), out_npz]
    r = run_child(cmd, timeout)
    if r.timed_out or r.rc != 0:
        res.error = "timed out" if r.timed_out else "exit %d: %s" % (
            r.rc, (r.err.strip().splitlines() or ["?"])[-1][:300])
        return res
    j = json.loads(r.out.strip().splitlines()[-1])
    res.first_s, res.run_s, res.version = j["first_s"], j["runs_s"], j["version"]
    with np.load(out_npz) as data:
        res.outputs = {name: data[name] for name in data.files}
    return res


def measure_c(exe, spec, params, input_dir, reps, out_dir, shapes, timeout):
    import numpy as np

    res = Result()
    cmd = [exe] + [str(params[name]) for name in spec["params"]]
    cmd += [os.path.join(input_dir, name + ".f64") for name in spec.get("inputs", [])]
    cmd += [out_dir]
    for _ in range(reps):
        r = run_child(cmd, timeout)
        if r.timed_out or r.rc != 0:
            res.error = "timed out" if r.timed_out else "exit %d: %s" % (r.rc, r.err.strip()[:300])
            return res
        res.run_s.append(float(r.out.split("us=")[1].split()[0]) / 1e6)
    res.outputs = {}
    for name, shape in shapes.items():
        path = os.path.join(out_dir, name + ".f64")
        if os.path.exists(path):
            res.outputs[name] = np.fromfile(path, dtype=np.float64).reshape(shape)
    return res


def max_rel_diff(outputs, reference):
    """max over outputs of max|a - b| / max|b| (normwise relative difference); None if
    an output is missing or has another shape."""
    import numpy as np

    worst = 0.0
    for name, ref in reference.items():
        ref = np.asarray(ref, dtype=np.float64)
        got = outputs.get(name)
        if got is None or np.shape(got) != ref.shape:
            return None
        if ref.size == 0:
            continue
        diff = np.max(np.abs(np.asarray(got, dtype=np.float64) - ref))
        scale = np.max(np.abs(ref))
        worst = max(worst, diff / scale if scale > 0 else (0.0 if diff == 0 else np.inf))
    return float(worst)


# --------------------------------------------------------------------------- reporting

def ms(seconds):
    if seconds is None:
        return "—"
    v = seconds * 1e3
    return "%.3g" % v if v < 100 else "%.0f" % v


def times(x):
    """A ratio for the table: two significant digits below 10, whole numbers above."""
    return "%.2g×" % x if x < 10 else "%.0f×" % x


def ratio_cell(ratio, target, higher_is_better):
    """`7.1× met` or `2.3× **missed** (gap 2.2×)`; the gap is the factor still to gain."""
    if ratio is None:
        return "—"
    met = ratio >= target if higher_is_better else ratio <= target
    if met:
        return times(ratio) + " met"
    gap = target / ratio if higher_is_better else ratio / target
    return "%s **missed** (gap %s)" % (times(ratio), times(gap))


def judge(program, res):
    """The target cells and verdicts of one program: {key: (cell, met or None)}."""
    a, n, nb, jx, c = (res.get(k) for k in IMPLS)
    cells = {}

    def cell(key, ratio, target, higher):
        if ratio is None:
            cells[key] = ("—", None)
        else:
            met = ratio >= target if higher else ratio <= target
            cells[key] = (ratio_cell(ratio, target, higher), met)

    ok = a is not None and a.ok
    cell("numpy", n.run() / a.run() if ok and n and n.ok else None, T_NUMPY, True)
    cell("numba", a.run() / nb.run() if ok and nb and nb.ok else None, T_NUMBA, False)
    cell("numba_first", nb.first_s / a.compile() if ok and nb and nb.ok else None, T_FIRST, True)
    cell("jax_first", jx.first_s / a.compile() if ok and jx and jx.ok else None, T_FIRST, True)
    if ok and n and n.ok:
        total = a.compile() + a.run()
        if n.run() >= T_NUMPY_MIN_S:
            cell("total", n.run() / total, 1.0, True)
        else:
            cells["total"] = ("n/a (NumPy %.2f ms)" % (n.run() * 1e3), None)
    else:
        cells["total"] = ("—", None)
    cells["c"] = ("%.2f×" % (a.run() / c.run()) if ok and c and c.ok else "—", None)
    return cells


def make_table(rows, with_rows=True):
    lines = ["| program | size | arrayc compile | arrayc run | NumPy run | Numba run (1st call) "
             "| JAX run (1st call) | C run | NumPy ÷ arrayc run (≥ 5×) | arrayc ÷ Numba run (≤ 1.3×) "
             "| Numba 1st call ÷ arrayc compile (≥ 30×) | JAX 1st call ÷ arrayc compile (≥ 30×) "
             "| NumPy ÷ arrayc compile+run (> 1× when NumPy ≥ 1 ms) | arrayc ÷ C run | max rel. diff vs NumPy |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- | ---: | --- |"]
    for r in rows:
        res, cells = r["res"], r["cells"]

        def run_cell(k):
            x = res.get(k)
            if x is None:
                return "—"
            if not x.ok:
                return "failed"
            if x.first_s is not None and k != "numpy":
                return "%s (%s)" % (ms(x.run()), ms(x.first_s))
            return ms(x.run())

        a = res.get("arrayc")
        rd = r["rel_diff"].get("arrayc")
        rd_cell = "—" if rd is None else ("%.1e" % rd if rd > 0 else "0 (bit-identical)")
        if rd is not None and rd > TOLERANCE:
            rd_cell += " **beyond 1e-9**"
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], r["size"], ms(a.compile()) if a and a.ok else "failed", run_cell("arrayc"),
            run_cell("numpy"), run_cell("numba"), run_cell("jax"), run_cell("c"),
            cells["numpy"][0], cells["numba"][0], cells["numba_first"][0], cells["jax_first"][0],
            cells["total"][0], cells["c"][0], rd_cell))
    return "\n".join(lines)


def summary_lines(rows):
    names = [("numpy", "arrayc run ≥ 5× faster than NumPy"),
             ("numba", "arrayc run within 1.3× of Numba"),
             ("numba_first", "arrayc compile ≥ 30× faster than Numba's first call"),
             ("jax_first", "arrayc compile ≥ 30× faster than JAX's first call"),
             ("total", "arrayc compile + run faster than NumPy's run (NumPy ≥ 1 ms)")]
    out = []
    for key, what in names:
        judged = [(r["name"], r["cells"][key][1]) for r in rows if r["cells"][key][1] is not None]
        met = [n for n, m in judged if m]
        missed = [n for n, m in judged if not m]
        out.append("- %s: met on %d of %d%s" % (
            what, len(met), len(judged), "; missed on " + ", ".join(missed) if missed else ""))
    return out


def diff_table(rows):
    lines = ["| program | arrayc | Numba | JAX | C |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for r in rows:
        cells = []
        for k in ("arrayc", "numba", "jax", "c"):
            v = r["rel_diff"].get(k)
            cells.append("—" if v is None else ("0" if v == 0 else "%.1e" % v))
        lines.append("| %s | %s | %s | %s | %s |" % (r["name"], cells[0], cells[1], cells[2], cells[3]))
    return "\n".join(lines)


def variant_lines(rows):
    """A table of the other arrayc spellings of a program against the main one (or nothing)."""
    lines = []
    for r in rows:
        main = r["res"].get("arrayc")
        for v in r["variants"]:
            x = v["res"]
            ratio = "%.2f×" % (x.run() / main.run()) if x.ok and main and main.ok else "—"
            diff = "—" if v["rel_diff"] is None else ("0" if v["rel_diff"] == 0 else "%.1e" % v["rel_diff"])
            lines.append("| %s | `%s.arr`: %s | %s | %s | %s | %s |" % (
                r["name"], v["file"], v["what"], ms(x.compile()) if x.ok else "failed",
                ms(x.run()) if x.ok else "failed", ratio, diff))
    if not lines:
        return []
    return ["Other arrayc spellings of the same program (what a way of writing it costs today):", "",
            "| program | variant | compile | run | run ÷ the table's arrayc run | max rel. diff vs NumPy |",
            "| --- | --- | ---: | ---: | ---: | ---: |"] + lines + [""]


def draw_chart(rows, path, title):
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "arrayc-bench-suite"
    import matplotlib.pyplot as plt
    import numpy as np

    names = [r["name"] for r in rows]
    xs = np.arange(len(names))
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5), gridspec_kw={"width_ratios": [5, 3]})
    colours = {"arrayc": "#d62728", "numpy": "#1f77b4", "numba": "#2ca02c", "jax": "#9467bd", "c": "#7f7f7f"}
    labels = {"arrayc": "arrayc", "numpy": "NumPy", "numba": "Numba", "jax": "JAX", "c": "C (gcc -O3)"}
    width = 0.16
    for i, k in enumerate(IMPLS):
        vals = [r["res"][k].run() * 1e3 if r["res"].get(k) and r["res"][k].ok else np.nan for r in rows]
        left.bar(xs + (i - 2) * width, vals, width, label=labels[k], color=colours[k])
    left.set_yscale("log")
    left.set_xticks(xs, names, rotation=30)
    left.set_ylabel("run time, ms (log scale; lower is better)")
    left.set_title("run (one core)")
    left.legend(fontsize=8)
    left.grid(axis="y", which="both", alpha=0.3)
    comp = [("arrayc", "arrayc compile", lambda r: r.compile()),
            ("numba", "Numba first call", lambda r: r.first_s),
            ("jax", "JAX first call", lambda r: r.first_s)]
    w2 = 0.27
    for i, (k, label, get) in enumerate(comp):
        vals = [get(r["res"][k]) * 1e3 if r["res"].get(k) and r["res"][k].ok else np.nan for r in rows]
        right.bar(xs + (i - 1) * w2, vals, w2, label=label, color=colours[k])
    right.set_yscale("log")
    right.set_xticks(xs, names, rotation=30)
    right.set_ylabel("ms (log scale)")
    right.set_title("compile: arrayc vs first call")
    right.legend(fontsize=8)
    right.grid(axis="y", which="both", alpha=0.3)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def write_doc_section(text):
    """Replace what is between the markers of docs/performance.md (adding the section if absent)."""
    doc = open(DOC).read()
    block = BEGIN + "\n" + text.rstrip() + "\n" + END
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        doc = head + block + tail
    else:
        doc = doc.rstrip() + "\n\n## The benchmark suite\n\n" + block + "\n"
    with open(DOC, "w") as fh:
        fh.write(doc)


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, one repetition (a smoke run)")
    ap.add_argument("--reps", type=int, help="timed repetitions per implementation (default 5; 1 with --quick)")
    ap.add_argument("--only", help="comma-separated program names (default: all)")
    ap.add_argument("--impls", default=",".join(IMPLS), help="comma-separated subset of %s" % ",".join(IMPLS))
    ap.add_argument("--arrayc", default=os.path.join(ROOT, "target", "release", "arrayc"))
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "bench-venv"))
    ap.add_argument("--no-install", action="store_true", help="do not create the venv or pip-install")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench-suite"),
                    help="where the table, the JSON and the scratch files go")
    ap.add_argument("--docs", choices=["auto", "yes", "no"], default="auto",
                    help="rewrite docs/performance.md's section and docs/images/bench-suite.svg "
                         "(auto: on a full run of every program and implementation)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per process (default 600)")
    args = ap.parse_args()

    venv = os.path.abspath(args.venv)
    if os.path.realpath(sys.prefix) != os.path.realpath(venv):
        notes = ensure_venv(venv, not args.no_install)
        os.environ["ARRAYC_SUITE_NOTES"] = json.dumps(notes)
        py = venv_python(venv)
        os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])
    notes = json.loads(os.environ.get("ARRAYC_SUITE_NOTES", "[]"))

    try:
        import numpy as np
    except ImportError:
        sys.exit("NumPy is the reference of every comparison and did not install: %s" % notes)
    if not os.path.exists(args.arrayc):
        sys.exit("arrayc not found at %s: run `cargo build --release -p arrayc-cli` first" % args.arrayc)

    size = "quick" if args.quick else "full"
    reps = args.reps or (1 if args.quick else 5)
    impls = [i for i in args.impls.split(",") if i]
    only = set(args.only.split(",")) if args.only else None
    programs = [p for p in PROGRAMS if only is None or p["name"] in only]
    write_docs = args.docs == "yes" or (args.docs == "auto" and not args.quick and only is None
                                       and impls == IMPLS)
    available = {}
    for module, _ in PACKAGES:
        try:
            __import__(module)
            available[module] = True
        except ImportError:
            available[module] = False
    py = sys.executable
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "c"))

    env = one_core_env()
    os.environ.clear()
    os.environ.update(env)
    blas = blas_info(py) if available["threadpoolctl"] else "unknown (threadpoolctl absent)"
    c_exes, gcc, c_notes = build_c(os.path.join(out, "c")) if "c" in impls else ({}, None, [])
    notes += c_notes
    versions = {"numpy": np.__version__}
    for module in ("numba", "jax"):
        if available[module]:
            versions[module] = __import__(module).__version__

    load_start = loadavg()
    loads = [load_start]
    t_start = time.time()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = []
    for spec in programs:
        name = spec["name"]
        params = spec[size]
        work = os.path.join(out, name)
        os.makedirs(work)
        inputs = make_inputs(name, params)
        for key, value in inputs.items():
            np.save(os.path.join(work, key + ".npy"), value)
            np.ascontiguousarray(value, dtype="<f8").tofile(os.path.join(work, key + ".f64"))
        print("%-8s %s" % (name, " ".join("%s=%s" % kv for kv in params.items())), file=sys.stderr, flush=True)
        res = {}
        res["numpy"] = measure_python(py, "numpy", spec, params, work, reps,
                                      os.path.join(work, "numpy.npz"), args.timeout)
        if not res["numpy"].ok:
            notes.append("%s: NumPy failed (%s); nothing to compare with" % (name, res["numpy"].error))
        if "arrayc" in impls:
            os.makedirs(os.path.join(work, "arrayc"))
            res["arrayc"] = measure_arrayc(args.arrayc, spec, params, work, reps,
                                           os.path.join(work, "arrayc"), args.timeout)
        variants = []
        if "arrayc" in impls:
            for file, what in spec.get("variants", []):
                os.makedirs(os.path.join(work, file))
                r = measure_arrayc(args.arrayc, spec, params, work, reps, os.path.join(work, file),
                                   args.timeout, file)
                if r.error:
                    notes.append("%s, variant %s: %s" % (name, file, r.error))
                diff = max_rel_diff(r.outputs, res["numpy"].outputs) if r.ok and res["numpy"].ok else None
                variants.append({"file": file, "what": what, "res": r, "rel_diff": diff})
        for impl in ("numba", "jax"):
            if impl in impls and available[impl]:
                res[impl] = measure_python(py, impl, spec, params, work, reps,
                                           os.path.join(work, impl + ".npz"), args.timeout)
        if "c" in impls and name in c_exes and res["numpy"].ok:
            os.makedirs(os.path.join(work, "c"))
            shapes = {k: np.shape(v) for k, v in res["numpy"].outputs.items()}
            res["c"] = measure_c(c_exes[name], spec, params, work, reps, os.path.join(work, "c"),
                                 shapes, args.timeout)
        for impl, r in res.items():
            if r.error:
                notes.append("%s, %s: %s" % (name, impl, r.error))
        rel = {}
        if res["numpy"].ok:
            for impl, r in res.items():
                if impl != "numpy" and r.ok:
                    rel[impl] = max_rel_diff(r.outputs, res["numpy"].outputs)
        row = {"name": name, "what": spec["what"],
               "size": ", ".join("%s=%s" % kv for kv in params.items()),
               "res": res, "rel_diff": rel, "variants": variants}
        row["cells"] = judge(name, res)
        rows.append(row)
        loads.append(loadavg())
        a = res.get("arrayc")
        print("         arrayc %s + %s ms, NumPy %s ms, max rel diff %s" % (
            ms(a.compile()) if a and a.ok else "-", ms(a.run()) if a and a.ok else "-",
            ms(res["numpy"].run()), rel.get("arrayc")), file=sys.stderr, flush=True)
    load_end = loadavg()
    wall = time.time() - t_start

    # ------------------------------------------------------------------ report
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
    except OSError:
        rev = "?"
    header = [
        "Measured %s by `python3 bench/suite/run.py%s` (%s sizes, median of %d timed runs per "
        "implementation; the whole run took %.0f s). Machine: %s, %d cores, shared with other work: "
        "load average %s at the start, %s at the end, at most %.2f (1-min) between programs." % (
            started, " --quick" if args.quick else "", size, reps, wall, cpu_model(), os.cpu_count(),
            fmt_load(load_start), fmt_load(load_end), max(l[0] for l in loads)),
        "Versions: arrayc @ %s (`--threads 1`), NumPy %s, Numba %s, JAX %s, %s %s, Python %s; "
        "BLAS: %s." % (
            rev, versions["numpy"], versions.get("numba", "(absent)"), versions.get("jax", "(absent)"),
            gcc or "C (absent)", " ".join(CFLAGS) if gcc else "", platform.python_version(), blas),
    ]
    table = make_table(rows)
    summary = summary_lines(rows)
    flagged = [r["name"] for r in rows if (r["rel_diff"].get("arrayc") or 0) > TOLERANCE
               or ("arrayc" in r["res"] and r["res"]["arrayc"].ok and r["rel_diff"].get("arrayc") is None)]
    flagged += ["%s/%s" % (r["name"], v["file"]) for r in rows for v in r["variants"]
                if v["res"].ok and (v["rel_diff"] is None or v["rel_diff"] > TOLERANCE)]
    text = "\n".join([
        " ".join(header), "",
        "Times in ms. Run: one whole program (initial state and every step), the median of the "
        "timed runs; for Numba and JAX the first call (compilation included) is in parentheses, "
        "and arrayc's compile time is `compile_total` of `arrayc run --json` in a fresh process. "
        "A target cell gives the ratio, `met` or **missed**, and the gap (the factor still missing).",
        "", table, "",
        "Targets:", *summary, "",
        "Numbers: the largest relative difference to NumPy over every output (max |a − b| / max |b|); "
        + ("all arrayc results within 1e-9." if not flagged else
           "**beyond 1e-9: %s**." % ", ".join(flagged)),
        "", diff_table(rows), "",
        *variant_lines(rows),
        "![run and compile times of the benchmark suite](images/bench-suite.svg)",
    ] + (["", "Notes:"] + ["- " + n for n in notes] if notes else []))
    with open(os.path.join(out, "table.md"), "w") as fh:
        fh.write(text + "\n")
    with open(os.path.join(out, "results.json"), "w") as fh:
        json.dump({"started": started, "size": size, "reps": reps, "wall_s": wall,
                   "load_start": load_start, "load_end": load_end, "loads": loads, "notes": notes,
                   "versions": versions, "blas": blas, "gcc": gcc,
                   "programs": [{"name": r["name"], "params": r["size"], "rel_diff": r["rel_diff"],
                                 "cells": {k: v[0] for k, v in r["cells"].items()},
                                 "variants": {v["file"]: {"run_s": v["res"].run_s,
                                                          "compile_s": v["res"].compile_s,
                                                          "error": v["res"].error,
                                                          "rel_diff": v["rel_diff"]}
                                              for v in r["variants"]},
                                 "impls": {k: {"run_s": v.run_s, "compile_s": v.compile_s,
                                               "first_s": v.first_s, "error": v.error}
                                           for k, v in r["res"].items()}} for r in rows]},
                  fh, indent=1)
    chart = CHART if write_docs else os.path.join(out, "bench-suite.svg")
    if available["matplotlib"]:
        draw_chart(rows, chart, "arrayc benchmark suite, %s, %s sizes, load %s" % (
            started, size, fmt_load(load_start)))
    if write_docs:
        write_doc_section(text)
    print(text)
    print("\n(table: %s; chart: %s%s)" % (os.path.join(out, "table.md"), chart,
                                          "; docs/performance.md rewritten" if write_docs else ""),
          file=sys.stderr)
    if flagged:
        sys.exit(1)


if __name__ == "__main__":
    main()
