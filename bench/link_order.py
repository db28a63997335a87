#!/usr/bin/env python3
"""Writes crates/arrayc-cli/link-order.txt, the order in which the linker places the `arrayc`
binary's functions: the functions a compile runs first, then the rest of what a run executes.

    cargo build --release -p arrayc-cli && python3 bench/link_order.py
    cargo build --release -p arrayc-cli     # relinks with the new order

Why: a fresh process maps the binary's code page by page as it first runs it, one page
fault per 64 KiB window of the file, and in the linker's default order the ~550 KB of code a
compile touches is spread over ~6 MB of text. Placed together it takes fewer faults and
fewer TLB misses (docs/performance.md, "Cold start, round 3"). The code itself does not
change, only where each function sits.

How: `valgrind --tool=callgrind --demangle=no` on `arrayc run` of the profiled programs gives
every function executed, by its symbol name, and the call graph. Functions reachable from
`arrayc::compile` come first (breadth-first from it, first program first), then every other
function of the binary that ran. Symbol names carry hashes that stay the same from build to
build of the same dependencies and compiler, except the `.llvm.NNN` suffix of local
functions that LLVM made visible across codegen units (about 7 % of the list), which
changes with the code of the unit holding them; a name the linker no longer finds is
skipped, so a stale file only places less code together. Regenerate after merging code
changes and after a compiler or Cranelift upgrade. Standard library only; needs valgrind.
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUTPUT = os.path.join(ROOT, "crates", "arrayc-cli", "link-order.txt")
# The measured program first (`arrayc run examples/advect_loop.arr --json`), then the
# unrolled form, which compiles several functions.
RUNS = [
    ["run", os.path.join(ROOT, "examples", "advect_loop.arr"), "--json"],
    ["run", os.path.join(ROOT, "examples", "advect.arr"), "--json", "--set", "steps=3"],
]
ROOT_SYMBOL = re.compile(r"^_ZN6arrayc7compile17h[0-9a-f]{16}E$")


def profile(binary, args, directory):
    """Runs `binary args` under callgrind; returns the path of its output."""
    output = os.path.join(directory, "callgrind.%d" % len(os.listdir(directory)))
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--demangle=no", "--callgrind-out-file=" + output,
         binary] + args,
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return output


def call_graph(path, binary):
    """Functions of `binary` that ran, in file order, and the calls between functions."""
    names, objects = {}, {}
    functions, calls, owner = [], collections.defaultdict(list), {}
    current_object = current_function = callee_object = None

    def name(token, table):
        match = re.match(r"\((\d+)\)(?: (.*))?", token)
        if match.group(2):
            table[match.group(1)] = match.group(2)
        return table[match.group(1)]

    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("ob="):
                current_object = name(line[3:].strip(), objects)
            elif line.startswith("fn="):
                current_function = name(line[3:].strip(), names)
                owner.setdefault(current_function, current_object)
                callee_object = current_object
                functions.append(current_function)
            elif line.startswith("cob="):
                callee_object = name(line[4:].strip(), objects)
            elif line.startswith("cfn="):
                callee = name(line[4:].strip(), names)
                owner.setdefault(callee, callee_object)
                calls[current_function].append(callee)
                callee_object = current_object
    real = os.path.realpath(binary)

    def ours(function):
        # Not symbols: valgrind's "(below main)" and addresses without a name.
        named = not function.startswith(("0x", "("))
        return os.path.realpath(owner.get(function) or "") == real and named

    return [f for f in functions if ours(f)], calls, ours


def reachable(roots, calls):
    """Functions reachable from `roots`, breadth first."""
    order, seen, queue = [], set(), collections.deque(roots)
    while queue:
        function = queue.popleft()
        if function not in seen:
            seen.add(function)
            order.append(function)
            queue.extend(calls.get(function, []))
    return order


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "arrayc"))
    parser.add_argument("--output", default=OUTPUT)
    args = parser.parse_args()
    hot, rest = [], []
    with tempfile.TemporaryDirectory() as directory:
        for run in RUNS:
            functions, calls, ours = call_graph(profile(args.binary, run, directory), args.binary)
            roots = [f for f in functions if ROOT_SYMBOL.match(f)]
            if not roots:
                sys.exit("error: no arrayc::compile in the profile of %s" % " ".join(run))
            hot += [f for f in reachable(roots, calls) if ours(f)]
            rest += functions
    placed, lines = set(), []
    for function in hot + rest:
        if function not in placed:
            placed.add(function)
            lines.append(function)
    with open(args.output, "w") as f:
        f.write(
            "# The order in which the linker places the `arrayc` binary's functions (lld's\n"
            "# --symbol-ordering-file; crates/arrayc-cli/build.rs passes it): what a compile\n"
            "# runs first, then the rest of a run. Written by bench/link_order.py from callgrind\n"
            "# profiles; regenerate after merging code changes or upgrading the compiler.\n"
        )
        f.write("\n".join(lines) + "\n")
    print("%d functions (%d reachable from arrayc::compile) -> %s"
          % (len(lines), len(set(hot)), os.path.relpath(args.output, ROOT)))


if __name__ == "__main__":
    main()
