"""A worker process killed (SIGKILL) while it runs a point of `arrayc.sweep`, on a real
`LocalCluster` started once for the module. The scheduler's `allowed-failures` is 0 here,
so that a point running on the dead worker fails at once instead of being retried by the
scheduler, and the sweep's own retry is what is tested. Three workers, so that the second
test still finds two alive if the first one's killed worker is slow to restart."""
import os
import signal
import threading
import time

import numpy as np
import pytest

import arrayc

distributed = pytest.importorskip("distributed")
from test_dask_cluster import RESTART, SLOW, WAIT, start_cluster  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster, client = start_cluster(3, **{"distributed.scheduler.allowed-failures": 0})
    yield client
    client.close()
    cluster.close()


def kill_a_worker_once_it_runs_a_point(client, killed):
    """Waits until some worker is executing a task, then kills its process (SIGKILL)."""
    pids = client.run(os.getpid)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        executing = client.run(lambda dask_worker: len(dask_worker.state.executing))
        busy = [address for address, count in executing.items() if count]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(busy[0])
            return
        time.sleep(0.05)


@pytest.mark.parametrize("retries", [2, 0])
def test_a_worker_killed_in_the_middle_of_a_sweep(client, retries):
    client.wait_for_workers(2, timeout=RESTART)
    program = arrayc.compile(SLOW, threads=1)
    u = np.array([1.0, 2.0, 3.0])
    grid = {"spin": [1e8], "scale": [1.0, 2.0, 3.0, 4.0]}
    killed = []
    killer = threading.Thread(target=kill_a_worker_once_it_runs_a_point, args=(client, killed))
    killer.start()
    rows = arrayc.sweep(program, grid, inputs={"u": u}, client=client, retries=retries,
                        timeout=RESTART)
    killer.join(timeout=WAIT)
    assert killed, "no worker was seen running a point"
    assert [row.params["scale"] for row in rows] == [1.0, 2.0, 3.0, 4.0]
    lost = [row for row in rows if not row.ok]
    for row in rows:
        if row.ok:
            assert row.outputs["v"].tobytes() == (u * row.params["scale"] + 1e8).tobytes()
    if retries:
        # The point that was running on the dead worker ran again elsewhere (twice, if
        # the scheduler gave it to the dead worker again before it noticed the death).
        assert lost == []
        assert 2 <= max(row.attempts for row in rows) <= retries + 1
    else:
        # Reported, not retried; the other points complete. The scheduler counts every
        # point given to the dead worker as lost (the one it ran, and any it had queued).
        assert lost
        for row in lost:
            assert row.attempts == 1 and row.error.startswith("lost: KilledWorker")
