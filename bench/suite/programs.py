"""The benchmark suite's programs: their parameters (full and --quick sizes) and inputs.

Every program NAME lives in bench/suite/NAME/: NAME.arr (arrayc), NAME_numpy.py (the NumPy
original), NAME_numba.py, NAME_jax.py and, where a hand loop is natural, NAME.c. The Python
versions define `run(**params, **inputs)` returning a dict of output name -> array; the
arrayc version has one `param` per parameter and one `input` per input; the C version takes
the parameters in `params` order, then one raw float64 file per input, then an output
directory where it writes OUTPUT.f64 for every output, and prints `us=` and the microseconds
it spent computing. A program's `variants` are other arrayc spellings of it (NAME/FILE.arr),
measured beside the main one to show what a way of writing costs. Knows nothing about timing
or reporting.
"""

PROGRAMS = [
    {"name": "advect", "what": "1-D advection, np.gradient",
     "params": ["nx", "ny", "steps"],
     "full": {"nx": 512, "ny": 128, "steps": 1000}, "quick": {"nx": 512, "ny": 128, "steps": 20}},
    {"name": "heat", "what": "2-D diffusion, Laplacian by roll",
     "params": ["n", "steps"],
     "full": {"n": 256, "steps": 500}, "quick": {"n": 64, "steps": 20}},
    {"name": "wave", "what": "2-D leapfrog wave, clamped edges",
     "params": ["n", "steps"],
     "full": {"n": 256, "steps": 500}, "quick": {"n": 64, "steps": 20},
     "variants": [("wave_where", "old spelling: interior by `where(inside, …)`, shifts by `roll`")]},
    {"name": "burgers", "what": "1-D viscous Burgers, upwind",
     "params": ["n", "steps"],
     "full": {"n": 4096, "steps": 2000}, "quick": {"n": 256, "steps": 50},
     "variants": [("burgers_inline", "the shifts written out in place instead of `let`s")]},
    {"name": "laplace", "what": "Laplace by Jacobi, 4 boundary assignments",
     "params": ["nx", "ny", "iters"],
     "full": {"nx": 256, "ny": 256, "iters": 500}, "quick": {"nx": 32, "ny": 32, "iters": 20},
     "variants": [("laplace_where", "old spelling: boundaries by two `where`s over index masks, shifts by `roll`"),
                  ("laplace_chain", "old spelling: one `where` statement per NumPy assignment")]},
    {"name": "poisson", "what": "Poisson by Jacobi, point sources",
     "params": ["nx", "ny", "iters"],
     "full": {"nx": 128, "ny": 128, "iters": 1000}, "quick": {"nx": 32, "ny": 32, "iters": 20},
     "variants": [("poisson_where", "old spelling: sources and edges by `where` masks, shifts by `roll`")]},
    {"name": "cavity", "what": "lid-driven cavity (12 steps, step 11)",
     "params": ["nx", "ny", "nt", "nit"],
     "full": {"nx": 41, "ny": 41, "nt": 100, "nit": 50},
     "quick": {"nx": 41, "ny": 41, "nt": 3, "nit": 5},
     "variants": [("cavity_where", "old spelling: every assignment a `where` over a mask, shifts by `roll`")]},
    {"name": "life", "what": "Game of Life on a torus",
     "params": ["n", "steps"], "inputs": ["board"],
     "full": {"n": 256, "steps": 100}, "quick": {"n": 64, "steps": 10}},
    {"name": "stats", "what": "reductions: moments, histogram, covariance",
     "params": ["n", "k", "nb"], "inputs": ["data"],
     "full": {"n": 100000, "k": 4, "nb": 10}, "quick": {"n": 2000, "k": 4, "nb": 10}},
    {"name": "matmul", "what": "dense matrix product",
     "params": ["n"], "inputs": ["a", "b"],
     "full": {"n": 384}, "quick": {"n": 64}},
]


def make_inputs(name, params):
    """The input arrays of program `name` at `params` (deterministic; needs NumPy)."""
    import numpy as np

    rng = np.random.default_rng(2026)
    if name == "life":
        n = params["n"]
        return {"board": (rng.random((n, n)) < 0.3).astype(np.float64)}
    if name == "stats":
        n, k = params["n"], params["k"]
        mixing = np.eye(k) + 0.5 * rng.random((k, k))
        data = rng.standard_normal((n, k)) @ mixing * np.arange(1, k + 1) + 10 * np.arange(k)
        return {"data": np.ascontiguousarray(data)}
    if name == "matmul":
        n = params["n"]
        return {"a": rng.random((n, n)), "b": rng.random((n, n))}
    return {}
