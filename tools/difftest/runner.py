"""Running one case: the NumPy twin under CPython, the `.arr` program in its three scope forms
through the `arrayc` package in this process, or the script through `arrayc run x.py`, and
the comparison (shape, dtype, bits; NaN-aware)."""
import os
import pathlib
import subprocess
import tempfile
import warnings

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORMS = ("for", "loop", "unroll")


class Unstable(Exception):
    """The twin changed a name's dtype, kind or shape between assignments: outside what a
    `var` promises (its dtype is decided for the whole program), so the case is skipped."""


def run_twin(prog):
    text, outs = prog.py()
    seen = {}

    def chk(name, v):
        from gen import sig

        s = sig(v)
        if seen.setdefault(name, s) != s:
            raise Unstable(name)

    env = {"np": np, "_chk": chk}
    for nm, (_, a) in prog.inputs.items():
        env[nm] = a.copy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                exec(text, env)
    except Unstable as e:
        return "unstable", str(e)
    except Exception as e:  # NumPy refused the program: arrayc must refuse it too
        return "raise", f"{type(e).__name__}: {e}"
    missing = [nm for nm in outs if nm not in env]
    if missing:  # an output bound only in a branch or scope that did not run
        return "raise", f"NameError: {missing[0]}"
    from gen import big_int

    big = [nm for nm in outs if big_int(env[nm])]
    if big:  # a Python int no int64 holds: arrayc must refuse the program
        return "raise", f"OverflowError: {big[0]} is beyond int64"
    return "ok", {nm: env[nm] for nm in outs}


def as_output(v):
    """A twin value as the array arrayc reports: Python ints are int64, floats float64."""
    if isinstance(v, bool):
        return np.array(v, dtype=np.bool_)
    if isinstance(v, int):
        return np.array(v, dtype=np.int64)
    if isinstance(v, float):
        return np.array(v, dtype=np.float64)
    return np.asarray(v)


def same_bits(a, b):
    if a.dtype.kind == "f":
        an, bn = np.isnan(a), np.isnan(b)
        if not np.array_equal(an, bn):
            return False
        ia = a.view(np.int32 if a.dtype == np.float32 else np.int64)
        ib = b.view(np.int32 if b.dtype == np.float32 else np.int64)
        return bool(np.all((ia == ib) | an))
    return np.array_equal(a, b)


def close(a, b, level):
    if a.dtype.kind != "f":
        return np.array_equal(a, b)
    rtol = 1e-5 if a.dtype == np.float32 or level >= 2 else 1e-10
    with np.errstate(all="ignore"):
        return bool(np.allclose(a, b, rtol=rtol, atol=1e-13, equal_nan=True)) and np.array_equal(np.isinf(a), np.isinf(b))


def compare(got, want, tolerant):
    """None if `got` (arrayc's outputs) match `want` (the twin's), else what differs."""
    for nm, w in want.items():
        w = as_output(w)
        if nm not in got:
            return f"output {nm} missing"
        g = np.asarray(got[nm])
        if g.dtype != w.dtype:
            return f"output {nm}: dtype {g.dtype}, NumPy {w.dtype}"
        if g.shape != w.shape:
            return f"output {nm}: shape {g.shape}, NumPy {w.shape}"
        g = np.ascontiguousarray(g)
        w = np.ascontiguousarray(w)
        ok = close(g, w, tolerant) if tolerant else same_bits(g, w)
        if not ok:
            return f"output {nm}: {np.array2string(g, precision=17)} ; NumPy {np.array2string(w, precision=17)}"
    return None


def is_crash(err):
    text = str(err)
    return "internal error" in text or "panicked" in text or getattr(err, "kind", None) == "internal"


def run_arr(prog, form):
    import arrayc

    src = prog.arr(form)
    try:
        p = arrayc.compile(src, threads=1)
    except arrayc.CompileError as e:
        if is_crash(e):
            return "crash", str(e)
        return "refused", str(e)
    except BaseException as e:  # PanicException and anything else is a crash
        return "crash", f"{type(e).__name__}: {e}"
    try:
        inputs = {nm: a for nm, (_, a) in prog.inputs.items()}
        res = p(**inputs)
        return "ok", {k: np.asarray(v) for k, v in res.items()}
    except arrayc.RunError as e:
        return ("crash" if is_crash(e) else "runerror"), str(e)
    except BaseException as e:
        return "crash", f"{type(e).__name__}: {e}"


def tolerant(prog):
    from program import Stmt  # noqa: F401

    def walk(stmts):
        level = 0
        for s in stmts:
            for e in s.exprs():
                level = max(level, e.tainted)
            level = max(level, walk(s.body), walk(s.orelse))
        return level

    return walk(prog.stmts)


def check_arr(prog):
    """('pass' | 'skip' | 'refused' | failure class, detail)."""
    tstate, twin = run_twin(prog)
    if tstate == "unstable":
        return "skip", f"the twin changed the dtype of {twin}"
    tol = tolerant(prog)
    results = {f: run_arr(prog, f) for f in FORMS}
    for f, (state, detail) in results.items():
        if state == "crash":
            return "crash", f"[{f}] {detail}"
    if tstate == "raise":
        for f, (state, detail) in results.items():
            if state == "ok":
                return "numpy-raises", f"[{f}] NumPy raised {twin}; arrayc ran"
        return "refused", "numpy raised: " + twin
    refusals = []
    for f, (state, detail) in results.items():
        if state == "runerror":
            return "run-error", f"[{f}] {detail}"
        if state == "refused":
            refusals.append((f, detail))
            continue
        diff = compare(detail, twin, tol)
        if diff:
            return "wrong-value", f"[{f}] {diff}"
    oks = [results[f][1] for f in FORMS if results[f][0] == "ok"]
    for other in oks[1:]:
        for nm in oks[0]:
            a, b = np.asarray(oks[0][nm]), np.asarray(other[nm])
            if a.dtype != b.dtype or a.shape != b.shape or not same_bits(np.ascontiguousarray(a), np.ascontiguousarray(b)):
                return "forms-differ", f"output {nm}"
    if refusals:
        return "refused", refusals[0][1]
    return "pass", ""


def arrayc_cli():
    exe = os.environ.get("ARRAYC_BIN") or str(ROOT / "target" / "release" / "arrayc")
    return exe


def check_script(prog):
    """The script mode: the twin as a NumPy script, run by `arrayc run x.py` and by CPython."""
    tstate, twin = run_twin(prog)
    if tstate == "unstable":
        return "skip", twin
    text, outs = prog.py(script=True)
    with tempfile.TemporaryDirectory(prefix="difftest-") as d:
        path = pathlib.Path(d) / "case.py"
        path.write_text(text)
        try:
            proc = subprocess.run([arrayc_cli(), "run", "case.py", "-o", "out"], cwd=d, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return "crash", "timeout (60 s)"
        err = proc.stderr
        if proc.returncode < 0 or "panicked" in err or "internal error" in err:
            return "crash", f"exit {proc.returncode}: {err[-2000:]}"
        if proc.returncode != 0:
            if tstate == "ok" and "error[run]" in err:
                return "run-error", err[-2000:]
            return "refused", err[:2000]
        if tstate == "raise":
            return "numpy-raises", f"NumPy raised {twin}; arrayc ran"
        got = {}
        for nm in outs:
            f = pathlib.Path(d) / "out" / f"{nm}.npy"
            if f.exists():
                got[nm] = np.load(f)
        diff = compare(got, twin, tolerant(prog))
        if diff:
            return "wrong-value", diff
    return "pass", ""
