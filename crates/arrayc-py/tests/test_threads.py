"""Threads, the GIL and Ctrl-C: one program run from many Python threads, other Python code
running while arrayc compiles or runs, and KeyboardInterrupt stopping a long `loop`."""
import os
import signal
import sys
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


def test_gil_is_released_while_compiling():
    # Compiles from several Python threads at once (each with the GIL released while
    # arrayc works) give each thread its own, correct program.
    sources = {k: f"var x = zeros([16])\nfor i in 0..{600 + k} {{ x = x + i }}\nout x" for k in range(4)}
    programs = {}
    failures = []

    def work(k):
        try:
            programs[k] = arrayc.compile(sources[k])
        except Exception as error:  # noqa: BLE001 -- reported below
            failures.append((k, error))

    threads = [threading.Thread(target=work, args=(k,)) for k in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for k, program in programs.items():
        assert program.source == sources[k]
        np.testing.assert_array_equal(program()["x"], np.full(16, sum(range(600 + k)), dtype=float))
    assert sorted(programs) == sorted(sources)


@pytest.fixture
def python_sigint():
    """Python's own SIGINT handler for the test, whatever the test runner inherited: a
    process started in the background (`cmd &` in a script) begins with SIGINT ignored,
    and arrayc then leaves it ignored, as it should."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


class StartSignal:
    """A `sys.stdout` that sets an event when the program prints its first line: the run is
    then in progress (the program prints before its long loop)."""

    def __init__(self):
        self.started = threading.Event()
        self.text = []

    def write(self, text):
        self.text.append(text)
        self.started.set()
        return len(text)

    def flush(self):
        pass


PRINT_THEN_LONG_LOOP = "param n = 1000000000\nvar x = zeros([64])\nprint 1\nloop i in 0..n {\n    x = x + 1\n}\nout x"


def interrupt_once_started(program, stdout):
    """Runs `program` in this (the main) thread while another Python thread waits for its
    first printed line and then sends SIGINT. That thread can only run while the run is in
    progress if the run released the GIL; unstopped, the loop runs for tens of seconds and
    ends without an interrupt. Returns the KeyboardInterrupt raised."""

    def interrupt():
        stdout.started.wait()
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=interrupt, daemon=True)
    previous = sys.stdout
    sys.stdout = stdout
    try:
        sender.start()
        with pytest.raises(KeyboardInterrupt) as caught:
            program()
    finally:
        sys.stdout = previous
        stdout.started.set()
        sender.join()
    return caught.value


def test_gil_is_released_while_running(python_sigint):
    # Another Python thread ran (and sent Ctrl-C) while the run was in progress: the run
    # stopped at its loop, not after it.
    stdout = StartSignal()
    stopped = interrupt_once_started(arrayc.compile(PRINT_THEN_LONG_LOOP), stdout)
    assert "".join(stdout.text) == "1\n"
    assert "interrupted" in str(stopped) and " --> <input>:4:1" in str(stopped), str(stopped)


def test_ctrl_c_stops_a_long_loop_with_keyboard_interrupt(python_sigint):
    stopped = interrupt_once_started(arrayc.compile(PRINT_THEN_LONG_LOOP), StartSignal())
    assert "interrupted" in str(stopped) and " --> <input>:4:1" in str(stopped), str(stopped)
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


class HoldInPrint:
    """A `sys.stdout` that holds the thread named `held` inside its run's `print` until
    `release` is set (its run is in progress meanwhile), and passes other prints on to
    `other` (a `StartSignal`)."""

    def __init__(self, other):
        self.holding, self.release, self.other = threading.Event(), threading.Event(), other

    def write(self, text):
        if threading.current_thread().name == "held":
            self.holding.set()
            self.release.wait()
            return len(text)
        return self.other.write(text)

    def flush(self):
        pass


def test_ctrl_c_stops_the_runs_in_progress_and_no_later_one(python_sigint):
    # A run in another thread is in progress (held in its print: no `loop`, so Ctrl-C does
    # not stop it) while Ctrl-C stops this thread's run; a run started after the Ctrl-C goes
    # to its end although that other run is still in progress.
    starts = StartSignal()
    stdout = HoldInPrint(starts)
    results = []
    held = threading.Thread(target=lambda: results.append(arrayc.compile("print 1\nout y = 2")()), name="held")
    previous = sys.stdout
    sys.stdout = stdout
    try:
        held.start()
        stdout.holding.wait()
        sender = threading.Thread(target=lambda: (starts.started.wait(), os.kill(os.getpid(), signal.SIGINT)))
        sender.start()
        with pytest.raises(KeyboardInterrupt):
            arrayc.compile(PRINT_THEN_LONG_LOOP)()
        sender.join()
        short = arrayc.compile(LONG_LOOP, params={"n": 5})
        for _ in range(3):
            try:
                x = short()["x"]
            except KeyboardInterrupt:
                pytest.fail("a run started after the Ctrl-C was stopped by it")
            np.testing.assert_array_equal(x, np.full(64, 5.0))
    finally:
        stdout.release.set()
        held.join()
        sys.stdout = previous
    assert [result["y"] for result in results] == [2]


def test_a_sigint_handler_that_returns_stops_the_run_with_run_error():
    # Python's handler decides, as for Python code: it is called, and a handler that
    # returns normally gets no KeyboardInterrupt; the run is stopped all the same (it cannot
    # be resumed), with RunError "interrupted".
    calls = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: calls.append(number))
    try:
        with pytest.raises(arrayc.RunError) as caught:
            interrupt_once_started_raising(arrayc.compile(PRINT_THEN_LONG_LOOP))
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt, though Python's handler raised none")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert calls == [signal.SIGINT]
    assert "interrupted" in str(caught.value) and caught.value.line == 4


def test_a_sigint_handler_that_raises_decides_the_exception():
    def handler(number, frame):
        raise LookupError("stop here")

    previous = signal.signal(signal.SIGINT, handler)
    try:
        with pytest.raises(LookupError, match="stop here"):
            interrupt_once_started_raising(arrayc.compile(PRINT_THEN_LONG_LOOP))
    finally:
        signal.signal(signal.SIGINT, previous)


def interrupt_once_started_raising(program):
    """As `interrupt_once_started`, for a run that raises something else: it propagates."""
    stdout = StartSignal()

    def interrupt():
        stdout.started.wait()
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=interrupt, daemon=True)
    previous = sys.stdout
    sys.stdout = stdout
    try:
        sender.start()
        program()
    finally:
        sys.stdout = previous
        stdout.started.set()
        sender.join()
