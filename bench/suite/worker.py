"""Time one Python implementation (numpy, numba or jax) of one suite program, in its own process.

    python worker.py PROGRAM IMPL PARAMS_JSON INPUT_DIR REPS OUT_NPZ

Imports bench/suite/PROGRAM/PROGRAM_IMPL.py, loads the inputs INPUT_DIR/NAME.npy the program
needs, calls `run` once (the first call: for Numba and JAX it includes tracing and
compilation) and then REPS more times, writes the outputs of the first call to OUT_NPZ and
prints one JSON line: first_s, runs_s (seconds per call) and the package version. Knows
nothing about the other implementations or the report.
"""
import importlib.util
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load(program, impl):
    path = os.path.join(HERE, program, "%s_%s.py" % (program, impl))
    spec = importlib.util.spec_from_file_location("%s_%s" % (program, impl), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    program, impl, params_json, input_dir, reps, out_npz = sys.argv[1:7]
    params = json.loads(params_json)
    reps = int(reps)
    import numpy as np

    sys.path.insert(0, HERE)
    from programs import PROGRAMS

    spec = next(p for p in PROGRAMS if p["name"] == program)
    inputs = {name: np.load(os.path.join(input_dir, name + ".npy")) for name in spec.get("inputs", [])}

    if impl == "jax":
        import jax

        jax.config.update("jax_enable_x64", True)
        version = jax.__version__

        def call():
            res = module.run(**params, **inputs)
            return {name: value.block_until_ready() for name, value in res.items()}
    else:
        if impl == "numba":
            import numba

            version = numba.__version__
        else:
            version = np.__version__

        def call():
            return module.run(**params, **inputs)

    module = load(program, impl)
    t0 = time.perf_counter()
    first = call()
    first_s = time.perf_counter() - t0
    runs = []
    for _ in range(reps):
        t0 = time.perf_counter()
        call()
        runs.append(time.perf_counter() - t0)
    np.savez(out_npz, **{name: np.asarray(value, dtype=np.float64) for name, value in first.items()})
    print(json.dumps({"first_s": first_s, "runs_s": runs, "version": version}))


if __name__ == "__main__":
    main()
