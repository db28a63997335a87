"""The generator: random well-typed arrayc programs with their NumPy twin.

A program is built statement by statement while its NumPy twin runs beside it: every candidate
expression is evaluated by NumPy as soon as it is made, so the generator knows the shape, dtype
and kind (Python scalar, NumPy scalar, array) of every value and keeps only what NumPy accepts.
Each node renders twice: as `.arr` source and as NumPy-as-written Python (the twin, which is
also the script mode's program).
"""
import random
import warnings

import numpy as np

DTYPES = {"f64": np.float64, "f32": np.float32, "i64": np.int64, "bool": np.bool_}
NP_NAME = {"f64": "np.float64", "f32": "np.float32", "i64": "np.int64", "bool": "np.bool_"}
I64_MIN, I64_MAX = -(2**63), 2**63 - 1

FLOATS = [0.0, -0.0, 1.5, -2.25, 3.0, 0.1, 1e300, -1e-310, 7.0, -0.5, 2.5, 1e-3]
SPECIAL = [float("inf"), float("-inf"), float("nan")]
INTS = [0, 1, -1, 2, 3, -7, 5, 2**62, -(2**63), 2**63 - 1, 100]

# Where a value went through an operation whose bits are allowed to differ from NumPy's in
# the last place (libm transcendentals, BLAS-order products): such values are compared with
# a tolerance and never fed into a discontinuous operation (floor, comparisons, `//`, ...).
TRANSCENDENTAL = ["exp", "log", "sqrt", "sin", "cos", "tan", "tanh"]


class Expr:
    """One node: its `.arr` text, its Python text, its NumPy value, children, taint."""

    __slots__ = ("arr", "py", "val", "kids", "tainted")

    def __init__(self, arr, py, val, kids=(), tainted=False):
        self.arr, self.py, self.val, self.kids = arr, py, val, list(kids)
        # 0: exact; 1: within float64 rounding; 2: within float32 rounding (a float32
        # transcendental, within 1e-6 relative of NumPy's, as docs/language.md says).
        level = 0
        if tainted:
            level = 2 if np.asarray(val).dtype == np.float32 else 1
        self.tainted = max([level] + [k.tainted for k in kids])

    def nodes(self):
        yield self
        for k in self.kids:
            yield from k.nodes()


def kind(v):
    """'py' (a weak Python scalar), 'np' (a NumPy scalar) or 'arr' (an array)."""
    if isinstance(v, np.ndarray):
        return "arr"
    if isinstance(v, np.generic):
        return "np"
    return "py"


def shape(v):
    return np.shape(v)


def dtype_of(v):
    if isinstance(v, bool):
        return np.dtype(bool)
    if isinstance(v, int):
        return np.dtype(np.int64)
    if isinstance(v, float):
        return np.dtype(np.float64)
    return np.asarray(v).dtype


def sig(v):
    """What a var keeps: its kind, dtype and shape (a `var` may not change them)."""
    return (kind(v), dtype_of(v), shape(v))


def big_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and not I64_MIN <= v <= I64_MAX


def lit_float(x):
    if x != x:
        return None
    if x in (float("inf"), float("-inf")):
        return None
    return repr(x)


