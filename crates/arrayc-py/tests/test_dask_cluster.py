"""arrayc on a real Dask cluster: a scheduler and two worker processes of one thread each
(`LocalCluster(processes=True)`), started once for the module. Programs and jitted
functions travel as text and are compiled in the workers; results must be the bits of the
single-process run. Every wait has a timeout, so a hang fails instead of blocking CI. A
worker killed in the middle of a sweep is `test_dask_kill.py`."""
import numpy as np
import pytest

import arrayc

distributed = pytest.importorskip("distributed")
da = pytest.importorskip("dask.array")
from arrayc.dask import ChunkError, apply_steps, map_overlap  # noqa: E402
from test_dask import FAILING, HEAT  # noqa: E402  (the same programs)

WAIT = 120  # seconds: a bound on every wait, far above what each takes
# A bound for waits that include a killed worker's restart (a new process importing NumPy,
# Dask and arrayc), which takes minutes on a machine loaded with builds.
RESTART = 600


# A point whose run takes `spin` loop trips (long enough to be killed in the middle of).
SLOW = """
param spin = 10
param scale = 1
input u: [3]
var s = 0.0
loop i in 0..spin { s = s + 1 }
out v = u * scale + s
"""

delta = 0.125


@arrayc.jit
def blur(u):
    v = u.copy()
    v[1:-1, 1:-1] = u[1:-1, 1:-1] + delta * (u[:-2, 1:-1] + u[2:, 1:-1] - 2 * u[1:-1, 1:-1])
    return v


def start_cluster(n_workers=2, **config):
    import dask

    with dask.config.set(config):
        cluster = distributed.LocalCluster(
            n_workers=n_workers, processes=True, threads_per_worker=1, dashboard_address=None
        )
    client = distributed.Client(cluster)
    client.wait_for_workers(n_workers, timeout=WAIT)
    return cluster, client


@pytest.fixture(scope="module")
def client():
    cluster, client = start_cluster()
    yield client
    client.close()
    cluster.close()


def compute(client, collection):
    return client.compute(collection).result(timeout=WAIT)


FIELD = np.random.default_rng(3).random((40, 36))


@pytest.mark.parametrize("boundary", ["periodic", "reflect"])
def test_map_overlap_on_the_cluster_gives_the_single_process_bits(client, boundary):
    program = arrayc.compile(HEAT, threads=1)
    whole = apply_steps(program, FIELD, depth=1, boundary=boundary, steps=8)
    for chunks, per_exchange in [((20, 20), 1), (((13, 27), (9, 9, 18)), 3)]:
        x = da.from_array(FIELD, chunks=chunks)
        got = compute(client, map_overlap(program, x, depth=1, boundary=boundary, steps=8,
                                          steps_per_exchange=per_exchange))
        assert got.tobytes() == whole.tobytes(), (chunks, per_exchange)
    # The blocks ran in both worker processes (compiled there, not here).
    ran = client.run(lambda: len(__import__("arrayc._pickle")._pickle._programs))
    assert len(ran) == 2 and all(count > 0 for count in ran.values())


def test_a_jitted_step_on_the_cluster(client):
    whole = apply_steps(blur, FIELD, depth=1, boundary="edge", steps=5)
    x = da.from_array(FIELD, chunks=(10, 36))
    got = compute(client, map_overlap(blur, x, depth=1, boundary="edge", steps=5,
                                      steps_per_exchange=5))
    assert got.tobytes() == whole.tobytes()


def test_a_step_failing_on_one_chunk_names_it_and_nothing_hangs(client):
    program = arrayc.compile(FAILING)
    u = np.zeros((20, 20))
    u[3, 17] = 99.0
    with pytest.raises(ChunkError, match=r"failed on chunk \(0, 1\) \(elements \[0:10, 10:20\] "
                       r"of the array\): RunError"):
        compute(client, map_overlap(program, da.from_array(u, chunks=10), depth=1, steps=2))


def test_a_sweep_on_the_cluster_matches_the_local_one(client):
    program = arrayc.compile(SLOW, threads=1)
    u = np.array([1.0, 2.0, 3.5])
    grid = {"spin": [0, 5, -1.5], "scale": [1.0, 0.25]}
    local = arrayc.sweep(program, grid, inputs={"u": u})
    remote = arrayc.sweep(program, grid, inputs={"u": u}, client=client, timeout=WAIT)
    assert [row.params for row in remote] == [row.params for row in local]
    for here, there in zip(local, remote):
        assert there.error == here.error
        if here.ok:
            assert there.outputs["v"].tobytes() == here.outputs["v"].tobytes()
            assert there.worker in client.scheduler_info()["workers"]
    # -1.5 trips is no trip count: that point's error, the others' results.
    assert [row.ok for row in remote] == [True, True, True, True, False, False]
    assert remote[4].error.startswith("CompileError")
