"""Writes the inputs and NumPy's outputs of `tests/dtypes.rs` (run with NumPy 2; the files
are committed, so the tests need no Python). The program the test runs is, in NumPy:

    v = u + dt * (u * u - 1.5)
    s = u.sum(axis=1)
    m = u * 0.1

and, for masks,

    n = u > 1
    c = m.sum()
    k = m.sum(axis=1)

with `u` a float32 (4, 6) array, `m` a bool one and `dt` a float32 scalar (0.25, given on the command line).
The inputs come as float32 (little-endian C order, read in place), float32 big-endian in
Fortran order, float64 and int64 files; each converts to float32 as `astype` does.
"""

from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def main() -> None:
    rng = np.random.default_rng(5)
    u64 = rng.standard_normal((4, 6)) * 3
    u = u64.astype(np.float32)
    np.save(HERE / "u.npy", u)
    np.save(HERE / "u_big_fortran.npy", np.asfortranarray(u.astype(">f4")))
    np.save(HERE / "u64.npy", u64)
    ints = np.arange(24, dtype=np.int64).reshape(4, 6) - 12
    np.save(HERE / "u_int.npy", ints)
    for name, data in [("f32", u), ("f64", u64.astype(np.float32)), ("int", ints.astype(np.float32))]:
        dt = np.float32(0.25)
        np.save(HERE / f"{name}.v.npy", data + dt * (data * data - 1.5))
        np.save(HERE / f"{name}.s.npy", data.sum(axis=1))
        np.save(HERE / f"{name}.m.npy", data * 0.1)
    np.save(HERE / "complex.npy", np.ones((4, 6), dtype=np.complex64))
    # Masks: `n = u > 1`, `c = m.sum()`, `k = m.sum(axis=1)` (bool in, bool and int64 out).
    m = (np.arange(24).reshape(4, 6) % 5) < 2
    np.save(HERE / "m.npy", m)
    np.save(HERE / "mask.n.npy", u > 1)
    np.save(HERE / "mask.c.npy", m.sum())
    np.save(HERE / "mask.k.npy", m.sum(axis=1))
    # int64: `a = k * n + k // n` with n = 3 given on the command line (wrapping, floor
    # division rounding toward minus infinity, as NumPy's).
    k = np.array([[1, -7, 2**62, 5], [-(2**63), 9, -1, 0]], dtype=np.int64)
    np.save(HERE / "k.npy", k)
    np.save(HERE / "ints.a.npy", k * np.int64(3) + k // np.int64(3))
    small = np.array([[1, -7, 300, 5], [-32768, 9, -1, 32767]], dtype=np.int16)
    np.save(HERE / "k_i2_big_F.npy", np.asfortranarray(small.astype(">i2")))
    wide = small.astype(np.int64)
    np.save(HERE / "small.a.npy", wide * np.int64(3) + wide // np.int64(3))


if __name__ == "__main__":
    main()
