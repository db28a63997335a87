"""`arrayc.dask.map_overlap` and `arrayc.sweep` in one process (dask's synchronous
scheduler, local threads): the bits of every chunking and exchange interval against the
whole array, the boundaries against NumPy, refusals and per-chunk and per-point errors.
The same on a real cluster is `test_dask_cluster.py`."""
import numpy as np
import pytest

import arrayc

da = pytest.importorskip("dask.array")
from arrayc.dask import ChunkError, apply_steps, map_overlap  # noqa: E402

HEAT = """
param ny = 8
param nx = 8
input u: [ny, nx]
var v = u
v[1:-1, 1:-1] = u[1:-1, 1:-1] + 0.2 * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1])
out v
"""

# Upwind advection to the right and down: not symmetric, so a wrong halo side shows.
ADVECT = """
param ny = 8
param nx = 8
input q: [ny, nx]
var r = q
r[1:, 1:] = q[1:, 1:] - 0.3 * (q[1:, 1:] - q[1:, :-1]) - 0.1 * (q[1:, 1:] - q[:-1, 1:])
out r
"""

gamma = 0.15


@arrayc.jit
def smooth(u):
    v = u.copy()
    v[2:-2] = u[2:-2] + gamma * (u[4:] + u[:-4] - 2 * u[2:-2])
    return v


def smooth_numpy(u):
    v = u.copy()
    v[2:-2] = u[2:-2] + gamma * (u[4:] + u[:-4] - 2 * u[2:-2])
    return v


def heat_periodic_numpy(u, steps):
    """The periodic heat equation as a NumPy user writes it, with `np.roll`."""
    for _ in range(steps):
        u = u + 0.2 * (
            np.roll(u, -1, 0) + np.roll(u, 1, 0) + np.roll(u, -1, 1) + np.roll(u, 1, 1) - 4 * u
        )
    return u


def run(f, u, chunks, **options):
    return map_overlap(f, da.from_array(u, chunks=chunks), **options).compute(scheduler="sync")


FIELD = np.random.default_rng(7).random((19, 17))
# Even, uneven (the last chunk smallest) and one chunk along an axis.
CHUNKINGS = [(5, 6), ((4, 9, 6), (17,)), ((10, 9), (4, 4, 4, 5))]


@pytest.mark.parametrize("boundary", ["periodic", "reflect", "none", 0.5, "edge"])
@pytest.mark.parametrize("source", [HEAT, ADVECT], ids=["heat", "advect"])
def test_chunkings_and_exchange_intervals_give_the_whole_arrays_bits(boundary, source):
    program = arrayc.compile(source, threads=1)
    whole = apply_steps(program, FIELD, depth=1, boundary=boundary, steps=7)
    assert whole.shape == FIELD.shape and not np.array_equal(whole, FIELD)
    for chunks, per_exchange in zip(CHUNKINGS, (1, 2, 4)):
        got = run(program, FIELD, chunks, depth=1, boundary=boundary, steps=7,
                  steps_per_exchange=per_exchange)
        assert got.tobytes() == whole.tobytes(), (chunks, per_exchange)


@pytest.mark.parametrize("per_exchange", [1, 2, 4])
@pytest.mark.parametrize("chunks", CHUNKINGS, ids=["even", "uneven", "one-chunk-axes"])
def test_every_chunking_and_exchange_interval_of_one_boundary(chunks, per_exchange):
    program = arrayc.compile(ADVECT, threads=1)
    whole = apply_steps(program, FIELD, depth=1, boundary="reflect", steps=7)
    got = run(program, FIELD, chunks, depth=1, boundary="reflect", steps=7,
              steps_per_exchange=per_exchange)
    assert got.tobytes() == whole.tobytes()


def test_the_periodic_heat_equation_is_numpys_with_roll():
    program = arrayc.compile(HEAT)
    expected = heat_periodic_numpy(FIELD, 6)
    assert apply_steps(program, FIELD, depth=1, boundary="periodic", steps=6).tobytes() == (
        expected.tobytes()
    )
    got = run(program, FIELD, (7, 6), depth=1, boundary="periodic", steps=6,
              steps_per_exchange=3)
    assert got.tobytes() == expected.tobytes()


@pytest.mark.parametrize("boundary", ["reflect", "symmetric", -1.0])
def test_boundaries_pad_as_numpy_pad_before_each_step(boundary):
    program = arrayc.compile(HEAT)
    mode = {"reflect": {"mode": "reflect"}, "symmetric": {"mode": "symmetric"}}.get(
        boundary, {"mode": "constant", "constant_values": boundary}
    )
    u = FIELD
    for _ in range(5):
        padded = np.pad(u, 1, **mode)
        v = padded.copy()
        v[1:-1, 1:-1] = padded[1:-1, 1:-1] + 0.2 * (
            padded[2:, 1:-1] + padded[:-2, 1:-1] + padded[1:-1, 2:] + padded[1:-1, :-2]
            - 4 * padded[1:-1, 1:-1]
        )
        u = v[1:-1, 1:-1]
    got = run(program, FIELD, (5, 6), depth=1, boundary=boundary, steps=5,
              steps_per_exchange=2)
    assert got.tobytes() == u.tobytes()


@pytest.mark.parametrize("per_exchange", [1, 2, 4])
def test_a_jitted_step_of_depth_two(per_exchange):
    u = np.linspace(0.0, 1.0, 50) ** 2
    expected = u
    for _ in range(9):
        expected = smooth_numpy(expected)
    assert apply_steps(smooth, u, depth=2, boundary="none", steps=9).tobytes() == (
        expected.tobytes()
    )
    for chunks in [(10,), ((13, 8, 20, 9),)]:
        got = run(smooth, u, chunks, depth=2, boundary="none", steps=9,
                  steps_per_exchange=per_exchange)
        assert got.tobytes() == expected.tobytes(), chunks


