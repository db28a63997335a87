"""Threads, the GIL and Ctrl-C: one program run from many Python threads, other Python code
running while arrayc compiles or runs, and KeyboardInterrupt stopping a long `loop`."""
import os
import signal
import threading
import time

import numpy as np
import pytest

import arrayc

LONG_LOOP = "param n = 1000000000\nvar x = zeros([64])\nloop i in 0..n {\n    x = x + 1\n}\nout x"


def test_one_program_from_many_threads():
    program = arrayc.compile("input a: [100]\ninput k\nvar y = a\nloop i in 0..50 { y = y * 0.5 + k }\nout y")
    failures = []

    def work(seed):
        rng = np.random.default_rng(seed)
        for _ in range(20):
            a, k = rng.uniform(-1, 1, 100), float(rng.uniform())
            expected = a.copy()
            for _ in range(50):
                expected = expected * 0.5 + k
            result = program(a=a, k=k)["y"]
            if not np.array_equal(result, expected):
                failures.append(seed)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def longest_pause_during(work):
    """Runs `work` in another thread while this one keeps taking timestamps; returns how
    long `work` took and the longest gap between this thread's timestamps meanwhile. A call
    that holds the GIL leaves a gap as long as itself."""
    interval = {}

    def timed():
        interval["start"] = time.perf_counter()
        work()
        interval["end"] = time.perf_counter()

    thread = threading.Thread(target=timed)
    stamps = []
    thread.start()
    while thread.is_alive():
        stamps.append(time.perf_counter())
    thread.join()
    start, end = interval["start"], interval["end"]
    inside = [start] + [t for t in stamps if start < t < end] + [end]
    return end - start, max(b - a for a, b in zip(inside, inside[1:]))


def test_gil_is_released_while_running():
    program = arrayc.compile(LONG_LOOP, params={"n": 6_000_000})
    outcome = {}
    took, pause = longest_pause_during(lambda: outcome.setdefault("x", program()["x"]))
    np.testing.assert_array_equal(outcome["x"], np.full(64, 6_000_000.0))
    assert pause < took / 3, (took, pause)


def test_gil_is_released_while_compiling():
    source = "var x = zeros([16])\nfor i in 0..6000 { x = x + i }\nout x"
    outcome = {}
    took, pause = longest_pause_during(lambda: outcome.setdefault("program", arrayc.compile(source)))
    np.testing.assert_array_equal(outcome["program"]()["x"], np.full(16, sum(range(6000)), dtype=float))
    assert pause < took / 3, (took, pause)


@pytest.fixture
def python_sigint():
    """Python's own SIGINT handler for the test, whatever the test runner inherited: a
    process started in the background (`cmd &` in a script) begins with SIGINT ignored,
    and arrayc then leaves it ignored, as it should."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_stops_a_long_loop_with_keyboard_interrupt(python_sigint):
    program = arrayc.compile(LONG_LOOP)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt) as caught:
            program()
    finally:
        timer.cancel()
    # Unstopped, the loop runs for tens of seconds.
    assert time.monotonic() - started < 10
    assert "interrupted" in str(caught.value) and " --> <input>:3:1" in str(caught.value)
    # The flag is cleared once the run has stopped: the same program runs again.
    short = arrayc.compile(LONG_LOOP, params={"n": 5})
    np.testing.assert_array_equal(short()["x"], np.full(64, 5.0))


def test_sigint_handler_is_restored_after_a_run(python_sigint):
    program = arrayc.compile("out x = 1")
    handler = signal.getsignal(signal.SIGINT)
    program()
    assert signal.getsignal(signal.SIGINT) is handler
    # Python's handler still raises KeyboardInterrupt when no run is in progress.
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
