"""Writes `cases.txt`: arrays of each dtype and what NumPy 2's `print` shows for them, for
`tests/numpy_print.rs` (committed, so the tests need no Python).

Each case is a header line `=== DTYPE SHAPE` (SHAPE as `2,3`, empty for a 0-d array),
one line of elements in C order separated by spaces (floats as `repr` of the value in its
own type, which reads back exactly; ints in decimal; bools as True/False), then NumPy's
text up to a line `---`.
"""

from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def cases():
    rng = np.random.default_rng(11)
    f32 = np.float32
    yield np.array(1.5, dtype=f32)
    yield np.array(0.1, dtype=f32)
    yield np.array(1e-5, dtype=f32)
    yield np.array(1e16, dtype=f32)
    yield np.array(123456789.0, dtype=f32)
    yield np.array(-0.0, dtype=f32)
    yield np.array(np.nan, dtype=f32)
    yield np.array(3.4028235e38, dtype=f32)
    yield np.array([0.1, 0.2, 0.3], dtype=f32)
    yield np.array([1.0, 2.0, 3.0], dtype=f32)
    yield np.array([1 / 3, 2 / 3, 1.0], dtype=f32)
    yield np.array([123.456789, -0.5, 7.0], dtype=f32)
    yield np.array([1e-5, 1.0], dtype=f32)
    yield np.array([1e8, 1.0], dtype=f32)
    yield np.array([1.5e7, 1.0], dtype=f32)
    yield np.array([0.001, 1.0], dtype=f32)
    yield np.array([0.0001, 0.1], dtype=f32)
    yield np.array([np.nan, np.inf, -np.inf, 1.5], dtype=f32)
    yield np.array([np.nan, 2.0], dtype=f32)
    yield np.array([1e-45, 1.0], dtype=f32)
    yield np.array([16777217.0, 0.5], dtype=f32)
    yield np.array([3.4028235e38, -1e-38], dtype=f32)
    yield np.linspace(0, 1, 11, dtype=f32)
    yield np.linspace(-1, 1, 30).astype(f32).reshape(5, 6)
    yield np.arange(24, dtype=f32).reshape(2, 3, 4) / 7
    yield (rng.standard_normal(40) * 1000).astype(f32)
    yield (rng.standard_normal(12) * 1e-3).astype(f32).reshape(3, 4)
    yield (rng.standard_normal(2000)).astype(f32)
    yield (rng.standard_normal((40, 40))).astype(f32)
    yield np.arange(1500, dtype=f32) * f32(0.25)
    yield np.array([0.1, 0.2, 0.3])
    yield (rng.standard_normal(10) * 1e5)
    yield np.array(7, dtype=np.int64)
    yield np.array(-7, dtype=np.int64)
    yield np.arange(5)
    yield np.array([-1, 10, 100])
    yield np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0])
    yield np.arange(12).reshape(3, 4) - 6
    yield np.arange(60).reshape(3, 4, 5) * 1001
    yield np.arange(40) * 123456789
    yield np.arange(3000)
    yield np.arange(2000).reshape(40, 50) - 1000
    yield rng.integers(-10**12, 10**12, 30)
    yield np.array(True)
    yield np.array(False)
    yield np.array([True, False, True])
    yield np.array([False, False])
    yield np.arange(12).reshape(3, 4) % 3 == 0
    yield np.arange(60).reshape(3, 4, 5) % 7 == 0
    yield np.arange(30) % 2 == 1
    yield np.arange(2000) % 3 == 0
    # Random magnitudes and spreads, for the layout rules (positional or scientific,
    # widths, 8-digit rounding) on values nobody chose.
    for scale in [1e-6, 1e-3, 0.1, 1.0, 37.0, 1e4, 1e7, 1e9, 1e20]:
        for spread in [1.0, 100.0]:
            values = rng.standard_normal(9) * scale * np.exp(rng.uniform(0, np.log(spread), 9))
            yield values.astype(f32)
            yield values
    # Rows that wrap at every nesting depth.
    for width in [5, 6, 7, 9]:
        yield (rng.standard_normal((2, 2, width)) * 1e5).astype(f32)
        yield rng.standard_normal((3, width)) * 1e-7
        yield rng.integers(-10**15, 10**15, (2, width * 2))
    yield np.zeros((0,), dtype=f32)
    yield np.zeros((2, 0), dtype=np.int64)
    yield np.zeros((0,), dtype=bool)


def text(value) -> str:
    if value.dtype == np.bool_:
        return str(bool(value))
    if value.dtype.kind == "i":
        return str(int(value))
    return repr(value.item()) if value.dtype == np.float64 else str(value)


def main() -> None:
    out = []
    for array in cases():
        names = {np.float64: "f64", np.float32: "f32", np.int64: "i64", np.bool_: "bool"}
        dtype = names[array.dtype.type]
        shape = ",".join(str(e) for e in array.shape)
        out.append(f"=== {dtype} {shape}")
        out.append(" ".join(text(v) for v in array.reshape(-1)))
        out.append(str(array))
        out.append("---")
    (HERE / "cases.txt").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
