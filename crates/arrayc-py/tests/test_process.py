"""The package in a real process: `fork` after a threaded run, Ctrl-C during the first run,
daemon threads printing at interpreter exit, a memory-mapped input truncated during a run.

Each case runs in a child Python process, since what it guards against kills or hangs the
process. The timeouts only stop a hang (the failure they guard against); no case depends
on how fast anything runs.
"""
import os
import signal
import subprocess
import sys
import textwrap

HANG = 120  # seconds: only a hang (the bug) takes this long


def python(script, **kwargs):
    """Runs `script` in a fresh Python; returns the finished process (output as text)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=HANG,
        **kwargs,
    )


def test_fork_after_a_threaded_run_gives_a_working_child():
    # What `multiprocessing.Pool` does on Linux: the child inherits a program whose thread
    # pool has no threads in the child; it runs, and compiles (a deep program too, which is
    # compiled on a thread with a large stack), on threads of its own.
    done = python(
        """
        import os, time
        import numpy as np
        import arrayc

        deep = "out y = " + "(" * 40 + "1" + ")" * 40
        program = arrayc.compile("input a: [2000, 2000]\\nout b = a * 2 + 1", threads=2)
        a = np.ones((2000, 2000))
        assert program(a=a)["b"][0, 0] == 3.0
        assert arrayc.compile(deep)()["y"] == 1
        pid = os.fork()
        if pid == 0:
            ok = program(a=a)["b"][1999, 1999] == 3.0
            again = arrayc.compile("input a: [2000, 2000]\\nout b = a * 3", threads=2)
            ok = ok and again(a=a)["b"][0, 0] == 3.0 and arrayc.compile(deep)()["y"] == 1
            os._exit(0 if ok else 1)
        deadline = time.monotonic() + 60  # a hung child is the failure: end it, report it
        while True:
            finished, status = os.waitpid(pid, os.WNOHANG)
            if finished:
                break
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                raise SystemExit("the forked child hung")
            time.sleep(0.05)
        print("child exit code", os.waitstatus_to_exitcode(status))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "child exit code 0\n"


