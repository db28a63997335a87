"""Programs: statements built by `gen.Gen`, rendered as `.arr` (in any scope form) and as
NumPy-as-written Python (the twin, and the script mode's program)."""
import numpy as np

from gen import NP_NAME, Expr, Gen, kind, sig

INPUT_VALUES = {
    "f64": [0.0, -0.0, 1.5, -2.25, 3.0, 0.1, 1e300, -1e-310, 7.0, -0.5, 2.5, float("inf"), float("-inf"), float("nan"), 1e-3, -4.0],
    "f32": [0.0, -0.0, 1.5, -2.25, 3.0, 0.1, 3e38, 7.0, -0.5, 2.5, float("inf"), float("nan"), 1e-3, -4.0],
    "i64": [0, 1, -1, 2, 3, -7, 5, 2**62, -(2**63), 2**63 - 1, 100, -2],
    "bool": [True, False],
}


# Names a program may declare although the language has them: dtype names (`f32(...)`
# and `astype(x, f32)` still mean the dtype) and the constants `e` and `pi`.
SHADOWING = ["f32", "f64", "i64", "e", "pi"]


class Stmt:
    """kind: let | var | assign | aug | setitem | augitem | mask | scope | if | out.
    `e` (and `e2`) are Exprs; `body`/`orelse` lists of Stmts for scope/if."""

    def __init__(self, kind, name=None, e=None, target=None, op=None, body=None, orelse=None, **kw):
        self.kind, self.name, self.e, self.target, self.op = kind, name, e, target, op
        self.body, self.orelse = body or [], orelse or []
        self.__dict__.update(kw)

    def exprs(self):
        return [x for x in (self.e, getattr(self, "mask", None), getattr(self, "cond", None)) if x is not None]


def gen_program(seed, features=None):
    g = Gen(seed, features)
    r = g.r
    stmts = []
    # inputs
    for _ in range(r.choice([0, 1, 1, 2])):
        dt = r.choice(["f64", "f64", "f32", "i64", "bool"])
        shp = r.choice([[3], [4], [2, 3], [5], [3, 1]])
        n = int(np.prod(shp))
        vals = [r.choice(INPUT_VALUES[dt]) for _ in range(n)]
        arr = np.array(vals, dtype=np.dtype({"f64": "f8", "f32": "f4", "i64": "i8", "bool": "?"}[dt])).reshape(shp)
        name = g.fresh("a")
        g.inputs[name] = (dt, arr)
        g.env[name] = arr
        g.names[name] = "input"
    for _ in range(r.choice([0, 1])):
        name = g.fresh("p")
        v = r.choice([2, 3, 0.5, -1.5, 10])
        g.env[name] = v
        g.names[name] = "param"
        stmts.append(Stmt("param", name, Expr(repr(v), repr(v), v)))
    n = r.randint(2, 7)
    stmts += gen_block(g, n, top=True)
    # outputs: every var, some lets
    outs = [nm for nm, k in g.names.items() if k == "var"]
    outs += [nm for nm, k in g.names.items() if k == "let" and r.random() < 0.5]
    for _ in range(r.choice([0, 1, 1])):
        e = g.expr()
        nm = g.fresh("o")
        stmts.append(Stmt("outexpr", nm, e))
        g.env[nm] = e.val
    for nm in outs:
        stmts.append(Stmt("out", nm))
    return Program(stmts, g.inputs, seed)


def gen_block(g, n, top=False):
    r = g.r
    out = []
    local = []
    for _ in range(n):
        c = r.choice(["let", "var", "var", "assign", "aug", "setitem", "augitem", "mask"]
                     + (["scope", "scope", "if"] if g.depth < 2 else [])
                     + (["jump"] if g.loops else []))
        s = gen_stmt(g, c, local)
        if s is not None:
            out.append(s)
    if not top:
        for nm in local:
            g.env.pop(nm, None)
            g.names.pop(nm, None)
    return out


def copy_py(e):
    return f"np.copy({e.py})" if kind(e.val) == "arr" else e.py


