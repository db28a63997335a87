"""The differential tester's fixed-seed budget (tools/difftest): random well-typed `.arr`
programs, each in its `for`, `loop` and `loop ... unroll k` forms, against their NumPy twin,
and NumPy scripts through `arrayc run x.py` against CPython. A failure names the case; shrink
it with `python tools/difftest/difftest.py --minimise CASE`.

Longer campaigns: `python tools/difftest/difftest.py --cases 50000 --seed S --jobs 2`.
"""
import collections
import pathlib
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools" / "difftest"))

import difftest  # noqa: E402

# About a minute on the shared 2-core machine; the seed is fixed so CI is reproducible.
ARR_CASES = 2000
SCRIPT_CASES = 100
SEED = 11


def run_budget(mode, cases):
    counts = collections.Counter()
    failures = []
    for k in range(cases):
        number = difftest.case_seed(SEED, k)
        state, detail = difftest.check(number, mode)
        counts[state] += 1
        if state in difftest.FAILURES:
            failures.append(f"case {number}: {state}: {detail[:400]}")
    return counts, failures


def test_generated_programs_match_numpy_in_every_scope_form():
    counts, failures = run_budget("arr", ARR_CASES)
    assert not failures, "\n".join(failures)
    # The generator must keep producing programs that run, not only refusals.
    assert counts["pass"] > ARR_CASES * 0.8, counts


def test_generated_numpy_scripts_match_cpython():
    cli = pathlib.Path(difftest_cli())
    assert cli.exists(), f"{cli} is missing: `cargo build --release -p arrayc-cli` first"
    counts, failures = run_budget("script", SCRIPT_CASES)
    assert not failures, "\n".join(failures)
    assert counts["pass"] > SCRIPT_CASES * 0.2, counts


def difftest_cli():
    from runner import arrayc_cli

    return arrayc_cli()


@pytest.mark.parametrize("mode", ["arr", "script"])
def test_the_tester_catches_a_wrong_value(mode, monkeypatch):
    """The comparison is not vacuous: a twin that differs in one bit is a failure."""
    import numpy as np
    import runner

    real = runner.run_twin

    def off_by_one_bit(prog):
        state, outs = real(prog)
        if state == "ok":
            for name, value in outs.items():
                a = np.array(value)
                if a.dtype == np.float64 and a.size and np.isfinite(a).all():
                    a.reshape(-1).view(np.int64)[0] ^= 1
                    outs[name] = a
                    return state, outs
        return state, outs

    monkeypatch.setattr(runner, "run_twin", off_by_one_bit)
    states = collections.Counter(difftest.check(difftest.case_seed(SEED, k), mode)[0] for k in range(60))
    assert states["wrong-value"] > 0, states