class Gen:
    def __init__(self, seed, features=None):
        self.r = random.Random(seed)
        self.features = features or {}
        self.env = {}  # name -> value (the twin's environment while generating)
        self.names = {}  # name -> 'let' | 'var' | 'input' | 'param' | 'index'
        self.counter = 0
        self.inputs = {}  # name -> (decl, array)
        self.depth = 0
        self.scope_vars = []  # index names visible
        self.loops = []  # the kinds of the enclosing scopes ("counted" or "while")

    # ---- helpers -------------------------------------------------------------------------
    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def eval(self, py):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return eval(py, {"np": np}, dict(self.env))

    def make(self, arr, py, kids=(), tainted=False):
        """A node, if NumPy accepts it and its value is one arrayc can hold."""
        try:
            v = self.eval(py)
        except Exception:
            return None
        if isinstance(v, np.ndarray):
            if v.dtype not in (np.float64, np.float32, np.int64, np.bool_):
                return None
            if v.ndim > 4 or v.size > 400:
                return None
        elif isinstance(v, np.generic):
            if v.dtype not in (np.float64, np.float32, np.int64, np.bool_):
                return None
        elif isinstance(v, (bool, int, float)):
            # Python ints beyond int64 are kept: arrayc must refuse them, never wrap.
            if big_int(v) and self.features.get("bigint") is False:
                return None
        else:
            return None
        return Expr(arr, py, v, kids, tainted)

    def chance(self, p):
        return self.r.random() < p

    # ---- leaves --------------------------------------------------------------------------
    def leaf(self):
        r = self.r
        choices = []
        names = [n for n in self.env if self.names.get(n) != "fn"]
        if names:
            choices += ["name"] * 6
        choices += ["int", "float", "bool", "list", "create", "create", "arange", "linspace"]
        c = r.choice(choices)
        if c == "name":
            n = r.choice(names)
            return Expr(n, n, self.env[n])
        if c == "int":
            k = r.choice([0, 1, 2, 3, -1, -3, 5, 10, 7])
            t = str(k) if k >= 0 else f"({k})"
            return Expr(t, t, k)
        if c == "float":
            x = r.choice([0.5, 2.0, -1.25, 0.1, 3.0, -0.0, 1e300, 1e-3, 2.5])
            t = repr(x) if x >= 0 and not (x == 0 and str(x).startswith("-")) else f"({x!r})"
            return Expr(t, t, x)
        if c == "bool":
            b = r.choice([True, False])
            return Expr(str(b), f"np.{b}_", np.bool_(b))
        if c == "list":
            n = r.choice([1, 2, 3, 4])
            kindl = r.choice(["int", "float", "bool", "mixed"])
            items = []
            for _ in range(n):
                k = kindl if kindl != "mixed" else r.choice(["int", "float"])
                if k == "int":
                    items.append(str(r.choice([0, 1, 2, -3, 4, 7, -1])))
                elif k == "float":
                    items.append(repr(r.choice([0.5, -1.5, 2.0, -0.0, 0.25, 3.75, 1e10])))
                else:
                    items.append(r.choice(["True", "False"]))
            body = ", ".join(items)
            return self.make(f"[{body}]", f"np.array([{body}])")
        if c == "create":
            fn = r.choice(["zeros", "ones", "full"])
            shp = self.rand_shape()
            dt = r.choice(["", "f64", "f32", "i64", "bool"])
            sa = "[" + ", ".join(map(str, shp)) + "]"
            sp = "(" + "".join(f"{d}, " for d in shp) + ")"
            if fn == "full":
                v = r.choice(["2", "2.5", "-1", "True", "0.1"])
                vp = "np.True_" if v == "True" else v
                if dt:
                    return self.make(f"full({sa}, {v}, {dt})", f"np.full({sp}, {vp}, {NP_NAME[dt]})")
                return self.make(f"full({sa}, {v})", f"np.full({sp}, {vp})")
            if dt:
                return self.make(f"{fn}({sa}, {dt})", f"np.{fn}({sp}, {NP_NAME[dt]})")
            return self.make(f"{fn}({sa})", f"np.{fn}({sp})")
        if c == "arange":
            if self.chance(0.5):
                n = r.choice([0, 1, 3, 4, 6])
                return self.make(f"arange({n})", f"np.arange({n})")
            a, b, s = r.choice([(0, 5, 2), (1.5, 4, 0.5), (5, 0, -1), (0, 1, 0.25), (-2, 3, 1), (0.1, 0.9, 0.2)])
            return self.make(f"arange({a}, {b}, {s})", f"np.arange({a}, {b}, {s})")
        if c == "linspace":
            a, b = r.choice([(0, 1), (-1, 1), (0.5, 2.5), (1, 0), (0, 10)])
            n = r.choice([1, 2, 3, 4, 5])
            return self.make(f"linspace({a}, {b}, {n})", f"np.linspace({a}, {b}, {n})")
        return None

    def rand_shape(self):
        return self.r.choice([[], [3], [4], [2, 3], [3, 1], [1, 4], [2, 2], [2, 1, 3], [0], [1]])

    # ---- expressions ---------------------------------------------------------------------
    def expr(self, depth=0):
        for _ in range(12):
            e = self._expr(depth)
            if e is not None:
                return e
        return Expr("1.5", "1.5", 1.5)

    def _expr(self, depth):
        r = self.r
        if depth >= 3 or self.chance(0.3 if depth else 0.1):
            return self.leaf()
        c = r.choice(
            ["bin"] * 6 + ["cmp", "logic", "unary", "math", "math", "bin_fn", "where", "clip",
                           "reduce", "reduce", "index", "index", "shape", "cast", "combine"]
        )
        sub = lambda: self.expr(depth + 1)  # noqa: E731
        if c == "bin":
            a, b = sub(), sub()
            op = r.choice(["+", "-", "*", "/", "//", "%", "**"])
            if op in ("//", "%") and (a.tainted or b.tainted):
                return None
            aop = "^" if op == "**" and self.chance(0.5) else op
            return self.make(f"({a.arr} {aop} {b.arr})", f"({a.py} {op} {b.py})", [a, b])
        if c == "cmp":
            a, b = sub(), sub()
            if a.tainted or b.tainted:
                return None
            op = r.choice(["<", "<=", ">", ">=", "==", "!="])
            return self.make(f"({a.arr} {op} {b.arr})", f"({a.py} {op} {b.py})", [a, b])
        if c == "logic":
            a, b = sub(), sub()
            if a.tainted or b.tainted:
                return None
            op, fn = r.choice([("&&", "logical_and"), ("||", "logical_or"), ("&", "logical_and"), ("|", "logical_or")])
            if self.chance(0.25):
                return self.make(f"(!{a.arr})", f"np.logical_not({a.py})", [a])
            return self.make(f"({a.arr} {op} {b.arr})", f"np.{fn}({a.py}, {b.py})", [a, b])
        if c == "unary":
            a = sub()
            return self.make(f"(-{a.arr})", f"(-{a.py})", [a])
        if c == "math":
            a = sub()
            fn = r.choice(["abs", "floor", "ceil", "round", "sign"] + TRANSCENDENTAL)
            if fn in ("floor", "ceil", "round", "sign") and a.tainted:
                return None
            pyfn = {"round": "np.round"}.get(fn, f"np.{fn}")
            return self.make(f"{fn}({a.arr})", f"{pyfn}({a.py})", [a], tainted=fn in TRANSCENDENTAL)
        if c == "bin_fn":
            a, b = sub(), sub()
            fn = r.choice(["minimum", "maximum", "pow"])
            if fn != "pow" and (a.tainted or b.tainted):
                return None
            pyfn = {"pow": "np.power"}.get(fn, f"np.{fn}")
            return self.make(f"{fn}({a.arr}, {b.arr})", f"{pyfn}({a.py}, {b.py})", [a, b])
        if c == "where":
            m, a, b = sub(), sub(), sub()
            if m.tainted:
                return None
            return self.make(f"where({m.arr}, {a.arr}, {b.arr})", f"np.where({m.py}, {a.py}, {b.py})", [m, a, b])
        if c == "clip":
            a = sub()
            if a.tainted:
                return None
            lo, hi = r.choice([(0, 1), (-1.5, 2.5), (0.0, 0.0), (-3, 3)])
            return self.make(f"clip({a.arr}, {lo}, {hi})", f"np.clip({a.py}, {lo}, {hi})", [a])
        if c == "reduce":
            a = sub()
            if kind(a.val) != "arr":
                return None
            fn = r.choice(["sum", "sum", "mean", "min", "max", "prod", "any", "all", "argmin", "argmax", "std", "var", "cumsum"])
            if fn in ("argmin", "argmax") and a.tainted:
                return None
            nd = a.val.ndim
            if nd and self.chance(0.5):
                ax = r.randrange(-nd, nd)
                if fn == "cumsum" and nd > 1 and self.chance(0.5):
                    ax = r.randrange(0, nd)
                return self.make(f"{fn}({a.arr}, {ax})", f"np.{fn}({a.py}, axis={ax})", [a], tainted=fn in ("std",))
            return self.make(f"{fn}({a.arr})", f"np.{fn}({a.py})", [a], tainted=fn in ("std",))
        if c == "index":
            a = sub()
            if kind(a.val) != "arr" or a.val.ndim == 0:
                return self.index_bool0(a)
            idx = self.index_for(a.val.shape)
            if idx is None:
                return None
            ia, ip = idx
            return self.make(f"{a.arr}[{ia}]", f"{a.py}[{ip}]", [a])
        if c == "shape":
            a = sub()
            if kind(a.val) != "arr" or a.val.ndim == 0:
                return None
            nd = a.val.ndim
            op = r.choice(["transpose", "reshape", "roll", "diff", "pad", "broadcast", "flip", "copy"])
            if op == "transpose":
                return self.make(f"transpose({a.arr})", f"np.transpose({a.py})", [a])
            if op == "reshape":
                return self.make(f"reshape({a.arr}, [-1])", f"np.reshape({a.py}, (-1,))", [a])
            if op == "roll":
                s = r.choice([1, -1, 2, 5])
                ax = r.randrange(0, nd)
                if self.chance(0.3):
                    return self.make(f"roll({a.arr}, {s})", f"np.roll({a.py}, {s})", [a])
                return self.make(f"roll({a.arr}, {s}, {ax})", f"np.roll({a.py}, {s}, {ax})", [a])
            if op == "diff":
                ax = r.randrange(-nd, nd)
                return self.make(f"diff({a.arr}, {ax})", f"np.diff({a.py}, axis={ax})", [a])
            if op == "pad":
                mode = r.choice(["constant", "edge", "wrap"])
                w = r.choice([1, 2])
                return self.make(f'pad({a.arr}, {w}, "{mode}")', f'np.pad({a.py}, {w}, mode="{mode}")', [a])
            if op == "broadcast":
                shp = (2,) + a.val.shape
                sa = "[" + ", ".join(map(str, shp)) + "]"
                return self.make(f"broadcast({a.arr}, {sa})", f"np.broadcast_to({a.py}, {shp})", [a])
            if op == "flip":
                return self.make(f"{a.arr}[::-1]", f"{a.py}[::-1]", [a])
            return self.make(f"copy({a.arr})", f"np.copy({a.py})", [a])
        if c == "cast":
            a = sub()
            dt = r.choice(["f64", "f32", "i64", "bool"])
            if dt in ("i64", "bool") and a.tainted:
                return None
            if kind(a.val) == "arr":
                return self.make(f"astype({a.arr}, {dt})", f"{a.py}.astype({NP_NAME[dt]})", [a])
            if dt == "bool":
                return None
            return self.make(f"{dt}({a.arr})", f"{NP_NAME[dt]}({a.py})", [a])
        if c == "combine":
            a, b = sub(), sub()
            if kind(a.val) != "arr" or kind(b.val) != "arr":
                return None
            op = r.choice(["concatenate", "stack", "dot", "matmul"])
            if op in ("dot", "matmul"):
                return self.make(f"{op}({a.arr}, {b.arr})", f"np.{op}({a.py}, {b.py})", [a, b],
                                 tainted=a.val.dtype.kind == "f" or b.val.dtype.kind == "f")
            nd = a.val.ndim
            ax = r.randrange(0, nd) if nd else 0
            return self.make(f"{op}([{a.arr}, {b.arr}], {ax})", f"np.{op}(({a.py}, {b.py}), axis={ax})", [a, b])
        return None

    def index_bool0(self, a):
        return None

    def index_for(self, shape):
        """An index list for an array of `shape`: constant ints, slices with steps, None,
        `...`, a scope index, a 0-d bool."""
        r = self.r
        nd = len(shape)
        parts_a, parts_p = [], []
        naxes = r.randint(1, nd)
        for ax in range(naxes):
            n = shape[ax]
            c = r.choice(["int", "slice", "slice", "full", "none", "loopi", "bool0"] if n else ["slice", "full", "none"])
            if c == "int":
                k = r.randrange(-n, n)
                parts_a.append(str(k))
                parts_p.append(str(k))
            elif c == "loopi" and self.scope_vars:
                i = r.choice(self.scope_vars)
                parts_a.append(f"{i} % {n}")
                parts_p.append(f"{i} % {n}")
            elif c == "slice":
                s = r.choice(["1:", ":-1", "::2", "::-1", "1::2", "-2:", ":1", "::-2", "5:", "0:2"])
                parts_a.append(s)
                parts_p.append(s)
            elif c == "none":
                parts_a.append("None")
                parts_p.append("None")
                parts_a.append(":")
                parts_p.append(":")
            elif c == "bool0" and ax == 0 and naxes == 1:
                b = r.choice(["True", "False"])
                parts_a.append(b)
                parts_p.append(b)
            else:
                parts_a.append(":")
                parts_p.append(":")
        if naxes < nd and self.chance(0.2):
            parts_a = ["..."] + parts_a[1:] if len(parts_a) > 1 else parts_a
            parts_p = ["..."] + parts_p[1:] if len(parts_p) > 1 else parts_p
        return ", ".join(parts_a), ", ".join(parts_p)