def test_fork_after_an_interrupt_gives_a_child_whose_runs_work():
    # The parent forks while one run (in another thread) is in progress and after Ctrl-C
    # stopped another: the child has no run in progress, its runs go to their end, and
    # Ctrl-C still stops a run in it.
    done = python(
        """
        import os, signal, sys, threading, time
        import numpy as np
        import arrayc

        signal.signal(signal.SIGINT, signal.default_int_handler)
        long_loop = "param n = 1000000000\\nvar x = zeros([8])\\nprint 1\\nloop i in 0..n { x = x + 1 }\\nout x"
        short = arrayc.compile("var x = zeros([8])\\nloop i in 0..5 { x = x + 1 }\\nout x")

        class Stdout:
            # Holds the thread `held` inside its run's print until `release` is set; a
            # print of any other thread sends SIGINT (it is then inside its run).
            def __init__(self):
                self.holding, self.release = threading.Event(), threading.Event()
            def write(self, text):
                if threading.current_thread().name == "held":
                    self.holding.set()
                    self.release.wait()
                else:
                    threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT)).start()
                return len(text)
            def flush(self):
                pass

        stdout = sys.stdout = Stdout()
        held = threading.Thread(target=arrayc.compile("print 1\\nout y = 1"), name="held")
        held.start()
        stdout.holding.wait()

        def interrupted():
            try:
                arrayc.compile(long_loop)()
            except KeyboardInterrupt as stop:
                return "interrupted" in str(stop)
            return False

        assert interrupted()
        pid = os.fork()
        if pid == 0:
            try:
                ok = (short()["x"] == 5).all() and interrupted() and (short()["x"] == 5).all()
            except BaseException as error:
                os.write(2, repr(error).encode())
                ok = False
            os._exit(0 if ok else 1)
        deadline = time.monotonic() + 60
        while not (waited := os.waitpid(pid, os.WNOHANG))[0]:
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                raise SystemExit("the forked child hung")
            time.sleep(0.05)
        stdout.release.set()
        held.join()
        sys.stdout = sys.__stdout__
        print("child exit code", os.waitstatus_to_exitcode(waited[1]))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "child exit code 0\n", done.stderr


def test_daemon_thread_printing_at_exit_does_not_abort():
    # A daemon thread in a run that prints in a `loop` when the main thread ends: the run is
    # stopped and its thread put to sleep before Python finalises (a thread taking the GIL
    # after that is ended by pthread_exit, which aborted the process in most tries).
    script = """
        import sys, threading
        import arrayc

        program = arrayc.compile("var x = 0.0\\nloop i in 0..1000000000 { x = x + 1; print x }\\nout x")
        started = threading.Event()

        class Stdout:
            # Python's own stdout (whose write releases the GIL), noting the first print.
            def write(self, text):
                started.set()
                return sys.__stdout__.write(text)
            def flush(self):
                sys.__stdout__.flush()

        sys.stdout = Stdout()
        threading.Thread(target=program, daemon=True).start()
        started.wait()
        """
    codes = [python(script).returncode for _ in range(5)]
    assert codes == [0] * 5


def test_ctrl_c_during_the_first_run_is_a_keyboard_interrupt():
    # A fresh process whose first run (no `loop`: it runs to its end) gets Ctrl-C: the
    # outputs are converted without importing anything, and Python raises KeyboardInterrupt.
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import signal, sys, time
                import arrayc

                signal.signal(signal.SIGINT, signal.default_int_handler)
                sys.stdout.reconfigure(line_buffering=True)
                program = arrayc.compile(
                    "var x = linspace(0, 1, 1000000)\\nprint 1\\n"
                    "for i in 0..60 { x = sin(x) + 1.0 }\\nout s = sum(x)"
                )
                try:
                    program()
                    while True:  # the signal came after the run: it is raised here
                        time.sleep(0.01)
                except KeyboardInterrupt:
                    print("KeyboardInterrupt")
                """
            ),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline() == "1\n"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=HANG)
    finally:
        child.kill()
    assert "PanicException" not in err and child.returncode == 0, err
    assert out == "KeyboardInterrupt\n"


def test_memory_mapped_input_truncated_during_a_run_is_an_input_error(tmp_path):
    # `numpy.memmap` inputs are read in place; the file shrinks while the program reads it
    # (the program's first print truncates it): the vanished pages read as zeros and the run
    # is refused, where Python died of SIGBUS.
    path = tmp_path / "a.npy"
    done = python(
        f"""
        import os, sys
        import numpy as np
        import arrayc

        path = {str(path)!r}
        np.save(path, np.ones(1 << 20))
        mapped = np.load(path, mmap_mode="r")
        program = arrayc.compile(
            "input a: [1048576]\\nvar s = 0.0\\nprint 1\\nloop i in 0..3 {{ s = s + sum(a) }}\\nout s"
        )
        assert program(a=mapped)["s"] == 3 * 2**20
        assert program._input_addresses(a=mapped) == [("a", mapped.ctypes.data)]

        class Truncate:
            def write(self, text):
                os.truncate(path, 0)
                return len(text)
            def flush(self):
                pass

        sys.stdout = Truncate()
        try:
            program(a=mapped)
        except arrayc.InputError as error:
            sys.stderr.write(str(error))
        """
    )
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert done.stderr == (
        "input error: input `a` changed while the program read it (its memory-mapped file "
        "shrank, and the missing part read as zeros)"
    )


def test_calls_after_interpreter_exit_began_are_refused():
    # Once the exit hook has run (here called by hand, then by `atexit`), a run is refused
    # rather than started: a call then could not end before Python finalises.
    done = python(
        """
        import atexit
        import arrayc

        program = arrayc.compile("out y = 1")

        def late():
            try:
                program()
            except RuntimeError as error:
                print(error)

        atexit.register(late)
        arrayc._arrayc._stop_for_exit()
        late()
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "arrayc: the Python interpreter is exiting\n" * 2