def run_py(g, line):
    """Execute one statement in the generator's environment; False if NumPy raises."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                env = dict(g.env)
                exec(line, {"np": np}, env)
    except Exception:
        return None
    return env


def gen_stmt(g, c, local):
    r = g.r
    vars_ = [n for n, k in g.names.items() if k == "var"]
    if c in ("let", "var"):
        e = g.expr()
        nm = g.fresh("v" if c == "var" else "l")
        # Now and then a name the language also knows: a dtype name or a constant.
        if r.random() < 0.04:
            shadow = r.choice(SHADOWING)
            if shadow not in g.env and shadow not in g.names:
                nm = shadow
        g.env[nm] = np.copy(e.val) if kind(e.val) == "arr" else e.val
        g.names[nm] = c
        local.append(nm)
        return Stmt(c, nm, e)
    if not vars_:
        return None
    v = r.choice(vars_)
    cur = g.env[v]
    if c == "assign":
        for _ in range(6):
            e = g.expr()
            if sig(e.val) == sig(cur):
                g.env[v] = np.copy(e.val) if kind(e.val) == "arr" else e.val
                return Stmt("assign", v, e)
        return None
    if c == "aug":
        op = r.choice(["+", "-", "*", "/"])
        e = g.expr()
        env = run_py(g, f"{v} {op}= {copy_py(e)}")
        if env is None or sig(env[v]) != sig(cur):
            return None
        g.env[v] = env[v]
        return Stmt("aug", v, e, op=op)
    if c in ("setitem", "augitem"):
        if kind(cur) != "arr" or cur.ndim == 0:
            return None
        idx = g.index_for(cur.shape)
        if idx is None or "None" in idx[0]:
            return None
        e = g.expr()
        op = r.choice(["+", "-", "*"]) if c == "augitem" else ""
        env = run_py(g, f"{v}[{idx[1]}] {op}= {e.py}")
        if env is None or sig(env[v]) != sig(cur):
            return None
        g.env[v] = env[v]
        return Stmt(c, v, e, op=op, idx=idx)
    if c == "mask":
        if kind(cur) != "arr" or cur.ndim == 0:
            return None
        for _ in range(6):
            m = g.expr()
            if kind(m.val) == "arr" and m.val.dtype == np.bool_ and m.val.shape == cur.shape and not m.tainted:
                break
        else:
            return None
        e = g.leaf()
        if e is None or kind(e.val) == "arr":
            return None
        env = run_py(g, f"{v}[{m.py}] = {e.py}")
        if env is None or sig(env[v]) != sig(cur):
            return None
        g.env[v] = env[v]
        return Stmt("mask", v, e, mask=m)
    if c == "jump":
        # `if c { break }` or `{ continue }` in the innermost scope (`while` scopes take
        # only `break`: their counter is stepped at the end of the body).
        cond = scalar_condition(g)
        if cond is None:
            return None
        word = "break" if g.loops[-1] == "while" or r.random() < 0.5 else "continue"
        return Stmt("jump", word, cond=cond)
    if c == "scope":
        lo = r.choice([0, 0, 1, 2])
        trips = r.choice([1, 2, 3, 3, 4])
        # A scope is a counted loop (`for`/`loop` by form) or, now and then, a `while`
        # over a counter of its own, the same in every form.
        loop_kind = "while" if r.random() < 0.15 else "counted"
        i = g.fresh("i")
        g.env[i] = lo
        g.names[i] = "index"
        g.scope_vars.append(i)
        g.depth += 1
        g.loops.append(loop_kind)
        before = dict(g.env)
        body = gen_block(g, r.randint(1, 4))
        g.loops.pop()
        g.depth -= 1
        g.scope_vars.pop()
        g.env.pop(i)
        g.names.pop(i)
        # the generator ran the body once (i = lo); the twin runs all trips later
        del before
        unroll = r.choice([1, 2, 3])
        return Stmt("scope", i, body=body, lo=lo, hi=lo + trips, unroll=unroll, loop_kind=loop_kind)
    if c == "if":
        cond = scalar_condition(g)
        if cond is None:
            return None
        g.depth += 1
        saved = dict(g.env)
        body = gen_block(g, r.randint(1, 3))
        env_then = dict(g.env)
        g.env = dict(saved)
        orelse = gen_block(g, r.randint(0, 2))
        g.depth -= 1
        g.env = env_then if bool(cond.val) else g.env
        return Stmt("if", None, body=body, orelse=orelse, cond=cond)
    return None


def scalar_condition(g):
    """A scalar condition for `if`: a NumPy bool (or other NumPy scalar), exact."""
    for _ in range(6):
        cond = g.expr()
        if kind(cond.val) != "arr" and not cond.tainted and not isinstance(cond.val, (int, float)):
            return cond
    return None


class Program:
    def __init__(self, stmts, inputs, seed):
        self.stmts, self.inputs, self.seed = stmts, inputs, seed

    # ---- .arr ---------------------------------------------------------------------------
    def arr(self, form="for"):
        lines = []
        for nm, (dt, a) in self.inputs.items():
            shp = ", ".join(map(str, a.shape))
            lines.append(f"input {nm}: {dt}[{shp}]")
        self._arr_block(self.stmts, lines, 0, form)
        return "\n".join(lines) + "\n"

    def _arr_block(self, stmts, lines, ind, form):
        p = "    " * ind
        for s in stmts:
            k = s.kind
            if k == "param":
                lines.append(f"{p}param {s.name} = {s.e.arr}")
            elif k in ("let", "var"):
                lines.append(f"{p}{k} {s.name} = {s.e.arr}")
            elif k == "assign":
                lines.append(f"{p}{s.name} = {s.e.arr}")
            elif k == "aug":
                lines.append(f"{p}{s.name} {s.op}= {s.e.arr}")
            elif k in ("setitem", "augitem"):
                lines.append(f"{p}{s.name}[{s.idx[0]}] {s.op}= {s.e.arr}")
            elif k == "mask":
                lines.append(f"{p}{s.name}[{s.mask.arr}] = {s.e.arr}")
            elif k == "scope" and getattr(s, "loop_kind", "counted") == "while":
                lines.append(f"{p}var {s.name} = {s.lo}")
                lines.append(f"{p}while {s.name} < {s.hi} {{")
                self._arr_block(s.body, lines, ind + 1, form)
                lines.append(f"{p}    {s.name} = {s.name} + 1")
                lines.append(f"{p}}}")
            elif k == "scope":
                head = {"for": "for", "loop": "loop", "unroll": "loop"}[form]
                tail = f" unroll {s.unroll}" if form == "unroll" else ""
                lines.append(f"{p}{head} {s.name} in {s.lo}..{s.hi}{tail} {{")
                self._arr_block(s.body, lines, ind + 1, form)
                lines.append(f"{p}}}")
            elif k == "jump":
                lines.append(f"{p}if {s.cond.arr} {{")
                lines.append(f"{p}    {s.name}")
                lines.append(f"{p}}}")
            elif k == "if":
                lines.append(f"{p}if {s.cond.arr} {{")
                self._arr_block(s.body, lines, ind + 1, form)
                if s.orelse:
                    lines.append(f"{p}}} else {{")
                    self._arr_block(s.orelse, lines, ind + 1, form)
                lines.append(f"{p}}}")
            elif k == "outexpr":
                lines.append(f"{p}out {s.name} = {s.e.arr}")
            elif k == "out":
                lines.append(f"{p}out {s.name}")

    # ---- Python --------------------------------------------------------------------------
    def py(self, script=False):
        """The NumPy twin. With `script`, a whole NumPy-as-written script: inputs written
        as literals and outputs saved with `np.save`."""
        lines = ["import numpy as np"] if script else []
        if script:
            for nm, (dt, a) in self.inputs.items():
                lines.append(f"{nm} = np.array({literal(a)}, dtype={NP_NAME[dt]})")
        outs = []
        self._py_block(self.stmts, lines, 0, outs, script)
        if script:
            for nm in outs:
                lines.append(f'np.save("{nm}.npy", {nm})')
        return "\n".join(lines) + "\n", outs

    def _py_block(self, stmts, lines, ind, outs, script):
        p = "    " * ind
        for s in stmts:
            k = s.kind
            if k in ("param", "let", "var", "assign"):
                lines.append(f"{p}{s.name} = {copy_py(s.e)}")
                if not script and k != "param":
                    lines.append(f'{p}_chk("{s.name}", {s.name})')
            elif k == "aug":
                lines.append(f"{p}{s.name} {s.op}= {s.e.py}")
                if not script:
                    lines.append(f'{p}_chk("{s.name}", {s.name})')
            elif k in ("setitem", "augitem"):
                lines.append(f"{p}{s.name}[{s.idx[1]}] {s.op}= {s.e.py}")
                if not script:
                    lines.append(f'{p}_chk("{s.name}", {s.name})')
            elif k == "mask":
                lines.append(f"{p}{s.name}[{s.mask.py}] = {s.e.py}")
                if not script:
                    lines.append(f'{p}_chk("{s.name}", {s.name})')
            elif k == "scope" and getattr(s, "loop_kind", "counted") == "while":
                lines.append(f"{p}{s.name} = {s.lo}")
                lines.append(f"{p}while {s.name} < {s.hi}:")
                self._py_block(s.body, lines, ind + 1, outs, script)
                lines.append(f"{p}    {s.name} = {s.name} + 1")
            elif k == "scope":
                lines.append(f"{p}for {s.name} in range({s.lo}, {s.hi}):")
                self._py_block(s.body, lines, ind + 1, outs, script)
                if not s.body:
                    lines.append(f"{p}    pass")
            elif k == "jump":
                lines.append(f"{p}if {s.cond.py}:")
                lines.append(f"{p}    {s.name}")
            elif k == "if":
                lines.append(f"{p}if {s.cond.py}:")
                self._py_block(s.body, lines, ind + 1, outs, script)
                if not s.body:
                    lines.append(f"{p}    pass")
                if s.orelse:
                    lines.append(f"{p}else:")
                    self._py_block(s.orelse, lines, ind + 1, outs, script)
            elif k == "outexpr":
                lines.append(f"{p}{s.name} = {copy_py(s.e)}")
                outs.append(s.name)
            elif k == "out":
                outs.append(s.name)


def literal(a):
    def item(x):
        if isinstance(x, list):
            return "[" + ", ".join(item(y) for y in x) + "]"
        if isinstance(x, float):
            if x != x:
                return "np.nan"
            if x in (float("inf"), float("-inf")):
                return "np.inf" if x > 0 else "-np.inf"
            return repr(x)
        return repr(x)

    return item(a.tolist())
