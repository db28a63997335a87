"""Times float64 `a @ b` (and `A @ x`, `x @ y`) in arrayc against NumPy's OpenBLAS on one
thread, side by side, and checks arrayc's result is NumPy's bit for bit.

arrayc: the program's run time from `arrayc run --json --threads 1` (the product repeated
`REPEAT` times inside one `loop`, divided by the repeats; inputs read from .npy files).
NumPy: the best of `--reps` timings of the same product in a child process started with
`OPENBLAS_NUM_THREADS=1` (arrayc follows one-thread OpenBLAS's order, so the bits must be
equal there for every size; with OpenBLAS's default threads they are for products of at
most 64³ multiply-adds).

    python3 bench/matmul.py [--arrayc target/release/arrayc] [--reps 5]

Needs NumPy.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

REPEAT = 5

CASES = {
    "matmul 1000 x 1000": ((1000, 1000), (1000, 1000)),
    "matmul 384 x 384": ((384, 384), (384, 384)),
    "matmul 64 x 64": ((64, 64), (64, 64)),
    "matrix @ vector 2000": ((2000, 2000), (2000,)),
    "vector @ vector 1e6": ((1_000_000,), (1_000_000,)),
}

NUMPY_CHILD = """
import sys, timeit, numpy as np
a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); reps = int(sys.argv[3])
c = a @ b
np.save(sys.argv[4], c)
print(min(timeit.repeat(lambda: a @ b, number=1, repeat=reps)) * 1e6)
"""


def arrayc_time(binary, folder, a_shape, b_shape):
    def dims(shape):
        return "[" + ", ".join(str(d) for d in shape) + "]"

    c_shape = a_shape[:-1] + b_shape[1:]
    source = (
        f"input a: {dims(a_shape)}\ninput b: {dims(b_shape)}\n"
        f"var c = zeros({dims(c_shape)})\n"
        f"loop i in 0..{REPEAT} {{ c = a @ b }}\nout c\n"
    )
    program = folder / "p.arr"
    program.write_text(source)
    out = folder / "out"
    result = subprocess.run(
        [binary, "run", str(program), "--json", "--threads", "1", "-o", str(out),
         f"--input=a={folder / 'a.npy'}", f"--input=b={folder / 'b.npy'}"],
        capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    return report["timings_us"]["run"] / REPEAT, np.load(out / "c.npy")


def numpy_time(folder, reps):
    environment = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    result = subprocess.run(
        [sys.executable, "-c", NUMPY_CHILD, str(folder / "a.npy"), str(folder / "b.npy"),
         str(reps), str(folder / "numpy_c.npy")],
        capture_output=True, text=True, check=True, env=environment)
    return float(result.stdout), np.load(folder / "numpy_c.npy")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrayc", default="target/release/arrayc")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"{'case':<24} {'arrayc µs':>11} {'NumPy 1-thread µs':>18} {'arrayc/NumPy':>13}  bits")
    with tempfile.TemporaryDirectory() as work:
        folder = pathlib.Path(work)
        for name, (a_shape, b_shape) in CASES.items():
            np.save(folder / "a.npy", rng.standard_normal(a_shape))
            np.save(folder / "b.npy", rng.standard_normal(b_shape))
            times = []
            for _ in range(args.reps):
                microseconds, ours = arrayc_time(args.arrayc, folder, a_shape, b_shape)
                times.append(microseconds)
            theirs_time, theirs = numpy_time(folder, args.reps)
            ours_time = min(times)
            same = ours.tobytes() == theirs.tobytes()
            print(f"{name:<24} {ours_time:>11.0f} {theirs_time:>18.0f} "
                  f"{ours_time / theirs_time:>12.2f}×  {'same' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()
