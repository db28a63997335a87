"""The minimiser: shrinks a failing program while it still fails the same way.

Greedy passes until nothing shrinks: drop a statement (outputs, assignments, whole scopes and
`if`s), replace a statement's expression by one of its sub-expressions, give a scope one trip,
drop an input nobody reads. A candidate is kept when the check gives the same failure class.
"""
import copy

from program import gen_program
from runner import check_arr, check_script


def _lists(stmts):
    """Every statement list of the program (the top level, scope and `if` bodies)."""
    yield stmts
    for s in stmts:
        for sub in (s.body, s.orelse):
            if sub:
                yield from _lists(sub)


def _candidates(prog):
    n = 0
    for lst in list(_lists(prog.stmts)):
        n += len(lst)
    # 1. drop one statement
    for li, lst in enumerate(_lists(prog.stmts)):
        for i in range(len(lst) - 1, -1, -1):
            def drop(p, li=li, i=i):
                del list(_lists(p.stmts))[li][i]
            yield drop
    # 2. shorter scopes
    for li, lst in enumerate(_lists(prog.stmts)):
        for i, s in enumerate(lst):
            if s.kind == "scope" and s.hi - s.lo > 1:
                def one(p, li=li, i=i):
                    st = list(_lists(p.stmts))[li][i]
                    st.hi = st.lo + 1
                yield one
    # 3. an expression by one of its parts
    for li, lst in enumerate(_lists(prog.stmts)):
        for i, s in enumerate(lst):
            for attr in ("e", "mask", "cond"):
                e = getattr(s, attr, None)
                if e is None:
                    continue
                for j, sub in enumerate(list(e.nodes())[1:]):
                    def repl(p, li=li, i=i, attr=attr, j=j):
                        st = list(_lists(p.stmts))[li][i]
                        setattr(st, attr, list(getattr(st, attr).nodes())[1 + j])
                    yield repl
    # 4. unused inputs
    text = prog.arr("for")
    for nm in list(prog.inputs):
        if text.count(nm) == 1:
            def noinput(p, nm=nm):
                del p.inputs[nm]
            yield noinput


def minimise(prog, mode="arr", want=None):
    checker = check_script if mode == "script" else check_arr
    state, detail = checker(prog)
    want = want or state
    if state != want:
        return prog, state, detail
    changed = True
    while changed:
        changed = False
        for cand in _candidates(prog):
            trial = copy.deepcopy(prog)
            try:
                cand(trial)
            except (IndexError, KeyError):
                continue
            st, det = checker(trial)
            if st == want:
                prog, detail = trial, det
                changed = True
                break
    return prog, want, detail


def minimise_case(number, mode="arr"):
    prog = gen_program(number)
    small, state, detail = minimise(prog, mode)
    print(f"# case {number}: {state}: {detail}\n")
    print("# .arr (for form)\n" + small.arr("for"))
    print("# NumPy\n" + small.py(script=True)[0])
    return 0