def test_no_steps_and_a_last_round_shorter_than_the_others():
    program = arrayc.compile(HEAT)
    assert run(program, FIELD, (5, 6), depth=1, boundary="none", steps=0).tobytes() == (
        FIELD.tobytes()
    )
    whole = apply_steps(program, FIELD, depth=1, boundary="reflect", steps=5)
    got = run(program, FIELD, (5, 6), depth=1, boundary="reflect", steps=5,
              steps_per_exchange=4)
    assert got.tobytes() == whole.tobytes()


def test_a_halo_wider_than_a_chunk_is_refused():
    program = arrayc.compile(HEAT)
    x = da.from_array(FIELD, chunks=((10, 9), (8, 8, 1)))
    with pytest.raises(ValueError, match=r"halo along axis 1 is 2 steps × depth 1 = 2 cells, "
                       r"more than its smallest chunk \(1 cells; chunks \(8, 8, 1\)\)"):
        map_overlap(program, x, depth=1, boundary="none", steps=3, steps_per_exchange=2)
    # One step per exchange fits.
    whole = apply_steps(program, FIELD, depth=1, boundary="none", steps=3)
    got = map_overlap(program, x, depth=1, boundary="none", steps=3).compute(scheduler="sync")
    assert got.tobytes() == whole.tobytes()
    # Periodic halos come from the other end even with one chunk.
    with pytest.raises(ValueError, match="halo along axis 0 is 5 steps × depth 4 = 20 cells"):
        map_overlap(program, da.from_array(FIELD), depth=4, boundary="periodic", steps=5,
                    steps_per_exchange=5)


# A step that reads out of bounds where the chunk's maximum is large (one chunk fails).
FAILING = """
param ny = 8
param nx = 8
input u: [ny, nx]
let k = i64(max(u))
out v = u + 0 * u[0, k]
"""


def test_a_step_that_fails_on_one_chunk_names_it():
    program = arrayc.compile(FAILING)
    u = np.zeros((12, 12))
    u[9, 10] = 50.0
    with pytest.raises(ChunkError, match=r"step 1 of 3 failed on chunk \(1, 1\) \(elements "
                       r"\[6:12, 6:12\] of the array\): RunError: run-time error: index out"):
        run(program, u, 6, depth=1, boundary="none", steps=3)


def test_steps_that_are_no_stencils_are_refused():
    two = arrayc.compile("input a: [4]\ninput b: [4]\nout c = a + b")
    with pytest.raises(ValueError, match=r"one array input and one output; this one has "
                       r"inputs \(a, b\) and outputs \(c\)"):
        apply_steps(two, np.zeros(4), depth=1)
    fixed = arrayc.compile("input u: [8, 8]\nout v = u * 2")
    with pytest.raises(ValueError, match=r"name the params that give its shape with "
                       "shape_params"):
        apply_steps(fixed, np.zeros((8, 8)), depth=1)
    named = arrayc.compile("param n = 2\nparam m = 2\ninput u: [n * m]\nout v = u * 2")
    # n = 8 (6 + 2 padding) makes the input 16 long: refused, not run on other data.
    with pytest.raises(ValueError, match=r"with params \{'n': 8\} the step program's input "
                       r"`u` has shape \(16,\), not the block's \(8,\)"):
        apply_steps(named, np.ones(6), depth=1, boundary=0.0, shape_params=["n"])
    with pytest.raises(TypeError, match="an arrayc.Program or an arrayc.jit function, not "
                       "function"):
        apply_steps(smooth_numpy, np.ones(6), depth=1)
    with pytest.raises(ValueError, match="boundary must be 'periodic'"):
        apply_steps(smooth, np.ones(6), depth=1, boundary="wrap")


SCALED = """
param n = 4
param scale = 1
param k = 0
input u: [n]
out v = u * scale + u[k]
"""


def test_a_local_sweep_gives_one_row_per_point_and_keeps_failures_to_their_points():
    program = arrayc.compile(SCALED, params={"n": 4}, threads=1)
    u = np.arange(4.0) + 0.5
    rows = arrayc.sweep(program, {"scale": [1.0, 2.5], "k": [0, 3, 9]}, inputs={"u": u})
    assert [row.params for row in rows] == [
        {"scale": s, "k": k} for s in (1.0, 2.5) for k in (0, 3, 9)
    ]
    for row in rows:
        if row.params["k"] == 9:
            assert not row.ok and row.outputs is None
            assert row.error.startswith("CompileError: error: index 9 is out of range")
            continue
        assert row.ok and row.error is None and row.attempts == 1 and row.worker is None
        expected = u * row.params["scale"] + u[int(row.params["k"])]
        assert row.outputs["v"].tobytes() == expected.tobytes()
        assert row.compile_us > 0 and row.run_us > 0
    # A summary is made where the point ran; the program's own options are kept (n = 4).
    rows = arrayc.sweep(program, {"scale": [3.0]}, inputs={"u": u},
                        summary=lambda result: float(result["v"].sum()))
    assert rows[0].outputs == float((u * 3.0 + u[0]).sum())
    with pytest.raises(arrayc.InputError):
        arrayc.compile(SCALED)(u=np.zeros(5))
    rows = arrayc.sweep(program, {"scale": [1.0]}, inputs={"u": np.zeros(5)})
    assert rows[0].error.startswith("InputError:")
